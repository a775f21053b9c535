package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/gen/soap"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var soapTestIDPattern = regexp.MustCompile(`^cus_[A-Za-z0-9]{32}$`)

// soapTestClock is a fixed clock whose milliseconds end in zero, so the tests
// see that Soap's layout keeps all three digits.
func soapTestClock() time.Time { return time.Date(2025, 3, 10, 16, 8, 14, 420_000_000, time.UTC) }

func soapAuthHeader(value string) soap.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if value != "" {
			req.Header.Set("Authorization", value)
		}
		return nil
	}
}

func soapTestClient(t *testing.T, srv *Server, auth string) *soap.Client {
	t.Helper()
	c, err := soap.NewClient(srv.URL, soap.WithRequestEditorFn(soapAuthHeader(auth)))
	require.NoError(t, err)
	return c
}

func soapBearer(srv *Server) string { return "Bearer " + srv.Credentials.APIKey }

// soapStart starts the fake and a client with its bearer token, as most tests here begin.
func soapStart(t *testing.T, opts ...Option) (*Server, *soap.Client) {
	t.Helper()
	srv := Start(t, "soap", opts...)
	return srv, soapTestClient(t, srv, soapBearer(srv))
}

func soapS(s string) *string { return &s }

// soapParse checks that a generated client's call got an answer and parses it.
func soapParse[T any](t *testing.T, res *http.Response, err error, parse func(*http.Response) (T, error)) T {
	t.Helper()
	defer closeBody(res)
	require.NoError(t, err)
	out, err := parse(res)
	require.NoError(t, err)
	return out
}

func soapCreate(t *testing.T, c *soap.Client, body soap.CreateCustomerJSONRequestBody) *soap.CreateCustomerResponse {
	t.Helper()
	res, err := c.CreateCustomer(context.Background(), body)
	return soapParse(t, res, err, soap.ParseCreateCustomerResponse)
}

func soapMustCreate(t *testing.T, c *soap.Client, body soap.CreateCustomerJSONRequestBody) soap.Customer {
	t.Helper()
	out := soapCreate(t, c, body)
	require.Equal(t, http.StatusCreated, out.StatusCode(), "create: %s", out.Body)
	require.NotNil(t, out.JSON201, "create: %s", out.Body)
	return *out.JSON201
}

func soapUpdate(t *testing.T, c *soap.Client, id string, body soap.UpdateCustomerJSONRequestBody) *soap.UpdateCustomerResponse {
	t.Helper()
	res, err := c.UpdateCustomer(context.Background(), id, body)
	return soapParse(t, res, err, soap.ParseUpdateCustomerResponse)
}

func soapUpdateRaw(t *testing.T, c *soap.Client, id, body string) *soap.UpdateCustomerResponse {
	t.Helper()
	res, err := c.UpdateCustomerWithBody(context.Background(), id, "application/json", strings.NewReader(body))
	return soapParse(t, res, err, soap.ParseUpdateCustomerResponse)
}

func soapSearch(t *testing.T, c *soap.Client, p soap.SearchCustomersParams) *soap.SearchCustomersResponse {
	t.Helper()
	res, err := c.SearchCustomers(context.Background(), &p)
	return soapParse(t, res, err, soap.ParseSearchCustomersResponse)
}

// soapErrorsMap decodes {"errors": {"field": [...]}}.
func soapErrorsMap(t *testing.T, e *soap.SoapError) map[string][]string {
	t.Helper()
	require.NotNil(t, e, "no error body")
	require.NotNil(t, e.Errors, "no errors in %+v", e)
	var m map[string][]string
	require.NoError(t, json.Unmarshal(*e.Errors, &m), "errors is not a field map: %s", *e.Errors)
	return m
}

// soapErrorsList decodes {"errors": ["Full message", ...]}.
func soapErrorsList(t *testing.T, e *soap.SoapError) []string {
	t.Helper()
	require.NotNil(t, e, "no error body")
	require.NotNil(t, e.Errors, "no errors in %+v", e)
	var l []string
	require.NoError(t, json.Unmarshal(*e.Errors, &l), "errors is not a list: %s", *e.Errors)
	return l
}

func soapNoResponseViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		assert.False(t, v.Response, "response violation: %+v", v)
	}
}

func soapRawKeys(t *testing.T, raw []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m), "%s", raw)
	return m
}

