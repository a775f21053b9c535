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
	require.NoError(t, err)
	return c
}

func hitpayClientOf(t *testing.T, srv *Server) *hitpay.Client {
	return hitpayClientFor(t, srv, srv.Credentials.APIKey)
}

// hitpayStart starts the fake and a client with its key, as most tests here begin.
func hitpayStart(t *testing.T, opts ...Option) (*Server, *hitpay.Client) {
	t.Helper()
	srv := Start(t, "hitpay", opts...)
	return srv, hitpayClientOf(t, srv)
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
	res := parsed(t, rsp, err, hitpay.ParseCreateCustomerResponse)
	require.Equal(t, http.StatusCreated, res.StatusCode(), "create: %s", res.Body)
	require.NotNil(t, res.JSON201, "create: %s", res.Body)
	return res.JSON201
}

// hitpayJSONEqual compares two JSON texts by value.
func hitpayJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	require.NoError(t, json.Unmarshal(got, &g), "body %q is not JSON", got)
	require.NoError(t, json.Unmarshal([]byte(want), &w), "wanted body")
	assert.Equal(t, w, g, "body\n got %s\nwant %s", bytes.TrimSpace(got), want)
}

// hitpayFieldErrs decodes the "errors" of a Laravel error body.
func hitpayFieldErrs(t *testing.T, e *hitpay.LaravelError) hitpay.LaravelFieldErrors {
	t.Helper()
	require.NotNil(t, e, "Laravel error")
	require.NotNil(t, e.Errors, "errors in %+v", e)
	var out hitpay.LaravelFieldErrors
	if bytes.HasPrefix(bytes.TrimSpace(*e.Errors), []byte("[")) {
		return out
	}
	require.NoError(t, json.Unmarshal(*e.Errors, &out), "errors %s", *e.Errors)
	return out
}

// hitpayWantLaravel checks an error answer: its status, that the client
// decoded it as a Laravel error, and its exact body.
func hitpayWantLaravel(t *testing.T, wantStatus, status int, e *hitpay.LaravelError, body []byte, want string) {
	t.Helper()
	require.Equal(t, wantStatus, status, "%s", body)
	require.NotNil(t, e, "%s", body)
	hitpayJSONEqual(t, body, want)
}

func hitpayNoViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		assert.False(t, v.Response, "response violation: %s %d: %s", v.Operation, v.Status, v.Message)
	}
}

func hitpayGetString(t *testing.T, v string) string {
	t.Helper()
	require.NotEmpty(t, v, "want a value")
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
	srv, c := hitpayStart(t, WithClock(hitpayClock()))
	ctx := context.Background()

	rsp, err := c.CreateCustomer(ctx, hitpayFullBody("jsmith@example.com"))
	cr := parsed(t, rsp, err, hitpay.ParseCreateCustomerResponse)
	require.Equal(t, http.StatusCreated, cr.StatusCode(), "create: %s", cr.Body)
	require.NotNil(t, cr.JSON201, "create: %s", cr.Body)
	created := cr.JSON201
	_, err = uuid.Parse(created.Id)
	assert.NoError(t, err, "id %q is not a UUID", created.Id)
	// HitPay's wire form: every key, ATOM timestamps in Singapore time.
	hitpayJSONEqual(t, cr.Body, fmt.Sprintf(`{
		"id": %q, "name": "John Doe", "birth_date": "1990-01-01", "email": "jsmith@example.com",
		"phone_number": "91234567",
		"address": {"city": "Singapore", "state": "Singapore", "street": "1 Raffles Place", "postal_code": "048616", "country": "SG"},
		"gender": "male", "remark": "Prefers contact by email", "phone_number_country_code": "65",
		"created_at": "2024-01-24T16:05:10+08:00", "updated_at": "2024-01-24T16:05:10+08:00"}`, created.Id))
	assert.Equal(t, "application/json", rsp.Header.Get("Content-Type"), "Content-Type")

	// Retrieve: 200 with the same customer.
	gr, err := c.GetCustomer(ctx, created.Id)
	got := parsed(t, gr, err, hitpay.ParseGetCustomerResponse)
	require.Equal(t, http.StatusOK, got.StatusCode(), "get: %s", got.Body)
	require.NotNil(t, got.JSON200, "get: %s", got.Body)
	hitpayJSONEqual(t, got.Body, string(cr.Body))

	update := func(body hitpay.UpdateCustomerJSONRequestBody) *hitpay.UpdateCustomerResponse {
		t.Helper()
		rsp, err := c.UpdateCustomer(ctx, created.Id, body)
		res := parsed(t, rsp, err, hitpay.ParseUpdateCustomerResponse)
		require.Equal(t, http.StatusOK, res.StatusCode(), "update: %s", res.Body)
		require.NotNil(t, res.JSON200, "update: %s", res.Body)
		return res
	}

	// Partial update: only the name changes, updated_at moves.
	up := update(hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("Jane Doe")})
	assert.Equal(t, "Jane Doe", hitpayGetString(t, up.JSON200.Name), "name")
	var wire map[string]any
	_ = json.Unmarshal(up.Body, &wire)
	for k, want := range map[string]any{
		"email": "jsmith@example.com", "phone_number": "91234567", "remark": "Prefers contact by email",
		"birth_date": "1990-01-01", "gender": "male", "phone_number_country_code": "65",
		"created_at": "2024-01-24T16:05:10+08:00",
	} {
		assert.Equal(t, want, wire[k], "after a name update: %s", k)
	}
	firstUpdate := wire["updated_at"]
	assert.NotEqual(t, "2024-01-24T16:05:10+08:00", firstUpdate, "updated_at did not move")

	// An update that changes nothing leaves updated_at alone (Eloquent).
	same := update(hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("Jane Doe")})
	_ = json.Unmarshal(same.Body, &wire)
	assert.Equal(t, firstUpdate, wire["updated_at"], "a no-op update moved updated_at")

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
		if assert.Contains(t, wire, k) {
			assert.Nil(t, wire[k], "%s, want null", k)
		}
	}
	nullAddr := map[string]any{"street": nil, "city": nil, "state": nil, "postal_code": nil, "country": nil}
	assert.Equal(t, nullAddr, wire["address"], "cleared address")
	assert.Equal(t, "jsmith@example.com", wire["email"], "clearing touched email")
	assert.Equal(t, "91234567", wire["phone_number"], "clearing touched phone")

	// Changing email and phone.
	moved := update(hitpay.UpdateCustomerJSONRequestBody{Email: hitpayPtr("john.doe@example.com"), PhoneNumber: hitpayPtr("87654321")})
	assert.Equal(t, "john.doe@example.com", hitpayGetString(t, moved.JSON200.Email), "email not changed")
	assert.Equal(t, "87654321", hitpayGetString(t, moved.JSON200.PhoneNumber), "phone not changed")

	// Delete: 204 without a body, then the customer is gone.
	dr, err := c.DeleteCustomer(ctx, created.Id)
	del := parsed(t, dr, err, hitpay.ParseDeleteCustomerResponse)
	assert.Equal(t, http.StatusNoContent, del.StatusCode(), "delete: %q", del.Body)
	assert.Empty(t, del.Body, "delete body")
	assert.Zero(t, srv.Count(), "count after delete")
	gr, err = c.GetCustomer(ctx, created.Id)
	gone := parsed(t, gr, err, hitpay.ParseGetCustomerResponse)
	require.Equal(t, http.StatusNotFound, gone.StatusCode(), "get after delete: %s", gone.Body)
	require.NotNil(t, gone.JSON404, "get after delete: %s", gone.Body)
	hitpayNoViolations(t, srv)
}

