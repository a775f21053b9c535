// Package backend is the one seam every adapter's HTTP goes through. It adds
// credentials and the User-Agent, validates each request against the
// provider's spec before it is sent (so bad input never reaches the network),
// buffers response bodies, and turns every answer that is not the expected
// success into *customers.Error.
//
// It is one explicit pipeline: an adapter builds each request with the
// generated NewXxxRequest function and hands it, with the Attempt of its Call
// (facade operation, the call's options, what happened), to Send; the
// adapter then parses the buffered answer with the generated Parse function.
// Nothing travels in the context but net/http's own httptrace hook. Requests
// sent through Generated() take the same path through Do, the generated
// clients' HttpRequestDoer, as a call without facade operation.
//
// It is also the retry layer (Retry, Create, Delete in retry.go): the
// adapters run each attempt through it, and it decides by facade operation
// whether to repeat, wait or reconcile. It is our own small layer rather than
// hashicorp/go-retryablehttp because the decision needs what an HTTP-level
// policy cannot see: the facade operation (a create is repeated only when it
// provably never left, and is otherwise reconciled by a lookup), whether any
// byte reached the wire (httptrace), and the typed answer (an unreadable 2xx
// body); go-retryablehttp would also log full URLs, query strings included.
// What is left — full-jitter backoff, Retry-After, a context-aware wait — is a
// few dozen tested lines.
package backend

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Version is reported in the User-Agent header.
const Version = "0.1.0"

// MaxResponseBody bounds how much of a response is read; a provider that
// answers more is treated as an invalid response rather than exhausting memory.
const MaxResponseBody = 8 << 20

// ProviderError is what a provider's error decoder extracts from an error body.
type ProviderError struct {
	Code    string
	Message string
	Fields  map[string][]string // keyed by the provider's field names
	// Kind overrides the sentinel chosen from the status (e.g. a 422 that says
	// "already been taken" is ErrConflict). nil keeps the status mapping.
	Kind error
}

// Options describe one provider to the backend.
type Options struct {
	Provider string
	Config   customers.Config
	// Credentials are the credential headers set on each request. Their
	// values are shared by every request, as acceptJSON is.
	Credentials http.Header
	// Secrets are redacted from error bodies and messages.
	Secrets []string
	// DecodeError reads the provider's error body; it must tolerate anything.
	DecodeError func(status int, body []byte) ProviderError
	// FieldNames maps the provider's wire field names (dotted for nested
	// fields) to facade field names, for error messages.
	FieldNames map[string]customers.Field
	// Preflight validates requests against the provider's spec; nil skips it.
	Preflight *Preflight
	// RetryDelay reads how long the provider asks the client to wait before
	// another attempt (ok false: it did not say). nil reads Retry-After.
	RetryDelay func(status int, h http.Header, body []byte, now time.Time) (d time.Duration, ok bool)
	// Routes names, for each facade operation, the spec operations
	// (operationIds) its requests may reach. With a preflight, a request that
	// matches another operation is refused before sending: an id that
	// escaped the adapter's checks can never turn an update into a create.
	// nil skips the check; an operation missing from a non-nil map is refused.
	Routes map[customers.Operation][]string
}

// Backend is the pipeline every request of one adapter goes through. Each
// facade call is a Call (its operation and configuration) run by Retry,
// Create or Delete, one Attempt per request; the attempt is handed along
// explicitly, never through the context. Backend is also the generated
// clients' HttpRequestDoer (Do), for callers of Generated().
type Backend struct {
	opts      Options
	doer      customers.HTTPDoer
	userAgent []string // the header's value, shared by every request (see acceptJSON)
	basePath  string   // path prefix of a base URL override (a gateway), stripped before matching the spec
	direct    Call     // the call of a request sent through Generated(): no facade operation
	redactor  *redactor
}

