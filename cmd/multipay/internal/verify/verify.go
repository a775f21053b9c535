// Package verify checks the behaviours our specs assume against a provider
// account: the success statuses the DECISIONs chose, the error bodies, clearing
// with null, paging, and each provider's guesses (UseePay's create path and
// address update, Soap's host and auth prefix, Notch Pay's PUT). For the
// documented either/ors the spec accepts both ways (fake.Readings) it reports
// which one the account uses. Every assumption ends
// confirmed, contradicted or not checkable, with the redacted request and
// answer that decided it.
//
// It speaks raw HTTP rather than through the facade, because the facade
// deliberately hides what is checked here (a 201 and a 200 are both success to
// it). It creates only customers tagged as test data (Config.Tag in the name,
// e-mail and, where the provider has one, metadata or internal id) and deletes
// them where the provider has a delete endpoint.
package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// Outcome is the verdict on one assumption.
type Outcome string

const (
	// Confirmed means the account behaved as the spec assumes.
	Confirmed Outcome = "confirmed"
	// Contradicted means the account behaved otherwise: the spec (or its DECISION) is wrong.
	Contradicted Outcome = "contradicted"
	// NotCheckable means the run could not decide (the call failed, or the setup does not allow it).
	NotCheckable Outcome = "not checkable"
)

// Exchange is one request and its answer, with credentials and personal data redacted.
type Exchange struct {
	Request  string `json:"request"`            // "METHOD /path?query"
	Sent     string `json:"sent,omitempty"`     // request body
	Headers  string `json:"headers,omitempty"`  // request headers verify set, secrets redacted
	Status   int    `json:"status"`             // 0: no answer
	Answer   string `json:"answer,omitempty"`   // response body, truncated
	Error    string `json:"error,omitempty"`    // transport error
	Conforms string `json:"conforms,omitempty"` // "" when the answer matches the spec, else why not
}

