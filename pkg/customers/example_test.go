package customers_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// connectToFake starts a built-in fake provider and an adapter pointed at it.
func connectToFake(name string) (customers.Service, func()) {
	srv, err := fake.New(name)
	if err != nil {
		log.Fatal(err)
	}
	c := srv.Credentials
	svc, err := providers.New(name, providers.Config{
		APIKey: c.APIKey, MerchantNo: c.MerchantNo, AppID: c.AppID,
		Options: []customers.Option{customers.WithBaseURL(srv.URL)},
	})
	if err != nil {
		log.Fatal(err)
	}
	return svc, srv.Close
}

// Create a customer, change one field and clear another, then list. (This is
// the README's usage example, kept in sync by TestReadmeShowsTheExample.)
func Example() {
	srv, _ := fake.New("hitpay") // a built-in fake; in production, drop this line…
	defer srv.Close()
	svc, err := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL)) // …and the base URL
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	c, err := svc.Create(ctx, &customers.CreateParams{
		Name:   "Ada Lovelace",
		Email:  "ada@example.com",
		Phone:  "+6591234567",
		Gender: "female",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Name, c.Phone, c.Gender)

	c, err = svc.Update(ctx, c.ID, &customers.UpdateParams{
		Email:  customers.Set("ada.lovelace@example.com"),
		Gender: customers.Clear[string](),
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %q\n", c.Email, c.Gender)

	for c, err := range svc.List(ctx, &customers.ListParams{PageSize: 50}) {
		if err != nil {
			panic(err)
		}
		fmt.Println("listed", c.Name)
	}

	_, err = svc.Get(ctx, "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
	if errors.Is(err, customers.ErrNotFound) {
		fmt.Println("no such customer")
	}
	// Output:
	// Ada Lovelace +6591234567 female
	// ada.lovelace@example.com ""
	// listed Ada Lovelace
	// no such customer
}

// A missing customer is an error matching ErrNotFound; *Error has the details.
func Example_notFound() {
	svc, done := connectToFake("notchpay")
	defer done()

	_, err := svc.Get(context.Background(), "cus_doesnotexist")
	if errors.Is(err, customers.ErrNotFound) {
		var e *customers.Error
		errors.As(err, &e)
		fmt.Println("not found:", e.Provider, e.Operation, e.StatusCode)
	}
	// Output:
	// not found: notchpay get 404
}

// Fields a provider cannot store fail before any request, naming them.
func Example_notSupported() {
	svc, done := connectToFake("soap")
	defer done()

	_, err := svc.Create(context.Background(), &customers.CreateParams{
		FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
		Address: &customers.Address{Line1: "1 Main St", City: "Austin", Country: "US"},
	})
	fmt.Println(errors.Is(err, customers.ErrNotSupported))
	fmt.Println(err)
	// Output:
	// true
	// soap create: not supported: soap cannot store on create the field(s) Address: Address: cannot be stored on create
}

// Check capabilities before calling, instead of handling ErrNotSupported.
func ExampleCapabilities() {
	svc, done := connectToFake("useepay")
	defer done()

	caps := svc.Capabilities()
	fmt.Println("delete:", caps.Supports(customers.OpDelete))
	fmt.Println("external id:", caps.CanCreate(customers.FieldExternalID))
	if _, ok := svc.(customers.Searcher); ok {
		fmt.Println("search by:", caps.Search)
	}
	// Output:
	// delete: false
	// external id: true
	// search by: [Email ExternalID Phone]
}

// Options passed to a method apply to that call only, over the client's
// configuration: here one call gives up after its first attempt.
func ExampleOption_perCall() {
	srv, _ := fake.New("hitpay")
	defer srv.Close()
	svc, err := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	c, err := svc.Create(ctx, &customers.CreateParams{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+6591234567"})
	if err != nil {
		panic(err)
	}

	srv.Faults.Add(fake.Fault{Operation: "getCustomer", Status: 503})
	_, err = svc.Get(ctx, c.ID, customers.WithMaxRetries(0))
	var ce *customers.Error
	if errors.As(err, &ce) {
		fmt.Println("unavailable:", errors.Is(err, customers.ErrUnavailable), "attempts:", ce.Attempts)
	}
	// Output: unavailable: true attempts: 1
}
