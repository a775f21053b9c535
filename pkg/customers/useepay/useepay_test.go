package useepay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func creds(c fake.Credentials) useepay.Credentials {
	return useepay.Credentials{MerchantNo: c.MerchantNo, APIKey: c.APIKey, AppID: c.AppID}
}

func newClient(t *testing.T, srv *fake.Server, c fake.Credentials) *useepay.Client {
	t.Helper()
	cl, err := useepay.New(creds(c), customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return cl
}

func connect(t *testing.T, srv *fake.Server, c fake.Credentials) customers.Service {
	return newClient(t, srv, c)
}

func start(t *testing.T, opts ...fake.Option) (*fake.Server, *useepay.Client) {
	t.Helper()
	srv := fake.Start(t, useepay.Provider, opts...)
	return srv, newClient(t, srv, srv.Credentials)
}

func ctx() context.Context { return context.Background() }

var places = []customers.Address{
	{Line1: "88 Century Avenue", Line2: "Floor 12", City: "Shanghai", State: "Shanghai", PostalCode: "200120", Country: "CN"},
	{Line1: "1 Raffles Place", Line2: "#20-01", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"},
	{Line1: "500 Howard Street", Line2: "Suite 300", City: "San Francisco", State: "CA", PostalCode: "94105", Country: "US"},
}

// sample returns a distinct, valid UseePay customer for each i, setting every
// field UseePay stores.
func sample(i int) *customers.CreateParams {
	home := places[i%len(places)]
	ship := places[(i+1)%len(places)]
	ship.Line1 = fmt.Sprintf("%d %s", 1+i%997, ship.Line1)
	first := []string{"Wei", "Jane", "Hiroshi", "Amelia", "Ravi"}[i%5]
	last := []string{"Li", "Smith", "Tanaka", "Brown", "Patel"}[(i/5)%5]
	return &customers.CreateParams{
		Name:        fmt.Sprintf("%s %s %d", first, last, i),
		FirstName:   first,
		LastName:    last,
		Email:       fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), i),
		Phone:       fmt.Sprintf("+86139%08d", i),
		Description: fmt.Sprintf("Wholesale buyer #%d", i),
		ExternalID:  fmt.Sprintf("CRM-S%07d", i),
		Address:     &home,
		Shipping: &customers.Shipping{
			Name: first + " " + last, FirstName: first, LastName: last,
			Phone:   fmt.Sprintf("+86137%08d", i),
			Method:  []string{"express", "standard", "pickup"}[i%3],
			Address: &ship,
		},
		Metadata: map[string]string{"segment": "wholesale", "n": fmt.Sprint(i)},
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, conformance.Harness{Provider: useepay.Provider, Connect: connect, Sample: sample, Unique: customers.FieldExternalID})
}

// stored returns the fake's wire JSON of a customer, decoded.
func stored(t *testing.T, srv *fake.Server, id string) map[string]any {
	t.Helper()
	raw, ok := srv.Customer(id)
	require.True(t, ok, "the fake does not hold %s", id)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

func asError(t *testing.T, err error, kind error) *customers.Error {
	t.Helper()
	var ce *customers.Error
	require.ErrorIs(t, err, kind)
	require.ErrorAs(t, err, &ce)
	return ce
}

func TestPhonesAreSentAsE164(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(), sample(2))
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	assert.Equal(t, "+8613900000002", m["phone"], "stored phone, want E.164 with +")
	assert.Equal(t, "+8613700000002", m["shipping"].(map[string]any)["phone"], "stored shipping phone")
	assert.Equal(t, "+8613900000002", c.Phone, "read back phone")
	assert.Equal(t, "+8613700000002", c.Shipping.Phone, "read back shipping phone")
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{Phone: customers.Set("+6591234567")})
	require.NoError(t, err)
	assert.Equal(t, "+6591234567", stored(t, srv, c.ID)["phone"], "updated phone stored")
	assert.Equal(t, "+6591234567", upd.Phone, "updated phone read back")
}

