package useepay_test

import (
	"context"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

var fuzzCreds = fake.DefaultCredentials(useepay.Provider)

// fuzzTarget is the adapter under FuzzResponse and FuzzErrorBody.
var fuzzTarget = fuzzkit.Target{
	Provider: useepay.Provider,
	Key:      fuzzCreds.APIKey,
	New: func(opts ...customers.Option) (customers.Service, error) {
		return useepay.New(useepay.Credentials{MerchantNo: fuzzCreds.MerchantNo, APIKey: fuzzCreds.APIKey, AppID: fuzzCreds.AppID}, opts...)
	},
	Operations: []string{"getCustomer", "listCustomers", "createCustomer", "updateCustomer"},
	Create:     &customers.CreateParams{Name: "Ada King", ExternalID: "crm-1", Email: "ada@example.com"},
	Read: func(ctx context.Context, svc customers.Service) (*customers.Customer, error) {
		return svc.Get(ctx, "cus_abc123")
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