// New returns the backend for one adapter.
func New(o Options) *Backend {
	doer := o.Config.HTTPClient
	if doer == nil {
		doer = DefaultHTTPClient()
	}
	doer = SameHostOnly(o.Provider, doer) // transport.go
	ua := "multipay-go/" + Version
	if o.Config.UserAgent != "" {
		ua = o.Config.UserAgent + " " + ua
	}
	if o.DecodeError == nil {
		o.DecodeError = func(int, []byte) ProviderError { return ProviderError{} }
	}
	basePath := ""
	if u, err := url.Parse(o.Config.BaseURL); err == nil && o.Config.BaseURL != "" {
		basePath = strings.TrimSuffix(u.Path, "/")
	}
	creds := make(http.Header, len(o.Credentials)) // capped values: see acceptJSON
	for k, v := range o.Credentials {
		creds[http.CanonicalHeaderKey(k)] = slices.Clip(slices.Clone(v))
	}
	o.Credentials = creds
	b := &Backend{opts: o, doer: doer, userAgent: []string{ua}[:1:1], basePath: basePath, redactor: newRedactor(o.Secrets)}
	b.direct = b.Call("", nil)
	return b
}

// Call is one facade call: the backend, the facade operation and what of
// the configuration a call can change (the client's, with the call's
// options applied). Retry, Create and Delete run it, one Attempt per
// request.
type Call struct {
	b       *Backend
	op      customers.Operation
	logger  *slog.Logger
	retry   customers.RetryPolicy
	timeout time.Duration
	// watchWrites records whether each attempt's request may have reached
	// the wire (Attempt.trace), for the readers of it: the decisions of
	// Create and Delete, and the log. A retry of any other operation does
	// not depend on it.
	watchWrites bool
}

// Call returns the call of facade operation op with opts applied over the
// client's configuration. Per call only the retry options and WithLogger
// take effect: the connection was shaped at construction.
func (b *Backend) Call(op customers.Operation, opts []customers.Option) Call {
	cfg := &b.opts.Config
	if len(opts) > 0 { // a copy for the options to change; the usual call has none and copies nothing
		c := *cfg
		for _, o := range opts {
			if o != nil {
				o(&c)
			}
		}
		cfg = &c
	}
	return Call{b: b, op: op, logger: cfg.Logger, retry: cfg.Retry, timeout: cfg.Timeout, watchWrites: cfg.Logger != nil}
}

// Do sends one request built by a caller of Generated(): the same path as a
// facade attempt (credentials, User-Agent, spec check, one log record, a
// buffered body), with no facade operation and no retry.
func (b *Backend) Do(req *http.Request) (*http.Response, error) {
	rsp, _, err := b.exchange(req, b.direct.attempt(1))
	return rsp, err
}

// exchange makes attempt a with req: credentials and User-Agent are added,
// the request is checked against the spec, and the response body is read in
// full (bounded) and the network body closed, so that the answer can be
// parsed and still reported in an error. What happened is recorded on a, and
// one log record is written per request sent. The answer comes back with its
// body bytes and a Body reading them.
func (b *Backend) exchange(req *http.Request, a *Attempt) (*http.Response, []byte, error) {
	op := a.call.op
	for k, v := range b.opts.Credentials {
		req.Header[k] = v
	}
	req.Header["User-Agent"] = b.userAgent
	if req.Header.Get("Accept") == "" {
		req.Header["Accept"] = acceptJSON
	}
	route := ""
	if p := b.opts.Preflight; p != nil {
		m, fields, err := p.Check(req, b.basePath, &a.request)
		if err != nil {
			e := Invalid(b.opts.Provider, op, b.facadeFields(fields))
			if len(e.Fields) == 0 { // no field to name: the cause says what failed
				e.Err = b.redactCause(err)
			}
			return nil, nil, e
		}
		// An id that escaped the adapter's checks can never turn an update into a create.
		if b.opts.Routes != nil && op != "" && !slices.Contains(b.opts.Routes[op], m.ID) {
			return nil, nil, b.fail(op, customers.ErrInvalidRequest, fmt.Sprintf(
				"rejected before sending: %s %s would reach the provider's %s operation, not %s", req.Method, req.URL.Path, m.ID, op))
		}
		route = m.Path
	}
	a.sent = true
	if a.call.logger != nil {
		defer b.log(req, route, a, time.Now())
	}
	rsp, err := b.doer.Do(req)
	if err != nil {
		return nil, nil, b.notSent(req, op, rsp, err, a)
	}
	if rsp.Request == nil { // a custom doer: the error of the answer redacts what req sent
		rsp.Request = req
	}
	body, err := readBody(rsp)
	_ = rsp.Body.Close() // the network body, before Body is replaced by the bytes read
	a.status, a.header = rsp.StatusCode, rsp.Header
	if err != nil { // the answer broke off (reset, truncated body)
		a.failed = err
		a.wrote.Store(true)
		return nil, nil, b.redactTransport(req, err)
	}
	if len(body) > MaxResponseBody {
		a.garbled = true
		e := b.fail(op, customers.ErrInvalidResponse, fmt.Sprintf("response body exceeds %d bytes", MaxResponseBody))
		e.StatusCode, e.RequestID = rsp.StatusCode, b.redactString(requestID(rsp.Header), maxShortField)
		return nil, nil, e
	}
	a.body = body
	if rsp.StatusCode >= 200 && rsp.StatusCode <= 299 {
		b.checkJSON(rsp, body, a)
	}
	a.answer.b = body
	a.answer.Reset(body)
	rsp.Body = &a.answer
	rsp.ContentLength = int64(len(body))
	return rsp, body, nil
}