func TestPhonesAreReadLeniently(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	id, err := srv.Put(json.RawMessage(`{"id":"cus_LENIENT000001","name":"Li Wei","merchant_customer_id":"CRM-L1",
		"phone":"8613800138000","shipping":{"name":"Li Wei","phone":"0755 1234"},"create_at":"2024-10-23T08:38:08Z"}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	assert.Equal(t, "8613800138000", c.Phone, "bare digits read as, want them as stored: UseePay does not say they carry a country code")
	require.NotNil(t, c.Shipping, "shipping")
	assert.Equal(t, "0755 1234", c.Shipping.Phone, "an unreadable shipping phone, want it as stored")
}

// UseePay stores phones as free text, its own examples as national digits:
// a phone without "+" (read back as stored) is sent unchanged in Create,
// Update (phone and shipping phone) and Search.
func TestNationalPhonesAreSentUnchanged(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	id, err := srv.Put(json.RawMessage(`{"id":"cus_NATIONAL00001","name":"zhangsan","merchant_customer_id":"CRM-N1",
		"phone":"134251756712","shipping":{"name":"SHI-zhangsan","phone":"0755 1234"},"create_at":"2024-10-23T08:38:08Z"}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	require.NotNil(t, c.Shipping)
	_, err = svc.Update(ctx(), id, &customers.UpdateParams{Phone: customers.Set(c.Phone), Shipping: customers.Set(*c.Shipping)})
	require.NoError(t, err, "the phones read back, written back")
	m := stored(t, srv, id)
	assert.Equal(t, "134251756712", m["phone"], "stored phone")
	assert.Equal(t, "0755 1234", m["shipping"].(map[string]any)["phone"], "stored shipping phone")
	var found []string
	for c, err := range svc.Search(ctx(), &customers.SearchParams{Phone: c.Phone}) {
		require.NoError(t, err)
		found = append(found, c.ID)
	}
	assert.Equal(t, []string{id}, found, "search by the phone read back")

	p := sample(4)
	p.Phone = "13800138000"
	created, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	assert.Equal(t, "13800138000", stored(t, srv, created.ID)["phone"], "stored: no country code invented")
}

// A phone with "+" must be a possible E.164 number; one without must fit
// UseePay's 32 characters. The error names both forms.
func TestInvalidPhonesAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(3)
	p.Shipping.Phone = "+12345"
	_, err := svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrInvalidRequest)
	if assert.Contains(t, ce.Fields, "Shipping.Phone", "fields do not name Shipping.Phone") {
		assert.Contains(t, ce.Fields["Shipping.Phone"][0], "E.164")
		assert.Contains(t, ce.Fields["Shipping.Phone"][0], "at most 32 characters")
	}
	_, err = svc.Update(ctx(), "cus_ABC", &customers.UpdateParams{Phone: customers.Set(strings.Repeat("1", 33))})
	ce = asError(t, err, customers.ErrInvalidRequest)
	assert.Contains(t, ce.Fields, "Phone", "fields do not name Phone")
	_, err = svc.Update(ctx(), "cus_ABC", &customers.UpdateParams{Shipping: customers.Set(customers.Shipping{Phone: "+12345"})})
	assert.Contains(t, asError(t, err, customers.ErrInvalidRequest).Fields, "Shipping.Phone", "update: fields do not name Shipping.Phone")
	for _, err := range svc.Search(ctx(), &customers.SearchParams{Phone: "+10000000000"}) {
		_ = asError(t, err, customers.ErrInvalidRequest)
	}
	require.Empty(t, srv.Journal(), "request(s) reached UseePay")
}

func TestAddressAndShippingWireNames(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(4)
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	addr := m["address"].(map[string]any)
	want := map[string]any{"line1": p.Address.Line1, "line2": p.Address.Line2, "city": p.Address.City,
		"state": p.Address.State, "postcode": p.Address.PostalCode, "country": p.Address.Country}
	assert.Equal(t, want, addr, "stored address")
	ship := m["shipping"].(map[string]any)
	assert.Equal(t, p.Shipping.Method, ship["shipping_method"], "stored shipping_method")
	assert.Equal(t, p.Shipping.FirstName, ship["first_name"], "stored shipping first_name")
	assert.Equal(t, p.Shipping.LastName, ship["last_name"], "stored shipping last_name")
	assert.Equal(t, p.Shipping.Name, ship["name"], "stored shipping name")
	sa := ship["address"].(map[string]any)
	assert.Equal(t, p.Shipping.Address.PostalCode, sa["postcode"], "stored shipping address postcode")
	assert.Equal(t, p.Shipping.Address.Line2, sa["line2"], "stored shipping address line2")
	assert.Equal(t, p.ExternalID, m["merchant_customer_id"], "stored merchant_customer_id")
	assert.Equal(t, p.Description, m["description"], "stored description")
	assert.Equal(t, p.Address, c.Address, "read back address")
	assert.Equal(t, p.Shipping.Method, c.Shipping.Method, "read back shipping method")
	assert.Equal(t, p.Shipping.Address, c.Shipping.Address, "read back shipping address")
	assert.Equal(t, p.ExternalID, c.ExternalID, "ExternalID")
}

