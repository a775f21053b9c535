package notchpay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func connect(t *testing.T, srv *fake.Server, creds fake.Credentials) customers.Service {
	t.Helper()
	c, err := notchpay.New(notchpay.Credentials{APIKey: creds.APIKey, SyncAccount: creds.SyncAccount},
		customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

func client(t *testing.T, srv *fake.Server) *notchpay.Client {
	t.Helper()
	return connect(t, srv, srv.Credentials).(*notchpay.Client)
}

// start runs a fake Notch Pay and a client of it with its own keys, as most tests here begin.
func start(t *testing.T) (*fake.Server, *notchpay.Client) {
	t.Helper()
	srv := fake.Start(t, notchpay.Provider)
	return srv, client(t, srv)
}

var (
	firstNames = []string{"Aminata", "Jean", "Brice", "Carine", "Ibrahim", "Sandrine", "Paul"}
	lastNames  = []string{"Njoya", "Mbarga", "Fotso", "Tchoupo", "Ebogo", "Kamga", "Atangana", "Nkeng"}
	districts  = []string{"Akwa", "Bonapriso", "Bastos", "Deido", "Mvog-Mbi"}
	cities     = []struct{ city, state string }{{"Douala", "Littoral"}, {"Yaoundé", "Centre"}, {"Bafoussam", "Ouest"}}
)

// sample returns a distinct, valid Notch Pay customer for each i, setting
// every field Notch Pay stores.
func sample(i int) *customers.CreateParams {
	first := firstNames[i%len(firstNames)]
	last := lastNames[(i/len(firstNames))%len(lastNames)]
	home := cities[i%len(cities)]
	bill := cities[(i+1)%len(cities)]
	return &customers.CreateParams{
		Name:    first + " " + last,
		Email:   fmt.Sprintf("%s.%s.%d@example.cm", strings.ToLower(first), strings.ToLower(last), i),
		Phone:   fmt.Sprintf("+2376%08d", i%100000000),
		Company: fmt.Sprintf("Ets %s %d SARL", last, i),
		Address: &customers.Address{
			Line1: fmt.Sprintf("%d Rue Joss", 10+i%90), Line2: districts[i%len(districts)],
			City: home.city, State: home.state, PostalCode: fmt.Sprintf("BP %d", 1000+i%9000), Country: "CM",
		},
		BillingAddress: &customers.Address{
			Line1: fmt.Sprintf("%d Avenue Kennedy", 1+i%200), Line2: districts[(i+2)%len(districts)],
			City: bill.city, State: bill.state, PostalCode: fmt.Sprintf("BP %d", 2000+i%7000), Country: "CM",
		},
		Metadata: map[string]string{"crm_id": fmt.Sprintf("crm-%06d", i), "segment": []string{"retail", "wholesale", "vip"}[i%3]},
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, conformance.Harness{Provider: notchpay.Provider, Connect: connect, Sample: sample, Unique: ""})
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// stored decodes the fake's wire JSON of a customer.
func stored(t *testing.T, srv *fake.Server, id string) map[string]any {
	t.Helper()
	raw, ok := srv.Customer(id)
	require.True(t, ok, "the fake holds no %s", id)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}

func count(srv *fake.Server, op string) int {
	n := 0
	for _, r := range srv.Journal() {
		if r.Operation == op {
			n++
		}
	}
	return n
}

func wantErr(t *testing.T, err, kind error) *customers.Error {
	t.Helper()
	var ce *customers.Error
	require.ErrorIs(t, err, kind)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, notchpay.Provider, ce.Provider, "error names provider")
	return ce
}

func TestPhoneStoredAsInternationalDigits(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(t), &customers.CreateParams{Phone: "+237690112233"})
	require.NoError(t, err)
	require.Equal(t, "237690112233", stored(t, srv, c.ID)["phone"], "stored phone, want the digits without +")
	require.Equal(t, "+237690112233", c.Phone, "Phone")
	upd, err := svc.Update(ctx(t), c.ID, &customers.UpdateParams{Phone: customers.Set("+33612345678")})
	require.NoError(t, err)
	require.Equal(t, "33612345678", stored(t, srv, c.ID)["phone"], "after update: stored")
	require.Equal(t, "+33612345678", upd.Phone, "after update: returned")
	// Digits that make no possible number are returned as stored.
	odd := "cus_OddPhone00000001"
	_, err = srv.Put(json.RawMessage(`{"id":"` + odd + `","phone":"12345"}`))
	require.NoError(t, err)
	got, err := svc.Get(ctx(t), odd)
	require.NoError(t, err, "Get of the odd phone")
	require.Equal(t, "12345", got.Phone, "odd phone read back")
}

func TestPhoneRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	mark := len(srv.Journal())
	for _, bad := range []string{"237690112233", "+1234", "phone"} {
		p := sample(2)
		p.Phone = bad
		_, err := svc.Create(ctx(t), p)
		ce := wantErr(t, err, customers.ErrInvalidRequest)
		if assert.NotEmpty(t, ce.Fields["Phone"], "create with phone %q: fields %v", bad, ce.Fields) {
			// Notch Pay stores no phone without its country code: E.164 only.
			assert.NotContains(t, ce.Fields["Phone"][0], `without "+"`, "create with phone %q", bad)
		}
		_, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Phone: customers.Set(bad)})
		ce = wantErr(t, err, customers.ErrInvalidRequest)
		assert.NotEmpty(t, ce.Fields["Phone"], "update with phone %q: fields %v", bad, ce.Fields)
	}
	require.Len(t, srv.Journal(), mark, "refused request(s) reached the provider")
}