// acceptJSON is the Accept header's value. Header values the backend sets
// are shared by every request rather than allocated for each: net/http and
// http.Header's methods never write into a value's slice (Set replaces it,
// Add appends past its capacity, which copies).
var acceptJSON = []string{"application/json"}[:1:1]

// readBody reads at most MaxResponseBody+1 bytes of the answer (one more
// tells a body over the limit), as io.ReadAll over an io.LimitReader would,
// but with one allocation of the body's size: into a buffer of the
// announced length, or, when none is announced (a chunked answer: any list
// page), through a pooled buffer copied out at the end. io.ReadAll grew a
// 10 kB page through ten buffers.
func readBody(rsp *http.Response) ([]byte, error) {
	if n := rsp.ContentLength; n >= 0 && n <= MaxResponseBody {
		return readInto(rsp.Body, make([]byte, 0, n+1)) // +1: reading on finds the end (or more than announced)
	}
	pooled := readBuffers.Get().(*[]byte)
	buf, err := readInto(rsp.Body, (*pooled)[:0])
	out := bytes.Clone(buf)
	clear((*pooled)[:min(len(buf), cap(*pooled))]) // no answer stays in the pool
	readBuffers.Put(pooled)
	return out, err
}

// readBuffers are the buffers readBody reads an unannounced answer through:
// a list page fits in one.
var readBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 128<<10); return &b }}

// readInto appends r, up to MaxResponseBody+1 bytes, to buf, which grows
// only when it is full.
func readInto(r io.Reader, buf []byte) ([]byte, error) {
	for len(buf) <= MaxResponseBody {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(len(buf)+512, MaxResponseBody+1-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), MaxResponseBody+1)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return buf, err
		}
	}
	return buf, nil
}

// buffered is a response body exchange has read in full.
type buffered struct {
	bytes.Reader
	b []byte
}

// Bytes returns the whole answer, read or not, so a parser can look at it
// before decoding without a copy (adapter.Listed).
func (r *buffered) Bytes() []byte { return r.b }

func (*buffered) Close() error { return nil }

