package hitpay_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
)

// HitPay needs an email and a phone; the phone is E.164 and is stored as its
// national number plus the country calling code.
func ExampleClient_Create() {
	srv, _ := fake.New(hitpay.Provider)
	defer srv.Close()
	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))

	c, err := svc.Create(context.Background(), &customers.CreateParams{
		Name:        "Siti Rahman",
		Email:       "siti.rahman@example.com.sg",
		Phone:       "+6587654321",
		Description: "Prefers contact by email",
		Address: &customers.Address{
			Line1: "80 Marine Parade Road", City: "Singapore", State: "Singapore", PostalCode: "449269", Country: "SG",
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.Phone, c.Address.City)
	raw, _ := srv.Customer(c.ID)
	fmt.Println(len(raw) > 0)
	// Output:
	// Siti Rahman +6587654321 Singapore
	// true
}

// Clear sends null: the remark and the address are emptied, the rest stays.
func ExampleClient_Update() {
	srv, _ := fake.New(hitpay.Provider)
	defer srv.Close()
	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	c, _ := svc.Create(ctx, &customers.CreateParams{
		Name: "John Doe", Email: "jsmith@example.com", Phone: "+6591234567", Description: "VIP",
		Address: &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"},
	})
	c, err := svc.Update(ctx, c.ID, &customers.UpdateParams{
		Email:       customers.Set("john.doe@example.com"),
		Description: customers.Clear[string](),
		Address:     customers.Clear[customers.Address](),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s %q %v\n", c.Name, c.Email, c.Description, c.Address)
	// Output:
	// John Doe john.doe@example.com "" <nil>
}

// List pages through every customer with HitPay's cursor, one request per
// page, only as far as the loop goes.
func ExampleClient_List() {
	srv, _ := fake.New(hitpay.Provider)
	defer srv.Close()
	_, _ = srv.Seed(45)
	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))

	n := 0
	for _, err := range svc.List(context.Background(), &customers.ListParams{PageSize: 20}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		n++
	}
	fmt.Println(n, "customers in", len(srv.Journal()), "requests")
	// Output:
	// 45 customers in 3 requests
}

// Search matches free text against name, email and phone number.
func ExampleClient_Search() {
	srv, _ := fake.New(hitpay.Provider)
	defer srv.Close()
	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	_, _ = svc.Create(ctx, &customers.CreateParams{Name: "Arjun Nair", Email: "arjun@example.com", Phone: "+6591230001"})
	_, _ = svc.Create(ctx, &customers.CreateParams{Name: "Mei Hua Lim", Email: "meihua@example.com", Phone: "+6591230002"})
	for c, err := range svc.Search(ctx, &customers.SearchParams{Query: "arjun"}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(c.Name, c.Email)
	}
	// Output:
	// Arjun Nair arjun@example.com
}

// A customer that does not exist matches customers.ErrNotFound.
func ExampleClient_Get_notFound() {
	srv, _ := fake.New(hitpay.Provider)
	defer srv.Close()
	svc, _ := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))

	_, err := svc.Get(context.Background(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
	var ce *customers.Error
	if errors.As(err, &ce) {
		fmt.Println(errors.Is(err, customers.ErrNotFound), ce.StatusCode)
	}
	// Output:
	// true 404
}
