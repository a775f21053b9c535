package validate_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/internal/specguard"
	"github.com/multipay/multipay/pkg/internal/validate"
)

// verdict is what a validator says of one request: refused or not, and the
// fields it names ("body" for the body as a whole; "no route" when no
// operation matches).
type verdict struct {
	refused bool
	fields  []string
}

// kinVerdict is kin-openapi's request validation with the options the
// preflight used before the generated rules replaced it.
func kinVerdict(t *testing.T, router routers.Router, req *http.Request, body string) verdict {
	t.Helper()
	route, params, err := router.FindRoute(req)
	if err != nil {
		return verdict{true, []string{"no route"}}
	}
	if body != "" {
		req.Body = readCloser(body)
	}
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: specguard.RequireCredentials, MultiError: true, SkipSettingDefaults: true},
	})
	if err == nil {
		return verdict{}
	}
	var fields []string
	for _, fe := range specguard.FieldErrors(err) {
		fields = append(fields, fieldKey(fe.Field))
	}
	return verdict{true, sortedSet(fields)}
}

func ourVerdict(spec *validate.Spec, req *http.Request, body string) verdict {
	op := spec.Match(req.Method, req.URL.Path)
	if op == nil {
		return verdict{true, []string{"no route"}}
	}
	problems, credentialsOK := op.Check(req.Header, req.URL.Path, req.URL.RawQuery, body)
	if credentialsOK && len(problems) == 0 {
		return verdict{}
	}
	var fields []string
	for _, p := range problems {
		fields = append(fields, fieldKey(p.Field))
	}
	if !credentialsOK {
		fields = append(fields, "body") // kin-openapi reports missing credentials on no field
	}
	return verdict{true, sortedSet(fields)}
}

func fieldKey(f string) string {
	if f == "" {
		return "body"
	}
	return f
}

func sortedSet(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// probe is one request of the corpus.
type probe struct {
	method, target, body string
	noCredentials        bool
	contentType          string // "" with a body: application/json
}

func (p probe) request(t *testing.T, doc *openapi3.T) *http.Request {
	t.Helper()
	req, err := http.NewRequest(p.method, "http://provider.test"+p.target, nil)
	require.NoError(t, err, p.target)
	if p.body != "" {
		req.Header.Set("Content-Type", "application/json")
		if p.contentType != "" {
			req.Header.Set("Content-Type", p.contentType)
		}
	}
	if p.noCredentials {
		return req
	}
	for _, ref := range doc.Components.SecuritySchemes {
		switch s := ref.Value; s.Type {
		case "apiKey":
			req.Header.Set(s.Name, "k")
		case "http":
			req.Header.Set("Authorization", "Bearer k")
		}
	}
	return req
}

// The generated rules refuse exactly the requests kin-openapi refuses, and
// name the same fields, over the specs' request examples, every mutation of
// them and of the bodies the adapters build towards the bad inputs the
// facade's tests send, bad path and query parameters, unknown routes and
// missing credentials.
func TestAgreesWithKinOpenAPI(t *testing.T) {
	t.Parallel()
	for _, provider := range specs.Providers {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			doc := specs.MustLoadShared(provider)
			router, err := specguard.NewRouter(doc)
			require.NoError(t, err)
			spec := validate.For(provider)
			require.NotNil(t, spec)
			refused, total := 0, 0
			for _, p := range corpus(t, provider, doc) {
				kin := kinVerdict(t, router, p.request(t, doc), p.body)
				ours := ourVerdict(spec, p.request(t, doc), p.body)
				if !assert.Equal(t, kin, ours, "%s %s\nbody %s\ncredentials %v", p.method, p.target, p.body, !p.noCredentials) {
					return
				}
				total++
				if kin.refused {
					refused++
				}
			}
			t.Logf("%s: %d requests, %d refused by both", provider, total, refused)
			assert.Greater(t, refused, 100, "too few bad requests")
			assert.Greater(t, total-refused, 20, "too few good requests")
		})
	}
}

