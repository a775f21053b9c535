package hitpay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func connect(t *testing.T, srv *fake.Server, creds fake.Credentials) customers.Service {
	t.Helper()
	c, err := hitpay.New(creds.APIKey, customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

// start runs a fake HitPay and connects to it with its own key, as most tests here begin.
func start(t *testing.T) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, hitpay.Provider)
	return srv, connect(t, srv, srv.Credentials)
}

var streets = []string{"1 Raffles Place", "80 Marine Parade Road", "2 Orchard Turn", "10 Tampines Central 1"}

// sample returns a distinct, valid HitPay customer for each i: a Singapore
// mobile number (+659 and seven digits) unique for i below ten million.
func sample(i int) *customers.CreateParams {
	return &customers.CreateParams{
		Name:        fmt.Sprintf("Wei Ling Tan %d", i),
		Email:       fmt.Sprintf("weiling.tan.%d@example.com.sg", i),
		Phone:       fmt.Sprintf("+659%07d", i%10000000),
		BirthDate:   customers.NewDate(1960+i%45, time.Month(1+i%12), 1+i%28),
		Gender:      []string{"female", "male"}[i%2],
		Description: fmt.Sprintf("Prefers contact by email (%d)", i),
		Address: &customers.Address{
			Line1:      fmt.Sprintf("#%02d-%02d %s", 1+i%40, 1+i%20, streets[i%len(streets)]),
			City:       "Singapore",
			State:      "Singapore",
			PostalCode: fmt.Sprintf("%06d", 10000+i%900000),
			Country:    "SG",
		},
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, conformance.Harness{Provider: hitpay.Provider, Connect: connect, Sample: sample, Unique: customers.FieldEmail})
}

func ctx() context.Context { return context.Background() }

// stored returns the fake's wire JSON of a customer, decoded.
func stored(t *testing.T, srv *fake.Server, id string) map[string]any {
	t.Helper()
	raw, ok := srv.Customer(id)
	require.True(t, ok, "the fake holds no customer %s", id)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

func wantKind(t *testing.T, err error, kind error) *customers.Error {
	t.Helper()
	var ce *customers.Error
	require.ErrorIs(t, err, kind)
	require.ErrorAs(t, err, &ce)
	return ce
}

func TestPhoneIsSplitIntoNationalNumberAndCountryCode(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(1)
	p.Phone = "+6591234567"
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	require.Equal(t, "91234567", m["phone_number"], "stored phone_number")
	require.Equal(t, "65", m["phone_number_country_code"], "stored country code")
	require.Equal(t, "+6591234567", c.Phone, "Phone")

	// Update sends both parts too.
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{Phone: customers.Set("+85221234567")})
	require.NoError(t, err)
	m = stored(t, srv, c.ID)
	require.Equal(t, "21234567", m["phone_number"], "stored phone_number after update")
	require.Equal(t, "852", m["phone_number_country_code"], "stored country code after update")
	require.Equal(t, "+85221234567", upd.Phone, "Phone after update")
}

func TestPhoneWithoutCountryCodeComesBackAsDigits(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	const id = "9b2ae0c1-5d1f-4a47-9e0b-2c8f3a1d6b7e"
	_, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"siti.rahman@example.com.sg","phone_number":"87654321",` +
		`"phone_number_country_code":null,"created_at":"2024-01-24T16:07:42+08:00"}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	require.Equal(t, "87654321", c.Phone, "Phone, want the stored digits")
}