// notSent sorts out an HTTP client error. A redirect refused (to another
// host by SameHostOnly, or by the caller's own policy) is the provider's
// answer, not a lost connection: it is typed, and never repeated. Anything
// else is a transport failure for the retry loop, redacted (redact.go).
func (b *Backend) notSent(req *http.Request, op customers.Operation, rsp *http.Response, err error, a *Attempt) error {
	var ce *customers.Error
	switch {
	case errors.As(err, &ce):
		a.status = ce.StatusCode
		out := *ce
		out.Operation = op
		return &out
	case rsp != nil: // net/http hands back the redirect its CheckRedirect refused
		_ = rsp.Body.Close()
		a.status = rsp.StatusCode
		e := b.fail(op, customers.ErrInvalidResponse, "the HTTP client's redirect policy refused the provider's redirect")
		e.StatusCode, e.Err = rsp.StatusCode, b.redactTransport(req, err)
		return e
	}
	a.failed = err
	if a.request.taken() { // before redactTransport, whose re-read through GetBody sends nothing
		a.wrote.Store(true)
	}
	return b.redactTransport(req, err)
}

// checkJSON inspects a 2xx body: one that is not JSON (an HTML page, an
// empty or cut body) marks the attempt garbled, so the retry loop can repeat
// or reconcile it; a JSON body under a missing or wrong Content-Type gets
// "application/json", since the generated parsers decode only what is
// labelled JSON and refusing it would report a success as a failure.
//
// A body the server labels JSON is not scanned here: the generated parser
// decodes it anyway, and a body that fails to decode or that the adapter
// cannot use is checked then (ResponseError marks it garbled when it is not
// JSON at all). So a good answer is read once, not twice.
func (b *Backend) checkJSON(rsp *http.Response, body []byte, a *Attempt) {
	if len(bytes.TrimSpace(body)) == 0 {
		a.garbled = rsp.StatusCode != http.StatusNoContent && rsp.StatusCode != http.StatusResetContent
		return
	}
	if strings.Contains(strings.ToLower(rsp.Header.Get("Content-Type")), "json") {
		return
	}
	if !json.Valid(body) {
		a.garbled = true
		return
	}
	rsp.Header.Set("Content-Type", "application/json")
}

// log writes one record per request sent: what a reader of the log needs to
// follow a call and its retries, and nothing that identifies a customer (the
// spec's route template stands for the path, which holds ids).
func (b *Backend) log(req *http.Request, route string, a *Attempt, start time.Time) {
	level := slog.LevelDebug
	if a.failed != nil || a.status >= 400 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("provider", b.opts.Provider), slog.String("operation", string(a.call.op)),
		slog.String("method", req.Method), slog.String("route", route), slog.Int("status", a.status),
		slog.Duration("duration", time.Since(start)), slog.Int("attempt", a.n),
	}
	if id := requestID(a.header); id != "" {
		attrs = append(attrs, slog.String("request_id", b.redactString(id, 128)))
	}
	if a.failed != nil { // named without its text, which can hold addresses and query strings
		failure := "connection lost after sending"
		if a.status != 0 {
			failure = "response cut short"
		} else if !a.wrote.Load() {
			failure = "not sent"
		}
		attrs = append(attrs, slog.String("failure", failure))
	}
	a.call.logger.LogAttrs(req.Context(), level, "multipay request", attrs...)
}

// Request builds the request of one attempt (a generated NewXxxRequest
// bound to its arguments): each attempt sends a fresh one.
type Request func() (*http.Request, error)

// Send makes attempt a of its call with the request build makes; parse is
// the generated Parse function. A non-2xx answer becomes *customers.Error; a
// 2xx that is not JSON, or does not decode, becomes ErrInvalidResponse. Run
// it inside Retry or Create, which repeat it.
func Send[R any](ctx context.Context, a *Attempt, build Request, parse func(*http.Response) (R, error)) (R, error) {
	r, _, _, err := sendParse(ctx, a, build, parse) //nolint:bodyclose // exchange closed the network body
	return r, err
}

// One is a single attempt of an operation that answers one customer, for
// Retry and Create: pick reads the customer out of the typed answer (nil
// when it holds none, which is ErrInvalidResponse).
func One[R any](build Request, parse func(*http.Response) (R, error),
	pick func(R) *customers.Customer) func(context.Context, *Attempt) (*customers.Customer, error) {
	return func(ctx context.Context, a *Attempt) (*customers.Customer, error) {
		r, rsp, body, err := sendParse(ctx, a, build, parse) //nolint:bodyclose // exchange closed the network body
		if err != nil {
			return nil, err
		}
		if c := pick(r); c != nil {
			return c, nil
		}
		return nil, a.ResponseError(rsp, body, nil)
	}
}

