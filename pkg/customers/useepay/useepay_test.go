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
	if c.Phone != "+8613900000002" || c.Shipping.Phone != "+8613700000002" {
		t.Errorf("read back %q and %q", c.Phone, c.Shipping.Phone)
	}
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{Phone: customers.Set("+6591234567")})
	require.NoError(t, err)
	if m := stored(t, srv, c.ID); m["phone"] != "+6591234567" || upd.Phone != "+6591234567" {
		t.Errorf("updated phone stored %v, read %q", m["phone"], upd.Phone)
	}
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
	if c.Shipping == nil || c.Shipping.Phone != "0755 1234" {
		t.Errorf("an unreadable shipping phone became %+v, want it as stored", c.Shipping)
	}
}

func TestInvalidPhonesAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(3)
	p.Shipping.Phone = "0755 1234"
	_, err := svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrInvalidRequest)
	assert.Contains(t, ce.Fields, "Shipping.Phone", "fields do not name Shipping.Phone")
	_, err = svc.Update(ctx(), "cus_ABC", &customers.UpdateParams{Phone: customers.Set("91234567")})
	ce = asError(t, err, customers.ErrInvalidRequest)
	assert.Contains(t, ce.Fields, "Phone", "fields do not name Phone")
	for _, err := range svc.Search(ctx(), &customers.SearchParams{Phone: "12345"}) {
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
	if ship["shipping_method"] != p.Shipping.Method || ship["first_name"] != p.Shipping.FirstName ||
		ship["last_name"] != p.Shipping.LastName || ship["name"] != p.Shipping.Name {
		t.Errorf("stored shipping %v", ship)
	}
	if sa := ship["address"].(map[string]any); sa["postcode"] != p.Shipping.Address.PostalCode || sa["line2"] != p.Shipping.Address.Line2 {
		t.Errorf("stored shipping address %v", sa)
	}
	if m["merchant_customer_id"] != p.ExternalID || m["description"] != p.Description {
		t.Errorf("stored merchant_customer_id %v description %v", m["merchant_customer_id"], m["description"])
	}
	if *c.Address != *p.Address || c.Shipping.Method != p.Shipping.Method || *c.Shipping.Address != *p.Shipping.Address {
		t.Errorf("read back address %+v shipping %+v", c.Address, c.Shipping)
	}
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
	if !c.CreatedAt.Equal(now) || !c.UpdatedAt.Equal(now) {
		t.Errorf("CreatedAt %v UpdatedAt %v", c.CreatedAt, c.UpdatedAt)
	}
	mu.Lock()
	later := now.Add(26 * time.Hour)
	now = later
	mu.Unlock()
	upd, err := svc.Update(ctx(), c.ID, &customers.UpdateParams{Description: customers.Set("moved")})
	require.NoError(t, err)
	if !upd.UpdatedAt.Equal(later) || !upd.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("after update: CreatedAt %v UpdatedAt %v", upd.CreatedAt, upd.UpdatedAt)
	}
}

func TestDuplicateExternalIDIsConflict(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	if _, err := svc.Create(ctx(), sample(6)); err != nil {
		t.Fatal(err)
	}
	p := sample(7)
	p.ExternalID = sample(6).ExternalID
	_, err := svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrConflict)
	if ce.StatusCode != 400 || ce.Code != "already_exists" || len(ce.Fields["ExternalID"]) == 0 {
		t.Errorf("conflict: status %d code %q fields %v", ce.StatusCode, ce.Code, ce.Fields)
	}
}

