package notchpay_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
)

// Create a customer: Notch Pay needs an e-mail or a phone (E.164).
func ExampleClient_Create() {
	srv, _ := fake.New(notchpay.Provider)
	defer srv.Close()
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	c, err := svc.Create(ctx, &customers.CreateParams{
		Name:     "Aminata Njoya",
		Email:    "aminata@example.cm",
		Phone:    "+237690112233",
		Address:  &customers.Address{Line1: "123 Rue Joss", City: "Douala", Country: "CM"},
		Metadata: map[string]string{"user_id": "12345"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.Phone, c.Address.City, c.Metadata["user_id"], c.Blocked)

	// Without e-mail and phone the call fails before any request.
	_, err = svc.Create(ctx, &customers.CreateParams{Name: "No Contact"})
	fmt.Println(errors.Is(err, customers.ErrInvalidRequest))
	// Output:
	// Aminata Njoya +237690112233 Douala 12345 false
	// true
}

// Update sets some fields and clears others; fields left out keep their value.
func ExampleClient_Update() {
	srv, _ := fake.New(notchpay.Provider)
	defer srv.Close()
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	c, _ := svc.Create(ctx, &customers.CreateParams{Name: "Jean Mbarga", Email: "jean@example.cm", Company: "ACME Inc"})
	c, err := svc.Update(ctx, c.ID, &customers.UpdateParams{
		Phone:   customers.Set("+237677001122"),
		Company: customers.Clear[string](),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s %s company=%q\n", c.Name, c.Email, c.Phone, c.Company)

	// E-mail and phone cannot be cleared: a customer needs one of them.
	_, err = svc.Update(ctx, c.ID, &customers.UpdateParams{Email: customers.Clear[string]()})
	fmt.Println(errors.Is(err, customers.ErrNotSupported))
	// Output:
	// Jean Mbarga jean@example.cm +237677001122 company=""
	// true
}

// List pages through every customer lazily, one request per page.
func ExampleClient_List() {
	srv, _ := fake.New(notchpay.Provider)
	defer srv.Close()
	_, _ = srv.Seed(5)
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))

	for c, err := range svc.List(context.Background(), &customers.ListParams{PageSize: 2}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(c.Name, c.Phone)
	}
	// Output:
	// Aminata Njoya +237600000000
	// Jean Njoya +237600000001
	// Brice Njoya +237600000002
	// Carine Njoya +237600000003
	// Ibrahim Njoya +237600000004
}

// A customer that does not exist matches customers.ErrNotFound.
func ExampleClient_Get() {
	srv, _ := fake.New(notchpay.Provider)
	defer srv.Close()
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))

	_, err := svc.Get(context.Background(), "cus_doesnotexist0001")
	var ce *customers.Error
	if errors.Is(err, customers.ErrNotFound) && errors.As(err, &ce) {
		fmt.Println("not found:", ce.StatusCode, ce.Message)
	}
	// Output:
	// not found: 404 Customer not found
}

// Block a customer, then look at their payments.
func ExampleClient_Block() {
	srv, _ := fake.New(notchpay.Provider)
	defer srv.Close()
	ids, _ := srv.Seed(1)
	svc, _ := notchpay.New(notchpay.Credentials{APIKey: srv.Credentials.APIKey}, customers.WithBaseURL(srv.URL))
	ctx := context.Background()

	c, _ := svc.Block(ctx, ids[0])
	fmt.Println(c.Name, "blocked:", c.Blocked)

	for p, err := range svc.ListPayments(ctx, ids[0], &customers.PaymentListParams{Status: "complete"}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(p.Amount, p.Currency, p.Status)
	}
	// Output:
	// Aminata Njoya blocked: true
	// 1000 XAF complete
}
