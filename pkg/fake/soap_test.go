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
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func soapBearer(srv *Server) string { return "Bearer " + srv.Credentials.APIKey }

func soapS(s string) *string { return &s }

func soapCreate(t *testing.T, c *soap.Client, body soap.CreateCustomerJSONRequestBody) *soap.CreateCustomerResponse {
	t.Helper()
	res, err := c.CreateCustomer(context.Background(), body)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	out, err := soap.ParseCreateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func soapMustCreate(t *testing.T, c *soap.Client, body soap.CreateCustomerJSONRequestBody) soap.Customer {
	t.Helper()
	out := soapCreate(t, c, body)
	if out.StatusCode() != http.StatusCreated || out.JSON201 == nil {
		t.Fatalf("create: %d %s", out.StatusCode(), out.Body)
	}
	return *out.JSON201
}

func soapUpdate(t *testing.T, c *soap.Client, id string, body soap.UpdateCustomerJSONRequestBody) *soap.UpdateCustomerResponse {
	t.Helper()
	res, err := c.UpdateCustomer(context.Background(), id, body)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	out, err := soap.ParseUpdateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func soapUpdateRaw(t *testing.T, c *soap.Client, id, body string) *soap.UpdateCustomerResponse {
	t.Helper()
	res, err := c.UpdateCustomerWithBody(context.Background(), id, "application/json", strings.NewReader(body))
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	out, err := soap.ParseUpdateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func soapSearch(t *testing.T, c *soap.Client, p soap.SearchCustomersParams) *soap.SearchCustomersResponse {
	t.Helper()
	res, err := c.SearchCustomers(context.Background(), &p)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	out, err := soap.ParseSearchCustomersResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// soapErrorsMap decodes {"errors": {"field": [...]}}.
func soapErrorsMap(t *testing.T, e *soap.SoapError) map[string][]string {
	t.Helper()
	if e == nil || e.Errors == nil {
		t.Fatalf("no errors in %+v", e)
	}
	var m map[string][]string
	if err := json.Unmarshal(*e.Errors, &m); err != nil {
		t.Fatalf("errors is not a field map: %s", *e.Errors)
	}
	return m
}

// soapErrorsList decodes {"errors": ["Full message", ...]}.
func soapErrorsList(t *testing.T, e *soap.SoapError) []string {
	t.Helper()
	if e == nil || e.Errors == nil {
		t.Fatalf("no errors in %+v", e)
	}
	var l []string
	if err := json.Unmarshal(*e.Errors, &l); err != nil {
		t.Fatalf("errors is not a list: %s", *e.Errors)
	}
	return l
}

func soapNoResponseViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		if v.Response {
			t.Errorf("response violation: %+v", v)
		}
	}
}

func soapRawKeys(t *testing.T, raw []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
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
			if out.StatusCode() != http.StatusCreated || out.JSON201 == nil {
				t.Fatalf("status %d: %s", out.StatusCode(), out.Body)
			}
			got := out.JSON201
			if !soapTestIDPattern.MatchString(got.Id) {
				t.Errorf("id %q", got.Id)
			}
			if got.Email != tc.body.Email || got.FirstName != tc.body.FirstName || got.LastName != tc.body.LastName {
				t.Errorf("got %+v", got)
			}
			if !got.CreatedAt.Equal(soapTestClock()) {
				t.Errorf("created_at %v", got.CreatedAt)
			}
			raw := soapRawKeys(t, out.Body)
			if string(raw["created_at"]) != `"2025-03-10T16:08:14.420Z"` {
				t.Errorf("created_at on the wire %s", raw["created_at"])
			}
			if _, ok := raw["updated_at"]; ok {
				t.Errorf("create answer carries updated_at: %s", out.Body)
			}
			checkNullable := func(key string, want *string) {
				if want == nil {
					if string(raw[key]) != "null" {
						t.Errorf("%s = %s, want null", key, raw[key])
					}
					return
				}
				if string(raw[key]) != fmt.Sprintf("%q", *want) {
					t.Errorf("%s = %s, want %q", key, raw[key], *want)
				}
			}
			checkNullable("phone_number", tc.body.PhoneNumber)
			checkNullable("internal_id", tc.body.InternalId)
			var d *string
			if tc.body.DateOfBirth != nil {
				d = soapS(tc.body.DateOfBirth.String())
			}
			checkNullable("date_of_birth", d)
			stored, ok := srv.Customer(got.Id)
			if !ok || !strings.Contains(string(stored), tc.body.Email) {
				t.Errorf("stored %s %v", stored, ok)
			}
		})
	}
	if srv.Created() != len(tests) {
		t.Errorf("Created() = %d", srv.Created())
	}
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
			if out.JSON401 == nil || out.JSON401.Message == nil || soapText(out.JSON401.Message) != "Missing API key" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"wrong bearer key", "Bearer sk_sandbox_wrong", valid, 401, func(t *testing.T, out *soap.CreateCustomerResponse) {
			if out.JSON401 == nil || out.JSON401.Error == nil || soapText(out.JSON401.Error) != "Unauthorized" {
				t.Errorf("body %s", out.Body)
			}
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
					if len(m[field]) != 1 || m[field][0] != msg {
						t.Errorf("errors[%s] = %v, want [%s]; body %s", field, m[field], msg, out.Body)
					}
				}
			}},
		{"invalid birth date", soapBearer(srv), `{"email":"d@example.com","first_name":"A","last_name":"B","date_of_birth":"1990-02-30"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				if m := soapErrorsMap(t, out.JSON422); len(m["date_of_birth"]) != 1 {
					t.Errorf("body %s", out.Body)
				}
			}},
		{"not JSON", soapBearer(srv), `{"email":`, 422, func(t *testing.T, out *soap.CreateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["base"]) != 1 {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"duplicate email, other case", soapBearer(srv), `{"email":"TAKEN@Example.com","first_name":"A","last_name":"B"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				if l := soapErrorsList(t, out.JSON422); len(l) != 1 || l[0] != "Email has already been taken" {
					t.Errorf("body %s", out.Body)
				}
			}},
		{"duplicate phone", soapBearer(srv), `{"email":"other@example.com","first_name":"A","last_name":"B","phone_number":"5125550199"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				if l := soapErrorsList(t, out.JSON422); len(l) != 1 || l[0] != "Phone number has already been taken" {
					t.Errorf("body %s", out.Body)
				}
			}},
		{"duplicate email and phone", soapBearer(srv), `{"email":"taken@example.com","first_name":"A","last_name":"B","phone_number":"5125550199"}`, 422,
			func(t *testing.T, out *soap.CreateCustomerResponse) {
				l := soapErrorsList(t, out.JSON422)
				if strings.Join(l, "|") != "Email has already been taken|Phone number has already been taken" {
					t.Errorf("body %s", out.Body)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := soapTestClient(t, srv, tc.auth)
			res, err := c.CreateCustomerWithBody(context.Background(), "application/json", strings.NewReader(tc.body))
			defer closeBody(res)
			if err != nil {
				t.Fatal(err)
			}
			out, err := soap.ParseCreateCustomerResponse(res)
			if err != nil {
				t.Fatal(err)
			}
			if out.StatusCode() != tc.status {
				t.Fatalf("status %d, want %d: %s", out.StatusCode(), tc.status, out.Body)
			}
			if !strings.HasPrefix(out.ContentType(), "application/json") {
				t.Errorf("content type %q", out.ContentType())
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
	if srv.Count() != 1 || srv.Created() != 1 {
		t.Errorf("count %d created %d: a refused create was stored", srv.Count(), srv.Created())
	}
	soapNoResponseViolations(t, srv)
}

func TestSoapUpdate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := soapTestClock()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := Start(t, "soap", WithClock(clock))
	c := soapTestClient(t, srv, soapBearer(srv))
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
	if out.StatusCode() != 200 || out.JSON200 == nil {
		t.Fatalf("update: %d %s", out.StatusCode(), out.Body)
	}
	got := out.JSON200
	if got.Id != orig.Id || got.FirstName != "Jane" || got.PhoneNumber.MustGet() != "5551234567" ||
		got.LastName != "Doe" || got.Email != "customer@example.com" || got.InternalId.MustGet() != "cust_123" ||
		got.DateOfBirth.MustGet().String() != "1990-01-01" || !got.CreatedAt.Equal(orig.CreatedAt.Time) {
		t.Errorf("after update: %s", out.Body)
	}
	raw := soapRawKeys(t, out.Body)
	if string(raw["updated_at"]) != `"2025-03-12T16:08:14.421Z"` || string(raw["created_at"]) != `"2025-03-10T16:08:14.420Z"` {
		t.Errorf("timestamps: %s", out.Body)
	}

	// A second partial update keeps the first one's changes.
	out = soapUpdate(t, c, orig.Id, soap.UpdateCustomerJSONRequestBody{
		DateOfBirth: func() *flex.Date { d := flex.NewDate(1988, time.July, 14); return &d }(),
		Email:       soapS("CUSTOMER@example.com"), // its own email in another case: not a duplicate
	})
	if out.StatusCode() != 200 || out.JSON200.FirstName != "Jane" || out.JSON200.DateOfBirth.MustGet().String() != "1988-07-14" ||
		out.JSON200.Email != "CUSTOMER@example.com" || out.JSON200.PhoneNumber.MustGet() != "5551234567" {
		t.Errorf("second update: %d %s", out.StatusCode(), out.Body)
	}
	stored, _ := srv.Customer(orig.Id)
	if !strings.Contains(string(stored), `"first_name":"Jane"`) || !strings.Contains(string(stored), `"date_of_birth":"1988-07-14"`) {
		t.Errorf("stored %s", stored)
	}

	tests := []struct {
		name   string
		auth   string
		id     string
		body   string
		status int
		check  func(t *testing.T, out *soap.UpdateCustomerResponse)
	}{
		{"missing key", "", orig.Id, `{"first_name":"X"}`, 401, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if out.JSON401 == nil || out.JSON401.Message == nil {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"wrong key", "Bearer nope", orig.Id, `{"first_name":"X"}`, 401, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if out.JSON401 == nil || out.JSON401.Error == nil || soapText(out.JSON401.Error) != "Unauthorized" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"unknown id", soapBearer(srv), "cus_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", `{"first_name":"X"}`, 404, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if out.JSON404 == nil || out.JSON404.Error == nil || soapText(out.JSON404.Error) != "Customer not found" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"malformed id", soapBearer(srv), "cus_short", `{"first_name":"X"}`, 404, nil},
		{"empty body object", soapBearer(srv), orig.Id, `{}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["base"]) != 1 {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"internal_id cannot change", soapBearer(srv), orig.Id, `{"internal_id":"x"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["internal_id"]) != 1 || m["internal_id"][0] != "is not an accepted field" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"null does not clear", soapBearer(srv), orig.Id, `{"phone_number":null}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["phone_number"]) != 1 {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"bad phone", soapBearer(srv), orig.Id, `{"phone_number":"555-123-4567"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["phone_number"]) != 1 || m["phone_number"][0] != "must be 10 digits" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"blank name", soapBearer(srv), orig.Id, `{"last_name":""}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if m := soapErrorsMap(t, out.JSON422); len(m["last_name"]) != 1 {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"email of another customer", soapBearer(srv), orig.Id, `{"email":"Other@Example.com"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if l := soapErrorsList(t, out.JSON422); len(l) != 1 || l[0] != "Email has already been taken" {
				t.Errorf("body %s", out.Body)
			}
		}},
		{"phone of another customer", soapBearer(srv), orig.Id, `{"phone_number":"5125550100"}`, 422, func(t *testing.T, out *soap.UpdateCustomerResponse) {
			if l := soapErrorsList(t, out.JSON422); len(l) != 1 || l[0] != "Phone number has already been taken" {
				t.Errorf("body %s", out.Body)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := soapUpdateRaw(t, soapTestClient(t, srv, tc.auth), tc.id, tc.body)
			if out.StatusCode() != tc.status {
				t.Fatalf("status %d, want %d: %s", out.StatusCode(), tc.status, out.Body)
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
	// Refused updates changed nothing.
	after, _ := srv.Customer(orig.Id)
	if string(after) != string(stored) {
		t.Errorf("refused updates changed the customer:\n%s\n%s", stored, after)
	}
	if o, _ := srv.Customer(other.Id); strings.Contains(string(o), "updated_at") {
		t.Errorf("other customer touched: %s", o)
	}
	soapNoResponseViolations(t, srv)
}

func TestSoapSearch(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	c := soapTestClient(t, srv, soapBearer(srv))
	dob := flex.NewDate(1988, time.July, 14)
	maria := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{
		Email: "maria.lopez@example.com", FirstName: "Maria", LastName: "Lopez",
		PhoneNumber: soapS("5125550143"), DateOfBirth: &dob, InternalId: soapS("crm-1"),
	})
	sam := soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "sam@example.com", FirstName: "Sam", LastName: "Okafor"})
	if out := soapUpdate(t, c, maria.Id, soap.UpdateCustomerJSONRequestBody{LastName: soapS("López")}); out.StatusCode() != 200 {
		t.Fatalf("update %s", out.Body)
	}
	// Odd data put past the rules: two customers sharing an email, to see
	// several results in creation order.
	twin1 := `{"id":"cus_Twin1AAAAAAAAAAAAAAAAAAAAAAAAAAA","email":"twin@example.com","first_name":"T","last_name":"One","created_at":"2025-01-01T00:00:00.000Z"}`
	twin2 := `{"id":"cus_Twin2AAAAAAAAAAAAAAAAAAAAAAAAAAA","email":"TWIN@example.com","first_name":"T","last_name":"Two","created_at":"2025-01-02T00:00:00.000Z"}`
	for _, raw := range []string{twin1, twin2} {
		if _, err := srv.Put(json.RawMessage(raw)); err != nil {
			t.Fatal(err)
		}
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
			if out.StatusCode() != tc.status {
				t.Fatalf("status %d, want %d: %s", out.StatusCode(), tc.status, out.Body)
			}
			if tc.status != 200 {
				if m := soapErrorsMap(t, out.JSON422); len(m[tc.field]) == 0 {
					t.Errorf("errors[%s] missing: %s", tc.field, out.Body)
				}
				return
			}
			if !strings.Contains(string(out.Body), `"results":[`) {
				t.Errorf("no results array: %s", out.Body)
			}
			var ids []string
			for _, r := range out.JSON200.Results {
				ids = append(ids, r.Id)
			}
			if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("ids %v, want %v", ids, tc.wantIDs)
			}
		})
	}

	// Both parameters refused: each is named in the errors map.
	bad := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("not-an-email"), PhoneNumber: soapS("12")})
	if m := soapErrorsMap(t, bad.JSON422); bad.StatusCode() != 422 || len(m["email"]) != 1 || len(m["phone_number"]) != 1 {
		t.Errorf("both invalid: %d %s", bad.StatusCode(), bad.Body)
	}

	// Results leave out date_of_birth and updated_at, even for an updated
	// customer with a birth date, and carry the rest.
	out := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("maria.lopez@example.com")})
	var body struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(out.Body, &body); err != nil || len(body.Results) != 1 {
		t.Fatalf("%v %s", err, out.Body)
	}
	r := body.Results[0]
	for _, k := range []string{"date_of_birth", "updated_at"} {
		if _, ok := r[k]; ok {
			t.Errorf("search result carries %s: %s", k, out.Body)
		}
	}
	if string(r["last_name"]) != `"López"` || string(r["internal_id"]) != `"crm-1"` || string(r["phone_number"]) != `"5125550143"` {
		t.Errorf("result %s", out.Body)
	}
	// Unauthenticated searches.
	for auth, want := range map[string]int{"": 401, "Bearer wrong": 401, srv.Credentials.APIKey: 200} {
		out := soapSearch(t, soapTestClient(t, srv, auth), soap.SearchCustomersParams{Email: soapS("sam@example.com")})
		if out.StatusCode() != want {
			t.Errorf("auth %q: %d %s", auth, out.StatusCode(), out.Body)
		}
		if want == 401 && out.JSON401 == nil {
			t.Errorf("auth %q: no 401 body: %s", auth, out.Body)
		}
	}
	soapNoResponseViolations(t, srv)
}

func TestSoapLimits(t *testing.T) {
	t.Parallel()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap", WithMaxCustomers(2))
		c := soapTestClient(t, srv, soapBearer(srv))
		for i := range 2 {
			soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("c%d@example.com", i), FirstName: "A", LastName: "B"})
		}
		out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "c3@example.com", FirstName: "A", LastName: "B"})
		if out.StatusCode() != 422 || out.JSON422 == nil || out.JSON422.Error == nil || !strings.Contains(soapText(out.JSON422.Error), "limit") {
			t.Errorf("store full: %d %s", out.StatusCode(), out.Body)
		}
		if srv.Count() != 2 {
			t.Errorf("count %d", srv.Count())
		}
		soapNoResponseViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap", WithMaxBodyBytes(128))
		c := soapTestClient(t, srv, soapBearer(srv))
		out := soapCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "big@example.com", FirstName: strings.Repeat("A", 200), LastName: "B"})
		if out.StatusCode() != 422 || out.JSON422 == nil || out.JSON422.Error == nil || !strings.Contains(soapText(out.JSON422.Error), "128 bytes") {
			t.Errorf("too large: %d %s", out.StatusCode(), out.Body)
		}
		if srv.Count() != 0 {
			t.Errorf("count %d", srv.Count())
		}
		// Below the cap it works.
		soapMustCreate(t, c, soap.CreateCustomerJSONRequestBody{Email: "small@example.com", FirstName: "A", LastName: "B"})
		soapNoResponseViolations(t, srv)
	})
}

// Soap has no list endpoint and no paging: search is the only read. This test
// seeds 300 customers and reads every one of them back by phone number (in
// varying formats) and by email while writers create customers through the
// API: every seeded id must be found exactly once, and nothing else.
func TestSoapSeedAndSearchWithConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	ids, err := srv.Seed(300)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 300 || srv.Created() != 0 {
		t.Fatalf("count %d created %d after seeding", srv.Count(), srv.Created())
	}
	type seeded struct{ email, phone string }
	want := map[string]seeded{}
	for _, id := range ids {
		raw, ok := srv.Customer(id)
		if !ok {
			t.Fatalf("seeded %s missing", id)
		}
		var c soap.Customer
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		if !soapTestIDPattern.MatchString(c.Id) || c.PhoneNumber.MustGet() == "" || c.FirstName == "" || !c.DateOfBirth.MustGet().Valid() {
			t.Fatalf("unrealistic seed %s", raw)
		}
		want[id] = seeded{c.Email, c.PhoneNumber.MustGet()}
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
				res, err := c.CreateCustomer(context.Background(), soap.CreateCustomerJSONRequestBody{
					Email: fmt.Sprintf("writer%d.%d@example.com", w, i), FirstName: "Writer", LastName: "Concurrent",
					PhoneNumber: soapS(fmt.Sprintf("737%03d%04d", w, i)),
				})
				defer closeBody(res)
				if err != nil {
					errs <- err
					continue
				}
				out, err := soap.ParseCreateCustomerResponse(res)
				if err != nil || out.StatusCode() != 201 {
					errs <- fmt.Errorf("writer create: %w %s", err, out.Body)
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
		if out.StatusCode() != 200 || out.JSON200 == nil {
			t.Fatalf("search %d: %d %s", i, out.StatusCode(), out.Body)
		}
		for _, r := range out.JSON200.Results {
			seen[r.Id]++
			if r.Id != id {
				t.Errorf("search for %s (%s) found %s", id, phone, r.Id)
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("seeded %s seen %d times", id, seen[id])
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("saw %d ids, want %d", len(seen), len(ids))
	}
	if srv.Count() != 300+writers*perWriter || srv.Created() != writers*perWriter {
		t.Errorf("count %d created %d", srv.Count(), srv.Created())
	}
	// Every writer's customer is there, once, by phone.
	for w := range writers {
		for i := range perWriter {
			out := soapSearch(t, c, soap.SearchCustomersParams{PhoneNumber: soapS(fmt.Sprintf("737%03d%04d", w, i))})
			if out.StatusCode() != 200 || len(out.JSON200.Results) != 1 || out.JSON200.Results[0].Email != fmt.Sprintf("writer%d.%d@example.com", w, i) {
				t.Errorf("writer %d.%d: %s", w, i, out.Body)
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
		if len(j) == 0 {
			t.Fatal("empty journal")
		}
		return j[len(j)-1]
	}
	found := func(t *testing.T, c *soap.Client, email string) int {
		t.Helper()
		out := soapSearch(t, c, soap.SearchCustomersParams{Email: &email})
		if out.StatusCode() != 200 {
			t.Fatalf("search %d %s", out.StatusCode(), out.Body)
		}
		return len(out.JSON200.Results)
	}

	t.Run("status 429 with Retry-After", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap")
		c := soapTestClient(t, srv, soapBearer(srv))
		srv.Faults.Add(Fault{Operation: "createCustomer", Status: 429, RetryAfter: "3"})
		out := soapCreate(t, c, body(1))
		if out.StatusCode() != 429 || out.HTTPResponse.Header.Get("Retry-After") != "3" {
			t.Fatalf("%d %v %s", out.StatusCode(), out.HTTPResponse.Header, out.Body)
		}
		if out.JSONDefault == nil || out.JSONDefault.Error == nil || soapText(out.JSONDefault.Error) != "Too Many Requests" {
			t.Errorf("body %s", out.Body)
		}
		e := lastEntry(t, srv)
		if e.Operation != "createCustomer" || e.Status != 429 || e.Applied || !strings.Contains(e.Fault, "status 429") {
			t.Errorf("journal %+v", e)
		}
		if srv.Created() != 0 || found(t, c, "fault1@example.com") != 0 {
			t.Error("a 429 was applied")
		}
		// The retry goes through.
		soapMustCreate(t, c, body(1))
		if srv.Created() != 1 || srv.Faults.Pending() != 0 {
			t.Errorf("created %d pending %d", srv.Created(), srv.Faults.Pending())
		}
		soapNoResponseViolations(t, srv)
	})
	t.Run("drop before", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap")
		c := soapTestClient(t, srv, soapBearer(srv))
		srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
		if res, err := c.CreateCustomer(context.Background(), body(2)); err == nil {
			closeBody(res)
			t.Fatal("dropped connection answered")
		}
		e := lastEntry(t, srv)
		if e.Status != 0 || e.Applied || !strings.Contains(e.Fault, "drop before") {
			t.Errorf("journal %+v", e)
		}
		if srv.Created() != 0 || found(t, c, "fault2@example.com") != 0 {
			t.Error("drop before was applied")
		}
		soapNoResponseViolations(t, srv)
	})
	t.Run("drop after", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap")
		c := soapTestClient(t, srv, soapBearer(srv))
		srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
		if res, err := c.CreateCustomer(context.Background(), body(3)); err == nil {
			closeBody(res)
			t.Fatal("dropped connection answered")
		}
		e := lastEntry(t, srv)
		if e.Status != 0 || !e.Applied || !strings.Contains(e.Fault, "drop after") {
			t.Errorf("journal %+v", e)
		}
		if srv.Created() != 1 || found(t, c, "fault3@example.com") != 1 {
			t.Error("drop after was not applied")
		}
		// A blind retry is refused as a duplicate: create is not idempotent.
		out := soapCreate(t, c, body(3))
		if out.StatusCode() != 422 || !strings.Contains(string(out.Body), "Email has already been taken") {
			t.Errorf("retry: %d %s", out.StatusCode(), out.Body)
		}
		soapNoResponseViolations(t, srv)
	})
	t.Run("HTML page", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap")
		c := soapTestClient(t, srv, soapBearer(srv))
		srv.Faults.Add(Fault{Operation: "createCustomer", Body: HTMLPage})
		out := soapCreate(t, c, body(4))
		if out.StatusCode() != 201 || out.JSON201 != nil || !strings.HasPrefix(out.ContentType(), "text/html") ||
			!strings.Contains(string(out.Body), "502 Bad Gateway") {
			t.Errorf("%d %q %s", out.StatusCode(), out.ContentType(), out.Body)
		}
		e := lastEntry(t, srv)
		if e.Status != 201 || !e.Applied || !strings.Contains(e.Fault, "body fault") {
			t.Errorf("journal %+v", e)
		}
		if srv.Created() != 1 || found(t, c, "fault4@example.com") != 1 {
			t.Error("HTML page fault: create not applied")
		}
		soapNoResponseViolations(t, srv)
	})
	t.Run("status 503 on search", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "soap")
		c := soapTestClient(t, srv, soapBearer(srv))
		srv.Faults.Add(Fault{Operation: "searchCustomers", Status: 503, RetryAfter: "10"})
		out := soapSearch(t, c, soap.SearchCustomersParams{Email: soapS("a@example.com")})
		if out.StatusCode() != 503 || out.HTTPResponse.Header.Get("Retry-After") != "10" || out.JSONDefault == nil {
			t.Errorf("%d %s", out.StatusCode(), out.Body)
		}
		if e := lastEntry(t, srv); e.Operation != "searchCustomers" || e.Status != 503 {
			t.Errorf("journal %+v", e)
		}
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
	srv := Start(t, "soap")
	c := soapTestClient(t, srv, soapBearer(srv))
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
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %s", tc.name, status, body)
			continue
		}
		if got := soapErrorsList(t, e); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: errors %q, want %q", tc.name, got, tc.want)
		}
	}
	if srv.Count() != 3 {
		t.Errorf("%d customers, want 3: a refused create was stored", srv.Count())
	}
	if after, _ := srv.Customer(third.Id); string(after) != string(before) {
		t.Errorf("a refused update changed the customer:\n%s\n%s", before, after)
	}
	soapNoResponseViolations(t, srv)
}

// Ids of another length than today's 32 characters are still Soap ids (the
// spec does not fix the length): a customer stored under one is updated, and
// a bad body for it is a 422, not a 404.
func TestSoapShortID(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	c := soapTestClient(t, srv, soapBearer(srv))
	raw := `{"id":"cus_short1","email":"short@example.com","first_name":"S","last_name":"Hort","created_at":"2025-01-01T00:00:00.000Z"}`
	if _, err := srv.Put(json.RawMessage(raw)); err != nil {
		t.Fatal(err)
	}
	if out := soapUpdate(t, c, "cus_short1", soap.UpdateCustomerJSONRequestBody{FirstName: soapS("Sam")}); out.StatusCode() != 200 || out.JSON200 == nil || out.JSON200.FirstName != "Sam" {
		t.Errorf("update: %d %s", out.StatusCode(), out.Body)
	}
	if out := soapUpdateRaw(t, c, "cus_short1", `{"nickname":"x"}`); out.StatusCode() != 422 {
		t.Errorf("bad body: %d %s, want 422", out.StatusCode(), out.Body)
	}
	if out := soapUpdateRaw(t, c, "cus_nobody", `{"nickname":"x"}`); out.StatusCode() != 404 {
		t.Errorf("bad body for an unknown id: %d %s, want 404", out.StatusCode(), out.Body)
	}
}