func TestSoapCreate(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap", WithClock(soapTestClock))
	dob := flex.NewDate(1988, time.July, 14)
	tests := []struct {
		name string
		auth string
		body soap.CreateCustomerJSONRequestBody
	}{
		{"bearer, every field", soapBearer(srv), soap.CreateCustomerJSONRequestBody{
			Email: "maria.lopez@example.com", FirstName: "Maria", LastName: "Lopez",
			PhoneNumber: soapS("5125550143"), DateOfBirth: &dob, InternalId: soapS("3f1b8c4e-7c2e-4c2c-8d2f-179cf0efb36b"),
		}},
		{"raw key, required only", srv.Credentials.APIKey, soap.CreateCustomerJSONRequestBody{
			Email: "sam.okafor@example.com", FirstName: "Sam", LastName: "Okafor",
		}},
		{"lower-case bearer", "bearer " + srv.Credentials.APIKey, soap.CreateCustomerJSONRequestBody{
			Email: "wei.chen@example.com", FirstName: "Wei", LastName: "Chen", PhoneNumber: soapS("7375550100"),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := soapTestClient(t, srv, tc.auth)
			out := soapCreate(t, c, tc.body)
			require.Equal(t, http.StatusCreated, out.StatusCode(), "status: %s", out.Body)
			require.NotNil(t, out.JSON201, "body %s", out.Body)
			got := out.JSON201
			assert.Regexp(t, soapTestIDPattern, got.Id, "id")
			assert.Equal(t, tc.body.Email, got.Email, "email")
			assert.Equal(t, tc.body.FirstName, got.FirstName, "first_name")
			assert.Equal(t, tc.body.LastName, got.LastName, "last_name")
			assert.WithinDuration(t, soapTestClock(), got.CreatedAt.Time, 0, "created_at")
			raw := soapRawKeys(t, out.Body)
			assert.Equal(t, `"2025-03-10T16:08:14.420Z"`, string(raw["created_at"]), "created_at on the wire")
			assert.NotContains(t, raw, "updated_at", "create answer carries updated_at: %s", out.Body)
			checkNullable := func(key string, want *string) {
				if want == nil {
					assert.Equal(t, "null", string(raw[key]), key)
					return
				}
				assert.Equal(t, fmt.Sprintf("%q", *want), string(raw[key]), key)
			}
			checkNullable("phone_number", tc.body.PhoneNumber)
			checkNullable("internal_id", tc.body.InternalId)
			var d *string
			if tc.body.DateOfBirth != nil {
				d = soapS(tc.body.DateOfBirth.String())
			}
			checkNullable("date_of_birth", d)
			stored, ok := srv.Customer(got.Id)
			assert.True(t, ok, "customer not stored")
			assert.Contains(t, string(stored), tc.body.Email, "stored customer")
		})
	}
	assert.Equal(t, len(tests), srv.Created(), "Created()")
	soapNoResponseViolations(t, srv)
}

