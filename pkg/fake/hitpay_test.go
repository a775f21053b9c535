package fake

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/flex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hitpayClientFor returns a generated client that sends key (none when "")
// and asks for JSON, as the HitPay adapter does.
func hitpayClientFor(t *testing.T, srv *Server, key string) *hitpay.Client {
	t.Helper()
	c, err := hitpay.NewClient(srv.URL, hitpay.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		if key != "" {
			req.Header.Set("X-BUSINESS-API-KEY", key)
		}
		req.Header.Set("Accept", "application/json")
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hitpayClientOf(t *testing.T, srv *Server) *hitpay.Client {
	return hitpayClientFor(t, srv, srv.Credentials.APIKey)
}

func hitpayPtr[T any](v T) *T { return &v }

// hitpayFullBody is a create request with every field set.
func hitpayFullBody(email string) hitpay.CreateCustomerJSONRequestBody {
	birth := flex.NewDate(1990, time.January, 1)
	return hitpay.CreateCustomerJSONRequestBody{
		Name:                   hitpayPtr("John Doe"),
		Email:                  email,
		PhoneNumber:            "91234567",
		PhoneNumberCountryCode: hitpayPtr("65"),
		Remark:                 hitpayPtr("Prefers contact by email"),
		BirthDate:              &birth,
		Gender:                 hitpayPtr("male"),
		Address: &hitpay.CustomerAddressInput{
			Street: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: hitpayPtr("SG"),
		},
	}
}

func hitpayMustCreate(t *testing.T, c *hitpay.Client, body hitpay.CreateCustomerJSONRequestBody) *hitpay.Customer {
	t.Helper()
	rsp, err := c.CreateCustomer(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	defer closeBody(rsp)
	res, err := hitpay.ParseCreateCustomerResponse(rsp)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode() != http.StatusCreated || res.JSON201 == nil {
		t.Fatalf("create: %d %s", res.StatusCode(), res.Body)
	}
	return res.JSON201
}

// hitpayJSONEqual compares two JSON texts by value.
func hitpayJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	assert.Equal(t, w, g, "body\n got %s\nwant %s", bytes.TrimSpace(got), want)
}

// hitpayFieldErrs decodes the "errors" of a Laravel error body.
func hitpayFieldErrs(t *testing.T, e *hitpay.LaravelError) hitpay.LaravelFieldErrors {
	t.Helper()
	if e == nil || e.Errors == nil {
		t.Fatalf("no errors in %+v", e)
	}
	var out hitpay.LaravelFieldErrors
	if bytes.HasPrefix(bytes.TrimSpace(*e.Errors), []byte("[")) {
		return out
	}
	if err := json.Unmarshal(*e.Errors, &out); err != nil {
		t.Fatalf("errors %s: %v", *e.Errors, err)
	}
	return out
}

func hitpayNoViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		if v.Response {
			t.Errorf("response violation: %s %d: %s", v.Operation, v.Status, v.Message)
		}
	}
}

func hitpayGetString(t *testing.T, n nullable.Nullable[string]) string {
	t.Helper()
	v, err := n.Get()
	if err != nil {
		t.Fatalf("want a value: %v", err)
	}
	return v
}

// hitpayClock ticks one minute per reading, from 2024-01-24T08:05:10Z.
func hitpayClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2024, time.January, 24, 8, 5, 10, 123456789, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now := t
		t = t.Add(time.Minute)
		return now
	}
}

