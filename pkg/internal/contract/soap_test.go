package contract

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/multipay/multipay/gen/soap"
	"github.com/multipay/multipay/pkg/flex"
)

// soapAuth sends the API key the way the spec declares it: a bearer token.
func soapAuth(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")
	return nil
}

func newSoapClient(base string) (*soap.Client, error) {
	return soap.NewClient(base, soap.WithRequestEditorFn(soapAuth))
}

func TestSoapContract(t *testing.T) {
	t.Parallel()
	runContract(t, "soap", map[string]call{
		"createCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newSoapClient(base)
				if err != nil {
					return nil, err
				}
				dob := flex.NewDate(1988, time.July, 14)
				return c.CreateCustomer(ctx, soap.CreateCustomerJSONRequestBody{
					Email:       "maria.lopez@example.com",
					FirstName:   "Maria",
					LastName:    "Lopez",
					PhoneNumber: soapString("5125550143"),
					DateOfBirth: &dob,
					InternalId:  soapString("3f1b8c4e-7c2e-4c2c-8d2f-179cf0efb36b"),
				})
			},
			parse: func(r *http.Response) (any, error) { return soap.ParseCreateCustomerResponse(r) },
		},
		"updateCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newSoapClient(base)
				if err != nil {
					return nil, err
				}
				// No Soap update field is nullable: plain pointers set the fields to change.
				return c.UpdateCustomer(ctx, "cus_A3GuXEbThpqk2t6UTxEuoceVJyUEAX7V", soap.UpdateCustomerJSONRequestBody{
					FirstName:   soapString("Jane"),
					PhoneNumber: soapString("5551234567"),
				})
			},
			parse: func(r *http.Response) (any, error) { return soap.ParseUpdateCustomerResponse(r) },
		},
		"searchCustomers": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newSoapClient(base)
				if err != nil {
					return nil, err
				}
				// The search normalises phone numbers, so a formatted one is valid here.
				return c.SearchCustomers(ctx, &soap.SearchCustomersParams{
					Email:       soapString("Customer@Example.com"),
					PhoneNumber: soapString("+1 (555) 123-4567"),
				})
			},
			parse: func(r *http.Response) (any, error) { return soap.ParseSearchCustomersResponse(r) },
		},
	})
}

// soapString returns a pointer to s (named per provider: the package is shared).
func soapString(s string) *string { return &s }
