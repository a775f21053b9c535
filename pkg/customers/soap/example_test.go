package soap_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/soap"
	"github.com/multipay/multipay/pkg/fake"
)

// Soap has no get-by-id: find a customer by e-mail instead.
func ExampleClient_Search() {
	srv, _ := fake.New(soap.Provider)
	defer srv.Close()
	svc, _ := soap.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	_, _ = svc.Create(ctx, &customers.CreateParams{
		FirstName: "Maria", LastName: "Lopez", Email: "maria@example.com", Phone: "+15125550143",
	})
	for c, err := range svc.Search(ctx, &customers.SearchParams{Email: "maria@example.com"}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(c.Name, c.Phone)
	}

	// Operations Soap lacks fail before any request.
	_, err := svc.Get(ctx, "cus_A3GuXEbThpqk2t6UTxEuoceVJyUEAX7V")
	fmt.Println(errors.Is(err, customers.ErrNotSupported))
	// Output:
	// Maria Lopez +15125550143
	// true
}