func TestEmailOrPhoneRequired(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	_, err := svc.Create(ctx(t), &customers.CreateParams{Name: "Jean Mbarga", Company: "ACME"})
	ce := wantErr(t, err, customers.ErrInvalidRequest)
	require.NotEmpty(t, ce.Fields["Email"], "fields %v, want Email and Phone named", ce.Fields)
	require.NotEmpty(t, ce.Fields["Phone"], "fields %v, want Email and Phone named", ce.Fields)
	require.Empty(t, srv.Journal(), "the refused create reached the provider")
	_, err = svc.Create(ctx(t), &customers.CreateParams{Email: "only.email@example.cm"})
	require.NoError(t, err, "e-mail alone")
	_, err = svc.Create(ctx(t), &customers.CreateParams{Phone: "+237650000001"})
	require.NoError(t, err, "phone alone")
}

func TestDuplicateEmailsAreAllowed(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	a, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	p := sample(2)
	p.Email = sample(1).Email
	b, err := svc.Create(ctx(t), p)
	require.NoError(t, err, "a second customer with the same e-mail")
	require.NotEqual(t, a.ID, b.ID, "the second customer has the first one's id")
	require.Equal(t, a.Email, b.Email, "the second customer's e-mail")
}

func TestCompanyAndAddressesMapping(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(7)
	c, err := svc.Create(ctx(t), p)
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	require.Equal(t, p.Company, m["company_name"], "stored company_name")
	require.Equal(t, p.Name, m["name"], "stored name")
	require.Equal(t, p.Email, m["email"], "stored email")
	wantWire := func(a *customers.Address) map[string]any {
		return map[string]any{"address_line1": a.Line1, "address_line2": a.Line2, "city": a.City,
			"state": a.State, "postal_code": a.PostalCode, "country": a.Country}
	}
	assert.Equal(t, wantWire(p.Address), m["address"], "stored address")
	assert.Equal(t, wantWire(p.BillingAddress), m["billing"], "stored billing")
	assert.Equal(t, p.Company, c.Company, "returned company")
	assert.Equal(t, p.Address, c.Address, "returned address")
	assert.Equal(t, p.BillingAddress, c.BillingAddress, "returned billing")

	// The country is an ISO code in either case, sent upper case; anything
	// else is refused before sending.
	upd, err := svc.Update(ctx(t), c.ID, &customers.UpdateParams{Address: customers.Set(customers.Address{City: "Kribi", Country: "cm"})})
	require.NoError(t, err, "lower-case country on update")
	require.NotNil(t, upd.Address, "lower-case country on update: returned address")
	require.Equal(t, "CM", upd.Address.Country, "lower-case country on update: returned country")
	assert.Equal(t, "CM", stored(t, srv, c.ID)["address"].(map[string]any)["country"], "stored country")
	mark := len(srv.Journal())
	_, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Address: customers.Set(customers.Address{City: "Kribi", Country: "CMR"})})
	ce := wantErr(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Address.Country"], "three-letter country on update: fields %v", ce.Fields)
	p2 := sample(8)
	p2.Address.Country = "Cameroon"
	_, err = svc.Create(ctx(t), p2)
	ce = wantErr(t, err, customers.ErrInvalidRequest)
	assert.NotEmpty(t, ce.Fields["Address.Country"], "country name on create: fields %v", ce.Fields)
	assert.Len(t, srv.Journal(), mark, "a refused call reached the provider")

	// Setting an address replaces it whole.
	upd, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Address: customers.Set(customers.Address{City: "Kribi", Country: "CM"})})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"city": "Kribi", "country": "CM"}, stored(t, srv, c.ID)["address"], "stored address after update")
	assert.Equal(t, &customers.Address{City: "Kribi", Country: "CM"}, upd.Address, "returned address")
	assert.Equal(t, p.BillingAddress, upd.BillingAddress, "billing changed by an address update")
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(t), &customers.CreateParams{Email: "meta@example.cm", Metadata: map[string]string{"user_id": "12345", "plan": "premium"}})
	require.NoError(t, err)
	storedMeta, _ := stored(t, srv, c.ID)["metadata"].(map[string]any)
	require.NotEmpty(t, storedMeta[adapter.MarkerKey], "the create's marker is stored with the customer")
	delete(storedMeta, adapter.MarkerKey)
	require.Equal(t, map[string]any{"user_id": "12345", "plan": "premium"}, storedMeta, "stored metadata")
	assert.Equal(t, map[string]string{"user_id": "12345", "plan": "premium"}, c.Metadata, "the marker is not read back")
	assert.Contains(t, string(c.Raw), adapter.MarkerKey, "Raw keeps it as sent")
	// Values set outside this library that are not strings come back as
	// their JSON text.
	id := "cus_MetaTypes0000001"
	_, err = srv.Put(json.RawMessage(`{"id":"` + id + `","email":"odd@example.cm","metadata":{"name":"x","visits":12,"ratio":0.5,"vip":true,"none":null,"prefs":{"lang": "fr"},"tags":["a", "b"],"big":12345678901234567890}}`))
	require.NoError(t, err)
	got, err := svc.Get(ctx(t), id)
	require.NoError(t, err)
	want := map[string]string{"name": "x", "visits": "12", "ratio": "0.5", "vip": "true", "none": "null",
		"prefs": `{"lang":"fr"}`, "tags": `["a","b"]`}
	big := got.Metadata["big"]
	delete(got.Metadata, "big")
	assert.Equal(t, want, got.Metadata, "metadata")
	assert.NotEmpty(t, big, "big number rendered")
	assert.NotContains(t, big, `"`, "big number rendered")
}