func TestTimestamps(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2024, 10, 23, 8, 38, 8, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, svc := start(t, fake.WithClock(clock))
	c, err := svc.Create(ctx(), sample(5))
	require.NoError(t, err)
	assert.Equal(t, "2024-10-23T08:38:08Z", stored(t, srv, c.ID)["create_at"], "stored create_at")
	assert.WithinDuration(t, now, c.CreatedAt, 0, "CreatedAt")
	assert.WithinDuration(t, now, c.UpdatedAt, 0, "UpdatedAt")
	mu.Lock()
	later := now.Add(26 * time.Hour)
	now = later
	mu.Unlock()
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{Description: customers.Set("moved")})
	require.NoError(t, err)
	assert.WithinDuration(t, later, upd.UpdatedAt, 0, "after update: UpdatedAt")
	assert.WithinDuration(t, c.CreatedAt, upd.CreatedAt, 0, "after update: CreatedAt")
}

func TestDuplicateExternalIDIsConflict(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	_, err := svc.Create(ctx(), sample(6))
	require.NoError(t, err)
	p := sample(7)
	p.ExternalID = sample(6).ExternalID
	_, err = svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrConflict)
	assert.Equal(t, 400, ce.StatusCode, "conflict: status")
	assert.Equal(t, "already_exists", ce.Code, "conflict: code")
	assert.NotEmpty(t, ce.Fields["ExternalID"], "conflict: fields %v", ce.Fields)
}

func TestEmailOrPhoneRequired(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(8)
	p.Email, p.Phone = "", ""
	_, err := svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Email"], "create without e-mail or phone: fields %v", ce.Fields)
	assert.NotEmpty(t, ce.Fields["Phone"], "create without e-mail or phone: fields %v", ce.Fields)
	require.Empty(t, srv.Journal(), "the refused create reached UseePay")
	p.Phone = "+8613800138000"
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err, "a phone alone")
	assert.Nil(t, stored(t, srv, c.ID)["email"], "stored email")
	assert.Empty(t, c.Email, "email")
	// Clearing both in one update is refused before sending.
	mark := len(srv.Journal())
	_, err = svc.Update(ctx(), c.ID, &customers.UpdateParams{Email: customers.Clear[string](), Phone: customers.Clear[string]()})
	ce = asError(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Email"], "clearing both: fields %v", ce.Fields)
	assert.NotEmpty(t, ce.Fields["Phone"], "clearing both: fields %v", ce.Fields)
	require.Len(t, srv.Journal(), mark, "the refused update reached UseePay")
	// Clearing the only one left is UseePay's call: a 400 field_required.
	_, err = svc.Update(ctx(), c.ID, &customers.UpdateParams{Phone: customers.Clear[string]()})
	ce = asError(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, "field_required", ce.Code, "clearing the last contact: code")
	assert.Equal(t, 400, ce.StatusCode, "clearing the last contact: status")
}

func TestClearSendsNull(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(9)
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err)
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{
		LastName: customers.Clear[string](), Description: customers.Clear[string](),
		Shipping: customers.Clear[customers.Shipping](), Metadata: customers.Clear[map[string]string](),
		Email: customers.Clear[string](),
	})
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	for _, k := range []string{"last_name", "description", "shipping", "metadata", "email"} {
		assert.Nil(t, m[k], "stored %s, want none", k)
	}
	assert.Empty(t, upd.LastName, "read back LastName")
	assert.Empty(t, upd.Description, "read back Description")
	assert.Nil(t, upd.Shipping, "read back Shipping")
	assert.Nil(t, upd.Metadata, "read back Metadata")
	assert.Empty(t, upd.Email, "read back Email")
	assert.Equal(t, p.Name, upd.Name, "field left out changed: Name")
	assert.Equal(t, p.FirstName, upd.FirstName, "field left out changed: FirstName")
	assert.Equal(t, p.Phone, upd.Phone, "field left out changed: Phone")
	assert.Equal(t, p.Address, upd.Address, "field left out changed: Address")
	for _, u := range []*customers.UpdateParams{{Name: customers.Clear[string]()}, {ExternalID: customers.Clear[string]()}} {
		_, err := svc.Update(ctx(), c.ID, u)
		_ = asError(t, err, customers.ErrNotSupported)
	}
}