func TestSoapCreateErrors(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	good := soapTestClient(t, srv, soapBearer(srv))
	soapMustCreate(t, good, soap.CreateCustomerJSONRequestBody{
		Email: "taken@example.com", FirstName: "Olivia", LastName: "Smith", PhoneNumber: soapS("5125550199"),
	})
	valid := `{"email":"new@example.com","first_name":"New","last_name":"Person"}`
	tests := []struct {
		name   string
		auth   string
		body   string
		status int
		check  func(t *testing.T, out *soap.CreateCustomerResponse)
	}{
		{"missing key", "", valid, 401, func(t *testing.T, out *soap.CreateCustomerResponse) {
			require.NotNil(t, out.JSON401, "body %s", out.Body)
			assert.Equal(t, "Missing API key", soapText(out.JSON401.Message), "message")
		}},
		{"wrong bearer key", "Bearer sk_sandbox_wrong", valid, 401, func(t *testing.T, out *soap.CreateCustomerResponse) {
			require.NotNil(t, out.JSON401, "body %s", out.Body)
			assert.Equal(t, "Unauthorized", soapText(out.JSON401.Error), "error")
		}},
		{"wrong raw key", "sk_sandbox_wrong", valid, 401, nil},
		{"other scheme", "Token " + srv.Credentials.APIKey, valid, 401, nil},
		{"wrong key beats a bad body", "Bearer nope", `{"email":"bad"}`, 401, nil},
		{"field errors", soapBearer(srv), `{"email":"not-an-email","first_name":"","phone_number":"15551234567","nickname":"x"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				m := soapErrorsMap(t, out.JSON422)
				want := map[string]string{
					"email": "is invalid", "first_name": "can't be blank", "last_name": "is required",
					"phone_number": "must be 10 digits", "nickname": "is not an accepted field",
				}
				for field, msg := range want {
					assert.Equal(t, []string{msg}, m[field], "errors[%s]; body %s", field, out.Body)
				}
			}},
		{"invalid birth date", soapBearer(srv), `{"email":"d@example.com","first_name":"A","last_name":"B","date_of_birth":"1990-02-30"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				assert.Len(t, soapErrorsMap(t, out.JSON422)["date_of_birth"], 1, "errors[date_of_birth]; body %s", out.Body)
			}},
		{"not JSON", soapBearer(srv), `{"email":`, 422, func(t *testing.T, out *soap.CreateCustomerResponse) {
			assert.Len(t, soapErrorsMap(t, out.JSON422)["base"], 1, "errors[base]; body %s", out.Body)
		}},
		{"duplicate email, other case", soapBearer(srv), `{"email":"TAKEN@Example.com","first_name":"A","last_name":"B"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				assert.Equal(t, []string{"Email has already been taken"}, soapErrorsList(t, out.JSON422), "errors")
			}},
		{"duplicate phone", soapBearer(srv), `{"email":"other@example.com","first_name":"A","last_name":"B","phone_number":"5125550199"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				assert.Equal(t, []string{"Phone number has already been taken"}, soapErrorsList(t, out.JSON422), "errors")
			}},
		{"duplicate email and phone", soapBearer(srv), `{"email":"taken@example.com","first_name":"A","last_name":"B","phone_number":"5125550199"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				assert.Equal(t, []string{"Email has already been taken", "Phone number has already been taken"},
					soapErrorsList(t, out.JSON422), "errors")
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := soapTestClient(t, srv, tc.auth)
			res, err := c.CreateCustomerWithBody(context.Background(), "application/json", strings.NewReader(tc.body))
			out := soapParse(t, res, err, soap.ParseCreateCustomerResponse)
			require.Equal(t, tc.status, out.StatusCode(), "status: %s", out.Body)
			assert.Regexp(t, `^application/json`, out.ContentType(), "content type")
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
	assert.Equal(t, 1, srv.Count(), "count: a refused create was stored")
	assert.Equal(t, 1, srv.Created(), "created: a refused create was stored")
	soapNoResponseViolations(t, srv)
}

func TestSoapUpdate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := soapTestClock()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, c := soapStart(t, WithClock(clock))
	dob := flex.NewDate(1990, time.January, 1)
	orig := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{
		Email: "customer@example.com", FirstName: "John", LastName: "Doe",
		PhoneNumber: soapS("1234567890"), DateOfBirth: &dob, InternalId: soapS("cust_123"),
	})
	other := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{
		Email: "other@example.com", FirstName: "Aisha", LastName: "Bello", PhoneNumber: soapS("5125550100"),
	})
	mu.Lock()
	now = now.Add(48*time.Hour + 1*time.Millisecond)
	mu.Unlock()

	// Partial: only first_name and phone_number change.
	out := soapUpdate(t, c, orig.Id, soap.UpdateCustomerJSONRequestBody{FirstName: soapS("Jane"), PhoneNumber: soapS("5551234567")})
	require.Equal(t, 200, out.StatusCode(), "update: %s", out.Body)
	require.NotNil(t, out.JSON200, "update: %s", out.Body)
	got := out.JSON200
	assert.Equal(t, orig.Id, got.Id, "id after update")
	assert.Equal(t, "Jane", got.FirstName, "first_name after update")
	assert.Equal(t, "5551234567", got.PhoneNumber, "phone_number after update")
	assert.Equal(t, "Doe", got.LastName, "last_name after update")
	assert.Equal(t, "customer@example.com", got.Email, "email after update")
	assert.Equal(t, "cust_123", got.InternalId, "internal_id after update")
	assert.Equal(t, "1990-01-01", got.DateOfBirth.String(), "date_of_birth after update")
	assert.WithinDuration(t, orig.CreatedAt.Time, got.CreatedAt.Time, 0, "created_at after update")
	raw := soapRawKeys(t, out.Body)
	assert.Equal(t, `"2025-03-12T16:08:14.421Z"`, string(raw["updated_at"]), "updated_at on the wire")
	assert.Equal(t, `"2025-03-10T16:08:14.420Z"`, string(raw["created_at"]), "created_at on the wire")

	// A second partial update keeps the first one's changes.
	out = soapUpdate(t, c, orig.Id, soap.UpdateCustomerJSONRequestBody{
		DateOfBirth: func() *flex.Date { d := flex.NewDate(1988, time.July, 14); return &d }(),
		Email:       soapS("CUSTOMER@example.com"), // its own email in another case: not a duplicate
	})
	require.Equal(t, 200, out.StatusCode(), "second update: %s", out.Body)
	require.NotNil(t, out.JSON200, "second update: %s", out.Body)
	assert.Equal(t, "Jane", out.JSON200.FirstName, "first_name after second update")
	assert.Equal(t, "1988-07-14", out.JSON200.DateOfBirth.String(), "date_of_birth after second update")
	assert.Equal(t, "CUSTOMER@example.com", out.JSON200.Email, "email after second update")
	assert.Equal(t, "5551234567", out.JSON200.PhoneNumber, "phone_number after second update")
	stored, _ := srv.Customer(orig.Id)
	assert.Contains(t, string(stored), `"first_name":"Jane"`, "stored customer")
	assert.Contains(t, string(stored), `"date_of_birth":"1988-07-14"`, "stored customer")

	tests := []struct {
		name   string
		auth   string
		id     string
		body   string
		status int
		check  func(t *testing.T, out *soap.UpdateCustomerResponse)
	}{
		{"missing key", "", orig.Id, `{"first_name":"X"}`, 401, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			require.NotNil(t, out.JSON401, "body %s", out.Body)
			assert.NotNil(t, out.JSON401.Message, "message; body %s", out.Body)
		}},
		{"wrong key", "Bearer nope", orig.Id, `{"first_name":"X"}`, 401, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			require.NotNil(t, out.JSON401, "body %s", out.Body)
			assert.Equal(t, "Unauthorized", soapText(out.JSON401.Error), "error")
		}},
		{"unknown id", soapBearer(srv), "cus_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", `{"first_name":"X"}`, 404, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			require.NotNil(t, out.JSON404, "body %s", out.Body)
			assert.Equal(t, "Customer not found", soapText(out.JSON404.Error), "error")
		}},
		{"malformed id", soapBearer(srv), "cus_short", `{"first_name":"X"}`, 404, nil},
		{"empty body object", soapBearer(srv), orig.Id, `{}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Len(t, soapErrorsMap(t, out.JSON422)["base"], 1, "errors[base]; body %s", out.Body)
		}},
		{"internal_id cannot change", soapBearer(srv), orig.Id, `{"internal_id":"x"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Equal(t, []string{"is not an accepted field"}, soapErrorsMap(t, out.JSON422)["internal_id"], "errors[internal_id]")
		}},
		{"null does not clear", soapBearer(srv), orig.Id, `{"phone_number":null}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Len(t, soapErrorsMap(t, out.JSON422)["phone_number"], 1, "errors[phone_number]; body %s", out.Body)
		}},
		{"bad phone", soapBearer(srv), orig.Id, `{"phone_number":"555-123-4567"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Equal(t, []string{"must be 10 digits"}, soapErrorsMap(t, out.JSON422)["phone_number"], "errors[phone_number]")
		}},
		{"blank name", soapBearer(srv), orig.Id, `{"last_name":""}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Len(t, soapErrorsMap(t, out.JSON422)["last_name"], 1, "errors[last_name]; body %s", out.Body)
		}},
		{"email of another customer", soapBearer(srv), orig.Id, `{"email":"Other@Example.com"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Equal(t, []string{"Email has already been taken"}, soapErrorsList(t, out.JSON422), "errors")
		}},
		{"phone of another customer", soapBearer(srv), orig.Id, `{"phone_number":"5125550100"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			assert.Equal(t, []string{"Phone number has already been taken"}, soapErrorsList(t, out.JSON422), "errors")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := soapUpdateRaw(t, soapTestClient(t, srv, tc.auth), tc.id, tc.body)
			require.Equal(t, tc.status, out.StatusCode(), "status: %s", out.Body)
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
	// Refused updates changed nothing.
	after, _ := srv.Customer(orig.Id)
	assert.Equal(t, string(stored), string(after), "refused updates changed the customer")
	o, _ := srv.Customer(other.Id)
	assert.NotContains(t, string(o), "updated_at", "other customer touched")
	soapNoResponseViolations(t, srv)
}

func TestSoapSearch(t *testing.T) {
	t.Parallel()
	srv, c := soapStart(t)
	dob := flex.NewDate(1988, time.July, 14)
	maria := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{
		Email: "maria.lopez@example.com", FirstName: "Maria", LastName: "Lopez",
		PhoneNumber: soapS("5125550143"), DateOfBirth: &dob, InternalId: soapS("crm-1"),
	})
	sam := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "sam@example.com", FirstName: "Sam", LastName: "Okafor"})
	upd := soapUpdate(t, c, maria.Id, soap.UpdateCustomerJSONRequestBody{LastName: soapS("López")})
	require.Equal(t, 200, upd.StatusCode(), "update: %s", upd.Body)
	// Odd data put past the rules: two customers sharing an email, to see
	// several results in creation order.
	twin1 := `{"id":"cus_Twin1AAAAAAAAAAAAAAAAAAAAAAAAAAA","email":"twin@example.com","first_name":"T","last_name":"One","created_at":"2025-01-01T00:00:00.000Z"}`
	twin2 := `{"id":"cus_Twin2AAAAAAAAAAAAAAAAAAAAAAAAAAA","email":"TWIN@example.com","first_name":"T","last_name":"Two","created_at":"2025-01-02T00:00:00.000Z"}`
	for _, raw := range []string{twin1, twin2} {
		_, err := srv.Put(json.RawMessage(raw))
		require.NoError(t, err)
	}

	tests := []struct {
		name    string
		params  soap.SearchCustomersParams
		status  int
		wantIDs []string
		field   string // 422: the field named in the errors map
	}{
		{"email, other case", soap.SearchCustomersParams{Email: soapS("Maria.Lopez@EXAMPLE.com")}, 200, []string{maria.Id}, ""},
		{"phone, plain", soap.SearchCustomersParams{PhoneNumber: soapS("5125550143")}, 200, []string{maria.Id}, ""},
		{"phone, +1 formatted", soap.SearchCustomersParams{PhoneNumber: soapS("+1 (512) 555-0143")}, 200, []string{maria.Id}, ""},
		{"phone, dotted", soap.SearchCustomersParams{PhoneNumber: soapS("512.555.0143")}, 200, []string{maria.Id}, ""},
		{"both match", soap.SearchCustomersParams{Email: soapS("maria.lopez@example.com"), PhoneNumber: soapS("5125550143")}, 200, []string{maria.Id}, ""},
		{"both, one mismatching", soap.SearchCustomersParams{Email: soapS("sam@example.com"), PhoneNumber: soapS("5125550143")}, 200, []string{}, ""},
		{"no phone on file", soap.SearchCustomersParams{Email: soapS("sam@example.com")}, 200, []string{sam.Id}, ""},
		{"nothing matches", soap.SearchCustomersParams{Email: soapS("nobody@example.com")}, 200, []string{}, ""},
		{"several, creation order", soap.SearchCustomersParams{Email: soapS("twin@example.com")}, 200,
			[]string{"cus_Twin1AAAAAAAAAAAAAAAAAAAAAAAAAAA", "cus_Twin2AAAAAAAAAAAAAAAAAAAAAAAAAAA"}, ""},
		{"no criterion", soap.SearchCustomersParams{}, 422, nil, "base"},
		{"11 digits without +", soap.SearchCustomersParams{PhoneNumber: soapS("15125550143")}, 422, nil, "phone_number"},
		{"too few digits", soap.SearchCustomersParams{PhoneNumber: soapS("555-0143")}, 422, nil, "phone_number"},
		{"11 digits, country code not 1", soap.SearchCustomersParams{PhoneNumber: soapS("+2 512 555 0143")}, 422, nil, "phone_number"},
		{"bad email", soap.SearchCustomersParams{Email: soapS("not-an-email")}, 422, nil, "email"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := soapSearch(t, c, tc.params)
			require.Equal(t, tc.status, out.StatusCode(), "status: %s", out.Body)
			if tc.status != 200 {
				assert.NotEmpty(t, soapErrorsMap(t, out.JSON422)[tc.field], "errors[%s] missing: %s", tc.field, out.Body)
				return
			}
			assert.Contains(t, string(out.Body), `"results":[`, "no results array")
			ids := []string{}
			for _, r := range out.JSON200.Results {
				ids = append(ids, r.Id)
			}
			assert.Equal(t, tc.wantIDs, ids, "ids")
		})
	}

	// Both parameters refused: each is named in the errors map.
	bad := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("not-an-email"), PhoneNumber: soapS("12")})
	m := soapErrorsMap(t, bad.JSON422)
	assert.Equal(t, 422, bad.StatusCode(), "both invalid: status")
	assert.Len(t, m["email"], 1, "both invalid: errors[email]; body %s", bad.Body)
	assert.Len(t, m["phone_number"], 1, "both invalid: errors[phone_number]; body %s", bad.Body)

	// Results leave out date_of_birth and updated_at, even for an updated
	// customer with a birth date, and carry the rest.
	out := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("maria.lopez@example.com")})
	var body struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	require.NoError(t, json.Unmarshal(out.Body, &body), "%s", out.Body)
	require.Len(t, body.Results, 1, "results: %s", out.Body)
	r := body.Results[0]
	for _, k := range []string{"date_of_birth", "updated_at"} {
		assert.NotContains(t, r, k, "search result carries %s: %s", k, out.Body)
	}
	assert.Equal(t, `"López"`, string(r["last_name"]), "result last_name")
	assert.Equal(t, `"crm-1"`, string(r["internal_id"]), "result internal_id")
	assert.Equal(t, `"5125550143"`, string(r["phone_number"]), "result phone_number")
	// Unauthenticated searches.
	for auth, want := range map[string]int{"": 401, "Bearer wrong": 401, srv.Credentials.APIKey: 200} {
		out := soapSearch(t, soapTestClient(t, srv, auth), soap.SearchCustomersParams{Email: soapS("sam@example.com")})
		assert.Equal(t, want, out.StatusCode(), "auth %q: %s", auth, out.Body)
		if want == 401 {
			assert.NotNil(t, out.JSON401, "auth %q: no 401 body: %s", auth, out.Body)
		}
	}
	soapNoResponseViolations(t, srv)
}

