package fake_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
)

// A fake that remembers, with a scripted rate limit on the next create. The
// client would retry a short Retry-After by itself; a wait longer than its
// cap (8 s by default) comes back at once as the typed error.
func Example() {
	srv, err := fake.New("notchpay")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	c, _ := svc.Create(ctx, &customers.CreateParams{Name: "Ada", Email: "ada@example.com"})
	got, _ := svc.Get(ctx, c.ID)
	fmt.Println(got.Name, srv.Count())

	srv.Faults.Add(fake.Fault{Operation: "createCustomer", Status: 429, RetryAfter: "30"})
	_, err = svc.Create(ctx, &customers.CreateParams{Name: "Grace", Email: "grace@example.com"})
	var e *customers.Error
	if errors.As(err, &e) && errors.Is(err, customers.ErrRateLimited) {
		fmt.Println("rate limited, retry after", e.RetryAfter)
	}
	fmt.Println("created through the API:", srv.Created())
	for _, r := range srv.Journal() {
		fmt.Println(r.Operation, r.Status, r.Applied)
	}
	// Output:
	// Ada 1
	// rate limited, retry after 30s
	// created through the API: 1
	// createCustomer 201 true
	// getCustomer 200 true
	// createCustomer 429 false
}