func TestClearSendsNull(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(t), sample(3))
	require.NoError(t, err)
	upd, err := svc.Update(ctx(t), c.ID, &customers.UpdateParams{
		Company: customers.Clear[string](), BillingAddress: customers.Clear[customers.Address](),
		Metadata: customers.Clear[map[string]string](),
	})
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	for _, k := range []string{"company_name", "billing", "metadata"} {
		assert.Nil(t, m[k], "stored %s, want none", k)
	}
	assert.Empty(t, upd.Company, "returned company")
	assert.Nil(t, upd.BillingAddress, "returned billing")
	assert.Nil(t, upd.Metadata, "returned metadata")
	assert.NotNil(t, upd.Address, "returned address, want it kept")
	assert.NotEmpty(t, upd.Name, "returned name, want it kept")
	mark := len(srv.Journal())
	for _, u := range []*customers.UpdateParams{{Email: customers.Clear[string]()}, {Phone: customers.Clear[string]()}} {
		_, err := svc.Update(ctx(t), c.ID, u)
		_ = wantErr(t, err, customers.ErrNotSupported)
	}
	assert.Len(t, srv.Journal(), mark, "a refused clear reached the provider")
}

func TestUnsupportedFieldsNamed(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(1)
	p.FirstName, p.Description = "Ada", "VIP"
	_, err := svc.Create(ctx(t), p)
	ce := wantErr(t, err, customers.ErrNotSupported)
	assert.Contains(t, ce.Message, "FirstName", "message")
	assert.Contains(t, ce.Message, "Description", "message")
	assert.Empty(t, srv.Journal(), "the refused create reached the provider")
}

// headerRecorder records the headers of each request and forwards it.
type headerRecorder struct {
	mu      sync.Mutex
	headers []http.Header
	queries []string
}

func (h *headerRecorder) Do(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.headers = append(h.headers, req.Header.Clone())
	h.queries = append(h.queries, req.URL.RawQuery)
	h.mu.Unlock()
	return http.DefaultClient.Do(req)
}

func TestCredentialHeaders(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	rec := &headerRecorder{}
	plain, err := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey},
		customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	require.NoError(t, err)
	_, err = plain.Create(ctx(t), sample(1))
	require.NoError(t, err, "without X-Sync")
	synced, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey, SyncAccount: srv.Credentials.SyncAccount},
		customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	_, err = synced.Create(ctx(t), sample(2))
	require.NoError(t, err, "with X-Sync")
	require.Len(t, rec.headers, 2, "requests")
	for i, h := range rec.headers {
		assert.Equal(t, srv.Credentials.APIKey, h.Get("Authorization"), "request %d: Authorization, want the raw key", i)
	}
	assert.NotContains(t, rec.headers[0], "X-Sync", "X-Sync sent without a sync account")
	assert.Equal(t, srv.Credentials.SyncAccount, rec.headers[1].Get("X-Sync"), "X-Sync")
}

func TestUnknownSyncAccountIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	creds := srv.Credentials
	creds.SyncAccount = "acct_someone_else"
	svc := connect(t, srv, creds)
	_, err := svc.Create(ctx(t), sample(1))
	ce := wantErr(t, err, customers.ErrUnauthorized)
	assert.Equal(t, 404, ce.StatusCode, "status")
	assert.Contains(t, ce.Message, "Sync account not found", "message")
	assert.NotContains(t, ce.Error(), creds.SyncAccount, "the error reveals the sync account")
	assert.NotContains(t, string(ce.Raw), creds.SyncAccount, "the error's raw body reveals the sync account")
	// A 404 for a missing customer stays ErrNotFound.
	_, err = client(t, srv).Get(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPageSize(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	_, err := srv.Seed(35)
	require.NoError(t, err)
	rec := &headerRecorder{}
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey},
		customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	n := 0
	for _, err := range svc.List(ctx(t), nil) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 35, n, "customers listed")
	require.Len(t, rec.queries, 2, "list requests")
	require.Contains(t, rec.queries[0], "limit=30", "first page's query")
	require.Contains(t, rec.queries[1], "page=2", "second page's query")
	rec.queries = nil
	for _, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 100}) {
		require.NoError(t, err)
	}
	require.Len(t, rec.queries, 1, "requests for a page size of 100")
	require.Contains(t, rec.queries[0], "limit=100", "query for a page size of 100")
	rec.queries = nil
	for _, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 500}) {
		require.ErrorIs(t, err, customers.ErrInvalidRequest, "a page size of 500 gave, want it refused")
	}
	require.Empty(t, rec.queries, "a refused page size sent requests")
}

func TestSearch(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	_, err := srv.Seed(40)
	require.NoError(t, err)
	created, err := svc.Create(ctx(t), &customers.CreateParams{Name: "Zacharie Owona", Email: "z.owona@example.cm", Phone: "+237677001122"})
	require.NoError(t, err)
	find := func(p *customers.SearchParams) []*customers.Customer {
		t.Helper()
		var out []*customers.Customer
		for c, err := range svc.Search(ctx(t), p) {
			require.NoError(t, err)
			assert.NotEmpty(t, c.Raw, "a search result has no raw JSON")
			out = append(out, c)
		}
		return out
	}
	for _, q := range []string{"Owona", "z.owona@example.cm", "+237677001122"} {
		if got := find(&customers.SearchParams{Query: q}); assert.Len(t, got, 1, "search %q", q) {
			assert.Equal(t, created.ID, got[0].ID, "search %q: id", q)
			assert.Equal(t, "+237677001122", got[0].Phone, "search %q: phone", q)
		}
	}
	// The seeded customers are all in Cameroon: page through every match.
	mark := count(srv, "listCustomers")
	assert.Len(t, find(&customers.SearchParams{Query: "example.com", PageSize: 7}), 40, "search over the seeded customers")
	assert.Equal(t, 6, count(srv, "listCustomers")-mark, "requests for 40 matches by 7")
	assert.Empty(t, find(&customers.SearchParams{Query: "nobody-matches-this"}), "search matching nobody")
	for _, p := range []*customers.SearchParams{{Email: "z.owona@example.cm"}, {Phone: "+237677001122"}, {ExternalID: "x"}} {
		for _, err := range svc.Search(ctx(t), p) {
			_ = wantErr(t, err, customers.ErrNotSupported)
		}
	}
	for _, err := range svc.Search(ctx(t), &customers.SearchParams{}) {
		_ = wantErr(t, err, customers.ErrInvalidRequest)
	}
}