func TestSoapLimits(t *testing.T) {
	t.Parallel()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t, WithMaxCustomers(2))
		for i := range 2 {
			soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("c%d@example.com", i), FirstName: "A", LastName: "B"})
		}
		out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "c3@example.com", FirstName: "A", LastName: "B"})
		if assert.Equal(t, 422, out.StatusCode(), "store full: %s", out.Body) && assert.NotNil(t, out.JSON422, "store full: %s", out.Body) {
			assert.Contains(t, soapText(out.JSON422.Error), "limit", "store full: error")
		}
		assert.Equal(t, 2, srv.Count(), "count")
		soapNoResponseViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t, WithMaxBodyBytes(128))
		out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "big@example.com", FirstName: strings.Repeat("A", 200), LastName: "B"})
		if assert.Equal(t, 422, out.StatusCode(), "too large: %s", out.Body) && assert.NotNil(t, out.JSON422, "too large: %s", out.Body) {
			assert.Contains(t, soapText(out.JSON422.Error), "128 bytes", "too large: error")
		}
		assert.Zero(t, srv.Count(), "count")
		// Below the cap it works.
		soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "small@example.com", FirstName: "A", LastName: "B"})
		soapNoResponseViolations(t, srv)
	})
}

// Soap has no list endpoint and no paging: search is the only read. This test
// seeds 300 customers and reads every one of them back by phone number (in
// varying formats) and by email while writers create customers through the
// API: every seeded id must be found exactly once, and nothing else.
// soapWrite creates one customer, closing the answer before it returns. It
// runs off the test goroutine, so it reports failures instead of failing
// the test.
func soapWrite(c *soap.Client, w, i int) error {
	res, err := c.CreateCustomer(context.Background(), soap.CreateCustomerJSONRequestBody{
		Email: fmt.Sprintf("writer%d.%d@example.com", w, i), FirstName: "Writer", LastName: "Concurrent",
		PhoneNumber: soapS(fmt.Sprintf("737%03d%04d", w, i)),
	})
	out, err := sent(res, err, soap.ParseCreateCustomerResponse)
	if err != nil {
		return fmt.Errorf("writer create: %w", err)
	}
	if out.StatusCode() != http.StatusCreated {
		return fmt.Errorf("writer create: status %d: %s", out.StatusCode(), out.Body)
	}
	return nil
}

func TestSoapSeedAndSearchWithConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	ids, err := srv.Seed(300)
	require.NoError(t, err)
	require.Equal(t, 300, srv.Count(), "count after seeding")
	require.Zero(t, srv.Created(), "created after seeding")
	type seeded struct{ email, phone string }
	want := map[string]seeded{}
	for _, id := range ids {
		raw, ok := srv.Customer(id)
		require.True(t, ok, "seeded %s missing", id)
		var c soap.Customer
		require.NoError(t, json.Unmarshal(raw, &c))
		require.Regexp(t, soapTestIDPattern, c.Id, "unrealistic seed %s", raw)
		require.NotEmpty(t, c.PhoneNumber, "unrealistic seed %s", raw)
		require.NotEmpty(t, c.FirstName, "unrealistic seed %s", raw)
		require.True(t, c.DateOfBirth.Valid(), "unrealistic seed %s", raw)
		want[id] = seeded{c.Email, c.PhoneNumber}
	}
	c := soapTestClient(t, srv, soapBearer(srv))

	const writers, perWriter = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				if err := soapWrite(c, w, i); err != nil {
					errs <- err
				}
			}
		}()
	}

	seen := map[string]int{}
	for i, id := range ids {
		s := want[id]
		phone := s.phone
		switch i % 3 {
		case 1:
			phone = fmt.Sprintf("+1 (%s) %s-%s", phone[:3], phone[3:6], phone[6:])
		case 2:
			phone = phone[:3] + "." + phone[3:6] + "." + phone[6:]
		}
		params := soap.SearchCustomersParams{PhoneNumber: &phone}
		if i%2 == 0 {
			params.Email = soapS(strings.ToUpper(s.email))
		}
		out := soapSearch(t, c, params)
		require.Equal(t, 200, out.StatusCode(), "search %d: %s", i, out.Body)
		require.NotNil(t, out.JSON200, "search %d: %s", i, out.Body)
		for _, r := range out.JSON200.Results {
			seen[r.Id]++
			assert.Equal(t, id, r.Id, "search for %s (%s) found another", id, phone)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err, "writer")
	}
	for _, id := range ids {
		assert.Equal(t, 1, seen[id], "times seeded %s was seen", id)
	}
	assert.Len(t, seen, len(ids), "ids seen")
	assert.Equal(t, 300+writers*perWriter, srv.Count(), "count")
	assert.Equal(t, writers*perWriter, srv.Created(), "created")
	// Every writer's customer is there, once, by phone.
	for w := range writers {
		for i := range perWriter {
			out := soapSearch(t, c, soap.SearchCustomersParams{PhoneNumber: soapS(fmt.Sprintf("737%03d%04d", w, i))})
			if assert.Equal(t, 200, out.StatusCode(), "writer %d.%d: %s", w, i, out.Body) && assert.Len(t, out.JSON200.Results, 1, "writer %d.%d", w, i) {
				assert.Equal(t, fmt.Sprintf("writer%d.%d@example.com", w, i), out.JSON200.Results[0].Email, "writer %d.%d", w, i)
			}
		}
	}
	soapNoResponseViolations(t, srv)
}