func TestHitPayMinimalCustomer(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	cust := hitpayMustCreate(t, c, hitpay.CreateCustomerJSONRequestBody{Email: "siti.rahman@example.com.sg", PhoneNumber: "87654321"})
	raw, ok := srv.Customer(cust.Id)
	require.True(t, ok, "not stored")
	var stored map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &stored))
	for _, name := range []string{"name", "remark", "birth_date", "gender"} {
		assert.Contains(t, []string{"", "null"}, string(stored[name]), "unsent %s should have no value: %s", name, raw)
	}
	var address map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(stored["address"], &address), "address should be an object without values: %s", raw)
	assert.Contains(t, []string{"", "null"}, string(address["city"]), "address.city should have no value: %s", raw)
	assert.Contains(t, []string{"", "null"}, string(address["country"]), "address.country should have no value: %s", raw)
	ct := cust.CreatedAt
	require.True(t, ct.Valid(), "created_at %v", cust.CreatedAt)
	_, off := ct.Zone()
	assert.Equal(t, 8*3600, off, "created_at offset, want +08:00")
	hitpayNoViolations(t, srv)
}

func TestHitPayAuthentication(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	existing := hitpayMustCreate(t, hitpayClientOf(t, srv), hitpayFullBody("auth@example.com"))
	const want = `{"message":"Unauthenticated.","errors":[]}`
	ops := map[string]func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte){
		"createCustomer": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.CreateCustomer(context.Background(), hitpayFullBody("new@example.com"))
			p := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"listCustomers": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.ListCustomers(context.Background(), nil)
			p := parsed(t, r, err, hitpay.ParseListCustomersResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"getCustomer": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.GetCustomer(context.Background(), existing.Id)
			p := parsed(t, r, err, hitpay.ParseGetCustomerResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"updateCustomer": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.UpdateCustomer(context.Background(), existing.Id, hitpay.UpdateCustomerJSONRequestBody{Remark: nullable.NewNullableWithValue("x")})
			p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"updateCustomer invalid body": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			// Authentication runs before validation.
			r, err := c.UpdateCustomerWithBody(context.Background(), existing.Id, "application/json", strings.NewReader(`{"gender":5}`))
			p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
		"deleteCustomer": func(t *testing.T, c *hitpay.Client) (int, *hitpay.LaravelError, []byte) {
			r, err := c.DeleteCustomer(context.Background(), existing.Id)
			p := parsed(t, r, err, hitpay.ParseDeleteCustomerResponse)
			return p.StatusCode(), p.JSON401, p.Body
		},
	}
	keys := map[string]string{"missing": "", "wrong": "b286daabf9921b5a01a4621f026c111e046f8911feba212996c92159b98427d"}
	for op, call := range ops {
		for kname, key := range keys {
			t.Run(op+"/"+kname, func(t *testing.T) {
				t.Parallel()
				status, e, body := call(t, hitpayClientFor(t, srv, key))
				hitpayWantLaravel(t, http.StatusUnauthorized, status, e, body, want)
				require.Equal(t, "Unauthenticated.", e.Message)
			})
		}
	}
	t.Cleanup(func() {
		assert.Equal(t, 1, srv.Count(), "unauthenticated calls changed the store: count")
		assert.Equal(t, 1, srv.Created(), "unauthenticated calls changed the store: created")
		raw, _ := srv.Customer(existing.Id)
		assert.NotContains(t, string(raw), `"remark":"x"`, "unauthenticated update applied")
		hitpayNoViolations(t, srv)
	})
}

func TestHitPayCustomCredentials(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay", WithCredentials(Credentials{APIKey: "my-own-key"}))
	require.Equal(t, "my-own-key", srv.Credentials.APIKey, "credentials")
	hitpayMustCreate(t, hitpayClientFor(t, srv, "my-own-key"), hitpayFullBody("own@example.com"))
	r, err := hitpayClientFor(t, srv, DefaultCredentials("hitpay").APIKey).ListCustomers(context.Background(), nil)
	p := parsed(t, r, err, hitpay.ParseListCustomersResponse)
	assert.Equal(t, http.StatusUnauthorized, p.StatusCode(), "default key against custom credentials")
}

func TestHitPayNotFound(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	ctx := context.Background()
	unknown := "973ee456-d28f-4418-93c5-d37e4b311685"
	msg := func(id string) string {
		b, _ := json.Marshal(map[string]string{"message": `No query results for model [App\Business\Customer] ` + id})
		return string(b)
	}
	for _, id := range []string{unknown, "not-a-uuid"} {
		t.Run("get "+id, func(t *testing.T) {
			r, err := c.GetCustomer(ctx, id)
			p := parsed(t, r, err, hitpay.ParseGetCustomerResponse)
			hitpayWantLaravel(t, http.StatusNotFound, p.StatusCode(), p.JSON404, p.Body, msg(id))
		})
		t.Run("update "+id, func(t *testing.T) {
			r, err := c.UpdateCustomer(ctx, id, hitpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("x")})
			p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
			hitpayWantLaravel(t, http.StatusNotFound, p.StatusCode(), p.JSON404, p.Body, msg(id))
		})
		t.Run("delete "+id, func(t *testing.T) {
			r, err := c.DeleteCustomer(ctx, id)
			p := parsed(t, r, err, hitpay.ParseDeleteCustomerResponse)
			hitpayWantLaravel(t, http.StatusNotFound, p.StatusCode(), p.JSON404, p.Body, msg(id))
		})
	}
	t.Run("update unknown id with an invalid body", func(t *testing.T) {
		// Route model binding runs before validation: 404, not 422.
		r, err := c.UpdateCustomerWithBody(ctx, unknown, "application/json", strings.NewReader(`{}`))
		p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
		hitpayWantLaravel(t, http.StatusNotFound, p.StatusCode(), p.JSON404, p.Body, msg(unknown))
	})
	t.Run("unknown route", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/customerz", nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer func() { _ = res.Body.Close() }()
		body, _ := io.ReadAll(res.Body)
		require.Equal(t, http.StatusNotFound, res.StatusCode, "%s", body)
		hitpayJSONEqual(t, body, `{"message":"The route v1/customerz could not be found."}`)
	})
	hitpayNoViolations(t, srv)
}