// Result is the verdict on one assumption and the exchanges that decided it.
type Result struct {
	ID         string     `json:"id"`
	Assumption string     `json:"assumption"`
	Source     string     `json:"source"`
	Outcome    Outcome    `json:"outcome"`
	Detail     string     `json:"detail"`
	Evidence   []Exchange `json:"evidence,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	Provider string    `json:"provider"`
	BaseURL  string    `json:"base_url"`
	Tag      string    `json:"tag"`
	Started  time.Time `json:"started"`
	Results  []Result  `json:"results"`
	Cleanup  []string  `json:"cleanup,omitempty"`
}

// Count returns how many results have outcome o.
func (r *Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// JSON writes the report as indented JSON, for CI.
func (r *Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Text writes the report for a terminal: one block per assumption.
func (r *Report) Text(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "multipay verify %s against %s (test data tagged %q)\n\n", r.Provider, r.BaseURL, r.Tag)
	for _, res := range r.Results {
		fmt.Fprintf(&b, "%-13s %s: %s\n", strings.ToUpper(string(res.Outcome)), res.ID, res.Assumption)
		fmt.Fprintf(&b, "              source: %s\n", res.Source)
		if res.Detail != "" {
			fmt.Fprintf(&b, "              %s\n", res.Detail)
		}
		for _, ex := range res.Evidence {
			fmt.Fprintf(&b, "              > %s", ex.Request)
			if ex.Sent != "" {
				fmt.Fprintf(&b, " %s", ex.Sent)
			}
			b.WriteString("\n")
			switch {
			case ex.Error != "":
				fmt.Fprintf(&b, "              < (no answer: %s)\n", ex.Error)
			default:
				fmt.Fprintf(&b, "              < %d %s\n", ex.Status, ex.Answer)
			}
			if ex.Conforms != "" {
				fmt.Fprintf(&b, "                (outside the spec: %s)\n", ex.Conforms)
			}
		}
		b.WriteString("\n")
	}
	for _, c := range r.Cleanup {
		fmt.Fprintf(&b, "cleanup: %s\n", c)
	}
	fmt.Fprintf(&b, "%d confirmed, %d contradicted, %d not checkable\n",
		r.Count(Confirmed), r.Count(Contradicted), r.Count(NotCheckable))
	_, err := io.WriteString(w, b.String())
	return err
}

// Config says which account to check.
type Config struct {
	Provider    string           // hitpay, notchpay, soap or useepay
	BaseURL     string           // "" means the spec's Sandbox server (Live when Live is set)
	Live        bool             // with no BaseURL: the spec's Live server
	Credentials providers.Config // the provider's credentials (Options are ignored)
	HTTPClient  *http.Client     // nil means a client with a 30 s timeout
	// Tag marks every customer the run creates (name, e-mail local part, metadata
	// or internal id). Default "multipay-verify".
	Tag string
}

// Names lists the providers verify knows.
func Names() []string {
	out := make([]string, 0, len(profiles))
	for n := range profiles {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Run checks every assumption of cfg.Provider's spec against the account and
// returns the report. An error means the run could not start (unknown provider,
// bad configuration); failed calls are results, not errors.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	p, ok := profiles[cfg.Provider]
	if !ok {
		return nil, fmt.Errorf("verify: unknown provider %q (have %v)", cfg.Provider, Names())
	}
	doc, err := specs.Load(ctx, cfg.Provider)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = server(doc, "Sandbox")
		if cfg.Live {
			base = server(doc, "Live")
		}
	}
	if _, err := url.ParseRequestURI(base); err != nil || base == "" {
		return nil, errors.New("verify: the base URL is not an absolute URL") // not quoted: it may hold a password
	}
	router, err := routerAt(doc, base)
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	tag := cfg.Tag
	if tag == "" {
		tag = "multipay-verify"
	}
	now := time.Now().UTC()
	r := &run{
		cfg: cfg, doc: doc, router: router, base: base, hc: hc, p: p,
		tag: tag, stamp: now.Format("20060102150405"), secrets: credentialHider(cfg.Credentials, base),
		rep: &Report{Provider: cfg.Provider, BaseURL: base, Tag: tag, Started: now},
	}
	p.run(ctx, r)
	r.hideSecrets()
	return r.rep, nil
}

// credentialHider replaces each credential value with "[redacted]", the
// longest first so that a credential that contains another is hidden whole,
// and the base URL's user info with "xxxxx@" wherever a detail or an error
// quotes the URL (as the CLI shows URLs).
func credentialHider(c providers.Config, base string) *strings.Replacer {
	var pairs []string
	if u, err := url.Parse(base); err == nil && u.User != nil {
		pairs = append(pairs, u.User.String()+"@", "xxxxx@")
	}
	values := []string{c.APIKey, c.SyncAccount, c.MerchantNo, c.AppID}
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	for _, v := range values {
		if v != "" {
			pairs = append(pairs, v, "[redacted]")
		}
	}
	return strings.NewReplacer(pairs...)
}

// hideSecrets removes the credentials from every text of the report: a
// provider may echo them in any field, and an error may quote them.
func (r *run) hideSecrets() {
	hide := r.secrets.Replace
	r.rep.BaseURL = hide(r.rep.BaseURL)
	for i := range r.rep.Results {
		res := &r.rep.Results[i]
		res.Detail = hide(res.Detail)
		for j := range res.Evidence {
			ex := &res.Evidence[j]
			ex.Request, ex.Sent, ex.Headers = hide(ex.Request), hide(ex.Sent), hide(ex.Headers)
			ex.Answer, ex.Error, ex.Conforms = hide(ex.Answer), hide(ex.Error), hide(ex.Conforms)
		}
	}
	for i, c := range r.rep.Cleanup {
		r.rep.Cleanup[i] = hide(c)
	}
}

// server returns the URL of doc's server described as desc, or "".
func server(doc *openapi3.T, desc string) string {
	for _, s := range doc.Servers {
		if strings.EqualFold(s.Description, desc) {
			return strings.TrimRight(s.URL, "/")
		}
	}
	return ""
}

// routerAt matches requests to doc's operations as sent to base, the one
// server this run talks to (a sandbox, a fake or a proxy).
func routerAt(doc *openapi3.T, base string) (routers.Router, error) {
	d := *doc // shallow copy: only Servers changes
	d.Servers = openapi3.Servers{{URL: base}}
	router, err := legacy.NewRouter(&d)
	if err != nil {
		return nil, fmt.Errorf("verify: router: %w", err)
	}
	return router, nil
}

// profile is what verify knows about one provider.
type profile struct {
	// auth sets the credentials on h; bad sends a wrong key instead.
	auth func(h http.Header, c providers.Config, bad bool)
	// secrets are the headers to redact.
	secrets []string
	run     func(ctx context.Context, r *run)
}

var profiles = map[string]profile{}

// run is one verification in progress.
type run struct {
	cfg    Config
	doc    *openapi3.T
	router routers.Router
	base   string
	hc     *http.Client
	p      profile
	tag    string
	stamp  string
	seq    int
	rep    *Report
	// secrets hides the credential values; evidence is cut to a length only
	// after it, so that no part of a credential survives a cut.
	secrets *strings.Replacer
}

// call is one request to send.
type call struct {
	method string
	path   string // with the query
	body   any    // nil: no body
	bad    bool   // a wrong key
	header map[string]string
	drop   []string // headers not to send
}

// response is an answer with its decoded body.
type response struct {
	ex     Exchange
	status int
	body   []byte
	json   map[string]any // nil unless the body is a JSON object
	err    error
}

func (r *run) do(ctx context.Context, c call) *response {
	out := &response{}
	var body io.Reader
	var sent []byte
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			out.err = err
			out.ex = Exchange{Request: c.method + " " + c.path, Error: err.Error()}
			return out
		}
		sent, body = b, bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, r.base+c.path, body)
	if err != nil {
		out.err = err
		out.ex = Exchange{Request: c.method + " " + c.path, Error: err.Error()}
		return out
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "multipay-verify")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	r.p.auth(req.Header, r.cfg.Credentials, c.bad)
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	for _, k := range c.drop {
		req.Header.Del(k)
	}
	out.ex = Exchange{Request: c.method + " " + c.path, Sent: r.shown(sent), Headers: r.headers(req.Header, c)}
	res, err := r.hc.Do(req)
	if err != nil {
		out.err = err
		out.ex.Error = err.Error()
		return out
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		out.err = err
		out.ex.Error = err.Error()
		return out
	}
	out.status, out.body = res.StatusCode, b
	out.ex.Status = res.StatusCode
	out.ex.Answer = r.shown(b)
	_ = json.Unmarshal(b, &out.json)
	if err := r.conforms(ctx, req, res, b); err != nil {
		out.ex.Conforms = err.Error()
	}
	return out
}

// headers renders the auth headers verify set, secrets replaced by their shape.
func (r *run) headers(h http.Header, c call) string {
	var parts []string
	for _, name := range r.p.secrets {
		v := h.Get(name)
		if v == "" {
			continue
		}
		shown := "[redacted]"
		if c.bad {
			shown = "[wrong key]"
		}
		if strings.HasPrefix(v, "Bearer ") {
			shown = "Bearer " + shown
		}
		parts = append(parts, name+": "+shown)
	}
	return strings.Join(parts, ", ")
}

// conforms validates the answer against the spec: status listed, body of the
// declared schema.
func (r *run) conforms(ctx context.Context, req *http.Request, res *http.Response, body []byte) error {
	route, params, err := r.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("no operation in the spec for %s %s", req.Method, req.URL.Path)
	}
	opts := &openapi3filter.Options{
		ExcludeRequestBody:    true,
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Options:                opts,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		msg := strings.Join(strings.Fields(err.Error()), " ")
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// unique returns a fresh suffix for test data.
func (r *run) unique() string {
	r.seq++
	return fmt.Sprintf("%s-%d", r.stamp, r.seq)
}

// email returns a tagged e-mail address on the reserved example.com domain.
func (r *run) email() string { return fmt.Sprintf("%s+%s@example.com", r.tag, r.unique()) }

func (r *run) add(res Result) { r.rep.Results = append(r.rep.Results, res) }

func (r *run) note(format string, a ...any) {
	r.rep.Cleanup = append(r.rep.Cleanup, fmt.Sprintf(format, a...))
}

// status judges a success-status assumption: want is the status the spec's
// DECISION chose; another 2xx contradicts it.
func (r *run) status(id, assumption, source string, want int, res *response) Result {
	out := Result{ID: id, Assumption: assumption, Source: source, Evidence: []Exchange{res.ex}}
	switch {
	case res.err != nil:
		out.Outcome, out.Detail = NotCheckable, "the request got no answer"
	case res.status == want && res.ex.Conforms != "":
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("%d as assumed, but the body is not the spec's", want)
	case res.status == want:
		out.Outcome, out.Detail = Confirmed, fmt.Sprintf("answered %d", want)
	case res.status >= 200 && res.status <= 299:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("answered %d, not %d", res.status, want)
	default:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the call failed with %d", res.status)
	}
	return out
}

// reading judges a documented either/or that the spec accepts both ways (a
// fake.Reading, such as Notch Pay's 200 or 202 for an update): the account is
// expected to answer one of the reading's statuses, and the detail says which,
// so a fake can be told to play it (multipay serve --reading).
func (r *run) reading(id, name string, res *response) Result {
	rd, _ := readingNamed(name)
	out := Result{ID: id, Assumption: rd.About + " (either is accepted)", Source: "reading " + name, Evidence: []Exchange{res.ex}}
	got := strconv.Itoa(res.status)
	switch {
	case res.err != nil:
		out.Outcome, out.Detail = NotCheckable, "the request got no answer"
	case slices.Contains(rd.Values, got) && res.ex.Conforms != "":
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("%d, but the body is not the spec's", res.status)
	case slices.Contains(rd.Values, got):
		out.Outcome, out.Detail = Confirmed, usesReading(name, got)
	case res.status >= 200 && res.status <= 299:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("answered %d, neither of %s", res.status, strings.Join(rd.Values, ", "))
	default:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the call failed with %d", res.status)
	}
	return out
}

// usesReading says which value of a reading the account uses.
func usesReading(name, value string) string {
	return fmt.Sprintf("this account uses %s=%s (multipay serve --reading %s=%s plays it)", name, value, name, value)
}

func readingNamed(name string) (fake.Reading, bool) {
	for _, rd := range fake.Readings() {
		if rd.Name == name {
			return rd, true
		}
	}
	return fake.Reading{}, false
}

// errorShape judges an error assumption: the answer has status want and the
// spec's error body for it.
func (r *run) errorShape(id, assumption, source string, want int, res *response) Result {
	out := Result{ID: id, Assumption: assumption, Source: source, Evidence: []Exchange{res.ex}}
	switch {
	case res.err != nil:
		out.Outcome, out.Detail = NotCheckable, "the request got no answer"
	case res.status == http.StatusTooManyRequests || res.status >= 500:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("answered %d; try again later", res.status)
	case res.status != want:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("answered %d, not %d", res.status, want)
	case res.ex.Conforms != "":
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("%d as assumed, but the body is not the spec's", want)
	default:
		out.Outcome, out.Detail = Confirmed, fmt.Sprintf("%d with the spec's error body", want)
	}
	return out
}

// failed is the result of an assumption that needed an earlier step that failed.
func failed(id, assumption, source, why string, evidence ...*response) Result {
	out := Result{ID: id, Assumption: assumption, Source: source, Outcome: NotCheckable, Detail: why}
	for _, e := range evidence {
		if e != nil {
			out.Evidence = append(out.Evidence, e.ex)
		}
	}
	return out
}

// field returns the value at a dotted path of a decoded JSON object.
func field(m map[string]any, path string) any {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[k]
	}
	return cur
}

// str returns the string at path, "" when it is missing, null or not a string.
func str(m map[string]any, path string) string {
	s, _ := field(m, path).(string)
	return s
}

// empty reports whether a value reads as "no value": missing, null, "", [] or {}.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !empty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// personal are the keys whose values are redacted from answers unless they are
// our own test data: a list page may show the account's real customers.
var personal = map[string]bool{
	"name": true, "first_name": true, "last_name": true, "email": true, "phone": true,
	"phone_number": true, "company_name": true, "street": true, "line1": true, "line2": true,
	"address_line1": true, "address_line2": true, "postal_code": true, "postcode": true,
	"city": true, "state": true, "remark": true, "description": true, "tax_number": true,
	"birth_date": true, "date_of_birth": true, "merchant_customer_id": true, "internal_id": true,
}

const maxShown = 600

// shown renders a body for the report: personal values that are not test
// data become "[redacted]", so do the credentials wherever they appear, and
// long bodies are cut.
func (r *run) shown(b []byte) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "(not JSON) " + cut(r.secrets.Replace(strings.Join(strings.Fields(string(b)), " ")), 120)
	}
	// Re-encoded without HTML escapes, a credential reads as it was sent
	// (only a quote or backslash in it would be escaped).
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(redact(v, r.tag))
	return cut(r.secrets.Replace(strings.TrimSuffix(out.String(), "\n")), maxShown)
}

// cut shortens s to n bytes, marking the cut.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func redact(v any, tag string) any {
	switch x := v.(type) {
	case map[string]any:
		// A customer object that carries our tag in a top-level string is test
		// data: shown whole.
		if tagged(x, tag) {
			return x
		}
		for k, e := range x {
			if s, ok := e.(string); ok && personal[k] && s != "" && !strings.Contains(s, tag) {
				x[k] = "[redacted]"
				continue
			}
			x[k] = redact(e, tag)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = redact(e, tag)
		}
	}
	return v
}

// tagged reports whether a top-level string of obj contains tag.
func tagged(obj map[string]any, tag string) bool {
	for _, e := range obj {
		if s, ok := e.(string); ok && strings.Contains(s, tag) {
			return true
		}
	}
	return false
}