func TestUpdateReplacesAddress(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(), sample(10))
	require.NoError(t, err)
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{
		Address: customers.Set(customers.Address{City: "Beijing", Country: "cn"}), // sent upper case
		Name:    customers.Set("Li Wei (Beijing)"),
	})
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	a := m["address"].(map[string]any)
	assert.Equal(t, "Beijing", a["city"], "stored city")
	assert.Nil(t, a["line1"], "stored line1, want the address replaced whole")
	assert.Equal(t, c.ExternalID, m["merchant_customer_id"], "stored merchant_customer_id")
	assert.Equal(t, "Li Wei (Beijing)", m["name"], "stored name")
	assert.Equal(t, &customers.Address{City: "Beijing", Country: "CN"}, upd.Address, "read back address")
	assert.Equal(t, c.ExternalID, upd.ExternalID, "read back ExternalID")
}

// UseePay documents no way to change merchant_customer_id: an update that
// sets or clears it is refused before any request, naming the field.
func TestUpdateExternalIDNotSupported(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(), sample(12))
	require.NoError(t, err)
	mark := len(srv.Journal())
	for _, o := range []customers.Optional[string]{customers.Set("CRM-MOVED"), customers.Clear[string]()} {
		_, err = svc.Update(ctx(), c.ID, &customers.UpdateParams{ExternalID: o, Name: customers.Set("x")})
		ce := asError(t, err, customers.ErrNotSupported)
		assert.Contains(t, ce.Message, "ExternalID", "message")
		assert.Equal(t, "useepay", ce.Provider, "provider")
		assert.Equal(t, customers.OpUpdate, ce.Operation, "operation")
	}
	require.Len(t, srv.Journal(), mark, "request(s) reached UseePay")
	assert.Equal(t, c.ExternalID, stored(t, srv, c.ID)["merchant_customer_id"], "merchant_customer_id")
}

func TestNotSupportedAndMalformedIDsSendNothing(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	err := svc.Delete(ctx(), "cus_1JA7UDDQG3800")
	_ = asError(t, err, customers.ErrNotSupported)
	p := sample(11)
	p.BillingAddress = p.Address
	p.Company = "Acme"
	_, err = svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrNotSupported)
	assert.Contains(t, ce.Message, "BillingAddress", "message")
	assert.Contains(t, ce.Message, "Company", "message")
	_, err = svc.Get(ctx(), "")
	_ = asError(t, err, customers.ErrInvalidRequest)
	// Ids of another shape name no UseePay customer: not found, as a 404 would say.
	for _, id := range []string{"create", "cus_", "12345"} {
		_, err := svc.Get(ctx(), id)
		_ = asError(t, err, customers.ErrNotFound)
		_, err = svc.Update(ctx(), id, &customers.UpdateParams{Name: customers.Set("x")})
		_ = asError(t, err, customers.ErrNotFound)
	}
	for _, err := range svc.Search(ctx(), &customers.SearchParams{Query: "li"}) {
		_ = asError(t, err, customers.ErrNotSupported)
	}
	require.Empty(t, srv.Journal(), "request(s) reached UseePay")
}