// sendParse is Send that also hands back the answer and its body, for
// errors found after parsing.
func sendParse[R any](ctx context.Context, a *Attempt, build Request, parse func(*http.Response) (R, error)) (R, *http.Response, []byte, error) {
	var zero R
	rsp, body, err := a.send(ctx, build) //nolint:bodyclose // exchange closed the network body
	if err != nil {
		return zero, nil, nil, err
	}
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
		return zero, rsp, body, a.ResponseError(rsp, body, nil)
	}
	if a.garbled {
		return zero, rsp, body, a.ResponseError(rsp, body, errGarbled)
	}
	if err := unclear(body); err != nil {
		return zero, rsp, body, a.ResponseError(rsp, body, err)
	}
	parsed, err := parse(rsp)
	if err != nil {
		return zero, rsp, body, a.ResponseError(rsp, body, err)
	}
	return parsed, rsp, body, nil
}

// send makes the attempt: it builds the request, lets the attempt's trace
// watch it go out, and returns the answer with its buffered body.
func (a *Attempt) send(ctx context.Context, build Request) (*http.Response, []byte, error) {
	req, err := build()
	if err != nil {
		return nil, nil, err
	}
	// With a preflight, exchange knows from the body whether the request may
	// have reached the provider (stringBody); a request without one (a
	// delete, a get) needs the httptrace hooks for that (11 allocations).
	b := a.call.b
	if a.call.watchWrites && (b.opts.Preflight == nil || req.Body == nil || req.Body == http.NoBody) {
		ctx = a.trace(ctx)
	}
	return b.exchange(req.WithContext(ctx), a)
}

// unclear refuses a 2xx answer that decoding would change without a
// word: bytes that are not UTF-8 (encoding/json turns them into U+FFFD) and
// an object holding one key twice, or in two cases ("email" and "EMAIL":
// encoding/json keeps whichever comes last). A lone key in another case is
// read as the field, as encoding/json matches keys.
func unclear(body []byte) error {
	if !utf8.Valid(body) {
		return errors.New("the answer is not valid UTF-8")
	}
	if key, _ := jsonscan.RepeatedKey(body); key != "" {
		return fmt.Errorf("an object of the answer holds the key %q twice (keys that differ only in case count as one)", key)
	}
	return nil
}

// errGarbled is the cause of an error for a 2xx body that is not JSON.
var errGarbled = errors.New("the body is not JSON (empty, cut short or an HTML page)")

// Delete runs call, a delete, with its retry policy. Any 2xx is success
// whatever its body, even one cut short (the provider has acted). A 404 on a
// repeated attempt after one that may have taken effect (lost after sending,
// 5xx, unreadable answer) is success too: the customer is gone, which is what
// the caller asked for.
func Delete(ctx context.Context, call Call, build Request) error {
	call.watchWrites = true // a lost answer after sending may mean deleted
	mayHaveDeleted := false
	_, err := Retry(ctx, call, func(ctx context.Context, a *Attempt) (struct{}, error) {
		rsp, body, err := a.send(ctx, build) //nolint:bodyclose // exchange closed the network body
		switch {
		case a.status >= 200 && a.status <= 299:
			return struct{}{}, nil
		case err == nil:
			err = a.ResponseError(rsp, body, nil)
		}
		if mayHaveDeleted && errors.Is(err, customers.ErrNotFound) {
			return struct{}{}, nil
		}
		mayHaveDeleted = mayHaveDeleted || a.failed != nil && a.wrote.Load() || a.status >= 500
		return struct{}{}, err
	})
	return err
}