func TestHitPayValidation(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
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
		{"impossible birth date", false, `{"email":"a@example.com","phone_number":"91234567","birth_date":"2023-02-30"}`, want{
			"The birth date does not match the format Y-m-d.",
			map[string][]string{"birth_date": {"The birth date does not match the format Y-m-d."}}}},
		{"long remark", false, `{"email":"a@example.com","phone_number":"91234567","remark":"` + strings.Repeat("x", 256) + `"}`, want{
			"", map[string][]string{"remark": {"The remark must not be greater than 255 characters."}}}},
		{"several problems with a taken email", false, `{"email":"TAKEN@example.com","phone_number":"91234567","birth_date":"1990-13-01","gender":"x"}`, want{
			"The email has already been taken. (and 1 more error)",
			map[string][]string{
				"email":      {"The email has already been taken."},
				"birth_date": {"The birth date does not match the format Y-m-d."},
			}}},
		{"empty update", true, `{}`, want{"At least one field must be sent.", nil}},
		{"clear email", true, `{"email":null}`, want{
			"The email field is required.", map[string][]string{"email": {"The email field is required."}}}},
		{"clear phone", true, `{"phone_number":null}`, want{
			"", map[string][]string{"phone_number": {"The phone number field is required."}}}},
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
				p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
				status, e, body = p.StatusCode(), p.JSON422, p.Body
			} else {
				r, err := c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(tc.body))
				p := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
				status, e, body = p.StatusCode(), p.JSON422, p.Body
			}
			require.Equal(t, http.StatusUnprocessableEntity, status, "%s", body)
			require.NotNil(t, e, "%s", body)
			if tc.want.message != "" {
				assert.Equal(t, tc.want.message, e.Message, "message")
			}
			got := hitpayFieldErrs(t, e)
			if tc.want.errors == nil {
				assert.Equal(t, "[]", string(bytes.TrimSpace(*e.Errors)), "errors")
				return
			}
			assert.Equal(t, tc.want.errors, map[string][]string(got), "errors")
		})
	}
	t.Cleanup(func() {
		assert.Equal(t, 2, srv.Created(), "refused creates were stored")
		raw, _ := srv.Customer(other.Id)
		assert.Contains(t, string(raw), `"other@example.com"`, "refused update changed the customer")
		_ = existing
		hitpayNoViolations(t, srv)
	})
}