func TestSearch(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	var ids []string
	for i := range 5 {
		p := sample(20 + i)
		if i < 3 {
			p.Email = "shared@example.com" // UseePay keeps e-mails non-unique
		}
		c, err := svc.Create(ctx(), p)
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	collect := func(p *customers.SearchParams) []string {
		t.Helper()
		var got []string
		for c, err := range svc.Search(ctx(), p) {
			require.NoError(t, err)
			require.NotEmpty(t, c.Raw, "result %s has no raw JSON", c.ID)
			require.Equal(t, useepay.Provider, c.Provider, "result %s: provider", c.ID)
			got = append(got, c.ID)
		}
		return got
	}
	mark := len(srv.Journal())
	assert.Equal(t, ids[:3], collect(&customers.SearchParams{Email: "shared@example.com", PageSize: 2}), "by e-mail")
	assert.Equal(t, 2, len(srv.Journal())-mark, "requests for 3 matches by 2")
	assert.Equal(t, ids[3:4], collect(&customers.SearchParams{Phone: sample(23).Phone}), "by phone")
	assert.Equal(t, ids[4:5], collect(&customers.SearchParams{ExternalID: sample(24).ExternalID}), "by external id")
	assert.Equal(t, ids[1:2], collect(&customers.SearchParams{Email: "shared@example.com", Phone: sample(21).Phone}), "by e-mail and phone")
	assert.Empty(t, collect(&customers.SearchParams{Email: "nobody@example.com"}), "no match")
	for _, err := range svc.Search(ctx(), &customers.SearchParams{}) {
		_ = asError(t, err, customers.ErrInvalidRequest)
	}
}

func TestListDefaultsAndCaps(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	_, err := srv.Seed(12)
	require.NoError(t, err)
	n := 0
	for _, err := range svc.List(ctx(), nil) {
		require.NoError(t, err)
		n++
	}
	// No page_size: UseePay's default (10 in the fake) applies.
	assert.Equal(t, 12, n, "customers listed")
	assert.Len(t, srv.Journal(), 2, "list requests")
	params := &customers.ListParams{PageSize: 500}
	for _, err := range svc.List(ctx(), params) {
		require.ErrorIs(t, err, customers.ErrInvalidRequest, "a page size above 100 gave, want it refused")
	}
	assert.Len(t, srv.Journal(), 2, "a page size above 100 sent request(s)")
	assert.Equal(t, 500, params.PageSize, "List changed the caller's params")
	assert.Equal(t, 100, svc.Capabilities().MaxPageSize, "MaxPageSize")
}

// stub answers every request with one canned response and records requests.
type stub struct {
	t        *testing.T
	method   string // every request must use method and path
	path     string
	mu       sync.Mutex
	status   int
	body     string
	requests []*http.Request
}

func (s *stub) Do(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	assert.Equal(s.t, s.method, r.Method, "request method")
	assert.Equal(s.t, s.path, r.URL.Path, "request path")
	return &http.Response{StatusCode: s.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(s.body)), Request: r}, nil
}

func stubbed(t *testing.T, method, path string, status int, body string) (*stub, *useepay.Client) {
	t.Helper()
	s := &stub{t: t, method: method, path: path, status: status, body: body}
	c, err := useepay.New(useepay.Credentials{MerchantNo: "500000000007245", APIKey: "UseePay_SK_stub_key", AppID: "www.pay.com"},
		customers.WithHTTPClient(s), customers.WithEnvironment(customers.Sandbox))
	require.NoError(t, err)
	return s, c
}

func TestListReadsTheDataEnvelope(t *testing.T) {
	t.Parallel()
	s, svc := stubbed(t, http.MethodGet, "/api/v1/customers", 200, `{"data":[{"id":"cus_1JB2KQX7M4100","name":"Jane Smith","email":"jane.smith@example.com",
		"merchant_customer_id":"CRM-000419","create_at":"2024-10-28T07:28:18Z"}],"has_more":false}`)
	var got []*customers.Customer
	for c, err := range svc.List(ctx(), &customers.ListParams{PageSize: 5}) {
		require.NoError(t, err)
		got = append(got, c)
	}
	require.Len(t, got, 1, "listed")
	require.Equal(t, "cus_1JB2KQX7M4100", got[0].ID, "listed id")
	require.Equal(t, "CRM-000419", got[0].ExternalID, "listed ExternalID")
	require.Contains(t, string(got[0].Raw), `"name":"Jane Smith"`, "listed raw JSON")
	r := s.requests[0]
	assert.Equal(t, "openapi1.uat.useepay.com", r.URL.Host, "requested host")
	assert.Equal(t, "0", r.URL.Query().Get("page_num"), "requested page_num")
	assert.Equal(t, "5", r.URL.Query().Get("page_size"), "requested page_size")
	for h, want := range map[string]string{"x-merchant-no": "500000000007245", "x-api-key": "UseePay_SK_stub_key", "x-app-id": "www.pay.com"} {
		assert.Equal(t, want, r.Header.Get(h), "header %s", h)
	}
}

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		body   string
		kind   error
		field  string
	}{
		{400, `{"code":"invalid_argument","message":"postcode too long","source":"address.postcode"}`, customers.ErrInvalidRequest, "Address.PostalCode"},
		{400, `{"code":"field_required","message":"email or phone required","source":"email"}`, customers.ErrInvalidRequest, "Email"},
		{400, `{"code":"already_exists","message":"exists","source":"merchant_customer_id"}`, customers.ErrConflict, "ExternalID"},
		{400, `{"code":"resource_not_found","message":"Customer not found","source":null}`, customers.ErrNotFound, ""},
		{404, `{"code":"resource_not_found","message":"Customer not found"}`, customers.ErrNotFound, ""},
		{401, `{"code":"invalid_request_error","message":"invalid x-api-key","source":"x-api-key"}`, customers.ErrUnauthorized, "x-api-key"},
		{500, `{"code":"service_unavailable","message":"try later"}`, customers.ErrUnavailable, ""},
		{200, `{"code":"service_unavailable","message":"outside operating hours"}`, customers.ErrUnavailable, ""}, // an error inside a 2xx keeps its code
		{200, `{"code":"already_exists","message":"exists","source":"merchant_customer_id"}`, customers.ErrConflict, "ExternalID"},
		{200, `{"id":null}`, customers.ErrInvalidResponse, ""},
		// A failure that echoes the customer: the code wins over the customer.
		{200, `{"id":"cus_1JA7UDDQG3800","email":"old@example.com","code":"invalid_argument","message":"email is invalid","source":"email"}`, customers.ErrInvalidRequest, "Email"},
		{502, `<html>Bad Gateway</html>`, customers.ErrUnavailable, ""},
		{400, `{"error":"something else"}`, customers.ErrInvalidRequest, ""},
	} {
		_, svc := stubbed(t, http.MethodGet, "/api/v1/customers/cus_1JA7UDDQG3800", tc.status, tc.body)
		_, err := svc.Get(ctx(), "cus_1JA7UDDQG3800")
		ce := asError(t, err, tc.kind)
		if tc.field != "" {
			assert.NotEmpty(t, ce.Fields[tc.field], "%d %s: fields %v, want %s", tc.status, tc.body, ce.Fields, tc.field)
		}
		assert.NotContains(t, ce.Error(), "UseePay_SK_stub_key", "the error reveals the key")
	}
}

func TestWrongMerchantIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, useepay.Provider)
	bad := srv.Credentials
	bad.MerchantNo = "500000000000001"
	_, err := newClient(t, srv, bad).Create(ctx(), sample(12))
	_ = asError(t, err, customers.ErrUnauthorized)
	require.Zero(t, srv.Count(), "customers created with a wrong merchant number")
}

func TestNewRequiresEveryCredential(t *testing.T) {
	t.Parallel()
	full := useepay.Credentials{MerchantNo: "500000000007245", APIKey: "UseePay_SK_x", AppID: "www.pay.com"}
	for missing, c := range map[string]useepay.Credentials{
		"MerchantNo": {APIKey: full.APIKey, AppID: full.AppID},
		"APIKey":     {MerchantNo: full.MerchantNo, AppID: full.AppID},
		"AppID":      {MerchantNo: full.MerchantNo, APIKey: full.APIKey},
	} {
		_, err := useepay.New(c)
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, "New accepted %+v", c)
		assert.ErrorIs(t, err, customers.ErrInvalidRequest)
		assert.Equal(t, []string{missing}, slices.Sorted(maps.Keys(ce.Fields)))
	}
	_, err := useepay.New(full)
	require.NoError(t, err)
}

// Metadata set by another client may hold numbers or objects: they come back
// as their JSON text instead of failing the whole answer.
func TestNonStringMetadataIsKept(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	id, err := srv.Put(json.RawMessage(`{"id":"cus_METADATA00001","name":"Li Wei","merchant_customer_id":"CRM-M1",` +
		`"email":"li.wei@example.cn","metadata":{"tier":"gold","visits":12,"ratio":0.5,"prefs":{"lang":"zh"}}}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(), id)
	require.NoError(t, err)
	want := map[string]string{"tier": "gold", "visits": "12", "ratio": "0.5", "prefs": `{"lang":"zh"}`}
	require.Equal(t, want, c.Metadata, "metadata")
}

// A page with neither items nor data is not a page: ErrInvalidResponse,
// yielded once.
func TestPageWithoutItemsIsInvalid(t *testing.T) {
	t.Parallel()
	_, svc := stubbed(t, http.MethodGet, "/api/v1/customers", 200, `{"has_more":false}`)
	n := 0
	for _, err := range svc.List(ctx(), nil) {
		n++
		require.ErrorIs(t, err, customers.ErrInvalidResponse, "error")
	}
	require.Equal(t, 1, n, "yielded values, want the one error")
}