// ResponseError builds the error for an answer of attempt a that the
// adapter cannot use: a provider error, or a 2xx that is not what the spec
// promises (cause set or typed body missing). A 2xx body that is not JSON at
// all marks the attempt garbled, for the retry loop.
func (a *Attempt) ResponseError(rsp *http.Response, body []byte, cause error) *customers.Error {
	success := rsp.StatusCode >= 200 && rsp.StatusCode <= 299
	if success && !errors.Is(cause, errGarbled) && !json.Valid(body) {
		a.garbled = true
		cause = errGarbled // not a decoding error: the body is not JSON at all
	}
	b := a.call.b.forAnswerTo(rsp.Request) // redact.go: the customer data sent is redacted too
	e := b.fail(a.call.op, nil, "")
	e.StatusCode, e.Err = rsp.StatusCode, b.redactCause(cause)
	e.RequestID = b.redactString(requestID(rsp.Header), maxShortField)
	// Raw keeps the body of an error answer only: a 2xx body is, or holds, a
	// customer (name, e-mail, phone, street) even when the adapter refused
	// it, cut short or wrapped in something that is not JSON; StatusCode and
	// the wrapped decoding error still say what was wrong.
	if !success {
		e.Raw = b.redactor.redact(body, customers.MaxRawBody)
	}
	// Some providers (UseePay) report errors inside a 2xx body: a 2xx with
	// the provider's code is its error.
	pe := b.opts.DecodeError(rsp.StatusCode, body)
	if success && pe.Code == "" && pe.Kind == nil {
		e.Kind, e.Message = customers.ErrInvalidResponse, "the answer does not match the provider's documented response"
		return e
	}
	e.Kind = cmp.Or(pe.Kind, kindForStatus(rsp.StatusCode)) // a 2xx's is ErrInvalidResponse
	e.Code = b.redactString(pe.Code, maxShortField)
	e.Message = cmp.Or(b.redactString(pe.Message, 512), http.StatusText(rsp.StatusCode))
	e.Fields = b.facadeFields(pe.Fields)
	if retryableStatus(rsp.StatusCode) {
		e.RetryAfter, _ = b.serverDelay(rsp.StatusCode, rsp.Header, body)
	}
	return e
}

// fail is an error of op that the backend reports itself.
func (b *Backend) fail(op customers.Operation, kind error, msg string) *customers.Error {
	return &customers.Error{Provider: b.opts.Provider, Operation: op, Kind: kind, Message: msg}
}

// Invalid is the error for input refused before sending, with per-field
// messages (keyed by facade field name where known).
func Invalid(provider string, op customers.Operation, fields map[string][]string) *customers.Error {
	return &customers.Error{Provider: provider, Operation: op, Kind: customers.ErrInvalidRequest,
		Message: "rejected before sending", Fields: fields}
}

// facadeFields renames provider field keys to facade names where known
// ("phone_number" → "Phone"); nested keys map through their longest known
// prefix ("address.city" → "Address.city" when only "address" is known).
func (b *Backend) facadeFields(in map[string][]string) map[string][]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string][]string, len(in))
	for k, msgs := range in {
		name := b.redactString(k, maxShortField) // an unknown key is the provider's text
		if f, ok := b.opts.FieldNames[k]; ok {
			name = string(f)
		} else {
			for i := strings.LastIndexByte(k, '.'); i > 0; i = strings.LastIndexByte(k[:i], '.') {
				if f, ok := b.opts.FieldNames[k[:i]]; ok {
					name = string(f) + k[i:]
					break
				}
			}
		}
		redacted := make([]string, len(msgs))
		for i, m := range msgs {
			redacted[i] = b.redactString(m, 512)
		}
		out[name] = append(out[name], redacted...)
	}
	return out
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// kindForStatus maps an HTTP status to a sentinel.
func kindForStatus(status int) error {
	switch {
	case status == http.StatusNotFound || status == http.StatusGone:
		return customers.ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return customers.ErrUnauthorized
	case status == http.StatusConflict:
		return customers.ErrConflict
	case status == http.StatusTooManyRequests:
		return customers.ErrRateLimited
	case status >= 500:
		return customers.ErrUnavailable
	case status >= 400:
		return customers.ErrInvalidRequest
	default:
		return customers.ErrInvalidResponse
	}
}