func TestEmailOrPhoneRequired(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(8)
	p.Email, p.Phone = "", ""
	_, err := svc.Create(ctx(), p)
	ce := asError(t, err, customers.ErrInvalidRequest)
	if len(ce.Fields["Email"]) == 0 || len(ce.Fields["Phone"]) == 0 {
		t.Errorf("fields %v", ce.Fields)
	}
	require.Empty(t, srv.Journal(), "the refused create reached UseePay")
	p.Phone = "+8613800138000"
	c, err := svc.Create(ctx(), p)
	require.NoError(t, err, "a phone alone")
	if _, ok := stored(t, srv, c.ID)["email"]; !ok || c.Email != "" {
		t.Errorf("email %q", c.Email)
	}
	// Clearing both in one update is refused before sending.
	mark := len(srv.Journal())
	_, err = svc.Update(ctx(), c.ID, &customers.UpdateParams{Email: customers.Clear[string](), Phone: customers.Clear[string]()})
	ce = asError(t, err, customers.ErrInvalidRequest)
	if len(ce.Fields["Email"]) == 0 || len(ce.Fields["Phone"]) == 0 {
		t.Errorf("fields %v", ce.Fields)
	}
	require.Len(t, srv.Journal(), mark, "the refused update reached UseePay")
	// Clearing the only one left is UseePay's call: a 400 field_required.
	_, err = svc.Update(ctx(), c.ID, &customers.UpdateParams{Phone: customers.Clear[string]()})
	ce = asError(t, err, customers.ErrInvalidRequest)
	if ce.Code != "field_required" || ce.StatusCode != 400 {
		t.Errorf("clearing the last contact: %v", ce)
	}
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
		if assert.Contains(t, m, k, "stored %s, want null", k) {
			assert.Nil(t, m[k], "stored %s, want null", k)
		}
	}
	if upd.LastName != "" || upd.Description != "" || upd.Shipping != nil || upd.Metadata != nil || upd.Email != "" {
		t.Errorf("read back %+v", upd)
	}
	if upd.Name != p.Name || upd.FirstName != p.FirstName || upd.Phone != p.Phone || *upd.Address != *p.Address {
		t.Errorf("fields left out changed: %+v", upd)
	}
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
	if a := m["address"].(map[string]any); a["city"] != "Beijing" || a["line1"] != nil {
		t.Errorf("stored address %v", a)
	}
	if m["merchant_customer_id"] != c.ExternalID || m["name"] != "Li Wei (Beijing)" {
		t.Errorf("stored %v / %v", m["merchant_customer_id"], m["name"])
	}
	if *upd.Address != (customers.Address{City: "Beijing", Country: "CN"}) || upd.ExternalID != c.ExternalID {
		t.Errorf("read back %+v %q", upd.Address, upd.ExternalID)
	}
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
		if !strings.Contains(ce.Message, "ExternalID") || ce.Provider != "useepay" || ce.Operation != customers.OpUpdate {
			t.Errorf("error %+v", ce)
		}
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
			if len(c.Raw) == 0 || c.Provider != useepay.Provider {
				t.Fatalf("result %+v", c)
			}
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
	if _, err := srv.Seed(12); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range svc.List(ctx(), nil) {
		require.NoError(t, err)
		n++
	}
	// No page_size: UseePay's default (10 in the fake) applies.
	if n != 12 || len(srv.Journal()) != 2 {
		t.Errorf("listed %d in %d requests", n, len(srv.Journal()))
	}
	params := &customers.ListParams{PageSize: 500}
	for _, err := range svc.List(ctx(), params) {
		require.ErrorIs(t, err, customers.ErrInvalidRequest, "a page size above 100 gave, want it refused")
	}
	if len(srv.Journal()) != 2 || params.PageSize != 500 {
		t.Errorf("a page size above 100 sent %d request(s)", len(srv.Journal())-2)
	}
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
	if len(got) != 1 || got[0].ID != "cus_1JB2KQX7M4100" || got[0].ExternalID != "CRM-000419" ||
		!strings.Contains(string(got[0].Raw), `"name":"Jane Smith"`) {
		t.Fatalf("listed %+v", got)
	}
	r := s.requests[0]
	if r.URL.Host != "openapi1.uat.useepay.com" || r.URL.Query().Get("page_num") != "0" || r.URL.Query().Get("page_size") != "5" {
		t.Errorf("requested %s", r.URL)
	}
	for h, want := range map[string]string{"x-merchant-no": "500000000007245", "x-api-key": "UseePay_SK_stub_key", "x-app-id": "www.pay.com"} {
		if r.Header.Get(h) != want {
			t.Errorf("header %s = %q", h, r.Header.Get(h))
		}
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
		if tc.field != "" && len(ce.Fields[tc.field]) == 0 {
			t.Errorf("%d %s: fields %v, want %s", tc.status, tc.body, ce.Fields, tc.field)
		}
		if strings.Contains(ce.Error(), "UseePay_SK_stub_key") {
			t.Errorf("the error reveals the key: %v", ce)
		}
	}
}

func TestWrongMerchantIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, useepay.Provider)
	bad := srv.Credentials
	bad.MerchantNo = "500000000000001"
	_, err := newClient(t, srv, bad).Create(ctx(), sample(12))
	_ = asError(t, err, customers.ErrUnauthorized)
	if srv.Count() != 0 {
		t.Fatal("a customer was created with a wrong merchant number")
	}
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
	if _, err := useepay.New(full); err != nil {
		t.Fatal(err)
	}
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