func TestHitPayCustomerLifecycle(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay", WithClock(hitpayClock()))
	c := hitpayClientOf(t, srv)
	ctx := context.Background()

	rsp, err := c.CreateCustomer(ctx, hitpayFullBody("jsmith@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	defer closeBody(rsp)
	cr, err := hitpay.ParseCreateCustomerResponse(rsp)
	if err != nil {
		t.Fatal(err)
	}
	if cr.StatusCode() != http.StatusCreated || cr.JSON201 == nil {
		t.Fatalf("create: %d %s", cr.StatusCode(), cr.Body)
	}
	created := cr.JSON201
	if _, err := uuid.Parse(created.Id); err != nil {
		t.Errorf("id %q is not a UUID", created.Id)
	}
	// HitPay's wire form: every key, ATOM timestamps in Singapore time.
	hitpayJSONEqual(t, cr.Body, fmt.Sprintf(`{
		"id": %q, "name": "John Doe", "birth_date": "1990-01-01", "email": "jsmith@example.com",
		"phone_number": "91234567",
		"address": {"city": "Singapore", "state": "Singapore", "street": "1 Raffles Place", "postal_code": "048616", "country": "SG"},
		"gender": "male", "remark": "Prefers contact by email", "phone_number_country_code": "65",
		"created_at": "2024-01-24T16:05:10+08:00", "updated_at": "2024-01-24T16:05:10+08:00"}`, created.Id))
	if got := rsp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q", got)
	}

	// Retrieve: 200 with the same customer.
	gr, err := c.GetCustomer(ctx, created.Id)
	if err != nil {
		t.Fatal(err)
	}
	defer closeBody(gr)
	got, err := hitpay.ParseGetCustomerResponse(gr)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode() != http.StatusOK || got.JSON200 == nil {
		t.Fatalf("get: %d %s", got.StatusCode(), got.Body)
	}
	hitpayJSONEqual(t, got.Body, string(cr.Body))

	update := func(body hitpay.UpdateCustomerJSONRequestBody) *hitpay.UpdateCustomerResponse {
		t.Helper()
		rsp, err := c.UpdateCustomer(ctx, created.Id, body)
		defer closeBody(rsp)
		if err != nil {
			t.Fatal(err)
		}
		res, err := hitpay.ParseUpdateCustomerResponse(rsp)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode() != http.StatusOK || res.JSON200 == nil {
			t.Fatalf("update: %d %s", res.StatusCode(), res.Body)
		}
		return res
	}

	// Partial update: only the name changes, updated_at moves.
	up := update(hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("Jane Doe")})
	if hitpayGetString(t, up.JSON200.Name) != "Jane Doe" {
		t.Errorf("name %v", up.JSON200.Name)
	}
	var wire map[string]any
	_ = json.Unmarshal(up.Body, &wire)
	for k, want := range map[string]any{
		"email": "jsmith@example.com", "phone_number": "91234567", "remark": "Prefers contact by email",
		"birth_date": "1990-01-01", "gender": "male", "phone_number_country_code": "65",
		"created_at": "2024-01-24T16:05:10+08:00",
	} {
		if wire[k] != want {
			t.Errorf("after a name update %s = %v, want %v", k, wire[k], want)
		}
	}
	firstUpdate := wire["updated_at"]
	if firstUpdate == "2024-01-24T16:05:10+08:00" {
		t.Errorf("updated_at did not move")
	}

	// An update that changes nothing leaves updated_at alone (Eloquent).
	same := update(hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("Jane Doe")})
	_ = json.Unmarshal(same.Body, &wire)
	if wire["updated_at"] != firstUpdate {
		t.Errorf("a no-op update moved updated_at from %v to %v", firstUpdate, wire["updated_at"])
	}

	// A new address replaces the old one; a country left out is null.
	addr := update(hitpay.UpdateCustomerJSONRequestBody{Address: nullable.NewNullableWithValue(hitpay.CustomerAddressUpdate{
		Street: "80 Marine Parade Road", City: "Singapore", State: "Singapore", PostalCode: "449269",
	})})
	_ = json.Unmarshal(addr.Body, &wire)
	wantAddr := map[string]any{"street": "80 Marine Parade Road", "city": "Singapore", "state": "Singapore", "postal_code": "449269", "country": nil}
	assert.Equal(t, wantAddr, wire["address"], "address")

	// Explicit nulls clear the nullable fields; email and phone stay.
	cleared := update(hitpay.UpdateCustomerJSONRequestBody{
		Name:                   nullable.NewNullNullable[string](),
		Remark:                 nullable.NewNullNullable[string](),
		BirthDate:              nullable.NewNullNullable[flex.Date](),
		Gender:                 nullable.NewNullNullable[string](),
		PhoneNumberCountryCode: nullable.NewNullNullable[string](),
		Address:                nullable.NewNullNullable[hitpay.CustomerAddressUpdate](),
	})
	wire = nil
	_ = json.Unmarshal(cleared.Body, &wire)
	for _, k := range []string{"name", "remark", "birth_date", "gender", "phone_number_country_code"} {
		if v, ok := wire[k]; !ok || v != nil {
			t.Errorf("%s = %v (present %v), want null", k, v, ok)
		}
	}
	nullAddr := map[string]any{"street": nil, "city": nil, "state": nil, "postal_code": nil, "country": nil}
	assert.Equal(t, nullAddr, wire["address"], "cleared address")
	if wire["email"] != "jsmith@example.com" || wire["phone_number"] != "91234567" {
		t.Errorf("clearing touched email/phone: %v %v", wire["email"], wire["phone_number"])
	}

	// Changing email and phone.
	moved := update(hitpay.UpdateCustomerJSONRequestBody{Email: hitpayPtr("john.doe@example.com"), PhoneNumber: hitpayPtr("87654321")})
	if hitpayGetString(t, moved.JSON200.Email) != "john.doe@example.com" || hitpayGetString(t, moved.JSON200.PhoneNumber) != "87654321" {
		t.Errorf("email/phone not changed: %s", moved.Body)
	}

	// Delete: 204 without a body, then the customer is gone.
	dr, err := c.DeleteCustomer(ctx, created.Id)
	defer closeBody(dr)
	if err != nil {
		t.Fatal(err)
	}
	del, err := hitpay.ParseDeleteCustomerResponse(dr)
	if err != nil {
		t.Fatal(err)
	}
	if del.StatusCode() != http.StatusNoContent || len(del.Body) != 0 {
		t.Errorf("delete: %d %q", del.StatusCode(), del.Body)
	}
	if srv.Count() != 0 {
		t.Errorf("count %d after delete", srv.Count())
	}
	gr, err = c.GetCustomer(ctx, created.Id)
	defer closeBody(gr)
	if err != nil {
		t.Fatal(err)
	}
	gone, _ := hitpay.ParseGetCustomerResponse(gr)
	if gone.StatusCode() != http.StatusNotFound || gone.JSON404 == nil {
		t.Fatalf("get after delete: %d %s", gone.StatusCode(), gone.Body)
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayMinimalCustomer(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	cust := hitpayMustCreate(t, c, hitpay.CreateCustomerJSONRequestBody{Email: "siti.rahman@example.com.sg", PhoneNumber: "87654321"})
	raw, ok := srv.Customer(cust.Id)
	if !ok {
		t.Fatal("not stored")
	}
	var stored hitpay.Customer
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	if !stored.Name.IsNull() || !stored.Remark.IsNull() || !stored.BirthDate.IsNull() || !stored.Gender.IsNull() {
		t.Errorf("unsent fields should be null: %s", raw)
	}
	a, ok := stored.Address.Value()
	if !ok || !a.City.IsNull() || !a.Country.IsNull() {
		t.Errorf("address should be an object of nulls: %s", raw)
	}
	ct, err := cust.CreatedAt.Get()
	if err != nil || !ct.Valid() {
		t.Fatalf("created_at %v", cust.CreatedAt)
	}
	if _, off := ct.Zone(); off != 8*3600 {
		t.Errorf("created_at offset %d, want +08:00", off)
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayAuthentication(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	existing := hitpayMustCreate(t, hitpayClientOf(t, srv), hitpayFullBody("auth@example.com"))
	const want = `{"message":"Unauthenticated.","errors":[]}`
	ops := map[string]func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte){
		"createCustomer": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.CreateCustomer(context.Background(), hitpayFullBody("new@example.com"))
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseCreateCustomerResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"listCustomers": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.ListCustomers(context.Background(), nil)
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseListCustomersResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"getCustomer": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.GetCustomer(context.Background(), existing.Id)
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseGetCustomerResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"updateCustomer": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.UpdateCustomer(context.Background(), existing.Id, hitpay.UpdateCustomerJSONRequestBody{Remark: nullable.NewNullableWithValue("x")})
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseUpdateCustomerResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"updateCustomer invalid body": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			// Authentication runs before validation.
			r, err := c.UpdateCustomerWithBody(context.Background(), existing.Id, "application/json", strings.NewReader(`{"gender":5}`))
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseUpdateCustomerResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"deleteCustomer": func(c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.DeleteCustomer(context.Background(), existing.Id)
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseDeleteCustomerResponse(r)
			return p.StatusCode(), p.JSON401, p.Body
		},
	}
	keys := map[string]string{"missing": "", "wrong": "b286daabf9921b5a01a4621f026c111e046f8911feba212996c92159b98427d"}
	for op, call := range ops {
		for kname, key := range keys {
			t.Run(op+"/"+kname, func(t *testing.T) {
				t.Parallel()
				status, e, body := call(hitpayClientFor(t, srv, key))
				if status != http.StatusUnauthorized || e == nil || e.Message != "Unauthenticated." {
					t.Fatalf("%d %s", status, body)
				}
				hitpayJSONEqual(t, body, want)
			})
		}
	}
	t.Cleanup(func() {
		if srv.Count() != 1 || srv.Created() != 1 {
			t.Errorf("unauthenticated calls changed the store: count %d created %d", srv.Count(), srv.Created())
		}
		raw, _ := srv.Customer(existing.Id)
		if strings.Contains(string(raw), `"remark":"x"`) {
			t.Errorf("unauthenticated update applied: %s", raw)
		}
		hitpayNoViolations(t, srv)
	})
}

func TestHitPayCustomCredentials(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay", WithCredentials(Credentials{APIKey: "my-own-key"}))
	if srv.Credentials.APIKey != "my-own-key" {
		t.Fatalf("credentials %+v", srv.Credentials)
	}
	hitpayMustCreate(t, hitpayClientFor(t, srv, "my-own-key"), hitpayFullBody("own@example.com"))
	r, err := hitpayClientFor(t, srv, DefaultCredentials("hitpay").APIKey).ListCustomers(context.Background(), nil)
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := hitpay.ParseListCustomersResponse(r)
	if p.StatusCode() != http.StatusUnauthorized {
		t.Errorf("default key against custom credentials: %d", p.StatusCode())
	}
}

func TestHitPayNotFound(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	unknown := "973ee456-d28f-4418-93c5-d37e4b311685"
	msg := func(id string) string {
		b, _ := json.Marshal(map[string]string{"message": `No query results for model [App\Business\Customer] ` + id})
		return string(b)
	}
	for _, id := range []string{unknown, "not-a-uuid"} {
		t.Run("get "+id, func(t *testing.T) {
			r, err := c.GetCustomer(ctx, id)
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseGetCustomerResponse(r)
			if p.StatusCode() != http.StatusNotFound || p.JSON404 == nil {
				t.Fatalf("%d %s", p.StatusCode(), p.Body)
			}
			hitpayJSONEqual(t, p.Body, msg(id))
		})
		t.Run("update "+id, func(t *testing.T) {
			r, err := c.UpdateCustomer(ctx, id, hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("x")})
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseUpdateCustomerResponse(r)
			if p.StatusCode() != http.StatusNotFound || p.JSON404 == nil {
				t.Fatalf("%d %s", p.StatusCode(), p.Body)
			}
			hitpayJSONEqual(t, p.Body, msg(id))
		})
		t.Run("delete "+id, func(t *testing.T) {
			r, err := c.DeleteCustomer(ctx, id)
			defer closeBody(r)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := hitpay.ParseDeleteCustomerResponse(r)
			if p.StatusCode() != http.StatusNotFound || p.JSON404 == nil {
				t.Fatalf("%d %s", p.StatusCode(), p.Body)
			}
			hitpayJSONEqual(t, p.Body, msg(id))
		})
	}
	t.Run("update unknown id with an invalid body", func(t *testing.T) {
		// Route model binding runs before validation: 404, not 422.
		r, err := c.UpdateCustomerWithBody(ctx, unknown, "application/json", strings.NewReader(`{}`))
		defer closeBody(r)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := hitpay.ParseUpdateCustomerResponse(r)
		if p.StatusCode() != http.StatusNotFound || p.JSON404 == nil {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		hitpayJSONEqual(t, p.Body, msg(unknown))
	})
	t.Run("unknown route", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/customerz", nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		hitpayJSONEqual(t, body, `{"message":"The route v1/customerz could not be found."}`)
	})
	hitpayNoViolations(t, srv)
}

func TestHitPayValidation(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	existing := hitpayMustCreate(t, c, hitpayFullBody("taken@example.com"))
	other := hitpayMustCreate(t, c, hitpayFullBody("other@example.com"))

	type want struct {
		message string              // exact summary, "" to skip
		errors  map[string][]string // exact messages per field; nil: errors must be []
	}
	cases := []struct {
		name   string
		update bool // PATCH other, else POST
		body   string
		want   want
	}{
		{"missing mandatory fields", false, `{}`, want{
			"The email field is required. (and 1 more error)",
			map[string][]string{"email": {"The email field is required."}, "phone_number": {"The phone number field is required."}}}},
		{"bad email", false, `{"email":"not-an-email","phone_number":"91234567"}`, want{
			"The email must be a valid email address.",
			map[string][]string{"email": {"The email must be a valid email address."}}}},
		{"short phone", false, `{"email":"a@example.com","phone_number":"12345"}`, want{
			"", map[string][]string{"phone_number": {"The phone number must be between 8 and 15 digits."}}}},
		{"address without city", false, `{"email":"a@example.com","phone_number":"91234567","address":{"street":"1 Raffles Place","state":"Singapore","postal_code":"048616"}}`, want{
			"The address.city field is required when address is present.",
			map[string][]string{"address.city": {"The address.city field is required when address is present."}}}},
		{"unknown field", false, `{"email":"a@example.com","phone_number":"91234567","nickname":"JD"}`, want{
			"", map[string][]string{"nickname": {"The nickname field is prohibited."}}}},
		{"unknown gender", false, `{"email":"a@example.com","phone_number":"91234567","gender":"other"}`, want{
			"The selected gender is invalid.", map[string][]string{"gender": {"The selected gender is invalid."}}}},
		{"impossible birth date", false, `{"email":"a@example.com","phone_number":"91234567","birth_date":"2023-02-30"}`, want{
			"The birth date does not match the format Y-m-d.",
			map[string][]string{"birth_date": {"The birth date does not match the format Y-m-d."}}}},
		{"long remark", false, `{"email":"a@example.com","phone_number":"91234567","remark":"` + strings.Repeat("x", 256) + `"}`, want{
			"", map[string][]string{"remark": {"The remark must not be greater than 255 characters."}}}},
		{"several problems with a taken email", false, `{"email":"TAKEN@example.com","phone_number":"91234567","birth_date":"1990-13-01","gender":"x"}`, want{
			"The email has already been taken. (and 2 more errors)",
			map[string][]string{
				"email":      {"The email has already been taken."},
				"birth_date": {"The birth date does not match the format Y-m-d."},
				"gender":     {"The selected gender is invalid."},
			}}},
		{"empty update", true, `{}`, want{"At least one field must be sent.", nil}},
		{"clear email", true, `{"email":null}`, want{
			"The email field is required.", map[string][]string{"email": {"The email field is required."}}}},
		{"clear phone", true, `{"phone_number":null}`, want{
			"", map[string][]string{"phone_number": {"The phone number field is required."}}}},
		{"update gender", true, `{"gender":"unknown"}`, want{
			"", map[string][]string{"gender": {"The selected gender is invalid."}}}},
		{"update address country", true, `{"address":{"street":"s","city":"c","state":"s","postal_code":"1","country":"SGP"}}`, want{
			"", map[string][]string{"address.country": {"The address.country format is invalid."}}}},
		{"update to a taken email", true, `{"email":"taken@example.com"}`, want{
			"The email has already been taken.", map[string][]string{"email": {"The email has already been taken."}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var status int
			var e *hitpay.LaravelError
			var body []byte
			if tc.update {
				r, err := c.UpdateCustomerWithBody(ctx, other.Id, "application/json", strings.NewReader(tc.body))
				defer closeBody(r)
				if err != nil {
					t.Fatal(err)
				}
				p, err := hitpay.ParseUpdateCustomerResponse(r)
				if err != nil {
					t.Fatal(err)
				}
				status, e, body = p.StatusCode(), p.JSON422, p.Body
			} else {
				r, err := c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(tc.body))
				defer closeBody(r)
				if err != nil {
					t.Fatal(err)
				}
				p, err := hitpay.ParseCreateCustomerResponse(r)
				if err != nil {
					t.Fatal(err)
				}
				status, e, body = p.StatusCode(), p.JSON422, p.Body
			}
			if status != http.StatusUnprocessableEntity || e == nil {
				t.Fatalf("%d %s", status, body)
			}
			if tc.want.message != "" && e.Message != tc.want.message {
				t.Errorf("message %q, want %q", e.Message, tc.want.message)
			}
			got := hitpayFieldErrs(t, e)
			if tc.want.errors == nil {
				if string(bytes.TrimSpace(*e.Errors)) != "[]" {
					t.Errorf("errors %s, want []", *e.Errors)
				}
				return
			}
			assert.Equal(t, tc.want.errors, map[string][]string(got), "errors")
		})
	}
	t.Cleanup(func() {
		if srv.Created() != 2 {
			t.Errorf("refused creates were stored: %d", srv.Created())
		}
		raw, _ := srv.Customer(other.Id)
		if !strings.Contains(string(raw), `"other@example.com"`) {
			t.Errorf("refused update changed the customer: %s", raw)
		}
		_ = existing
		hitpayNoViolations(t, srv)
	})
}

func TestHitPayEmailUniqueness(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	a := hitpayMustCreate(t, c, hitpayFullBody("ada@example.com"))
	b := hitpayMustCreate(t, c, hitpayFullBody("bea@example.com"))
	const taken = `{"message":"The email has already been taken.","errors":{"email":["The email has already been taken."]}}`

	r, err := c.CreateCustomer(ctx, hitpayFullBody("ADA@Example.com"))
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	dup, _ := hitpay.ParseCreateCustomerResponse(r)
	if dup.StatusCode() != http.StatusUnprocessableEntity || dup.JSON422 == nil {
		t.Fatalf("duplicate create: %d %s", dup.StatusCode(), dup.Body)
	}
	hitpayJSONEqual(t, dup.Body, taken)

	upd := func(id, email string) *hitpay.UpdateCustomerResponse {
		r, err := c.UpdateCustomer(ctx, id, hitpay.UpdateCustomerJSONRequestBody{Email: &email})
		defer closeBody(r)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := hitpay.ParseUpdateCustomerResponse(r)
		return p
	}
	if p := upd(b.Id, "ada@example.com"); p.StatusCode() != http.StatusUnprocessableEntity {
		t.Errorf("update to another's email: %d %s", p.StatusCode(), p.Body)
	} else {
		hitpayJSONEqual(t, p.Body, taken)
	}
	// Re-sending one's own email (HitPay clients do) is fine, in any case.
	if p := upd(a.Id, "Ada@example.com"); p.StatusCode() != http.StatusOK {
		t.Errorf("update to own email: %d %s", p.StatusCode(), p.Body)
	}
	// After a delete the email is free again.
	dr, err := c.DeleteCustomer(ctx, b.Id)
	defer closeBody(dr)
	if err != nil || dr.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %v", dr, err)
	}
	hitpayMustCreate(t, c, hitpayFullBody("bea@example.com"))
	if srv.Created() != 3 || srv.Count() != 2 {
		t.Errorf("created %d count %d", srv.Created(), srv.Count())
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayLimits(t *testing.T) {
	t.Parallel()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "hitpay", WithMaxCustomers(2))
		c := hitpayClientOf(t, srv)
		first := hitpayMustCreate(t, c, hitpayFullBody("one@example.com"))
		hitpayMustCreate(t, c, hitpayFullBody("two@example.com"))
		r, err := c.CreateCustomer(context.Background(), hitpayFullBody("three@example.com"))
		defer closeBody(r)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := hitpay.ParseCreateCustomerResponse(r)
		if p.StatusCode() != http.StatusUnprocessableEntity || p.JSON422 == nil || p.JSON422.Message != hitpayStoreFull {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		if srv.Count() != 2 {
			t.Errorf("count %d", srv.Count())
		}
		dr, err := c.DeleteCustomer(context.Background(), first.Id)
		defer closeBody(dr)
		if err != nil {
			t.Fatal(err)
		}
		hitpayMustCreate(t, c, hitpayFullBody("three@example.com"))
		hitpayNoViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "hitpay", WithMaxBodyBytes(64))
		c := hitpayClientOf(t, srv)
		body := hitpayFullBody("big@example.com")
		body.Remark = hitpayPtr(strings.Repeat("r", 200))
		r, err := c.CreateCustomer(context.Background(), body)
		defer closeBody(r)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := hitpay.ParseCreateCustomerResponse(r)
		if p.StatusCode() != http.StatusUnprocessableEntity || p.JSON422 == nil || !strings.Contains(p.JSON422.Message, "64 bytes") {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		if srv.Count() != 0 {
			t.Errorf("count %d", srv.Count())
		}
	})
}