// A phone HitPay holds without a usable country code is read back as its
// digits and accepted back unchanged: phone_number only, no country code
// sent (the stored one stays as it was); a Create with such digits stores
// them without a country code.
func TestNationalPhoneIsSentUnchanged(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	const id = "9b2ae0c1-5d1f-4a47-9e0b-2c8f3a1d6b70"
	_, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"siti.rahman@example.com.sg","phone_number":"87654321",` +
		`"phone_number_country_code":"0","created_at":"2024-01-24T16:07:42+08:00"}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	require.Equal(t, "87654321", c.Phone, "an unusable country code: the digits as stored")
	_, err = svc.Update(ctx(), id, &customers.UpdateParams{Phone: customers.Set(c.Phone)})
	require.NoError(t, err, "the phone read back, written back")
	m := stored(t, srv, id)
	assert.Equal(t, "87654321", m["phone_number"], "stored phone_number")
	assert.Equal(t, "0", m["phone_number_country_code"], "a country code was sent")

	p := sample(4)
	p.Phone = "87654322"
	created, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	m = stored(t, srv, created.ID)
	assert.Equal(t, "87654322", m["phone_number"], "stored phone_number")
	assert.Nil(t, m["phone_number_country_code"], "a country code was invented")
	assert.Equal(t, "87654322", created.Phone, "read back")
}

func TestPhoneMustFitHitPay(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	for _, tc := range []struct{ phone, msg string }{
		{"+3545511234", "8 to 15 digits"}, // Iceland: seven national digits
		{"9123456", `without "+"`},        // not HitPay's stored form: seven digits
		{"9123 4567", `without "+"`},      // nor with a space
	} {
		p := sample(2)
		p.Phone = tc.phone
		_, err := svc.Create(ctx(), p)
		ce := wantKind(t, err, customers.ErrInvalidRequest)
		if assert.NotEmpty(t, ce.Fields["Phone"], "%s: fields %v", tc.phone, ce.Fields) {
			assert.Contains(t, ce.Fields["Phone"][0], tc.msg, "%s: fields %v", tc.phone, ce.Fields)
		}
	}
	p := sample(3)
	p.Phone = ""
	_, err := svc.Create(ctx(), p)
	ce := wantKind(t, err, customers.ErrInvalidRequest)
	assert.NotNil(t, ce.Fields["Phone"], "a create without phone: fields %v", ce.Fields)
	require.Empty(t, srv.Journal(), "refused request(s) reached the provider")
}

func TestPlainFieldsAreStoredUnderHitPayNames(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(4)
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	for key, want := range map[string]string{
		"name": p.Name, "email": p.Email, "remark": p.Description, "gender": p.Gender, "birth_date": p.BirthDate.String(),
	} {
		assert.Equal(t, want, m[key], "stored %s", key)
	}
	assert.Equal(t, p.Description, c.Description, "read back Description")
	assert.Equal(t, p.Gender, c.Gender, "read back Gender")
	assert.Equal(t, p.Name, c.Name, "read back Name")
	// A full name is never split.
	assert.Empty(t, c.FirstName, "FirstName")
	assert.Empty(t, c.LastName, "LastName")
	assert.True(t, json.Valid(c.Raw), "Raw is not JSON: %s", c.Raw)
	assert.Contains(t, string(c.Raw), `"remark"`, "Raw")
}

func TestAddressMapping(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(5)
	p.Address = &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "sg"} // sent upper case
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	addr, _ := stored(t, srv, c.ID)["address"].(map[string]any)
	want := map[string]any{"street": "1 Raffles Place", "city": "Singapore", "state": "Singapore", "postal_code": "048616", "country": "SG"}
	for k, v := range want {
		assert.Equal(t, v, addr[k], "stored address.%s", k)
	}
	require.Equal(t, &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}, c.Address, "Address")
}