func TestSoapFaults(t *testing.T) {
	t.Parallel()
	body := func(n int) soap.CreateCustomerJSONRequestBody {
		return soap.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("fault%d@example.com", n), FirstName: "F", LastName: "Ault"}
	}
	lastEntry := func(t *testing.T, srv *Server) Request {
		t.Helper()
		j := srv.Journal()
		require.NotEmpty(t, j, "journal")
		return j[len(j)-1]
	}
	found := func(t *testing.T, c *soap.Client, email string) int {
		t.Helper()
		out := soapSearch(t, c, soap.SearchCustomersParams{Email: &email})
		require.Equal(t, 200, out.StatusCode(), "search: %s", out.Body)
		return len(out.JSON200.Results)
	}

	t.Run("status 429 with Retry-After", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t)
		srv.Faults.Add(Fault{Operation: "createCustomer", Status: 429, RetryAfter: "3"})
		out := soapCreate(t, c, body(1))
		require.Equal(t, 429, out.StatusCode(), "%s", out.Body)
		require.Equal(t, "3", out.HTTPResponse.Header.Get("Retry-After"), "Retry-After")
		if assert.NotNil(t, out.JSONDefault, "body %s", out.Body) {
			assert.Equal(t, "Too Many Requests", soapText(out.JSONDefault.Error), "error")
		}
		e := assertJournaled(t, srv, 429, false, "status 429")
		assert.Equal(t, "createCustomer", e.Operation, "journal operation")
		assert.Zero(t, srv.Created(), "a 429 was applied: created")
		assert.Zero(t, found(t, c, "fault1@example.com"), "a 429 was applied: found")
		// The retry goes through.
		soapMustCreate(t, c, body(1))
		assert.Equal(t, 1, srv.Created(), "created")
		assert.Zero(t, srv.Faults.Pending(), "pending faults")
		soapNoResponseViolations(t, srv)
	})
	t.Run("drop before", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t)
		srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
		res, err := c.CreateCustomer(context.Background(), body(2))
		closeBody(res)
		require.Error(t, err, "dropped connection answered")
		assertJournaled(t, srv, 0, false, "drop before")
		assert.Zero(t, srv.Created(), "drop before was applied: created")
		assert.Zero(t, found(t, c, "fault2@example.com"), "drop before was applied: found")
		soapNoResponseViolations(t, srv)
	})
	t.Run("drop after", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t)
		srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
		res, err := c.CreateCustomer(context.Background(), body(3))
		closeBody(res)
		require.Error(t, err, "dropped connection answered")
		assertJournaled(t, srv, 0, true, "drop after")
		assert.Equal(t, 1, srv.Created(), "drop after was not applied: created")
		assert.Equal(t, 1, found(t, c, "fault3@example.com"), "drop after was not applied: found")
		// A blind retry is refused as a duplicate: create is not idempotent.
		out := soapCreate(t, c, body(3))
		assert.Equal(t, 422, out.StatusCode(), "retry: %s", out.Body)
		assert.Contains(t, string(out.Body), "Email has already been taken", "retry")
		soapNoResponseViolations(t, srv)
	})
	t.Run("HTML page", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t)
		srv.Faults.Add(Fault{Operation: "createCustomer", Body: HTMLPage})
		out := soapCreate(t, c, body(4))
		assert.Equal(t, 201, out.StatusCode(), "status: %s", out.Body)
		assert.Nil(t, out.JSON201, "JSON201")
		assert.Regexp(t, `^text/html`, out.ContentType(), "content type")
		assert.Contains(t, string(out.Body), "502 Bad Gateway", "body")
		assertJournaled(t, srv, 201, true, "body fault")
		assert.Equal(t, 1, srv.Created(), "HTML page fault: create not applied: created")
		assert.Equal(t, 1, found(t, c, "fault4@example.com"), "HTML page fault: create not applied: found")
		soapNoResponseViolations(t, srv)
	})
	t.Run("status 503 on search", func(t *testing.T) {
		t.Parallel()
		srv, c := soapStart(t)
		srv.Faults.Add(Fault{Operation: "searchCustomers", Status: 503, RetryAfter: "10"})
		out := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("a@example.com")})
		assert.Equal(t, 503, out.StatusCode(), "%s", out.Body)
		assert.Equal(t, "10", out.HTTPResponse.Header.Get("Retry-After"), "Retry-After")
		assert.NotNil(t, out.JSONDefault, "body %s", out.Body)
		e := lastEntry(t, srv)
		assert.Equal(t, "searchCustomers", e.Operation, "journal operation")
		assert.Equal(t, 503, e.Status, "journal status")
	})
}

