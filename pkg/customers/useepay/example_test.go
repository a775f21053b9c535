package useepay_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/fake"
)

// connectFake returns an adapter pointed at a fake UseePay.
func connectFake(srv *fake.Server) *useepay.Client {
	svc, err := useepay.New(useepay.Credentials{
		MerchantNo: srv.Credentials.MerchantNo,
		APIKey:     srv.Credentials.APIKey,
		AppID:      srv.Credentials.AppID,
	}, customers.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	return svc
}

// UseePay needs a name, the merchant's own id and an e-mail or a phone.
func ExampleClient_Create() {
	srv, _ := fake.New(useepay.Provider)
	defer srv.Close()
	svc := connectFake(srv)

	c, err := svc.Create(context.Background(), &customers.CreateParams{
		Name:       "Li Wei",
		ExternalID: "CRM-000418",
		Email:      "li.wei@example.com",
		Phone:      "+8613800138000",
		Address:    &customers.Address{Line1: "88 Century Avenue", City: "Shanghai", PostalCode: "200120", Country: "CN"},
		Shipping:   &customers.Shipping{Name: "Li Wei", Method: "express"},
		Metadata:   map[string]string{"segment": "wholesale"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.ExternalID, c.Phone, c.Address.PostalCode, c.Shipping.Method, c.Metadata["segment"])
	// Output:
	// Li Wei CRM-000418 +8613800138000 200120 express wholesale
}

// Set changes a field, Clear removes it; fields left out are kept.
func ExampleClient_Update() {
	srv, _ := fake.New(useepay.Provider)
	defer srv.Close()
	svc := connectFake(srv)
	ctx := context.Background()

	c, _ := svc.Create(ctx, &customers.CreateParams{
		Name: "Li Wei", ExternalID: "CRM-000418", Email: "li.wei@example.com",
		Description: "Shanghai office", Metadata: map[string]string{"segment": "wholesale"},
	})
	c, err := svc.Update(ctx, c.ID, &customers.UpdateParams{
		Description: customers.Set("Beijing office"),
		Metadata:    customers.Clear[map[string]string](),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s | %d metadata\n", c.Email, c.Description, len(c.Metadata))

	// UseePay cannot clear a name.
	_, err = svc.Update(ctx, c.ID, &customers.UpdateParams{Name: customers.Clear[string]()})
	fmt.Println(errors.Is(err, customers.ErrNotSupported))
	// Output:
	// li.wei@example.com | Beijing office | 0 metadata
	// true
}

// List fetches one page at a time, only as far as the loop goes.
func ExampleClient_List() {
	srv, _ := fake.New(useepay.Provider)
	defer srv.Close()
	_, _ = srv.Seed(7)
	svc := connectFake(srv)

	n := 0
	for c, err := range svc.List(context.Background(), &customers.ListParams{PageSize: 3}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		n++
		if n == 1 {
			fmt.Println("first:", c.ExternalID)
		}
	}
	fmt.Println(n, "customers in", len(srv.Journal()), "requests")
	// Output:
	// first: CRM-0000000
	// 7 customers in 3 requests
}

// Search finds customers by e-mail, phone or the merchant's own id.
func ExampleClient_Search() {
	srv, _ := fake.New(useepay.Provider)
	defer srv.Close()
	svc := connectFake(srv)
	ctx := context.Background()

	_, _ = svc.Create(ctx, &customers.CreateParams{Name: "Jane Smith", ExternalID: "CRM-000419", Phone: "+6591234567"})
	for c, err := range svc.Search(ctx, &customers.SearchParams{ExternalID: "CRM-000419"}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(c.Name, c.Phone)
	}
	// Output:
	// Jane Smith +6591234567
}

// A missing customer matches customers.ErrNotFound; UseePay has no delete.
func ExampleClient_Get_notFound() {
	srv, _ := fake.New(useepay.Provider)
	defer srv.Close()
	svc := connectFake(srv)
	ctx := context.Background()

	_, err := svc.Get(ctx, "cus_1JA7UDDQG3800")
	var ce *customers.Error
	if errors.As(err, &ce) {
		fmt.Println(errors.Is(err, customers.ErrNotFound), ce.StatusCode, ce.Code)
	}
	fmt.Println(errors.Is(svc.Delete(ctx, "cus_1JA7UDDQG3800"), customers.ErrNotSupported))
	// Output:
	// true 404 resource_not_found
	// true
}