func TestHitPayEmailUniqueness(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	ctx := context.Background()
	a := hitpayMustCreate(t, c, hitpayFullBody("ada@example.com"))
	b := hitpayMustCreate(t, c, hitpayFullBody("bea@example.com"))
	const taken = `{"message":"The email has already been taken.","errors":{"email":["The email has already been taken."]}}`

	r, err := c.CreateCustomer(ctx, hitpayFullBody("ADA@Example.com"))
	dup := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
	require.Equal(t, http.StatusUnprocessableEntity, dup.StatusCode(), "duplicate create: %s", dup.Body)
	require.NotNil(t, dup.JSON422, "duplicate create: %s", dup.Body)
	hitpayJSONEqual(t, dup.Body, taken)

	upd := func(id, email string) *hitpay.UpdateCustomerResponse {
		r, err := c.UpdateCustomer(ctx, id, hitpay.UpdateCustomerJSONRequestBody{Email: &email})
		p := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
		return p
	}
	if p := upd(b.Id, "ada@example.com"); assert.Equal(t, http.StatusUnprocessableEntity, p.StatusCode(), "update to another's email: %s", p.Body) {
		hitpayJSONEqual(t, p.Body, taken)
	}
	// Re-sending one's own email (HitPay clients do) is fine, in any case.
	p := upd(a.Id, "Ada@example.com")
	assert.Equal(t, http.StatusOK, p.StatusCode(), "update to own email: %s", p.Body)
	// After a delete the email is free again.
	dr, err := c.DeleteCustomer(ctx, b.Id)
	defer closeBody(dr)
	require.NoError(t, err, "delete")
	require.Equal(t, http.StatusNoContent, dr.StatusCode, "delete")
	hitpayMustCreate(t, c, hitpayFullBody("bea@example.com"))
	assert.Equal(t, 3, srv.Created(), "created")
	assert.Equal(t, 2, srv.Count(), "count")
	hitpayNoViolations(t, srv)
}

func TestHitPayLimits(t *testing.T) {
	t.Parallel()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv, c := hitpayStart(t, WithMaxCustomers(2))
		first := hitpayMustCreate(t, c, hitpayFullBody("one@example.com"))
		hitpayMustCreate(t, c, hitpayFullBody("two@example.com"))
		r, err := c.CreateCustomer(context.Background(), hitpayFullBody("three@example.com"))
		p := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
		require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode(), "%s", p.Body)
		require.NotNil(t, p.JSON422, "%s", p.Body)
		require.Equal(t, hitpayStoreFull, p.JSON422.Message)
		assert.Equal(t, 2, srv.Count(), "count")
		dr, err := c.DeleteCustomer(context.Background(), first.Id)
		defer closeBody(dr)
		require.NoError(t, err)
		hitpayMustCreate(t, c, hitpayFullBody("three@example.com"))
		hitpayNoViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv, c := hitpayStart(t, WithMaxBodyBytes(64))
		body := hitpayFullBody("big@example.com")
		body.Remark = hitpayPtr(strings.Repeat("r", 200))
		r, err := c.CreateCustomer(context.Background(), body)
		p := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
		require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode(), "%s", p.Body)
		require.NotNil(t, p.JSON422, "%s", p.Body)
		require.Contains(t, p.JSON422.Message, "64 bytes")
		assert.Zero(t, srv.Count(), "count")
	})
}

// hitpayList reads one page with the generated client.
func hitpayList(t *testing.T, c *hitpay.Client, params *hitpay.ListCustomersParams) *hitpay.ListCustomersResponse {
	t.Helper()
	r, err := c.ListCustomers(context.Background(), params)
	p := parsed(t, r, err, hitpay.ParseListCustomersResponse)
	return p
}