// soapText reads a Soap error field holding a JSON string.
func soapText(raw *json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	_ = json.Unmarshal(*raw, &s)
	return s
}

// A create or update whose e-mail belongs to one customer and phone number to
// another hears of both clashes, as Rails' validator reports every failed
// uniqueness rule; nothing is stored or changed.
func TestSoapClashesWithTwoCustomers(t *testing.T) {
	t.Parallel()
	srv, c := soapStart(t)
	soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "a@example.com", FirstName: "A", LastName: "A", PhoneNumber: soapS("5550000001")})
	soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "b@example.com", FirstName: "B", LastName: "B", PhoneNumber: soapS("5550000002")})
	third := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "c@example.com", FirstName: "C", LastName: "C", PhoneNumber: soapS("5550000003")})
	before, _ := srv.Customer(third.Id)
	both := []string{"Email has already been taken", "Phone number has already been taken"}
	for _, tc := range []struct {
		name string
		send func() (int, *soap.SoapError, []byte)
		want []string
	}{
		{"create: e-mail of one, phone of another", func() (int, *soap.SoapError, []byte) {
			out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "A@example.com", FirstName: "X", LastName: "X", PhoneNumber: soapS("5550000002")})
			return out.StatusCode(), out.JSON422, out.Body
		}, both},
		{"create: e-mail and phone of one", func() (int, *soap.SoapError, []byte) {
			out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "a@example.com", FirstName: "X", LastName: "X", PhoneNumber: soapS("5550000001")})
			return out.StatusCode(), out.JSON422, out.Body
		}, both},
		{"update: e-mail of one, phone of another", func() (int, *soap.SoapError, []byte) {
			out := soapUpdate(t, c, third.Id, soap.UpdateCustomerJSONRequestBody{Email: soapS("b@EXAMPLE.com"), PhoneNumber: soapS("5550000001")})
			return out.StatusCode(), out.JSON422, out.Body
		}, both},
		{"update: only the phone of another", func() (int, *soap.SoapError, []byte) {
			out := soapUpdate(t, c, third.Id, soap.UpdateCustomerJSONRequestBody{Email: soapS("new@example.com"), PhoneNumber: soapS("5550000001")})
			return out.StatusCode(), out.JSON422, out.Body
		}, both[1:]},
	} {
		status, e, body := tc.send()
		if !assert.Equal(t, http.StatusUnprocessableEntity, status, "%s: status: %s", tc.name, body) {
			continue
		}
		assert.Equal(t, tc.want, soapErrorsList(t, e), "%s: errors", tc.name)
	}
	assert.Equal(t, 3, srv.Count(), "customers: a refused create was stored")
	after, _ := srv.Customer(third.Id)
	assert.Equal(t, string(before), string(after), "a refused update changed the customer")
	soapNoResponseViolations(t, srv)
}