// corpus is every probe for one provider.
func corpus(t *testing.T, provider string, doc *openapi3.T) []probe {
	var out []probe
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			target := fillPath(path, goodID(provider))
			out = append(out, probe{method: method, target: target, noCredentials: true})
			for _, id := range badIDs {
				if strings.Contains(path, "{") {
					out = append(out, probe{method: method, target: fillPath(path, id)})
				}
			}
			out = append(out, queryProbes(method, target, append(item.Parameters, op.Parameters...))...)
			for _, body := range bodiesFor(t, provider, method, path, op) {
				out = append(out, probe{method: method, target: target, body: body})
			}
			if op.RequestBody != nil {
				out = append(out,
					probe{method: method, target: target},
					probe{method: method, target: target, body: `{}`, contentType: "text/plain"},
					probe{method: method, target: target, body: `{}`, contentType: "Application/JSON; charset=utf-8"},
					probe{method: method, target: target, body: `{"a":`})
			}
		}
	}
	for _, target := range []string{"/", "/nope", "/customers/a/b/c/d", "/v1/customers/", "/api/v1/customers/", "/customers/", "/api/v1/customers/search/"} {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			out = append(out, probe{method: method, target: target})
		}
	}
	return out
}

var badIDs = []string{"", "x", "cus_", "cus_a b", "cus_ä", "cus_x.y", "../x", "9b2ada28-be3c-47ab-883f-ba72e5d8305", "00000000-0000-0000-0000-000000000000",
	"9b2ada28-be3c-07ab-883f-ba72e5d8305d", "9B2ADA28-BE3C-47AB-883F-BA72E5D8305D", "9b2ada28-be3c-47ab-c83f-ba72e5d8305d", "a%2Fb", "cus_abc/block", "cus_abc/"}

func goodID(provider string) string {
	if provider == "hitpay" {
		return "9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	}
	return "cus_abc123"
}

// fillPath puts id in every variable of the path template.
func fillPath(template, id string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			return b.String() + template
		}
		j := strings.IndexByte(template, '}')
		b.WriteString(template[:i] + id)
		template = template[j+1:]
	}
}

var queryValues = []string{"", "0", "-1", "1", "2", "100", "101", "1.5", "abc", "1e2", "+3", " 1", "ada@example.com", "not-an-email",
	"+1 512 555 0142", "5125550142", "15125550142", "x\x00y", "%zz"}

// queryProbes sets each query parameter to each value in turn, and repeated.
func queryProbes(method, target string, params openapi3.Parameters) []probe {
	var out []probe
	for _, ref := range params {
		p := ref.Value
		if p.In != "query" {
			continue
		}
		for _, v := range queryValues {
			q := url.Values{p.Name: {v}}.Encode()
			out = append(out,
				probe{method: method, target: target + "?" + q},
				probe{method: method, target: target + "?" + q + "&" + url.Values{p.Name: {"7"}}.Encode()},
				probe{method: method, target: target + "?" + url.Values{p.Name: {"", v}}.Encode()})
		}
		out = append(out, probe{method: method, target: target + "?" + p.Name + "=%zz&" + p.Name + "=1"})
	}
	return out
}

// bodiesFor is the request examples of op, the adapters' bodies for the
// operation, and every mutation of both.
func bodiesFor(t *testing.T, provider, method, path string, op *openapi3.Operation) []string {
	if op.RequestBody == nil {
		return nil
	}
	var base []string
	for _, mt := range op.RequestBody.Value.Content {
		for _, ex := range mt.Examples {
			b, err := json.Marshal(ex.Value.Value)
			require.NoError(t, err)
			base = append(base, string(b))
		}
	}
	for _, c := range adapterBodies {
		if c.provider == provider && c.method == method && templateOf(c.path, path) {
			base = append(base, c.body)
		}
	}
	var out []string
	for _, b := range base {
		out = append(out, b)
		out = append(out, mutations(t, b)...)
	}
	return out
}

// templateOf reports whether a concrete path fits a template (same segment count and literals).
func templateOf(concrete, template string) bool {
	c, tm := strings.Split(concrete, "/"), strings.Split(template, "/")
	if len(c) != len(tm) {
		return false
	}
	for i := range c {
		if !strings.HasPrefix(tm[i], "{") && tm[i] != c[i] {
			return false
		}
	}
	return true
}