func TestAddressCountryIsReadInUpperCase(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	const id = "9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	_, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"jsmith@example.com","phone_number":"91234567",` +
		`"phone_number_country_code":"65","birth_date":"1990-01-01T00:00:00.000000Z",` +
		`"address":{"street":"1 Raffles Place","city":"Singapore","state":"Singapore","postal_code":"048616","country":"sg"},` +
		`"created_at":"2024-01-24T16:05:10+08:00"}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	require.NotNil(t, c.Address, "Address")
	require.Equal(t, "SG", c.Address.Country, "Address.Country")
	// A birth date sent back as a timestamp is read as its date.
	require.Equal(t, customers.NewDate(1990, time.January, 1), c.BirthDate, "BirthDate")
}

func TestAddressWithoutValuesIsNil(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(6)
	p.Address = nil
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	addr := stored(t, srv, c.ID)["address"]
	require.IsType(t, map[string]any{}, addr, "stored address, want an object of nulls")
	require.Nil(t, addr.(map[string]any)["street"], "stored address.street, want null")
	require.Nil(t, c.Address, "Address, want nil for HitPay's all-null address")
}

func TestAddressLine2IsNotSupported(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(7)
	p.Address.Line2 = "#20-01"
	_, err := svc.Create(ctx(), p)
	ce := wantKind(t, err, customers.ErrNotSupported)
	require.Contains(t, ce.Error(), "Address.Line2", "error does not name Address.Line2")
	addr := *sample(8).Address
	addr.Line2 = "#20-01"
	_, err = svc.Update(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d", &customers.UpdateParams{Address: customers.Set(addr)})
	_ = wantKind(t, err, customers.ErrNotSupported)
	require.Empty(t, srv.Journal(), "refused request(s) reached the provider")
}

func TestAddressNeedsStreetCityStateAndPostalCode(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(9)
	p.Address = &customers.Address{Line1: "1 Raffles Place", Country: "SG"}
	_, err := svc.Create(ctx(), p)
	ce := wantKind(t, err, customers.ErrInvalidRequest)
	for _, f := range []string{"Address.City", "Address.State", "Address.PostalCode"} {
		assert.NotEmpty(t, ce.Fields[f], "fields %v do not name %s", ce.Fields, f)
	}
	assert.NotContains(t, ce.Fields, "Address.Line1", "fields name the street that was given")
	_, err = svc.Update(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d",
		&customers.UpdateParams{Address: customers.Set(customers.Address{City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"})})
	ce = wantKind(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Address.Line1"], "update fields %v", ce.Fields)
	// The spec's own checks name the facade's address fields too.
	p = sample(10)
	p.Address.Country = "SGP"
	_, err = svc.Create(ctx(), p)
	ce = wantKind(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Address.Country"], "a three-letter country: fields %v", ce.Fields)
	require.Empty(t, srv.Journal(), "refused request(s) reached the provider")
}

func TestUpdateClearsWithNull(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(), sample(11))
	require.NoError(t, err)
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{
		Description: customers.Clear[string](),
		Address:     customers.Clear[customers.Address](),
		Gender:      customers.Set("male"),
	})
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	assert.Nil(t, m["remark"], "stored remark, want none")
	addr, _ := m["address"].(map[string]any) // null, or an object of nulls
	assert.Nil(t, addr["street"], "stored address.street, want cleared")
	assert.Equal(t, "male", m["gender"], "stored gender")
	assert.Equal(t, c.Email, m["email"], "stored email")
	assert.Empty(t, upd.Description, "Description after clearing")
	assert.Nil(t, upd.Address, "Address after clearing")
	assert.Equal(t, "male", upd.Gender, "Gender after update")
	assert.Equal(t, c.Phone, upd.Phone, "Phone after update")

	// Email and Phone can change but not be cleared.
	for _, u := range []*customers.UpdateParams{{Email: customers.Clear[string]()}, {Phone: customers.Clear[string]()}} {
		_, err := svc.Update(ctx(), c.ID, u)
		_ = wantKind(t, err, customers.ErrNotSupported)
	}
}

func TestDuplicateEmailIsConflict(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	_, err := svc.Create(ctx(), sample(12))
	require.NoError(t, err)
	p := sample(13)
	p.Email = strings.ToUpper(sample(12).Email)
	_, err = svc.Create(ctx(), p)
	ce := wantKind(t, err, customers.ErrConflict)
	require.Equal(t, 422, ce.StatusCode, "conflict: status")
	require.NotEmpty(t, ce.Fields["Email"], "conflict: fields %v", ce.Fields)
}

func TestSearchByKeywords(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	for i := range 7 {
		p := sample(20 + i)
		if i%2 == 0 {
			p.Name = fmt.Sprintf("Arjun Nair %d", i)
			p.Email = fmt.Sprintf("arjun.%d@example.com", i)
		}
		_, err := svc.Create(ctx(), p)
		require.NoError(t, err)
	}
	s, ok := svc.(customers.Searcher)
	require.True(t, ok, "the HitPay adapter is not a Searcher")
	mark := len(srv.Journal())
	var names []string
	for c, err := range s.Search(ctx(), &customers.SearchParams{Query: "arjun", PageSize: 3}) {
		require.NoError(t, err)
		assert.NotEmpty(t, c.Raw, "search result Raw")
		assert.Equal(t, hitpay.Provider, c.Provider, "search result Provider")
		names = append(names, c.Name)
	}
	want := []string{"Arjun Nair 0", "Arjun Nair 2", "Arjun Nair 4", "Arjun Nair 6"}
	require.Equal(t, want, names, "search found")
	assert.Equal(t, 2, len(srv.Journal())-mark, "requests for 4 matches by 3")
	for _, p := range []*customers.SearchParams{{Email: "arjun.0@example.com"}, {Phone: "+6590000020"}, {ExternalID: "x"}} {
		for _, err := range s.Search(ctx(), p) {
			_ = wantKind(t, err, customers.ErrNotSupported)
		}
	}
	for _, err := range s.Search(ctx(), &customers.SearchParams{}) {
		_ = wantKind(t, err, customers.ErrInvalidRequest)
	}
}

// recorder is an HTTPDoer that keeps the query of every request.
type recorder struct {
	mu      sync.Mutex
	queries []url.Values
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.queries = append(r.queries, req.URL.Query())
	r.mu.Unlock()
	return http.DefaultClient.Do(req)
}

func TestListPageSize(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, hitpay.Provider)
	_, err := srv.Seed(12)
	require.NoError(t, err)
	rec := &recorder{}
	svc, err := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	require.NoError(t, err)
	n := 0
	for _, err := range svc.List(ctx(), nil) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 12, n, "customers listed")
	require.Len(t, rec.queries, 2, "list requests")
	assert.Equal(t, "10", rec.queries[0].Get("per_page"), "default per_page, want HitPay's 10")
	assert.False(t, rec.queries[0].Has("cursor"), "first page sent a cursor: %v", rec.queries[0])
	assert.NotEmpty(t, rec.queries[1].Get("cursor"), "second page cursor")
}

// stub serves one canned answer to every request, each of which must use
// the given method and path.
func stub(t *testing.T, method, path string, status int, body string) *hitpay.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, method, r.Method, "request method")
		assert.Equal(t, path, r.URL.Path, "request path")
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	// No retries: each test sees the one answer it scripted.
	c, err := hitpay.New("test-business-key", customers.WithBaseURL(srv.URL), customers.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

// customerPath is the path of the customer in customerJSON.
const customerPath = "/v1/customers/9b2ada28-be3c-47ab-883f-ba72e5d8305d"

const customerJSON = `{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"John Doe","birth_date":"1990-01-01",` +
	`"email":"jsmith@example.com","phone_number":"91234567","address":null,"gender":"male","remark":null,` +
	`"phone_number_country_code":"65","created_at":"2024-01-24T16:05:10+08:00","updated_at":"2024-01-24T16:05:10+08:00"}`

func TestGetAccepts201(t *testing.T) {
	t.Parallel()
	c, err := stub(t, http.MethodGet, customerPath, http.StatusCreated, customerJSON).Get(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
	require.NoError(t, err)
	require.Equal(t, "John Doe", c.Name, "Name")
	require.Equal(t, "+6591234567", c.Phone, "Phone")
	require.False(t, c.CreatedAt.IsZero(), "CreatedAt is zero")
	require.Equal(t, customerJSON, string(c.Raw), "Raw")
}

func TestDeleteIgnoresAnyBody(t *testing.T) {
	t.Parallel()
	require.NoError(t, stub(t, http.MethodDelete, customerPath, http.StatusOK, "1").Delete(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d"), "a 200 with body 1")
	require.NoError(t, stub(t, http.MethodDelete, customerPath, http.StatusNoContent, "").Delete(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d"), "a 204")
}

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
		kind   error
		msg    string
		fields map[string][]string
	}{
		{"InvalidKeyAs404", 404, `{"message":"Invalid business api key."}`, customers.ErrUnauthorized, "Invalid business api key.", nil},
		{"ModelNotFound", 404, `{"message":"No query results for model [App\\Business\\Customer] 9b2ada28"}`, customers.ErrNotFound, "No query results", nil},
		{"Unauthenticated", 401, `{"message":"Unauthenticated.","errors":[]}`, customers.ErrUnauthorized, "Unauthenticated.", nil},
		{"Forbidden", 403, `{"message":"Invalid business api key","errors":[]}`, customers.ErrUnauthorized, "Invalid business api key", nil},
		{"Validation", 422, `{"message":"The birth date does not match the format Y-m-d. (and 1 more error)","errors":{` +
			`"birth_date":["The birth date does not match the format Y-m-d."],"address.city":["The address.city field is required when address is present."]}}`,
			customers.ErrInvalidRequest, "(and 1 more error)", map[string][]string{
				"BirthDate":    {"The birth date does not match the format Y-m-d."},
				"Address.City": {"The address.city field is required when address is present."},
			}},
		{"Taken", 422, `{"message":"The email has already been taken.","errors":{"email":["The email has already been taken."]}}`,
			customers.ErrConflict, "already been taken", map[string][]string{"Email": {"The email has already been taken."}}},
		// A duplicate next to another invalid field is not a conflict: fetching
		// the existing customer would not fix the gender.
		{"TakenAndInvalid", 422, `{"message":"The email has already been taken. (and 1 more error)","errors":{` +
			`"email":["The email has already been taken."],"gender":["The selected gender is invalid."]}}`,
			customers.ErrInvalidRequest, "already been taken", map[string][]string{
				"Email":  {"The email has already been taken."},
				"Gender": {"The selected gender is invalid."},
			}},
		{"NotJSON", 500, `<html>Server Error</html>`, customers.ErrUnavailable, "Internal Server Error", nil},
		{"OtherShape", 422, `["odd"]`, customers.ErrInvalidRequest, "Unprocessable Entity", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := stub(t, http.MethodGet, customerPath, tc.status, tc.body).Get(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
			ce := wantKind(t, err, tc.kind)
			assert.Contains(t, ce.Message, tc.msg, "message")
			if tc.fields != nil {
				assert.Equal(t, tc.fields, ce.Fields, "fields")
			}
			assert.Equal(t, tc.status, ce.StatusCode, "status")
			assert.NotEmpty(t, ce.Raw, "raw")
		})
	}
}

func TestAPIKeyHeaderAndSecrecy(t *testing.T) {
	t.Parallel()
	const key = "b286daabf9921b5a01a4621f026c111e046f8911feba212996c92159b98427d"
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("X-BUSINESS-API-KEY")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"Invalid business api key ` + key + `","errors":[]}`))
	}))
	defer srv.Close()
	svc, err := hitpay.New(key, customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = svc.Get(ctx(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
	ce := wantKind(t, err, customers.ErrUnauthorized)
	assert.Equal(t, key, got, "X-BUSINESS-API-KEY")
	assert.NotContains(t, ce.Error(), key, "the error reveals the API key")
	assert.NotContains(t, string(ce.Raw), key, "the raw error reveals the API key")
}

func TestNewRequiresKey(t *testing.T) {
	t.Parallel()
	_, err := hitpay.New("")
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "New accepted an empty key")
	assert.ErrorIs(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, hitpay.Provider, ce.Provider)
	assert.Contains(t, ce.Fields, "APIKey")
}

// phpAddressCustomers are customers whose address HitPay's PHP backend can
// render as [] (an empty associative array), next to an ordinary address.
var phpAddressCustomers = []string{
	`{"id":"9b2ae0c1-5d1f-4a47-9e0b-2c8f3a1d6b7e","name":"Siti Rahman","email":"siti.rahman@example.com.sg",` +
		`"phone_number":"87654321","phone_number_country_code":"65","address":[],"created_at":"2024-01-24T16:07:42+08:00"}`,
	`{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"John Doe","email":"jsmith@example.com",` +
		`"phone_number":"91234567","phone_number_country_code":"65",` +
		`"address":{"street":"1 Raffles Place","city":"Singapore","state":"Singapore","postal_code":"048616","country":"SG"},` +
		`"created_at":"2024-01-24T16:05:10+08:00"}`,
}

func checkPHPAddressCustomer(t *testing.T, i int, c *customers.Customer) {
	t.Helper()
	switch i {
	case 0:
		assert.Nil(t, c.Address, "address []: Address")
		assert.Equal(t, "Siti Rahman", c.Name, "address []: Name")
		assert.Equal(t, "+6587654321", c.Phone, "address []: Phone")
		assert.False(t, c.CreatedAt.IsZero(), "address []: CreatedAt is zero")
	case 1:
		if assert.NotNil(t, c.Address, "address object: Address") {
			assert.Equal(t, "1 Raffles Place", c.Address.Line1, "address object: Line1")
			assert.Equal(t, "SG", c.Address.Country, "address object: Country")
		}
	}
}

func TestEmptyAddressAsArrayGetAndList(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	ids := make([]string, len(phpAddressCustomers))
	for i, raw := range phpAddressCustomers {
		id, err := srv.Put(json.RawMessage(raw))
		require.NoError(t, err, "%s", raw)
		ids[i] = id
	}
	for i, id := range ids {
		c, err := svc.Get(ctx(), id)
		require.NoError(t, err, "Get %s", id)
		checkPHPAddressCustomer(t, i, c)
	}
	n := 0
	for c, err := range svc.List(ctx(), nil) {
		require.NoError(t, err, "List")
		i := slices.Index(ids, c.ID)
		require.GreaterOrEqual(t, i, 0, "List returned %s", c.ID)
		checkPHPAddressCustomer(t, i, c)
		n++
	}
	assert.Len(t, ids, n, "customers List returned")
}

// TestEmptyAddressAsArrayOnTheWire serves [] verbatim, as HitPay sends it (the
// fake re-encodes what it stores), behind a guard that fails the test when an
// answer breaks the spec.
func TestEmptyAddressAsArrayOnTheWire(t *testing.T) {
	t.Parallel()
	doc, err := specs.Load(context.Background(), "hitpay")
	require.NoError(t, err)
	answers := map[string]string{
		"/v1/customers": `{"data":[` + strings.Join(phpAddressCustomers, ",") + `],` +
			`"links":{"first":null,"last":null,"prev":null,"next":null},` +
			`"meta":{"path":"https://api.hit-pay.com/v1/customers","per_page":10,"next_cursor":null,"prev_cursor":null}}`,
	}
	var ids []string
	for _, raw := range phpAddressCustomers {
		var c struct{ ID string }
		_ = json.Unmarshal([]byte(raw), &c)
		answers["/v1/customers/"+c.ID] = raw
		ids = append(ids, c.ID)
	}
	srv, _ := specguardtest.Serve(t, doc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := answers[r.URL.Path]
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			body = `{"message":"No query results for model [App\\Business\\Customer]"}`
		}
		_, _ = w.Write([]byte(body))
	}))
	svc, err := hitpay.New("php-shapes-key", customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	for i, id := range ids {
		c, err := svc.Get(ctx(), id)
		require.NoError(t, err, "Get %s", id)
		checkPHPAddressCustomer(t, i, c)
		if i == 0 {
			assert.Contains(t, string(c.Raw), `"address":[]`, "Raw is not the wire JSON")
		}
	}
	i := 0
	for c, err := range svc.List(ctx(), nil) {
		require.NoError(t, err, "List")
		checkPHPAddressCustomer(t, i, c)
		i++
	}
	assert.Len(t, ids, i, "customers List returned")
}

// A page without meta cannot say whether another follows: it is an invalid
// answer, like a single customer without an id.
func TestPageWithoutMetaIsInvalid(t *testing.T) {
	t.Parallel()
	svc := stub(t, http.MethodGet, "/v1/customers", 200, `{"data":[]}`)
	n := 0
	for _, err := range svc.List(ctx(), nil) {
		n++
		_ = wantKind(t, err, customers.ErrInvalidResponse)
	}
	require.Equal(t, 1, n, "yielded values, want the one error")
}