func TestHitPayList(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	seeded, err := srv.Seed(23)
	require.NoError(t, err)
	special := hitpayMustCreate(t, c, hitpay.CreateCustomerJSONRequestBody{
		Name: hitpayPtr("Zed Quux"), Email: "zq@example.org", PhoneNumber: "61234999",
	})
	all := append(append([]string(nil), seeded...), special.Id)

	t.Run("default page and links", func(t *testing.T) {
		t.Parallel()
		p := hitpayList(t, c, nil)
		require.Equal(t, http.StatusOK, p.StatusCode(), "%s", p.Body)
		require.NotNil(t, p.JSON200, "%s", p.Body)
		l := p.JSON200
		require.Len(t, l.Data, 10, "items, want the default 10")
		for i, cust := range l.Data {
			assert.Equal(t, all[i], cust.Id, "item %d (creation order)", i)
		}
		next := hitpayGetString(t, l.Meta.NextCursor)
		assert.NotEmpty(t, strings.Trim(next, "0123456789"), "cursor %q is not opaque", next)
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
		require.NoError(t, err)
		defer func() { _ = res.Body.Close() }()
		var second hitpay.CustomerList
		if assert.NoError(t, json.NewDecoder(res.Body).Decode(&second), "following links.next") &&
			assert.Len(t, second.Data, 10, "following links.next") {
			assert.Equal(t, all[10], second.Data[0].Id, "following links.next")
		}
	})
	t.Run("walk to the last page", func(t *testing.T) {
		t.Parallel()
		var seen []string
		var cursor *string
		for pages := 0; ; pages++ {
			require.LessOrEqual(t, pages, 10, "too many pages")
			p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(8), Cursor: cursor})
			require.NotNil(t, p.JSON200, "%d %s", p.StatusCode(), p.Body)
			for _, cust := range p.JSON200.Data {
				seen = append(seen, cust.Id)
			}
			if p.JSON200.Meta.NextCursor == "" {
				assert.Empty(t, p.JSON200.Links.Next, "last page links.next %v", p.JSON200.Links.Next)
				break
			}
			cursor = hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))
		}
		assert.Equal(t, all, seen, "walk saw %d customers, want %d in order", len(seen), len(all))
	})
	t.Run("page is ignored", func(t *testing.T) {
		t.Parallel()
		a, b := hitpayList(t, c, &hitpay.ListCustomersParams{Page: hitpayPtr(3)}), hitpayList(t, c, nil)
		require.NotNil(t, a.JSON200, "page=3: %s", a.Body)
		require.NotNil(t, b.JSON200, "no page: %s", b.Body)
		require.NotEmpty(t, a.JSON200.Data, "page=3")
		require.NotEmpty(t, b.JSON200.Data, "no page")
		assert.Equal(t, b.JSON200.Data[0].Id, a.JSON200.Data[0].Id, "page=3 changed the page: %s", a.Body)
	})
	t.Run("keywords", func(t *testing.T) {
		t.Parallel()
		for _, kw := range []string{"QUUX", "zq@example", "1234999"} {
			p := hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr(kw)})
			if assert.NotNil(t, p.JSON200, "keywords %q: %s", kw, p.Body) && assert.Len(t, p.JSON200.Data, 1, "keywords %q", kw) {
				assert.Equal(t, special.Id, p.JSON200.Data[0].Id, "keywords %q", kw)
			}
		}
		p := hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("nobody-has-this")})
		if assert.NotNil(t, p.JSON200, "no match: %s", p.Body) {
			assert.Empty(t, p.JSON200.Data, "no match")
			assert.Empty(t, p.JSON200.Meta.NextCursor, "no match: next_cursor %s", p.Body)
		}
		// A filtered walk keeps the filter in links.next.
		p = hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("example.com.sg"), PerPage: hitpayPtr(20)})
		require.NotNil(t, p.JSON200, "seeded emails: %s", p.Body)
		require.Len(t, p.JSON200.Data, 20, "seeded emails")
		assert.Contains(t, hitpayGetString(t, p.JSON200.Links.Next), "keywords=example.com.sg", "links.next lost the filter")
		p = hitpayList(t, c, &hitpay.ListCustomersParams{Keywords: hitpayPtr("example.com.sg"), PerPage: hitpayPtr(20), Cursor: hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))})
		if assert.NotNil(t, p.JSON200, "second filtered page: %s", p.Body) {
			assert.Len(t, p.JSON200.Data, 3, "second filtered page")
			assert.Empty(t, p.JSON200.Meta.NextCursor, "second filtered page: next_cursor %s", p.Body)
		}
	})
	t.Run("malformed cursor", func(t *testing.T) {
		t.Parallel()
		for _, cur := range []string{"not-a-cursor", "eyJhZnRlciI6LTF9", "eyJidXNpbmVzc19jdXN0b21lcnMuaWQiOiI5YjJhIn0"} {
			p := hitpayList(t, c, &hitpay.ListCustomersParams{Cursor: hitpayPtr(cur)})
			require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode(), "cursor %q: %s", cur, p.Body)
			require.NotNil(t, p.JSONDefault, "cursor %q: %s", cur, p.Body)
			hitpayJSONEqual(t, p.Body, `{"message":"The cursor is invalid.","errors":{"cursor":["The cursor is invalid."]}}`)
		}
	})
	t.Run("bad per_page", func(t *testing.T) {
		t.Parallel()
		p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(0)})
		hitpayWantLaravel(t, http.StatusUnprocessableEntity, p.StatusCode(), p.JSONDefault, p.Body, `{"message":"The per page must be at least 1.","errors":{"per_page":["The per page must be at least 1."]}}`)
	})
	t.Cleanup(func() { hitpayNoViolations(t, srv) })
}

// hitpayWrite creates one customer and deletes every third one again (while
// a pager walks), closing each answer before it returns. It runs off the
// test goroutine, so it reports failures instead of failing the test.
func hitpayWrite(ctx context.Context, c *hitpay.Client, w, i int) error {
	body := hitpay.CreateCustomerJSONRequestBody{Email: fmt.Sprintf("writer%d.%d@example.com", w, i), PhoneNumber: fmt.Sprintf("6%07d", w*100+i)}
	r, err := c.CreateCustomer(ctx, body)
	p, err := sent(r, err, hitpay.ParseCreateCustomerResponse)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if p.JSON201 == nil {
		return fmt.Errorf("create: status %d: %s", p.StatusCode(), p.Body)
	}
	if i%3 != 0 {
		return nil
	}
	dr, err := c.DeleteCustomer(ctx, p.JSON201.Id)
	if err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	defer closeBody(dr)
	if dr.StatusCode != http.StatusNoContent {
		return fmt.Errorf("delete: status %d", dr.StatusCode)
	}
	return nil
}

func TestHitPayPagingWithConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	seeded, err := srv.Seed(260)
	require.NoError(t, err)
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				if err := hitpayWrite(ctx, c, w, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}

	seen := map[string]int{}
	var cursor *string
	for pages := 0; ; pages++ {
		require.LessOrEqual(t, pages, 200, "paging does not end")
		p := hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(7), Cursor: cursor})
		require.NotNil(t, p.JSON200, "%d %s", p.StatusCode(), p.Body)
		for _, cust := range p.JSON200.Data {
			seen[cust.Id]++
		}
		if p.JSON200.Meta.NextCursor == "" {
			break
		}
		cursor = hitpayPtr(hitpayGetString(t, p.JSON200.Meta.NextCursor))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err, "writer")
	}
	for _, id := range seeded {
		assert.Equal(t, 1, seen[id], "times seeded %s was seen", id)
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "times %s was seen", id)
	}
	assert.Equal(t, 120, srv.Created(), "created")
	assert.Equal(t, 260+80, srv.Count(), "count")
	hitpayNoViolations(t, srv)
}

func TestHitPaySeed(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(5)
	require.NoError(t, err)
	require.Len(t, ids, 5)
	assert.Zero(t, srv.Created(), "seeding counted as API creations")
	c := hitpayClientOf(t, srv)
	r, err := c.GetCustomer(context.Background(), ids[2])
	p := parsed(t, r, err, hitpay.ParseGetCustomerResponse)
	require.NotNil(t, p.JSON200, "%d %s", p.StatusCode(), p.Body)
	require.Equal(t, ids[2], p.JSON200.Id)
	for _, n := range []string{p.JSON200.Name, p.JSON200.Email, p.JSON200.PhoneNumber} {
		assert.NotEmpty(t, hitpayGetString(t, n), "seeded customer lacks data: %s", p.Body)
	}
	// Seeding after a delete reuses no email.
	dr, err := c.DeleteCustomer(context.Background(), ids[4])
	defer closeBody(dr)
	require.NoError(t, err)
	_, err = srv.Seed(3)
	require.NoError(t, err)
	emails := map[string]bool{}
	for _, id := range srv.IDs() {
		raw, _ := srv.Customer(id)
		var cust hitpay.Customer
		_ = json.Unmarshal(raw, &cust)
		e := hitpayGetString(t, cust.Email)
		assert.False(t, emails[e], "email %s seeded twice", e)
		emails[e] = true
	}
	// An API create cannot take a seeded email.
	raw, _ := srv.Customer(ids[0])
	var first hitpay.Customer
	_ = json.Unmarshal(raw, &first)
	cr, err := c.CreateCustomer(context.Background(), hitpayFullBody(hitpayGetString(t, first.Email)))
	defer closeBody(cr)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, cr.StatusCode, "create with a seeded email")
	hitpayNoViolations(t, srv)
}

func TestHitPayFaults(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	ctx := context.Background()
	existing := hitpayMustCreate(t, c, hitpayFullBody("fault@example.com"))

	// A throttled list: 429 with Retry-After in Laravel's body, nothing applied.
	srv.Faults.Add(Fault{Operation: "listCustomers", Status: http.StatusTooManyRequests, RetryAfter: "7"})
	p := hitpayList(t, c, nil)
	require.Equal(t, http.StatusTooManyRequests, p.StatusCode(), "429: %s", p.Body)
	require.NotNil(t, p.JSON429, "429: %s", p.Body)
	require.Equal(t, "Too Many Attempts.", p.JSON429.Message, "429")
	assert.Equal(t, "7", p.HTTPResponse.Header.Get("Retry-After"), "Retry-After")
	assert.Equal(t, "listCustomers", assertJournaled(t, srv, 429, false, "status 429").Operation)

	// A 503 on create stores nothing.
	srv.Faults.Add(Fault{Operation: "createCustomer", Status: http.StatusServiceUnavailable})
	r, err := c.CreateCustomer(ctx, hitpayFullBody("unavailable@example.com"))
	cp := parsed(t, r, err, hitpay.ParseCreateCustomerResponse)
	assert.Equal(t, 503, cp.StatusCode(), "503: %s", cp.Body)
	if assert.NotNil(t, cp.JSONDefault, "503: %s", cp.Body) {
		assert.Equal(t, "Service Unavailable", cp.JSONDefault.Message, "503")
	}

	// Dropped before: nothing created.
	before := srv.Created()
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
	if r, err := c.CreateCustomer(ctx, hitpayFullBody("dropped.before@example.com")); !assert.Error(t, err, "drop before: the call succeeded") {
		closeBody(r)
	}
	assert.Equal(t, before, srv.Created(), "drop before created a customer")
	assert.Equal(t, "createCustomer", assertJournaled(t, srv, 0, false, "drop before").Operation)

	// Dropped after: created, but the client never hears of it.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
	if r, err := c.CreateCustomer(ctx, hitpayFullBody("dropped.after@example.com")); !assert.Error(t, err, "drop after: the call succeeded") {
		closeBody(r)
	}
	assert.Equal(t, before+1, srv.Created(), "drop after: created")
	assert.Equal(t, "createCustomer", assertJournaled(t, srv, 0, true, "drop after").Operation)
	// A retry of the same create is refused by the unique email.
	r, err = c.CreateCustomer(ctx, hitpayFullBody("dropped.after@example.com"))
	defer closeBody(r)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "retried create")

	// A gateway's HTML page instead of the customer.
	srv.Faults.Add(Fault{Operation: "getCustomer", Body: HTMLPage})
	r, err = c.GetCustomer(ctx, existing.Id)
	gp := parsed(t, r, err, hitpay.ParseGetCustomerResponse)
	assert.Nil(t, gp.JSON200, "HTML page parsed as a customer")
	assert.Regexp(t, `^text/html`, gp.HTTPResponse.Header.Get("Content-Type"), "HTML page Content-Type")
	assert.Contains(t, string(gp.Body), "502 Bad Gateway", "HTML page")
	assert.Equal(t, "getCustomer", assertJournaled(t, srv, 200, true, "").Operation)
	assert.Zero(t, srv.Faults.Pending(), "faults left")
	hitpayNoViolations(t, srv)
}

