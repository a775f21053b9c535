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

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
	"github.com/multipay/multipay/specs"
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
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
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
	if _, err := srv.Put(json.RawMessage(`{"id":"` + odd + `","phone":"12345"}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Get(ctx(t), odd); err != nil || got.Phone != "12345" {
		t.Fatalf("odd phone read back as %+v (%v)", got, err)
	}
}

func TestPhoneRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	mark := len(srv.Journal())
	for _, bad := range []string{"237690112233", "+1234", "phone"} {
		p := sample(2)
		p.Phone = bad
		_, err := svc.Create(ctx(t), p)
		ce := wantErr(t, err, customers.ErrInvalidRequest)
		assert.NotEmpty(t, ce.Fields["Phone"], "create with phone %q: fields %v", bad, ce.Fields)
		_, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Phone: customers.Set(bad)})
		ce = wantErr(t, err, customers.ErrInvalidRequest)
		assert.NotEmpty(t, ce.Fields["Phone"], "update with phone %q: fields %v", bad, ce.Fields)
	}
	require.Len(t, srv.Journal(), mark, "refused request(s) reached the provider")
}

func TestEmailOrPhoneRequired(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	_, err := svc.Create(ctx(t), &customers.CreateParams{Name: "Jean Mbarga", Company: "ACME"})
	ce := wantErr(t, err, customers.ErrInvalidRequest)
	require.NotEmpty(t, ce.Fields["Email"], "fields %v, want Email and Phone named", ce.Fields)
	require.NotEmpty(t, ce.Fields["Phone"], "fields %v, want Email and Phone named", ce.Fields)
	require.Empty(t, srv.Journal(), "the refused create reached the provider")
	if _, err := svc.Create(ctx(t), &customers.CreateParams{Email: "only.email@example.cm"}); err != nil {
		t.Fatalf("e-mail alone: %v", err)
	}
	if _, err := svc.Create(ctx(t), &customers.CreateParams{Phone: "+237650000001"}); err != nil {
		t.Fatalf("phone alone: %v", err)
	}
}

func TestDuplicateEmailsAreAllowed(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	a, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	p := sample(2)
	p.Email = sample(1).Email
	b, err := svc.Create(ctx(t), p)
	require.NoError(t, err, "a second customer with the same e-mail")
	if a.ID == b.ID || a.Email != b.Email {
		t.Fatalf("got %s %s and %s %s", a.ID, a.Email, b.ID, b.Email)
	}
}

func TestCompanyAndAddressesMapping(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	p := sample(7)
	c, err := svc.Create(ctx(t), p)
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	if m["company_name"] != p.Company || m["name"] != p.Name || m["email"] != p.Email {
		t.Fatalf("stored %v", m)
	}
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
	if err != nil || upd.Address == nil || upd.Address.Country != "CM" {
		t.Fatalf("lower-case country on update: %+v %v", upd, err)
	}
	assert.Equal(t, "CM", stored(t, srv, c.ID)["address"].(map[string]any)["country"], "stored country")
	mark := len(srv.Journal())
	_, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Address: customers.Set(customers.Address{City: "Kribi", Country: "CMR"})})
	if ce := wantErr(t, err, customers.ErrInvalidRequest); len(ce.Fields["Address.Country"]) == 0 {
		t.Errorf("three-letter country on update: fields %v", ce.Fields)
	}
	p2 := sample(8)
	p2.Address.Country = "Cameroon"
	_, err = svc.Create(ctx(t), p2)
	if ce := wantErr(t, err, customers.ErrInvalidRequest); len(ce.Fields["Address.Country"]) == 0 {
		t.Errorf("country name on create: fields %v", ce.Fields)
	}
	assert.Len(t, srv.Journal(), mark, "a refused call reached the provider")

	// Setting an address replaces it whole.
	upd, err = svc.Update(ctx(t), c.ID, &customers.UpdateParams{Address: customers.Set(customers.Address{City: "Kribi", Country: "CM"})})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"city": "Kribi", "country": "CM"}, stored(t, srv, c.ID)["address"], "stored address after update")
	if want := (customers.Address{City: "Kribi", Country: "CM"}); upd.Address == nil || *upd.Address != want {
		t.Errorf("returned address %+v", upd.Address)
	}
	assert.Equal(t, p.BillingAddress, upd.BillingAddress, "billing changed by an address update")
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	c, err := svc.Create(ctx(t), &customers.CreateParams{Email: "meta@example.cm", Metadata: map[string]string{"user_id": "12345", "plan": "premium"}})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"user_id": "12345", "plan": "premium"}, stored(t, srv, c.ID)["metadata"], "stored metadata")
	// Values set outside this library that are not strings come back as
	// their JSON text.
	id := "cus_MetaTypes0000001"
	if _, err := srv.Put(json.RawMessage(`{"id":"` + id + `","email":"odd@example.cm","metadata":{"name":"x","visits":12,"ratio":0.5,"vip":true,"none":null,"prefs":{"lang": "fr"},"tags":["a", "b"],"big":12345678901234567890}}`)); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Get(ctx(t), id)
	require.NoError(t, err)
	want := map[string]string{"name": "x", "visits": "12", "ratio": "0.5", "vip": "true", "none": "null",
		"prefs": `{"lang":"fr"}`, "tags": `["a","b"]`}
	big := got.Metadata["big"]
	delete(got.Metadata, "big")
	assert.Equal(t, want, got.Metadata, "metadata")
	if big == "" || strings.ContainsAny(big, `"`) {
		t.Errorf("big number rendered as %q", big)
	}
}

func TestClearSendsNull(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	c, err := svc.Create(ctx(t), sample(3))
	require.NoError(t, err)
	upd, err := svc.Update(ctx(t), c.ID, &customers.UpdateParams{
		Company: customers.Clear[string](), BillingAddress: customers.Clear[customers.Address](),
		Metadata: customers.Clear[map[string]string](),
	})
	require.NoError(t, err)
	m := stored(t, srv, c.ID)
	for _, k := range []string{"company_name", "billing", "metadata"} {
		if assert.Contains(t, m, k, "stored %s, want null", k) {
			assert.Nil(t, m[k], "stored %s, want null", k)
		}
	}
	if upd.Company != "" || upd.BillingAddress != nil || upd.Metadata != nil || upd.Address == nil || upd.Name == "" {
		t.Errorf("returned %+v", upd)
	}
	mark := len(srv.Journal())
	for _, u := range []*customers.UpdateParams{{Email: customers.Clear[string]()}, {Phone: customers.Clear[string]()}} {
		_, err := svc.Update(ctx(t), c.ID, u)
		_ = wantErr(t, err, customers.ErrNotSupported)
	}
	assert.Len(t, srv.Journal(), mark, "a refused clear reached the provider")
}

func TestUnsupportedFieldsNamed(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
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
	if _, err := plain.Create(ctx(t), sample(1)); err != nil {
		t.Fatalf("without X-Sync: %v", err)
	}
	synced, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey, SyncAccount: srv.Credentials.SyncAccount},
		customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	if _, err := synced.Create(ctx(t), sample(2)); err != nil {
		t.Fatalf("with X-Sync: %v", err)
	}
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
	if ce.StatusCode != 404 || !strings.Contains(ce.Message, "Sync account not found") {
		t.Errorf("status %d message %q", ce.StatusCode, ce.Message)
	}
	if strings.Contains(ce.Error(), creds.SyncAccount) || strings.Contains(string(ce.Raw), creds.SyncAccount) {
		t.Error("the error reveals the sync account")
	}
	// A 404 for a missing customer stays ErrNotFound.
	_, err = client(t, srv).Get(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPageSize(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	if _, err := srv.Seed(35); err != nil {
		t.Fatal(err)
	}
	rec := &headerRecorder{}
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey},
		customers.WithBaseURL(srv.URL), customers.WithHTTPClient(rec))
	n := 0
	for _, err := range svc.List(ctx(t), nil) {
		require.NoError(t, err)
		n++
	}
	if n != 35 || len(rec.queries) != 2 || !strings.Contains(rec.queries[0], "limit=30") || !strings.Contains(rec.queries[1], "page=2") {
		t.Fatalf("listed %d in requests %v", n, rec.queries)
	}
	rec.queries = nil
	for _, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 100}) {
		require.NoError(t, err)
	}
	if len(rec.queries) != 1 || !strings.Contains(rec.queries[0], "limit=100") {
		t.Fatalf("a page size of 100 sent %v", rec.queries)
	}
	rec.queries = nil
	for _, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 500}) {
		require.ErrorIs(t, err, customers.ErrInvalidRequest, "a page size of 500 gave, want it refused")
	}
	if len(rec.queries) != 0 {
		t.Fatalf("a refused page size sent %v", rec.queries)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	if _, err := srv.Seed(40); err != nil {
		t.Fatal(err)
	}
	created, err := svc.Create(ctx(t), &customers.CreateParams{Name: "Zacharie Owona", Email: "z.owona@example.cm", Phone: "+237677001122"})
	require.NoError(t, err)
	find := func(p *customers.SearchParams) []*customers.Customer {
		t.Helper()
		var out []*customers.Customer
		for c, err := range svc.Search(ctx(t), p) {
			require.NoError(t, err)
			if len(c.Raw) == 0 {
				t.Error("a search result has no raw JSON")
			}
			out = append(out, c)
		}
		return out
	}
	for _, q := range []string{"Owona", "z.owona@example.cm", "+237677001122"} {
		got := find(&customers.SearchParams{Query: q})
		if len(got) != 1 || got[0].ID != created.ID || got[0].Phone != "+237677001122" {
			t.Errorf("search %q found %d", q, len(got))
		}
	}
	// The seeded customers are all in Cameroon: page through every match.
	mark := count(srv, "listCustomers")
	if got := find(&customers.SearchParams{Query: "example.com", PageSize: 7}); len(got) != 40 {
		t.Errorf("search over the seeded customers found %d, want 40", len(got))
	}
	if n := count(srv, "listCustomers") - mark; n != 6 {
		t.Errorf("40 matches by 7 took %d requests, want 6", n)
	}
	if got := find(&customers.SearchParams{Query: "nobody-matches-this"}); len(got) != 0 {
		t.Errorf("found %d", len(got))
	}
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
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	if c.Blocked {
		t.Fatal("a new customer is blocked")
	}
	b, err := svc.Block(ctx(t), c.ID)
	require.NoError(t, err)
	if !b.Blocked || b.ID != c.ID || b.Email != c.Email || len(b.Raw) == 0 {
		t.Fatalf("Block returned %+v", b)
	}
	if stored(t, srv, c.ID)["blocked"] != true {
		t.Fatal("the fake does not hold the block")
	}
	if got, _ := svc.Get(ctx(t), c.ID); got == nil || !got.Blocked {
		t.Fatal("Get does not show the block")
	}
	u, err := svc.Unblock(ctx(t), c.ID)
	require.NoError(t, err)
	if u.Blocked || stored(t, srv, c.ID)["blocked"] != false {
		t.Fatal("Unblock left the customer blocked")
	}
	_, err = svc.Block(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
	_, err = svc.Unblock(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPaymentMethods(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	ids, err := srv.Seed(2)
	require.NoError(t, err)
	mark := count(srv, "listCustomerPaymentMethods")
	methods, err := svc.ListPaymentMethods(ctx(t), ids[1])
	require.NoError(t, err)
	if n := count(srv, "listCustomerPaymentMethods") - mark; n != 1 {
		t.Errorf("%d requests", n)
	}
	if len(methods) != 1 {
		t.Fatalf("%d methods", len(methods))
	}
	m := methods[0]
	if !strings.HasPrefix(m.ID, "pm_") || m.Type != "Mobile Money" || m.Channel != "cm.mtn" ||
		m.Phone != "+237600000001" || m.CreatedAt.IsZero() || len(m.Raw) == 0 {
		t.Errorf("method %+v", m)
	}
	c, err := svc.Create(ctx(t), sample(1))
	require.NoError(t, err)
	if none, err := svc.ListPaymentMethods(ctx(t), c.ID); err != nil || len(none) != 0 {
		t.Errorf("a new customer has %d methods (%v)", len(none), err)
	}
	_, err = svc.ListPaymentMethods(ctx(t), "cus_doesnotexist0001")
	_ = wantErr(t, err, customers.ErrNotFound)
}

func TestListPayments(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	mark := count(srv, "listCustomerPayments")
	params := &customers.PaymentListParams{PageSize: 1}
	var got []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), ids[0], params) {
		require.NoError(t, err)
		got = append(got, p)
	}
	if n := count(srv, "listCustomerPayments") - mark; n != 3 {
		t.Errorf("3 payments by 1 took %d requests", n)
	}
	if params.PageSize != 1 {
		t.Error("ListPayments changed the caller's params")
	}
	var statuses []string
	for _, p := range got {
		statuses = append(statuses, p.Status)
		if !strings.HasPrefix(p.ID, "pay_") || p.Currency != "XAF" || p.Amount <= 0 || p.CreatedAt.IsZero() || len(p.Raw) == 0 {
			t.Errorf("payment %+v", p)
		}
	}
	assert.Equal(t, []string{"complete", "pending", "failed"}, statuses, "statuses")
	var complete []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), ids[0], &customers.PaymentListParams{Status: "complete"}) {
		require.NoError(t, err)
		complete = append(complete, p)
	}
	if len(complete) != 1 || complete[0].Status != "complete" || complete[0].Amount != 1000 {
		t.Errorf("complete payments %+v", complete)
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
		created := time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC)
		if c.ID != "cus_123456789" || c.Phone != "+237600000000" || c.Name != "John Doe" || c.Company != "ACME Inc" ||
			!c.CreatedAt.Equal(created) || c.UpdatedAt.IsZero() || c.Address == nil || c.Address.City != "Douala" {
			t.Errorf("%s: %+v", what, c)
		}
		if !strings.Contains(string(c.Raw), `"phone":237600000000`) {
			t.Errorf("%s: raw %s", what, c.Raw)
		}
	}
	c, err := svc.Get(ctx(t), "cus_123456789")
	check("Get (202, customer)", c, err)
	c, err = svc.Create(ctx(t), &customers.CreateParams{Email: "john@example.com"})
	check("Create (201, data)", c, err)
	c, err = svc.Update(ctx(t), "cus_123456789", &customers.UpdateParams{Name: customers.Set("John Doe")})
	check("Update (200, data)", c, err)
	b, err := svc.Block(ctx(t), "cus_123456789")
	if err != nil || !b.Blocked || b.Phone != "+237600000000" {
		t.Errorf("Block (202): %+v %v", b, err)
	}
	methods, err := svc.ListPaymentMethods(ctx(t), "cus_123456789")
	if err != nil || len(methods) != 1 || methods[0].Phone != "+237690112233" || methods[0].CreatedAt.IsZero() {
		t.Errorf("payment methods %+v %v", methods, err)
	}
	var payments []*customers.Payment
	for p, err := range svc.ListPayments(ctx(t), "cus_123456789", nil) {
		require.NoError(t, err)
		payments = append(payments, p)
	}
	if len(payments) != 1 || payments[0].ID != "pay_123456789" || payments[0].Amount != 5000 ||
		!strings.Contains(string(payments[0].Raw), "order_123") {
		t.Errorf("payments under items: %+v", payments)
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
	if ce.Message != "Validation failed" || len(ce.Fields["Phone"]) != 1 {
		t.Errorf("odd 422: message %q fields %v", ce.Message, ce.Fields)
	}
	_, err = svc.Update(ctx(t), "cus_listshape", upd)
	ce = wantErr(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, "Invalid request parameters", ce.Message, "list-shaped 400: message")
	_, err = svc.Get(ctx(t), "cus_html")
	ce = wantErr(t, err, customers.ErrUnavailable)
	if ce.StatusCode != 502 || len(ce.Raw) == 0 {
		t.Errorf("HTML 502: %+v", ce)
	}
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
		if !c.Blocked || c.Address != nil || c.BillingAddress != nil || c.Metadata != nil ||
			c.Name != "Brice Fotso" || c.Phone != "+237677001122" || c.CreatedAt.IsZero() {
			t.Errorf("[] and 1: %+v", c)
		}
	case 1:
		if c.Blocked || c.Address == nil || c.Address.City != "Douala" || c.Address.Country != "CM" ||
			c.BillingAddress != nil {
			t.Errorf(`objects and "0": %+v`, c)
		}
		assert.Equal(t, map[string]string{"crm_id": "crm-7"}, c.Metadata, `objects and "0": metadata`)
	case 2:
		if !c.Blocked || c.Address != nil || c.Metadata != nil || c.Email != "paul.kamga@example.cm" {
			t.Errorf(`"TRUE" and nulls: %+v`, c)
		}
	}
}

func TestPHPShapesGetAndList(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, notchpay.Provider)
	svc := client(t, srv)
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
		i := slices.Index(ids, c.ID)
		if i < 0 {
			t.Fatalf("List returned %s", c.ID)
		}
		checkPHPCustomer(t, i, c)
		n++
	}
	if n != len(ids) {
		t.Errorf("List returned %d customers, want %d", n, len(ids))
	}
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
		if i == 0 && !strings.Contains(string(c.Raw), `"address":[]`) {
			t.Errorf("raw %s is not the wire JSON", c.Raw)
		}
	}
	i := 0
	for c, err := range svc.List(ctx(t), nil) {
		require.NoError(t, err, "List")
		checkPHPCustomer(t, i, c)
		i++
	}
	if i != len(phpCustomers) {
		t.Errorf("List returned %d customers, want %d", i, len(phpCustomers))
	}
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
	if c.Address == nil || c.Address.Country != "CM" || c.BillingAddress == nil || c.BillingAddress.Country != "FR" {
		t.Errorf("address %+v billing %+v", c.Address, c.BillingAddress)
	}
	if !strings.Contains(string(c.Raw), `"country":"cm"`) {
		t.Errorf("raw %s", c.Raw)
	}
}