// Ids of another length than today's 32 characters are still Soap ids (the
// spec does not fix the length): a customer stored under one is updated, and
// a bad body for it is a 422, not a 404.
func TestSoapShortID(t *testing.T) {
	t.Parallel()
	srv, c := soapStart(t)
	raw := `{"id":"cus_short1","email":"short@example.com","first_name":"S","last_name":"Hort","created_at":"2025-01-01T00:00:00.000Z"}`
	_, err := srv.Put(json.RawMessage(raw))
	require.NoError(t, err)
	out := soapUpdate(t, c, "cus_short1", soap.UpdateCustomerJSONRequestBody{FirstName: soapS("Sam")})
	if assert.Equal(t, 200, out.StatusCode(), "update: %s", out.Body) && assert.NotNil(t, out.JSON200, "update: %s", out.Body) {
		assert.Equal(t, "Sam", out.JSON200.FirstName, "first_name after update")
	}
	out = soapUpdateRaw(t, c, "cus_short1", `{"nickname":"x"}`)
	assert.Equal(t, 422, out.StatusCode(), "bad body: %s", out.Body)
	out = soapUpdateRaw(t, c, "cus_nobody", `{"nickname":"x"}`)
	assert.Equal(t, 404, out.StatusCode(), "bad body for an unknown id: %s", out.Body)
}