func TestBlockAndUnblock(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	require.False(t, c.Blocked, "a new customer is blocked")
	b, err := svc.Block(ctx(t), c.ID)
	require.NoError(t, err)
	require.True(t, b.Blocked, "Block returned an unblocked customer")
	require.Equal(t, c.ID, b.ID, "Block returned another customer")
	require.Equal(t, c.Email, b.Email, "Block returned another e-mail")
	require.NotEmpty(t, b.Raw, "Block returned no raw JSON")
	require.Equal(t, true, stored(t, srv, c.ID)["blocked"], "the fake does not hold the block")
	got, err := svc.Get(ctx(t), c.ID)
	require.NoError(t, err, "Get after Block")
	require.True(t, got.Blocked, "Get does not show the block")
	u, err := svc.Unblock(ctx(t), c.ID)
	require.NoError(t, err)
	require.False(t, u.Blocked, "Unblock returned a blocked customer")
	require.Equal(t, false, stored(t, srv, c.ID)["blocked"], "Unblock left the stored customer blocked")
	_, err = svc.Block(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
	_, err = svc.Unblock(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPaymentMethods(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	ids, err := srv.Seed(2)
	require.NoError(t, err)
	mark := count(srv, "listCustomerPaymentMethods")
	methods, err := svc.ListPaymentMethods(ctx(t), ids[1])
	require.NoError(t, err)
	assert.Equal(t, 1, count(srv, "listCustomerPaymentMethods")-mark, "payment method requests")
	require.Len(t, methods, 1, "payment methods")
	m := methods[0]
	assert.Regexp(t, "^pm_", m.ID, "method id")
	assert.Equal(t, "Mobile Money", m.Type, "method type")
	assert.Equal(t, "cm.mtn", m.Channel, "method channel")
	assert.Equal(t, "+237600000001", m.Phone, "method phone")
	assert.False(t, m.CreatedAt.IsZero(), "method CreatedAt is zero")
	assert.NotEmpty(t, m.Raw, "method raw JSON")
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	none, err := svc.ListPaymentMethods(ctx(t), c.ID)
	assert.NoError(t, err, "payment methods of a new customer")
	assert.Empty(t, none, "payment methods of a new customer")
	_, err = svc.ListPaymentMethods(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPayments(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	mark := count(srv, "listCustomerPayments")
	params := &customers.PaymentListParams{PageSize: 1}
	var got []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), ids[0], params) {
		require.NoError(t, err)
		got = append(got, p)
	}
	assert.Equal(t, 3, count(srv, "listCustomerPayments")-mark, "requests for 3 payments by 1")
	assert.Equal(t, 1, params.PageSize, "ListPayments changed the caller's params")
	var statuses []string
	for _, p := range got {
		statuses = append(statuses, p.Status)
		assert.Regexp(t, "^pay_", p.ID, "payment id")
		assert.Equal(t, "XAF", p.Currency, "payment %s: currency", p.ID)
		assert.Greater(t, p.Amount, 0.0, "payment %s: amount", p.ID)
		assert.False(t, p.CreatedAt.IsZero(), "payment %s: CreatedAt is zero", p.ID)
		assert.NotEmpty(t, p.Raw, "payment %s: raw JSON", p.ID)
	}
	assert.Equal(t, []string{"complete", "pending", "failed"}, statuses, "statuses")
	var complete []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), ids[0], &customers.PaymentListParams{Status: "complete"}) {
		require.NoError(t, err)
		complete = append(complete, p)
	}
	if assert.Len(t, complete, 1, "complete payments") {
		assert.Equal(t, "complete", complete[0].Status, "complete payment: status")
		assert.Equal(t, 1000.0, complete[0].Amount, "complete payment: amount")
	}
	n := 0
	for _, err := range svc.ListPayments(ctx(t), ids[0], nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 3, n, "nil params listed payments")
	for _, err := range svc.ListPayments(ctx(t), "cus_doesnotexist0001", nil) {
		_ = wantErr(t, err, customers.ErrNotFound)
	}
}

// documented serves answers in the other shapes the spec documents: the
// customer under `data`, status 202, phone numbers as JSON numbers, timestamps
// with a space, payments under `items`, and error bodies of several shapes.
func documented(t *testing.T) *notchpay.Client {
	t.Helper()
	const customer = `{"id":"cus_123456789","name":"John Doe","email":"john@example.com","phone":237600000000,
		"company_name":"ACME Inc","address":{"country":"CM","city":"Douala","address_line1":"123 Main St"},
		"blocked":false,"created_at":"2023-01-01 12:00:00+00:00","updated_at":"2023-01-02T12:00:00.000Z"}`
	answers := map[string]struct {
		status int
		body   string
	}{
		"GET /customers/cus_123456789":                 {202, `{"code":202,"status":"Accepted","message":"Customer retrieved","customer":` + customer + `}`},
		"POST /customers":                              {201, `{"code":201,"status":"Created","message":"Customer created","data":` + customer + `}`},
		"POST /customers/cus_123456789":                {200, `{"code":200,"message":"Customer updated","data":` + customer + `}`},
		"POST /customers/cus_123456789/block":          {202, `{"code":202,"status":"Accepted","message":"Customer blocked successfully","customer":{"id":"cus_123456789","phone":237600000000,"blocked":true}}`},
		"GET /customers/cus_123456789/payment_methods": {200, `{"code":200,"status":"OK","message":"Payment methods retrieved","items":[{"id":"pm.ndzAfIh555VCPML1","type":"Mobile Money","channel":"cm.orange","phone":237690112233,"created_at":"2023-02-10 16:20:00+00:00"}]}`},
		"GET /customers/cus_123456789/payments":        {200, `{"code":200,"status":"OK","message":"Payments retrieved","totals":1,"last_page":1,"current_page":1,"selected":1,"items":[{"id":"pay_123456789","reference":"order_123","amount":5000,"currency":"XAF","status":"complete","created_at":"2023-01-01T12:00:00Z"}]}`},
		"POST /customers/cus_invalid":                  {422, `{"code":422,"status":"Unprocessable Entity","message":"Validation failed","errors":{"customer.email":["Invalid email address"],"billing.postal_code":["Too long"],"customer.address.address_line1":["Required"]}}`},
		"POST /customers/cus_oddshape":                 {422, `{"code":"422","message":"Validation failed","errors":{"phone":"The phone field format is invalid."}}`},
		"POST /customers/cus_listshape":                {400, `{"errors":["Invalid request parameters"]}`},
		"GET /customers/cus_html":                      {502, `<html>Bad Gateway</html>`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := answers[r.Method+" "+r.URL.Path]
		if !ok {
			a.status, a.body = 404, `{"code":404,"status":"Not Found","message":"Customer not found"}`
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	c, err := notchpay.New(notchpay.Credentials{APIKey: "pk_test.documented"}, customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

func TestDocumentedShapes(t *testing.T) {
	t.Parallel()
	svc := documented(t)
	check := func(what string, c *customers.Customer, err error) {
		t.Helper()
		require.NoError(t, err, "%s", what)
		assert.Equal(t, "cus_123456789", c.ID, "%s: id", what)
		assert.Equal(t, "+237600000000", c.Phone, "%s: phone", what)
		assert.Equal(t, "John Doe", c.Name, "%s: name", what)
		assert.Equal(t, "ACME Inc", c.Company, "%s: company", what)
		assert.WithinDuration(t, time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC), c.CreatedAt, 0, "%s: CreatedAt", what)
		assert.False(t, c.UpdatedAt.IsZero(), "%s: UpdatedAt is zero", what)
		if assert.NotNil(t, c.Address, "%s: address", what) {
			assert.Equal(t, "Douala", c.Address.City, "%s: city", what)
		}
		assert.Contains(t, string(c.Raw), `"phone":237600000000`, "%s: raw JSON", what)
	}
	c, err := svc.Get(ctx(t), "cus_123456789")
	check("Get (202, customer)", c, err)
	c, err = svc.Create(ctx(t), &customers.CreateParams{Email: "john@example.com"})
	check("Create (201, data)", c, err)
	c, err = svc.Update(ctx(t), "cus_123456789", &customers.UpdateParams{Name: customers.Set("John Doe")})
	check("Update (200, data)", c, err)
	b, err := svc.Block(ctx(t), "cus_123456789")
	if assert.NoError(t, err, "Block (202)") {
		assert.True(t, b.Blocked, "Block (202): blocked")
		assert.Equal(t, "+237600000000", b.Phone, "Block (202): phone")
	}
	methods, err := svc.ListPaymentMethods(ctx(t), "cus_123456789")
	if assert.NoError(t, err, "payment methods") && assert.Len(t, methods, 1, "payment methods") {
		assert.Equal(t, "+237690112233", methods[0].Phone, "payment method phone")
		assert.False(t, methods[0].CreatedAt.IsZero(), "payment method CreatedAt is zero")
	}
	var payments []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), "cus_123456789", nil) {
		require.NoError(t, err)
		payments = append(payments, p)
	}
	if assert.Len(t, payments, 1, "payments under items") {
		assert.Equal(t, "pay_123456789", payments[0].ID, "payment id")
		assert.Equal(t, 5000.0, payments[0].Amount, "payment amount")
		assert.Contains(t, string(payments[0].Raw), "order_123", "payment raw JSON")
	}
}

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	svc := documented(t)
	upd := &customers.UpdateParams{Name: customers.Set("John Doe")}
	_, err := svc.Update(ctx(t), "cus_invalid", upd)
	ce := wantErr(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, "Validation failed", ce.Message, "422: message")
	assert.Equal(t, map[string][]string{
		"Email": {"Invalid email address"}, "BillingAddress.PostalCode": {"Too long"}, "Address.Line1": {"Required"},
	}, ce.Fields, "422: fields")
	_, err = svc.Update(ctx(t), "cus_oddshape", upd)
	ce = wantErr(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, "Validation failed", ce.Message, "odd 422: message")
	assert.Len(t, ce.Fields["Phone"], 1, "odd 422: Phone messages in fields %v", ce.Fields)
	_, err = svc.Update(ctx(t), "cus_listshape", upd)
	ce = wantErr(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, "Invalid request parameters", ce.Message, "list-shaped 400: message")
	_, err = svc.Get(ctx(t), "cus_html")
	ce = wantErr(t, err, customers.ErrUnavailable)
	assert.Equal(t, 502, ce.StatusCode, "HTML 502: status")
	assert.NotEmpty(t, ce.Raw, "HTML 502: raw body")
	_, err = svc.Get(ctx(t), "cus_missing")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestNewRequiresKey(t *testing.T) {
	t.Parallel()
	_, err := notchpay.New(notchpay.Credentials{SyncAccount: "acct_x"})
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "New accepted an empty key")
	assert.ErrorIs(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, notchpay.Provider, ce.Provider)
	assert.Contains(t, ce.Fields, "APIKey")
}

// The customers of phpCustomers carry the values Notch Pay's PHP backend can
// render: [] for an empty address, billing or metadata, a tinyint flag as a
// number or a string.
var phpCustomers = []string{
	`{"id":"cus_PhpShapes00000001","name":"Brice Fotso","email":"brice.fotso@example.cm","phone":"237677001122",` +
		`"address":[],"billing":[],"metadata":[],"blocked":1,"sandbox":"1","created_at":"2023-04-02 10:00:00+00:00"}`,
	`{"id":"cus_PhpShapes00000002","name":"Carine Mbarga","email":"carine.mbarga@example.cm",` +
		`"address":{"country":"CM","city":"Douala"},"billing":null,"metadata":{"crm_id":"crm-7"},"blocked":"0","sandbox":0}`,
	`{"id":"cus_PhpShapes00000003","email":"paul.kamga@example.cm","metadata":null,"blocked":"TRUE","sandbox":"false"}`,
}

// checkPHPCustomer asserts the facade values of phpCustomers[i].
func checkPHPCustomer(t *testing.T, i int, c *customers.Customer) {
	t.Helper()
	switch i {
	case 0:
		assert.True(t, c.Blocked, "[] and 1: blocked")
		assert.Nil(t, c.Address, "[] and 1: address")
		assert.Nil(t, c.BillingAddress, "[] and 1: billing")
		assert.Nil(t, c.Metadata, "[] and 1: metadata")
		assert.Equal(t, "Brice Fotso", c.Name, "[] and 1: name")
		assert.Equal(t, "+237677001122", c.Phone, "[] and 1: phone")
		assert.False(t, c.CreatedAt.IsZero(), "[] and 1: CreatedAt is zero")
	case 1:
		assert.False(t, c.Blocked, `objects and "0": blocked`)
		if assert.NotNil(t, c.Address, `objects and "0": address`) {
			assert.Equal(t, "Douala", c.Address.City, `objects and "0": city`)
			assert.Equal(t, "CM", c.Address.Country, `objects and "0": country`)
		}
		assert.Nil(t, c.BillingAddress, `objects and "0": billing`)
		assert.Equal(t, map[string]string{"crm_id": "crm-7"}, c.Metadata, `objects and "0": metadata`)
	case 2:
		assert.True(t, c.Blocked, `"TRUE" and nulls: blocked`)
		assert.Nil(t, c.Address, `"TRUE" and nulls: address`)
		assert.Nil(t, c.Metadata, `"TRUE" and nulls: metadata`)
		assert.Equal(t, "paul.kamga@example.cm", c.Email, `"TRUE" and nulls: email`)
	}
}

func TestPHPShapesGetAndList(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	ids := make([]string, len(phpCustomers))
	for i, raw := range phpCustomers {
		id, err := srv.Put(json.RawMessage(raw))
		require.NoError(t, err, "%s", raw)
		ids[i] = id
	}
	for i, id := range ids {
		c, err := svc.Get(ctx(t), id)
		require.NoError(t, err, "Get %s", id)
		checkPHPCustomer(t, i, c)
	}
	n := 0
	for c, err := range svc.List(ctx(t), nil) {
		require.NoError(t, err, "List")
		require.Contains(t, ids, c.ID, "List returned a customer not put")
		checkPHPCustomer(t, slices.Index(ids, c.ID), c)
		n++
	}
	assert.Equal(t, len(ids), n, "customers listed")
}

// phpWire serves the odd values verbatim, as the provider sends them (the fake
// re-encodes what it stores), behind a guard that fails the test when one of
// these answers breaks the spec.
func phpWire(t *testing.T) *notchpay.Client {
	t.Helper()
	doc, err := specs.Load(context.Background(), "notchpay")
	require.NoError(t, err)
	list := `{"code":200,"status":"OK","message":"Customers retrieved","totals":3,"last_page":1,"current_page":1,"selected":3,"items":[` +
		strings.Join(phpCustomers, ",") + `]}`
	answers := map[string]string{
		"/customers": list,
		"/customers/cus_PhpShapes00000001/payments": `{"code":200,"status":"OK","message":"Customer payments retrieved",` +
			`"totals":3,"last_page":1,"current_page":1,"selected":3,"payments":[` +
			`{"id":"pay_String0000001","amount":"5000","currency":"XAF","status":"complete","created_at":"2023-04-02T10:05:00Z"},` +
			`{"id":"pay_String0000002","amount":"12.50","currency":"XAF","status":"pending"},` +
			`{"id":"pay_Number0000003","amount":2500,"currency":"XAF","status":"failed"}]}`,
	}
	for _, raw := range phpCustomers {
		var c struct{ ID string }
		_ = json.Unmarshal([]byte(raw), &c)
		answers["/customers/"+c.ID] = `{"code":200,"status":"OK","message":"Customer retrieved","customer":` + raw + `}`
	}
	srv, _ := specguardtest.Serve(t, doc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := answers[r.URL.Path]
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			body = `{"code":404,"status":"Not Found","message":"Customer not found"}`
		}
		_, _ = w.Write([]byte(body))
	}))
	c, err := notchpay.New(notchpay.Credentials{APIKey: "pk_test.php_shapes"}, customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

func TestPHPShapesOnTheWire(t *testing.T) {
	t.Parallel()
	svc := phpWire(t)
	for i, raw := range phpCustomers {
		var id struct{ ID string }
		_ = json.Unmarshal([]byte(raw), &id)
		c, err := svc.Get(ctx(t), id.ID)
		require.NoError(t, err, "Get %s", id.ID)
		checkPHPCustomer(t, i, c)
		if i == 0 {
			assert.Contains(t, string(c.Raw), `"address":[]`, "raw is not the wire JSON")
		}
	}
	i := 0
	for c, err := range svc.List(ctx(t), nil) {
		require.NoError(t, err, "List")
		checkPHPCustomer(t, i, c)
		i++
	}
	assert.Equal(t, len(phpCustomers), i, "customers listed")
}

func TestPaymentAmountAsString(t *testing.T) {
	t.Parallel()
	svc := phpWire(t)
	var amounts []float64
	for p, err := range svc.ListPayments(ctx(t), "cus_PhpShapes00000001", nil) {
		require.NoError(t, err, "ListPayments")
		amounts = append(amounts, p.Amount)
	}
	assert.Equal(t, []float64{5000, 12.5, 2500}, amounts, "amounts")
}

// A country another client stored in lower case is returned upper case, as
// every adapter returns it; the raw JSON keeps what Notch Pay sent.
func TestCountryIsReadUpperCase(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := connect(t, srv, srv.Credentials)
	id, err := srv.Put(json.RawMessage(`{"id":"cus_lowercountry1","email":"a@example.cm","address":{"city":"Douala","country":"cm"},"billing":{"country":"fr"}}`))
	require.NoError(t, err)
	c, err := svc.Get(ctx(t), id)
	require.NoError(t, err)
	if assert.NotNil(t, c.Address, "address") {
		assert.Equal(t, "CM", c.Address.Country, "address country")
	}
	if assert.NotNil(t, c.BillingAddress, "billing address") {
		assert.Equal(t, "FR", c.BillingAddress.Country, "billing country")
	}
	assert.Contains(t, string(c.Raw), `"country":"cm"`, "raw JSON, want what Notch Pay sent")
}
