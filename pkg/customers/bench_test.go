package customers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
)

// The per-call overhead of the facade (adapter + spec preflight + generated
// client + typed decoding) against a hand-written net/http call doing the
// least a careful caller would: set the key, send, read, decode. Both sides
// hit the same server in the same run, so the difference is the client's.
//
//	go test -run '^$' -bench GetCustomer -benchmem ./pkg/customers/

const staticCustomer = `{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"John Doe","birth_date":"1990-01-01",
"email":"john.doe@example.com","phone_number":"91234567","phone_number_country_code":"65",
"address":{"city":"Singapore","state":"Singapore","street":"1 Raffles Place","postal_code":"048616","country":"SG"},
"gender":"male","remark":"VIP","created_at":"2024-01-24T16:05:10+08:00","updated_at":"2024-01-24T16:05:10+08:00"}`

// rawCustomer is what a hand-written client would decode.
type rawCustomer struct {
	ID                     string `json:"id"`
	Name                   string `json:"name"`
	Email                  string `json:"email"`
	PhoneNumber            string `json:"phone_number"`
	PhoneNumberCountryCode string `json:"phone_number_country_code"`
	BirthDate              string `json:"birth_date"`
	Gender                 string `json:"gender"`
	Remark                 string `json:"remark"`
	Address                *struct {
		City, State, Street, Country string
		PostalCode                   string `json:"postal_code"`
	} `json:"address"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func rawGet(b *testing.B, client *http.Client, base, key, id string) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, base+"/v1/customers/"+id, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-BUSINESS-API-KEY", key)
	req.Header.Set("Accept", "application/json")
	rsp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	if err != nil || rsp.StatusCode != http.StatusOK {
		b.Fatalf("status %d: %v", rsp.StatusCode, err)
	}
	var c rawCustomer
	if err := json.Unmarshal(body, &c); err != nil || c.ID != id {
		b.Fatalf("decoded %q: %v", c.ID, err)
	}
}

func facadeGet(b *testing.B, svc customers.Service, id string) {
	c, err := svc.Get(context.Background(), id)
	if err != nil || c.ID != id {
		b.Fatalf("Get = %v, %v", c, err)
	}
}

func BenchmarkGetCustomer(b *testing.B) {
	// The built-in fake: every request and response is validated against the
	// spec on the server side, which dominates; both clients pay it.
	srv, err := fake.New("hitpay")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ids, err := srv.Seed(1)
	if err != nil {
		b.Fatal(err)
	}
	// A static server isolates the client's own cost.
	static := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, staticCustomer)
	}))
	defer static.Close()
	const staticID = "9b2ada28-be3c-47ab-883f-ba72e5d8305d"

	key := srv.Credentials.APIKey
	httpClient := &http.Client{}
	newFacade := func(base string) customers.Service {
		svc, err := hitpay.New(key, customers.WithBaseURL(base), customers.WithHTTPClient(httpClient))
		if err != nil {
			b.Fatal(err)
		}
		return svc
	}
	onFake, onStatic := newFacade(srv.URL), newFacade(static.URL)

	b.Run("fake/raw-net-http", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rawGet(b, httpClient, srv.URL, key, ids[0])
		}
	})
	b.Run("fake/facade", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			facadeGet(b, onFake, ids[0])
		}
	})
	b.Run("static/raw-net-http", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rawGet(b, httpClient, static.URL, key, staticID)
		}
	})
	b.Run("static/facade", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			facadeGet(b, onStatic, staticID)
		}
	})
}
