package soap_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/conformance"
	"github.com/multipay/multipay/pkg/customers/soap"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/stretchr/testify/assert"
)

func connect(t *testing.T, srv *fake.Server, creds fake.Credentials) customers.Service {
	t.Helper()
	c, err := soap.New(creds.APIKey, customers.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
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
	srv := fake.Start(t, soap.Provider)
	svc := connect(t, srv, srv.Credentials)
	p := sample(1)
	p.Phone = "+6591234567"
	_, err := svc.Create(context.Background(), p)
	var ce *customers.Error
	if !errors.As(err, &ce) || !errors.Is(err, customers.ErrInvalidRequest) {
		t.Fatalf("a Singapore phone gave %v", err)
	}
	if msgs := ce.Fields["Phone"]; len(msgs) == 0 || !strings.Contains(msgs[0], "North American") {
		t.Fatalf("fields %v", ce.Fields)
	}
	if len(srv.Journal()) != 0 {
		t.Fatal("the refused create reached the provider")
	}
}

func TestPhoneRoundTripsAsE164(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, soap.Provider)
	svc := connect(t, srv, srv.Credentials)
	c, err := svc.Create(context.Background(), sample(2))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := srv.Customer(c.ID)
	if !strings.Contains(string(raw), `"phone_number":"5125550002"`) {
		t.Fatalf("stored %s, want the ten national digits", raw)
	}
	if c.Phone != "+15125550002" {
		t.Fatalf("Phone = %q", c.Phone)
	}
	if c.Name != "Maria2 Lopez" {
		t.Fatalf("Name = %q, want first and last joined", c.Name)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, soap.Provider)
	svc := connect(t, srv, srv.Credentials)
	for i := range 3 {
		if _, err := svc.Create(context.Background(), sample(10+i)); err != nil {
			t.Fatal(err)
		}
	}
	s := svc.(customers.Searcher)
	var got []string
	for c, err := range s.Search(context.Background(), &customers.SearchParams{Email: "MARIA.LOPEZ.11@example.com"}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Email)
		if len(c.Raw) == 0 {
			t.Error("a search result has no raw JSON")
		}
	}
	if len(got) != 1 || got[0] != "maria.lopez.11@example.com" {
		t.Fatalf("search by e-mail found %v", got)
	}
	n := 0
	for c, err := range s.Search(context.Background(), &customers.SearchParams{Phone: "+15125550012", Email: "maria.lopez.12@example.com"}) {
		if err != nil {
			t.Fatal(err)
		}
		if c.Phone != "+15125550012" {
			t.Errorf("found phone %q", c.Phone)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("search by phone and e-mail found %d", n)
	}
	for _, err := range s.Search(context.Background(), &customers.SearchParams{Query: "maria"}) {
		if !errors.Is(err, customers.ErrNotSupported) {
			t.Fatalf("free-text search gave %v", err)
		}
	}
}

func TestExternalIDCannotBeUpdated(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, soap.Provider)
	svc := connect(t, srv, srv.Credentials)
	c, err := svc.Create(context.Background(), sample(3))
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Update(context.Background(), c.ID, &customers.UpdateParams{ExternalID: customers.Set("crm-x")})
	if !errors.Is(err, customers.ErrNotSupported) || !strings.Contains(err.Error(), "ExternalID") {
		t.Fatalf("updating ExternalID gave %v", err)
	}
}

func TestNewRequiresKey(t *testing.T) {
	t.Parallel()
	_, err := soap.New("")
	// New returns no sentinel for a missing key: its message is the contract.
	assert.EqualError(t, err, "soap: an API key is required", "New accepted an empty key")
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
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.Create(context.Background(), sample(4))
		if !errors.Is(err, customers.ErrInvalidResponse) || c != nil {
			t.Errorf("create answered %d without an id: %+v, %v", status, c, err)
		}
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
			if !errors.Is(err, customers.ErrInvalidResponse) || c != nil {
				t.Errorf("update answered 200 without an id: %+v, %v", c, err)
			}
			mu.Lock()
			assert.Equal(t, []string{"PATCH /api/v1/customers/cus_pQsQ4kz3Af6Mb9rCupnWj6VFzxJsmkYK"}, seen, "update requests")
			mu.Unlock()
		}
	}
}
