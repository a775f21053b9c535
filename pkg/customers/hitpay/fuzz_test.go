package hitpay_test

import (
	"context"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

var fuzzCreds = fake.DefaultCredentials(hitpay.Provider)

// fuzzTarget is the adapter under FuzzResponse and FuzzErrorBody.
var fuzzTarget = fuzzkit.Target{
	Provider: hitpay.Provider,
	Key:      fuzzCreds.APIKey,
	New: func(opts ...customers.Option) (customers.Service, error) {
		return hitpay.New(fuzzCreds.APIKey, opts...)
	},
	Operations: []string{"getCustomer", "listCustomers", "createCustomer", "updateCustomer"},
	Create:     &customers.CreateParams{Email: "ada@example.com", Phone: "+6591234567"},
	Read: func(ctx context.Context, svc customers.Service) (*customers.Customer, error) {
		return svc.Get(ctx, "9b2ada28-be3c-47ab-883f-ba72e5d8305d")
	},
	List: func(ctx context.Context, svc customers.Service) func(func(*customers.Customer, error) bool) {
		return svc.List(ctx, nil)
	},
}

// FuzzResponse: arbitrary bytes as the provider's successful answer
// (fuzzkit.Target.FuzzResponse says what must hold).
func FuzzResponse(f *testing.F) { fuzzTarget.FuzzResponse(f) }

// FuzzErrorBody: arbitrary bytes as the provider's 4xx or 5xx answer.
func FuzzErrorBody(f *testing.F) { fuzzTarget.FuzzErrorBody(f) }