// adapterBodies are request bodies the adapters build (for the conformance
// samples).
var adapterBodies = []struct{ provider, method, path, body string }{
	{"hitpay", "POST", "/v1/customers", `{"address":{"city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore","street":"1 Raffles Place"},"birth_date":"1990-05-17","email":"ada@example.com","gender":"female","name":"Ada Lovelace","phone_number":"5125550142","phone_number_country_code":"1","remark":"d"}`},
	{"hitpay", "PATCH", "/v1/customers/x", `{"name":"Ada King","remark":null,"address":null,"birth_date":"1990-05-18","email":"ada.king@example.com","phone_number":"91234567","phone_number_country_code":"65"}`},
	{"notchpay", "POST", "/customers", `{"address":{"address_line1":"1 Raffles Place","city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore"},"billing":{"address_line1":"1 Raffles Place","city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore"},"company_name":"AE","email":"ada@example.com","metadata":{"source":"bench"},"name":"Ada Lovelace","phone":"15125550142"}`},
	{"notchpay", "POST", "/customers/x", `{"name":"Ada King","email":"ada.king@example.com","phone":"6591234567","metadata":{"a":"b"},"address":{"country":"SG","city":"S"},"billing":null}`},
	{"soap", "POST", "/api/v1/customers", `{"date_of_birth":"1990-05-17","email":"ada@example.com","first_name":"Ada","internal_id":"x-1","last_name":"Lovelace","phone_number":"5125550142"}`},
	{"soap", "PATCH", "/api/v1/customers/x", `{"email":"ada.king@example.com","first_name":"Ada","last_name":"King","phone_number":"5125550143","date_of_birth":"1990-05-18"}`},
	{"useepay", "POST", "/api/v1/customers/create", `{"address":{"city":"Singapore","country":"SG","line1":"1 Raffles Place","line2":"#20-01","postcode":"048616","state":"Singapore"},"description":"d","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","merchant_customer_id":"x-1","metadata":{"source":"bench"},"name":"Ada Lovelace","phone":"+15125550142","shipping":{"name":"Ada","phone":"+15125550143","address":{"city":"Singapore","country":"SG","line1":"1 Raffles Place","postcode":"048616","state":"Singapore"}}}`},
	{"useepay", "POST", "/api/v1/customers/x", `{"name":"Ada King","description":null,"metadata":{"k":"v"},"address":null,"shipping":{"name":"A","address":{"country":"SG"}}}`},
}

// tricky values every member (at any depth) is replaced with in turn: the
// bad inputs the facade's tests send (bad e-mails, phones, dates,
// countries, empty, long and control-character strings) and what a broken
// adapter could send (wrong types, nulls).
var tricky = []string{
	`""`, `"not-an-email"`, `"a@b"`, `"a@b c"`, `"@b.c"`, `"ada@example.com\r"`, `"12345"`, `"+6591234567"`, `"5125550142"`,
	`"1990-02-30"`, `"2024-13-01"`, `"1990-2-3"`, `"2000-02-29"`, `"1900-02-29"`, `"sg"`, `"SG"`, `"SGP"`, `"x"`,
	`"` + strings.Repeat("a", 256) + `"`, `"` + strings.Repeat("é", 255) + `"`, `"ü\u00e9"`, `"a\"b"`, `"\u0000"`, `"\ud800"`, `" "`, `"male"`,
	`null`, `true`, `0`, `-1`, `1.5`, `1e400`, `{}`, `[]`, `["a"]`, `{"x":"y"}`, `{"city":null}`, `{"country":"SG"}`,
}

// mutations returns body with each member replaced by each tricky value,
// each member removed, and an unknown member added at each level.
func mutations(t *testing.T, body string) []string {
	var v map[string]any
	require.NoError(t, decode(body, &v))
	var out []string
	emit := func() {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			old := m[k]
			for _, tv := range tricky {
				var nv any
				require.NoError(t, decode(tv, &nv))
				m[k] = nv
				emit()
			}
			delete(m, k)
			emit()
			m[k] = old
			if sub, ok := old.(map[string]any); ok {
				walk(sub)
			}
		}
		m["unknown_field"] = "x"
		emit()
		delete(m, "unknown_field")
	}
	walk(v)
	return append(out, `{}`, `null`, `[]`, `"x"`, `{"a":1,"a":2}`, `{"name":"A","name":null}`, `{"email":"a@b.c"} trailing`)
}

// decode is json.Unmarshal keeping numbers as written (1e400 too).
func decode(s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	return d.Decode(v)
}

func readCloser(s string) *nopCloser { return &nopCloser{strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }
