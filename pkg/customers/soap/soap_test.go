package soap_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/soap"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func connect(t *testing.T, srv *fake.Server, creds fake.Credentials) customers.Service {
	t.Helper()
	c, err := soap.New(creds.APIKey, customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return c
}

// start runs a fake Soap and connects to it with its own key, as most tests here begin.
func start(t *testing.T) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, soap.Provider)
	return srv, connect(t, srv, srv.Credentials)
}

// sample returns a distinct, valid Soap customer for each i.
func sample(i int) *customers.CreateParams {
	return &customers.CreateParams{
		FirstName:  fmt.Sprintf("Maria%d", i),
		LastName:   "Lopez",
		Email:      fmt.Sprintf("maria.lopez.%d@example.com", i),
		Phone:      fmt.Sprintf("+1512555%04d", i%10000),
		BirthDate:  customers.NewDate(1980+i%30, time.Month(1+i%12), 1+i%28),
		ExternalID: fmt.Sprintf("crm-%06d", i),
	}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	conformance.Run(t, conformance.Harness{Provider: soap.Provider, Connect: connect, Sample: sample,
		Unique: customers.FieldEmail, SearchOperation: "searchCustomers"})
}

func TestPhoneMustBeNorthAmerican(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	p := sample(1)
	p.Phone = "+6591234567"
	_, err := svc.Create(context.Background(), p)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "a Singapore phone")
	require.ErrorIs(t, err, customers.ErrInvalidRequest, "a Singapore phone")
	require.NotEmpty(t, ce.Fields["Phone"], "fields %v", ce.Fields)
	require.Contains(t, ce.Fields["Phone"][0], "North American", "fields %v", ce.Fields)
	require.Empty(t, srv.Journal(), "the refused create reached the provider")
}

// Soap stores ten digits without the country code; digits it returns that
// make no possible number ("0000000000") are read back as stored, and sent
// back unchanged, in Update and Search. Ten bare digits create as written;
// anything else without "+" is refused, naming both accepted forms.
func TestNationalPhoneIsSentUnchanged(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	id, err := srv.Put(json.RawMessage(`{"id":"cus_ZeroPhone0000000000000000000001","email":"zero@example.com",` +
		`"first_name":"Zero","last_name":"Phone","phone_number":"0000000000","created_at":"2025-03-10T16:08:14.427Z"}`))
	require.NoError(t, err)
	s := svc.(customers.Searcher)
	var found []*customers.Customer
	for c, err := range s.Search(context.Background(), &customers.SearchParams{Email: "zero@example.com"}) {
		require.NoError(t, err)
		found = append(found, c)
	}
	require.Len(t, found, 1)
	require.Equal(t, "0000000000", found[0].Phone, "no possible number: the digits as stored")
	_, err = svc.Update(context.Background(), id, &customers.UpdateParams{Phone: customers.Set(found[0].Phone)})
	require.NoError(t, err, "the phone read back, written back")
	raw, _ := srv.Customer(id)
	assert.Contains(t, string(raw), `"phone_number":"0000000000"`, "stored phone")
	for _, err := range s.Search(context.Background(), &customers.SearchParams{Phone: found[0].Phone}) {
		require.NoError(t, err, "search by the phone read back")
	}

	p := sample(3)
	p.Phone = "5125550199"
	c, err := svc.Create(context.Background(), p)
	require.NoError(t, err)
	raw, _ = srv.Customer(c.ID)
	assert.Contains(t, string(raw), `"phone_number":"5125550199"`, "stored: the digits as written")
	mark := len(srv.Journal())
	for _, bad := range []string{"512555019", "15125550199", "512-555-0199"} {
		p := sample(4)
		p.Phone = bad
		_, err := svc.Create(context.Background(), p)
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, bad)
		require.ErrorIs(t, err, customers.ErrInvalidRequest, bad)
		require.NotEmpty(t, ce.Fields["Phone"], "%s: fields %v", bad, ce.Fields)
		assert.Contains(t, ce.Fields["Phone"][0], "E.164", bad)
		assert.Contains(t, ce.Fields["Phone"][0], "ten digits", bad)
	}
	require.Len(t, srv.Journal(), mark, "refused request(s) reached Soap")
}

func TestPhoneRoundTripsAsE164(t *testing.T) {
	t.Parallel()
	srv, svc := start(t)
	c, err := svc.Create(context.Background(), sample(2))
	require.NoError(t, err)
	raw, _ := srv.Customer(c.ID)
	require.Contains(t, string(raw), `"phone_number":"5125550002"`, "stored: want the ten national digits")
	require.Equal(t, "+15125550002", c.Phone, "Phone")
	require.Equal(t, "Maria2 Lopez", c.Name, "Name: want first and last joined")
}

func TestSearch(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	for i := range 3 {
		_, err := svc.Create(context.Background(), sample(10+i))
		require.NoError(t, err)
	}
	s := svc.(customers.Searcher)
	var got []string
	for c, err := range s.Search(context.Background(), &customers.SearchParams{Email: "MARIA.LOPEZ.11@example.com"}) {
		require.NoError(t, err)
		got = append(got, c.Email)
		assert.NotEmpty(t, c.Raw, "a search result has no raw JSON")
	}
	require.Equal(t, []string{"maria.lopez.11@example.com"}, got, "search by e-mail")
	n := 0
	for c, err := range s.Search(context.Background(), &customers.SearchParams{Phone: "+15125550012", Email: "maria.lopez.12@example.com"}) {
		require.NoError(t, err)
		assert.Equal(t, "+15125550012", c.Phone, "found phone")
		n++
	}
	require.Equal(t, 1, n, "search by phone and e-mail found")
	for _, err := range s.Search(context.Background(), &customers.SearchParams{Query: "maria"}) {
		require.ErrorIs(t, err, customers.ErrNotSupported, "free-text search")
	}
}

func TestExternalIDCannotBeUpdated(t *testing.T) {
	t.Parallel()
	_, svc := start(t)
	c, err := svc.Create(context.Background(), sample(3))
	require.NoError(t, err)
	_, err = svc.Update(context.Background(), c.ID, &customers.UpdateParams{ExternalID: customers.Set("crm-x")})
	require.ErrorIs(t, err, customers.ErrNotSupported, "updating ExternalID")
	require.ErrorContains(t, err, "ExternalID", "updating ExternalID")
}

func TestNewRequiresKey(t *testing.T) {
	t.Parallel()
	_, err := soap.New("")
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "New accepted an empty key")
	assert.ErrorIs(t, err, customers.ErrInvalidRequest)
	assert.Equal(t, soap.Provider, ce.Provider)
	assert.Contains(t, ce.Fields, "APIKey")
}

// An answer without a customer id is not a customer: a caller could not
// update it afterwards.
func TestAnswersWithoutAnIDAreInvalid(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusCreated, http.StatusOK} {
		var mu sync.Mutex
		var seen []string // method and path of each request
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Method+" "+r.URL.Path)
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"email":"maria.lopez@example.com","first_name":"Maria","last_name":"Lopez"}`))
		}))
		t.Cleanup(srv.Close)
		svc, err := soap.New("soap_test_key", customers.WithBaseURL(srv.URL))
		require.NoError(t, err)
		c, err := svc.Create(context.Background(), sample(4))
		assert.ErrorIs(t, err, customers.ErrInvalidResponse, "create answered %d without an id", status)
		assert.Nil(t, c, "create answered %d without an id", status)
		// Create sends the customer, then looks for it by search before
		// retrying: only those two requests.
		mu.Lock()
		if assert.NotEmpty(t, seen, "create sent nothing") {
			assert.Equal(t, "POST /api/v1/customers", seen[0], "create request")
		}
		assert.Subset(t, []string{"POST /api/v1/customers", "GET /api/v1/customers/search"}, seen, "create requests")
		seen = nil
		mu.Unlock()
		if status == http.StatusOK {
			c, err = svc.Update(context.Background(), "cus_pQsQ4kz3Af6Mb9rCupnWj6VFzxJsmkYK", &customers.UpdateParams{FirstName: customers.Set("Mia")})
			assert.ErrorIs(t, err, customers.ErrInvalidResponse, "update answered 200 without an id")
			assert.Nil(t, c, "update answered 200 without an id")
			mu.Lock()
			assert.Equal(t, []string{"PATCH /api/v1/customers/cus_pQsQ4kz3Af6Mb9rCupnWj6VFzxJsmkYK"}, seen, "update requests")
			mu.Unlock()
		}
	}
}