// hitpayList reads one page with the generated client.
func hitpayList(t *testing.T, c *hitpay.Client, params *hitpay.ListCustomersParams) *hitpay.ListCustomersResponse {
	t.Helper()
	r, err := c.ListCustomers(context.Background(), params)
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	p, err := hitpay.ParseListCustomersResponse(r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHitPayList(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	seeded, err := srv.Seed(23)
	if err != nil {
		t.Fatal(err)
	}
	special := hitpayMustCreate(t, c, hitpay.CreateCustomerJSONRequestBody{
		Name: hitpayPtr("Zed Quux"), Email: "zq@example.org", PhoneNumber: "61234999",
	})
	all := append(append([]string(nil), seeded...), special.Id)

	t.Run("default page and links", func(t *testing.T) {
		t.Parallel()
		p := hitpayList(t, c, nil)
		if p.StatusCode() != http.StatusOK || p.JSON200 == nil {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		l := p.JSON200
		if len(l.Data) != 10 {
			t.Fatalf("%d items, want the default 10", len(l.Data))
		}
		for i, cust := range l.Data {
			if cust.Id != all[i] {
				t.Errorf("item %d is %s, want %s (creation order)", i, cust.Id, all[i])
			}
		}
		next := hitpayGetString(t, l.Meta.NextCursor)
		if strings.Trim(next, "0123456789") == "" {
			t.Errorf("cursor %q is not opaque", next)
		}
		var raw map[string]map[string]any
		_ = json.Unmarshal(p.Body, &raw)
		wantLinks := map[string]any{"first": nil, "last": nil, "prev": nil, "next": srv.URL + "/v1/customers?cursor=" + next + "&per_page=10"}
		assert.Equal(t, wantLinks, raw["links"], "links")
		wantMeta := map[string]any{"path": srv.URL + "/v1/customers", "per_page": 10.0, "next_cursor": next, "prev_cursor": nil}
		assert.Equal(t, wantMeta, raw["meta"], "meta")
		// links.next is followable as is.
		req, _ := http.NewRequest(http.MethodGet, wantLinks["next"].(string), nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		var second hitpay.CustomerList
		if err := json.NewDecoder(res.Body).Decode(&second); err != nil || len(second.Data) != 10 || second.Data[0].Id != all[10] {
			t.Errorf("following links.next: %v %+v", err, second.Data)
		}
	})
	t.Run("walk to the last page", func(t *testing.T) {
		t.Parallel()
		var seen []string
		var cursor *string
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("too many pages")
			}
			p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(8), Cursor: cursor})
			if p.JSON200 == nil {
				t.Fatalf("%d %s", p.StatusCode(), p.Body)
			}
			for _, cust := range p.JSON200.Data {
				seen = append(seen, cust.Id)
			}
			if p.JSON200.Meta.NextCursor.IsNull() {
				if !p.JSON200.Links.Next.IsNull() {
					t.Errorf("last page links.next %v", p.JSON200.Links.Next)
				}
				break
			}
			cursor = hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))
		}
		assert.Equal(t, all, seen, "walk saw %d customers, want %d in order", len(seen), len(all))
	})
	t.Run("page is ignored", func(t *testing.T) {
		t.Parallel()
		a, b := hitpayList(t, c, &hitpay.ListCustomersParams{Page: hitpayPtr(3)}), hitpayList(t, c, nil)
		if a.JSON200 == nil || b.JSON200 == nil || a.JSON200.Data[0].Id != b.JSON200.Data[0].Id {
			t.Errorf("page=3 changed the page: %s", a.Body)
		}
	})
	t.Run("keywords", func(t *testing.T) {
		t.Parallel()
		for _, kw := range []string{"QUUX", "zq@example", "1234999"} {
			p := hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr(kw)})
			if p.JSON200 == nil || len(p.JSON200.Data) != 1 || p.JSON200.Data[0].Id != special.Id {
				t.Errorf("keywords %q: %s", kw, p.Body)
			}
		}
		p := hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("nobody-has-this")})
		if p.JSON200 == nil || len(p.JSON200.Data) != 0 || !p.JSON200.Meta.NextCursor.IsNull() {
			t.Errorf("no match: %s", p.Body)
		}
		// A filtered walk keeps the filter in links.next.
		p = hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("example.com.sg"), PerPage: hitpayPtr(20)})
		if p.JSON200 == nil || len(p.JSON200.Data) != 20 {
			t.Fatalf("seeded emails: %s", p.Body)
		}
		next := hitpayGetString(t, p.JSON200.Links.Next)
		if !strings.Contains(next, "keywords=example.com.sg") {
			t.Errorf("links.next %q lost the filter", next)
		}
		p = hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("example.com.sg"), PerPage: hitpayPtr(20), Cursor: hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))})
		if p.JSON200 == nil || len(p.JSON200.Data) != 3 || !p.JSON200.Meta.NextCursor.IsNull() {
			t.Errorf("second filtered page: %s", p.Body)
		}
	})
	t.Run("malformed cursor", func(t *testing.T) {
		t.Parallel()
		for _, cur := range []string{"not-a-cursor", "eyJhZnRlciI6LTF9", "eyJidXNpbmVzc19jdXN0b21lcnMuaWQiOiI5YjJhIn0"} {
			p := hitpayList(t, c, &hitpay.ListCustomersParams{Cursor: hitpayPtr(cur)})
			if p.StatusCode() != http.StatusUnprocessableEntity || p.JSONDefault == nil {
				t.Fatalf("cursor %q: %d %s", cur, p.StatusCode(), p.Body)
			}
			hitpayJSONEqual(t, p.Body, `{"message":"The cursor is invalid.","errors":{"cursor":["The cursor is invalid."]}}`)
		}
	})
	t.Run("bad per_page", func(t *testing.T) {
		t.Parallel()
		p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(0)})
		if p.StatusCode() != http.StatusUnprocessableEntity || p.JSONDefault == nil {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		hitpayJSONEqual(t, p.Body, `{"message":"The per page must be at least 1.","errors":{"per_page":["The per page must be at least 1."]}}`)
	})
	t.Cleanup(func() { hitpayNoViolations(t, srv) })
}

func TestHitPayPagingWithConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	seeded, err := srv.Seed(260)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				body := hitpay.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("writer%d.%d@example.com", w, i), PhoneNumber: fmt.Sprintf("6%07d", w*100+i)}
				r, err := c.CreateCustomer(ctx, body)
				defer closeBody(r)
				if err != nil {
					errs <- err
					return
				}
				p, err := hitpay.ParseCreateCustomerResponse(r)
				if err != nil || p.JSON201 == nil {
					errs <- fmt.Errorf("create: %w %s", err, p.Body)
					return
				}
				if i%3 == 0 { // delete some again while the pager walks
					dr, err := c.DeleteCustomer(ctx, p.JSON201.Id)
					defer closeBody(dr)
					if err != nil || dr.StatusCode != http.StatusNoContent {
						errs <- fmt.Errorf("delete: %w", err)
						return
					}
				}
			}
		}()
	}

	seen := map[string]int{}
	var cursor *string
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatal("paging does not end")
		}
		p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(7), Cursor: cursor})
		if p.JSON200 == nil {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
		for _, cust := range p.JSON200.Data {
			seen[cust.Id]++
		}
		if p.JSON200.Meta.NextCursor.IsNull() {
			break
		}
		cursor = hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, id := range seeded {
		if seen[id] != 1 {
			t.Errorf("seeded %s seen %d times", id, seen[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", id, n)
		}
	}
	if srv.Created() != 120 || srv.Count() != 260+80 {
		t.Errorf("created %d count %d", srv.Created(), srv.Count())
	}
	hitpayNoViolations(t, srv)
}

func TestHitPaySeed(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(5)
	if err != nil || len(ids) != 5 {
		t.Fatal(ids, err)
	}
	if srv.Created() != 0 {
		t.Errorf("seeding counted as API creations: %d", srv.Created())
	}
	c := hitpayClientOf(t, srv)
	r, err := c.GetCustomer(context.Background(), ids[2])
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := hitpay.ParseGetCustomerResponse(r)
	if p.JSON200 == nil || p.JSON200.Id != ids[2] {
		t.Fatalf("%d %s", p.StatusCode(), p.Body)
	}
	for _, n := range []nullable.Nullable[string]{p.JSON200.Name, p.JSON200.Email, p.JSON200.PhoneNumber} {
		if hitpayGetString(t, n) == "" {
			t.Errorf("seeded customer lacks data: %s", p.Body)
		}
	}
	// Seeding after a delete reuses no email.
	dr, err := c.DeleteCustomer(context.Background(), ids[4])
	defer closeBody(dr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Seed(3); err != nil {
		t.Fatal(err)
	}
	emails := map[string]bool{}
	for _, id := range srv.IDs() {
		raw, _ := srv.Customer(id)
		var cust hitpay.Customer
		_ = json.Unmarshal(raw, &cust)
		e := hitpayGetString(t, cust.Email)
		if emails[e] {
			t.Errorf("email %s seeded twice", e)
		}
		emails[e] = true
	}
	// An API create cannot take a seeded email.
	raw, _ := srv.Customer(ids[0])
	var first hitpay.Customer
	_ = json.Unmarshal(raw, &first)
	cr, err := c.CreateCustomer(context.Background(), hitpayFullBody(hitpayGetString(t, first.Email)))
	defer closeBody(cr)
	if err != nil {
		t.Fatal(err)
	}
	if cr.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("create with a seeded email: %d", cr.StatusCode)
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayFaults(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	existing := hitpayMustCreate(t, c, hitpayFullBody("fault@example.com"))

	lastJournal := func() Request {
		j := srv.Journal()
		return j[len(j)-1]
	}

	// A throttled list: 429 with Retry-After in Laravel's body, nothing applied.
	srv.Faults.Add(Fault{Operation: "listCustomers", Status: http.StatusTooManyRequests, RetryAfter: "7"})
	p := hitpayList(t, c, nil)
	if p.StatusCode() != http.StatusTooManyRequests || p.JSON429 == nil || p.JSON429.Message != "Too Many Attempts." {
		t.Fatalf("429: %d %s", p.StatusCode(), p.Body)
	}
	if got := p.HTTPResponse.Header.Get("Retry-After"); got != "7" {
		t.Errorf("Retry-After %q", got)
	}
	if j := lastJournal(); j.Operation != "listCustomers" || j.Status != 429 || j.Applied || !strings.Contains(j.Fault, "status 429") {
		t.Errorf("journal %+v", j)
	}

	// A 503 on create stores nothing.
	srv.Faults.Add(Fault{Operation: "createCustomer", Status: http.StatusServiceUnavailable})
	r, err := c.CreateCustomer(ctx, hitpayFullBody("unavailable@example.com"))
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	if cp, _ := hitpay.ParseCreateCustomerResponse(r); cp.StatusCode() != 503 || cp.JSONDefault == nil || cp.JSONDefault.Message != "Service Unavailable" {
		t.Errorf("503: %d %s", cp.StatusCode(), cp.Body)
	}

	// Dropped before: nothing created.
	before := srv.Created()
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
	if r, err := c.CreateCustomer(ctx, hitpayFullBody("dropped.before@example.com")); err == nil {
		closeBody(r)
		t.Error("drop before: the call succeeded")
	}
	if srv.Created() != before {
		t.Errorf("drop before created a customer: %d → %d", before, srv.Created())
	}
	if j := lastJournal(); j.Operation != "createCustomer" || j.Applied || j.Status != 0 || !strings.Contains(j.Fault, "drop before") {
		t.Errorf("journal %+v", j)
	}

	// Dropped after: created, but the client never hears of it.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
	if r, err := c.CreateCustomer(ctx, hitpayFullBody("dropped.after@example.com")); err == nil {
		closeBody(r)
		t.Error("drop after: the call succeeded")
	}
	if srv.Created() != before+1 {
		t.Errorf("drop after: created %d, want %d", srv.Created(), before+1)
	}
	if j := lastJournal(); j.Operation != "createCustomer" || !j.Applied || j.Status != 0 || !strings.Contains(j.Fault, "drop after") {
		t.Errorf("journal %+v", j)
	}
	// A retry of the same create is refused by the unique email.
	r, err = c.CreateCustomer(ctx, hitpayFullBody("dropped.after@example.com"))
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("retried create: %d", r.StatusCode)
	}

	// A gateway's HTML page instead of the customer.
	srv.Faults.Add(Fault{Operation: "getCustomer", Body: HTMLPage})
	r, err = c.GetCustomer(ctx, existing.Id)
	defer closeBody(r)
	if err != nil {
		t.Fatal(err)
	}
	gp, err := hitpay.ParseGetCustomerResponse(r)
	if err != nil {
		t.Fatal(err)
	}
	if gp.JSON200 != nil || !strings.HasPrefix(gp.HTTPResponse.Header.Get("Content-Type"), "text/html") || !bytes.Contains(gp.Body, []byte("502 Bad Gateway")) {
		t.Errorf("HTML page: %d %q %s", gp.StatusCode(), gp.HTTPResponse.Header.Get("Content-Type"), gp.Body)
	}
	if j := lastJournal(); j.Operation != "getCustomer" || !j.Applied || j.Status != 200 || j.Fault == "" {
		t.Errorf("journal %+v", j)
	}
	if srv.Faults.Pending() != 0 {
		t.Errorf("%d faults left", srv.Faults.Pending())
	}
	hitpayNoViolations(t, srv)
}

// The fake stores an address that HitPay's PHP backend renders as [] and
// answers it as null, within the spec.
func TestHitPayPutEmptyAddressArray(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	const id = "9b2ae0c1-5d1f-4a47-9e0b-2c8f3a1d6b7e"
	if _, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"siti.rahman@example.com.sg","phone_number":"87654321","address":[]}`)); err != nil {
		t.Fatal(err)
	}
	r, err := hitpayClientOf(t, srv).GetCustomer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer closeBody(r)
	res, err := hitpay.ParseGetCustomerResponse(r)
	if err != nil || res.JSON200 == nil {
		t.Fatalf("%v %s", err, res.Body)
	}
	if res.JSON200.Address.IsPresent() || !strings.Contains(string(res.Body), `"address":null`) {
		t.Errorf("address of %s", res.Body)
	}
	hitpayNoViolations(t, srv)
}

// hitpayPage is what a paging test compares: the ids on a page and its links.
type hitpayPage struct {
	ids                []string
	next, prev         *string // meta cursors, nil when null
	nextLink, prevLink *string // links, nil when null
}

func hitpayOptional[T ~string](n nullable.Nullable[T]) *string {
	if v, err := n.Get(); err == nil {
		s := string(v)
		return &s
	}
	return nil
}

func hitpayPageOf(t *testing.T, p *hitpay.ListCustomersResponse) hitpayPage {
	t.Helper()
	if p.StatusCode() != http.StatusOK || p.JSON200 == nil || p.JSON200.Meta == nil || p.JSON200.Links == nil {
		t.Fatalf("%d %s", p.StatusCode(), p.Body)
	}
	l := p.JSON200
	out := hitpayPage{
		next: hitpayOptional(l.Meta.NextCursor), prev: hitpayOptional(l.Meta.PrevCursor),
		nextLink: hitpayOptional(l.Links.Next), prevLink: hitpayOptional(l.Links.Prev),
	}
	for _, c := range l.Data {
		out.ids = append(out.ids, c.Id)
	}
	if (out.next == nil) != (out.nextLink == nil) || (out.prev == nil) != (out.prevLink == nil) {
		t.Errorf("meta and links disagree: %s", p.Body)
	}
	return out
}

// hitpayFollow reads a links.prev or links.next URL as it is.
func hitpayFollow(t *testing.T, srv *Server, link string) hitpayPage {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, link, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	p, err := hitpay.ParseListCustomersResponse(res)
	_ = res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return hitpayPageOf(t, p)
}

// hitpayCursorJSON is the JSON inside an opaque cursor.
func hitpayCursorJSON(t *testing.T, cur string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	if err != nil {
		t.Fatalf("cursor %q: %v", cur, err)
	}
	return string(raw)
}

func hitpayStrOr(p *string) string {
	if p == nil {
		return "<null>"
	}
	return *p
}

func TestHitPayListBackward(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	all, err := srv.Seed(35)
	if err != nil {
		t.Fatal(err)
	}

	// Forward: 10, 10, 10, 5.
	var fwd []hitpayPage
	var cursor *string
	for {
		if len(fwd) > 5 {
			t.Fatal("too many pages")
		}
		pg := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(10), Cursor: cursor}))
		fwd = append(fwd, pg)
		if pg.next == nil {
			break
		}
		cursor = pg.next
	}
	if len(fwd) != 4 {
		t.Fatalf("%d pages, want 4", len(fwd))
	}
	for i, pg := range fwd {
		want := all[i*10 : min(i*10+10, len(all))]
		assert.Equal(t, want, pg.ids, "page %d", i+1)
		if i == 0 {
			if pg.prev != nil || pg.prevLink != nil {
				t.Errorf("first page prev %s / %s, want null", hitpayStrOr(pg.prev), hitpayStrOr(pg.prevLink))
			}
			continue
		}
		if pg.prev == nil {
			t.Fatalf("page %d has no prev_cursor", i+1)
		}
		// Seeded customers are seq 1..35: the cursor points before the
		// page's first item, backward.
		if got, want := hitpayCursorJSON(t, *pg.prev), fmt.Sprintf(`{"before":%d,"_pointsToNextItems":false}`, i*10+1); got != want {
			t.Errorf("page %d prev_cursor is %s, want %s", i+1, got, want)
		}
		if want := srv.URL + "/v1/customers?cursor=" + *pg.prev + "&per_page=10"; hitpayStrOr(pg.prevLink) != want {
			t.Errorf("page %d links.prev %s, want %s", i+1, hitpayStrOr(pg.prevLink), want)
		}
	}

	// Backward from the last page, by prev_cursor: the same pages in reverse,
	// with the same cursors.
	back := []hitpayPage{fwd[len(fwd)-1]}
	for cur := back[0].prev; cur != nil; cur = back[len(back)-1].prev {
		if len(back) > 5 {
			t.Fatal("too many pages")
		}
		back = append(back, hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(10), Cursor: cur})))
	}
	if len(back) != len(fwd) {
		t.Fatalf("walked back %d pages, want %d", len(back), len(fwd))
	}
	for i, pg := range back {
		want := fwd[len(fwd)-1-i]
		assert.Equal(t, want, pg, "back page %d:\n got ids %v next %s prev %s\nwant ids %v next %s prev %s", i+1,
			pg.ids, hitpayStrOr(pg.next), hitpayStrOr(pg.prev), want.ids, hitpayStrOr(want.next), hitpayStrOr(want.prev))
	}

	// links.prev is followable as is, and so is links.next of a backward page.
	assert.Equal(t, fwd[2], hitpayFollow(t, srv, *fwd[3].prevLink), "following links.prev of page 4")
	assert.Equal(t, fwd[2], hitpayFollow(t, srv, *back[2].nextLink), "following links.next of a backward page")

	// A smaller per_page reads the items just before the cursor, oldest first.
	pg := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(3), Cursor: fwd[1].prev}))
	idsOK := assert.Equal(t, all[7:10], pg.ids, "3 before page 2")
	if !idsOK || pg.prev == nil || pg.next == nil {
		t.Errorf("3 before page 2: %v prev %s next %s, want %v and both cursors", pg.ids, hitpayStrOr(pg.prev), hitpayStrOr(pg.next), all[7:10])
	} else if got := hitpayCursorJSON(t, *pg.next); got != `{"after":10,"_pointsToNextItems":true}` {
		t.Errorf("next_cursor of a backward page is %s", got)
	}

	// A cursor of one direction with the other's key is malformed.
	for _, raw := range []string{
		`{"before":11,"_pointsToNextItems":true}`,
		`{"after":11,"_pointsToNextItems":false}`,
		`{"after":1,"before":11,"_pointsToNextItems":false}`,
		`{"before":-1,"_pointsToNextItems":false}`,
		`{"before":11}`,
	} {
		p := hitpayList(t, c, &hitpay.ListCustomersParams{Cursor: hitpayPtr(base64.RawURLEncoding.EncodeToString([]byte(raw)))})
		if p.StatusCode() != http.StatusUnprocessableEntity {
			t.Errorf("cursor %s: %d %s", raw, p.StatusCode(), p.Body)
		}
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayListBackwardKeywords(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	var kept []string
	for i := range 25 {
		domain := "other.example"
		if i%2 == 0 {
			domain = "keep.example"
		}
		cust := hitpayMustCreate(t, c, hitpay.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("c%d@%s", i, domain), PhoneNumber: fmt.Sprintf("9%07d", i)})
		if i%2 == 0 {
			kept = append(kept, cust.Id)
		}
	}
	params := func(cur *string) *hitpay.ListCustomersParams {
		return &hitpay.ListCustomersParams{Keywords: hitpayPtr("KEEP.example"), PerPage: hitpayPtr(4), Cursor: cur}
	}
	var fwd []hitpayPage
	for cur := (*string)(nil); ; {
		if len(fwd) > 5 {
			t.Fatal("too many pages")
		}
		pg := hitpayPageOf(t, hitpayList(t, c, params(cur)))
		fwd = append(fwd, pg)
		if cur = pg.next; cur == nil {
			break
		}
	}
	var seen []string
	for _, pg := range fwd {
		seen = append(seen, pg.ids...)
	}
	require.Equal(t, kept, seen, "filtered walk")
	require.Len(t, fwd, 4, "filtered walk pages")
	if fwd[0].prev != nil {
		t.Errorf("first filtered page has prev_cursor %s", *fwd[0].prev)
	}
	// Back by links.prev, which must keep the filter and page size.
	back := []hitpayPage{fwd[len(fwd)-1]}
	for back[len(back)-1].prevLink != nil {
		link := *back[len(back)-1].prevLink
		if !strings.Contains(link, "keywords=KEEP.example") || !strings.Contains(link, "per_page=4") {
			t.Errorf("links.prev %s lost keywords or per_page", link)
		}
		if len(back) > 5 {
			t.Fatal("too many pages")
		}
		back = append(back, hitpayFollow(t, srv, link))
	}
	if len(back) != len(fwd) {
		t.Fatalf("walked back %d pages, want %d", len(back), len(fwd))
	}
	for i, pg := range back {
		want := fwd[len(fwd)-1-i]
		assert.Equal(t, want, pg, "back page %d: %v, want %v", i+1, pg.ids, want.ids)
	}
	hitpayNoViolations(t, srv)
}

// A page whose predecessors were all deleted is the first page again.
func TestHitPayListPrevAfterDeletes(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	c := hitpayClientOf(t, srv)
	all, err := srv.Seed(12)
	if err != nil {
		t.Fatal(err)
	}
	first := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5)}))
	second := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: first.next}))
	if second.prev == nil {
		t.Fatal("second page has no prev_cursor")
	}
	for _, id := range all[:5] {
		r, err := c.DeleteCustomer(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		closeBody(r)
	}
	again := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: first.next}))
	assert.Equal(t, all[5:10], again.ids, "after deleting page 1")
	if again.prev != nil || again.next == nil {
		t.Errorf("after deleting page 1: prev %s next %s, want no prev and a next", hitpayStrOr(again.prev), hitpayStrOr(again.next))
	}
	// The old prev cursor now reads an empty page with no cursors.
	empty := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: second.prev}))
	if len(empty.ids) != 0 || empty.prev != nil || empty.next != nil {
		t.Errorf("stale prev cursor: %v prev %s next %s", empty.ids, hitpayStrOr(empty.prev), hitpayStrOr(empty.next))
	}
	hitpayNoViolations(t, srv)
}

// HitPay ids match regardless of case, also for a customer stored with Put
// under an upper-case id: every operation finds it under either case, and
// re-sending its own e-mail is not "taken" when the request fails other rules.
func TestHitPayPutUpperCaseID(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	const upper = "A7E22F30-7741-4694-A09C-33007979600C"
	lower := strings.ToLower(upper)
	id, err := srv.Put(json.RawMessage(`{"id":"` + upper + `","email":"up@example.com","phone_number":"91234567"}`))
	if err != nil {
		t.Fatal(err)
	}
	if id != upper {
		t.Errorf("Put returned %q, want %q", id, upper)
	}
	for _, key := range []string{upper, lower} {
		if _, ok := srv.Customer(key); !ok {
			t.Errorf("Customer(%q) found nothing", key)
		}
	}
	// Put under the other case replaces the customer rather than adding one.
	if _, err := srv.Put(json.RawMessage(`{"id":"` + lower + `","email":"up@example.com","phone_number":"91234567","remark":"again"}`)); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 1 {
		t.Fatalf("%d customers after a second Put of the same id in another case, want 1", srv.Count())
	}

	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	for _, key := range []string{upper, lower} {
		r, err := c.GetCustomer(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		res, err := hitpay.ParseGetCustomerResponse(r)
		closeBody(r)
		if err != nil || res.StatusCode() != http.StatusOK {
			t.Errorf("get %s: %v %d %s", key, err, res.StatusCode(), res.Body)
		}
	}
	for _, tc := range []struct {
		name, id, body string
		status         int
		wantFields     []string
	}{
		{"valid update, own e-mail", lower, `{"email":"UP@example.com","name":"Up"}`, http.StatusOK, nil},
		{"value rule fails, own e-mail", lower, `{"email":"up@example.com","gender":"other"}`, http.StatusUnprocessableEntity, []string{"gender"}},
		{"spec rule fails, own e-mail", upper, `{"email":"up@example.com","name":5}`, http.StatusUnprocessableEntity, []string{"name"}},
	} {
		r, err := c.UpdateCustomerWithBody(ctx, tc.id, "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		res, err := hitpay.ParseUpdateCustomerResponse(r)
		closeBody(r)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode() != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, res.StatusCode(), tc.status, res.Body)
			continue
		}
		if tc.wantFields == nil {
			continue
		}
		var fields []string
		for f := range hitpayFieldErrs(t, res.JSON422) {
			fields = append(fields, f)
		}
		assert.Equal(t, tc.wantFields, fields, "%s: errors on: %s", tc.name, res.Body)
	}
	r, err := c.DeleteCustomer(ctx, "a7e22f30-7741-4694-A09C-33007979600c")
	if err != nil {
		t.Fatal(err)
	}
	closeBody(r)
	if r.StatusCode != http.StatusNoContent || srv.Count() != 0 {
		t.Errorf("delete in mixed case: status %d, %d customers left", r.StatusCode, srv.Count())
	}
	hitpayNoViolations(t, srv)
}
