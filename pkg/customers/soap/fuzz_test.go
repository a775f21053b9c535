package soap_test

import (
	"context"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/soap"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

var fuzzCreds = fake.DefaultCredentials(soap.Provider)

// fuzzTarget is the adapter under FuzzResponse and FuzzErrorBody.
var fuzzTarget = fuzzkit.Target{
	Provider: soap.Provider,
	Key:      fuzzCreds.APIKey,
	New: func(opts ...customers.Option) (customers.Service, error) {
		return soap.New(fuzzCreds.APIKey, opts...)
	},
	Operations: []string{"createCustomer", "searchCustomers", "updateCustomer"},
	Create:     &customers.CreateParams{Email: "ada@example.com", FirstName: "Ada", LastName: "King"},
	Read: func(ctx context.Context, svc customers.Service) (*customers.Customer, error) {
		return svc.Update(ctx, "cus_abc123", &customers.UpdateParams{Email: customers.Set("ada@example.com")}) // no Get: the update answers the customer
	},
	List: func(ctx context.Context, svc customers.Service) func(func(*customers.Customer, error) bool) {
		return svc.(customers.Searcher).Search(ctx, &customers.SearchParams{Email: "ada@example.com"}) // no List
	},
}

// FuzzResponse: arbitrary bytes as the provider's successful answer
// (fuzzkit.Target.FuzzResponse says what must hold).
func FuzzResponse(f *testing.F) { fuzzTarget.FuzzResponse(f) }

// FuzzErrorBody: arbitrary bytes as the provider's 4xx or 5xx answer.
func FuzzErrorBody(f *testing.F) { fuzzTarget.FuzzErrorBody(f) }