// The fake stores an address that HitPay's PHP backend renders as [] and
// answers it as null, within the spec.
func TestHitPayPutEmptyAddressArray(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	const id = "9b2ae0c1-5d1f-4a47-9e0b-2c8f3a1d6b7e"
	_, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"siti.rahman@example.com.sg","phone_number":"87654321","address":[]}`))
	require.NoError(t, err)
	r, err := hitpayClientOf(t, srv).GetCustomer(context.Background(), id)
	res := parsed(t, r, err, hitpay.ParseGetCustomerResponse)
	require.NotNil(t, res.JSON200, "%s", res.Body)
	assert.False(t, res.JSON200.Address.IsPresent(), "address of %s", res.Body)
	assert.Contains(t, string(res.Body), `"address":null`)
	hitpayNoViolations(t, srv)
}

// hitpayPage is what a paging test compares: the ids on a page and its links.
type hitpayPage struct {
	ids                []string
	next, prev         *string // meta cursors, nil when null
	nextLink, prevLink *string // links, nil when null
}

func hitpayOptional[T ~string](v T) *string {
	if v != "" {
		s := string(v)
		return &s
	}
	return nil
}

func hitpayPageOf(t *testing.T, p *hitpay.ListCustomersResponse) hitpayPage {
	t.Helper()
	require.Equal(t, http.StatusOK, p.StatusCode(), "%s", p.Body)
	require.NotNil(t, p.JSON200, "%s", p.Body)
	require.NotNil(t, p.JSON200.Meta, "meta: %s", p.Body)
	require.NotNil(t, p.JSON200.Links, "links: %s", p.Body)
	l := p.JSON200
	out := hitpayPage{
		next: hitpayOptional(l.Meta.NextCursor), prev: hitpayOptional(l.Meta.PrevCursor),
		nextLink: hitpayOptional(l.Links.Next), prevLink: hitpayOptional(l.Links.Prev),
	}
	for _, c := range l.Data {
		out.ids = append(out.ids, c.Id)
	}
	assert.Equal(t, out.next == nil, out.nextLink == nil, "meta and links disagree on next: %s", p.Body)
	assert.Equal(t, out.prev == nil, out.prevLink == nil, "meta and links disagree on prev: %s", p.Body)
	return out
}

// hitpayFollow reads a links.prev or links.next URL as it is.
func hitpayFollow(t *testing.T, srv *Server, link string) hitpayPage {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, link, nil)
	require.NoError(t, err)
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	return hitpayPageOf(t, parsed(t, res, err, hitpay.ParseListCustomersResponse))
}

// hitpayCursorJSON is the JSON inside an opaque cursor.
func hitpayCursorJSON(t *testing.T, cur string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	require.NoError(t, err, "cursor %q", cur)
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
	srv, c := hitpayStart(t)
	all, err := srv.Seed(35)
	require.NoError(t, err)

	// Forward: 10, 10, 10, 5.
	var fwd []hitpayPage
	var cursor *string
	for {
		require.LessOrEqual(t, len(fwd), 5, "too many pages")
		pg := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(10), Cursor: cursor}))
		fwd = append(fwd, pg)
		if pg.next == nil {
			break
		}
		cursor = pg.next
	}
	require.Len(t, fwd, 4, "pages")
	for i, pg := range fwd {
		want := all[i*10 : min(i*10+10, len(all))]
		assert.Equal(t, want, pg.ids, "page %d", i+1)
		if i == 0 {
			assert.Nil(t, pg.prev, "first page prev_cursor")
			assert.Nil(t, pg.prevLink, "first page links.prev")
			continue
		}
		require.NotNil(t, pg.prev, "page %d has no prev_cursor", i+1)
		// Seeded customers are seq 1..35: the cursor points before the
		// page's first item, backward.
		assert.Equal(t, fmt.Sprintf(`{"before":%d,"_pointsToNextItems":false}`, i*10+1), hitpayCursorJSON(t, *pg.prev), "page %d prev_cursor", i+1)
		assert.Equal(t, srv.URL+"/v1/customers?cursor="+*pg.prev+"&per_page=10", hitpayStrOr(pg.prevLink), "page %d links.prev", i+1)
	}

	// Backward from the last page, by prev_cursor: the same pages in reverse,
	// with the same cursors.
	back := []hitpayPage{fwd[len(fwd)-1]}
	for cur := back[0].prev; cur != nil; cur = back[len(back)-1].prev {
		require.LessOrEqual(t, len(back), 5, "too many pages")
		back = append(back, hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(10), Cursor: cur})))
	}
	require.Len(t, back, len(fwd), "pages walked back")
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
	assert.Equal(t, all[7:10], pg.ids, "3 before page 2")
	assert.NotNil(t, pg.prev, "3 before page 2: prev_cursor")
	if assert.NotNil(t, pg.next, "3 before page 2: next_cursor") {
		assert.Equal(t, `{"after":10,"_pointsToNextItems":true}`, hitpayCursorJSON(t, *pg.next), "next_cursor of a backward page")
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
		assert.Equal(t, http.StatusUnprocessableEntity, p.StatusCode(), "cursor %s: %s", raw, p.Body)
	}
	hitpayNoViolations(t, srv)
}

func TestHitPayListBackwardKeywords(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
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
		require.LessOrEqual(t, len(fwd), 5, "too many pages")
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
	assert.Nil(t, fwd[0].prev, "prev_cursor of the first filtered page")
	// Back by links.prev, which must keep the filter and page size.
	back := []hitpayPage{fwd[len(fwd)-1]}
	for back[len(back)-1].prevLink != nil {
		link := *back[len(back)-1].prevLink
		assert.Contains(t, link, "keywords=KEEP.example", "links.prev lost keywords")
		assert.Contains(t, link, "per_page=4", "links.prev lost per_page")
		require.LessOrEqual(t, len(back), 5, "too many pages")
		back = append(back, hitpayFollow(t, srv, link))
	}
	require.Len(t, back, len(fwd), "pages walked back")
	for i, pg := range back {
		want := fwd[len(fwd)-1-i]
		assert.Equal(t, want, pg, "back page %d: %v, want %v", i+1, pg.ids, want.ids)
	}
	hitpayNoViolations(t, srv)
}

// A page whose predecessors were all deleted is the first page again.
func TestHitPayListPrevAfterDeletes(t *testing.T) {
	t.Parallel()
	srv, c := hitpayStart(t)
	all, err := srv.Seed(12)
	require.NoError(t, err)
	first := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5)}))
	second := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: first.next}))
	require.NotNil(t, second.prev, "second page has no prev_cursor")
	for _, id := range all[:5] {
		r, err := c.DeleteCustomer(context.Background(), id)
		require.NoError(t, err)
		closeBody(r)
	}
	again := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: first.next}))
	assert.Equal(t, all[5:10], again.ids, "after deleting page 1")
	assert.Nil(t, again.prev, "after deleting page 1: prev_cursor")
	assert.NotNil(t, again.next, "after deleting page 1: next_cursor")
	// The old prev cursor now reads an empty page with no cursors.
	empty := hitpayPageOf(t, hitpayList(t, c, &hitpay.ListCustomersParams{PerPage: hitpayPtr(5), Cursor: second.prev}))
	assert.Empty(t, empty.ids, "stale prev cursor: ids")
	assert.Nil(t, empty.prev, "stale prev cursor: prev_cursor")
	assert.Nil(t, empty.next, "stale prev cursor: next_cursor")
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
	require.NoError(t, err)
	assert.Equal(t, upper, id, "id returned by Put")
	for _, key := range []string{upper, lower} {
		_, ok := srv.Customer(key)
		assert.True(t, ok, "Customer(%q) found nothing", key)
	}
	// Put under the other case replaces the customer rather than adding one.
	_, err = srv.Put(json.RawMessage(`{"id":"` + lower + `","email":"up@example.com","phone_number":"91234567","remark":"again"}`))
	require.NoError(t, err)
	require.Equal(t, 1, srv.Count(), "customers after a second Put of the same id in another case")

	c := hitpayClientOf(t, srv)
	ctx := context.Background()
	for _, key := range []string{upper, lower} {
		r, err := c.GetCustomer(ctx, key)
		require.NoError(t, err)
		res, err := hitpay.ParseGetCustomerResponse(r)
		closeBody(r)
		if assert.NoError(t, err, "get %s", key) {
			assert.Equal(t, http.StatusOK, res.StatusCode(), "get %s: %s", key, res.Body)
		}
	}
	for _, tc := range []struct {
		name, id, body string
		status         int
		wantFields     []string
	}{
		{"valid update, own e-mail", lower, `{"email":"UP@example.com","name":"Up"}`, http.StatusOK, nil},
		{"value rule fails, own e-mail", lower, `{"email":"up@example.com","birth_date":"2023-02-30"}`, http.StatusUnprocessableEntity, []string{"birth_date"}},
		{"spec rule fails, own e-mail", upper, `{"email":"up@example.com","name":5}`, http.StatusUnprocessableEntity, []string{"name"}},
	} {
		r, err := c.UpdateCustomerWithBody(ctx, tc.id, "application/json", strings.NewReader(tc.body))
		res := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
		if !assert.Equal(t, tc.status, res.StatusCode(), "%s: status: %s", tc.name, res.Body) {
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
	require.NoError(t, err)
	closeBody(r)
	assert.Equal(t, http.StatusNoContent, r.StatusCode, "delete in mixed case: status")
	assert.Zero(t, srv.Count(), "delete in mixed case: customers left")
	hitpayNoViolations(t, srv)
}

// HitPay documents gender as free text (no enum): the fake stores any value on
// create and update, as the spec allows.
func TestHitPayGenderIsFreeText(t *testing.T) {
	t.Parallel()
	_, c := hitpayStart(t)
	body := hitpayFullBody("gender@example.com")
	body.Gender = hitpayPtr("non-binary")
	created := hitpayMustCreate(t, c, body)
	assert.Equal(t, "non-binary", created.Gender)

	r, err := c.UpdateCustomer(context.Background(), created.Id, hitpay.UpdateCustomerJSONRequestBody{Gender: nullable.NewNullableWithValue("prefers not to say")})
	res := parsed(t, r, err, hitpay.ParseUpdateCustomerResponse)
	require.Equal(t, http.StatusOK, res.StatusCode(), "update: %s", res.Body)
	require.NotNil(t, res.JSON200, "update: %s", res.Body)
	assert.Equal(t, "prefers not to say", res.JSON200.Gender)
}
