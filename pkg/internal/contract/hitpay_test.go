package contract

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/assert"

	"github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/flex"
)

const hitpayCustomerID = "9b2ada28-be3c-47ab-883f-ba72e5d8305d"

// hitpayClient builds a generated client that sends the business API key and
// asks for JSON, as the HitPay adapter does.
func hitpayClient(base string) (*hitpay.Client, error) {
	return hitpay.NewClient(base, hitpay.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("X-BUSINESS-API-KEY", "b286daabf9921b5a01a4621f026c111e046f8911feba212996c92159b98427d")
		req.Header.Set("Accept", "application/json")
		return nil
	}))
}

func TestHitPayContract(t *testing.T) {
	t.Parallel()
	runContract(t, "hitpay", map[string]call{
		"createCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := hitpayClient(base)
				if err != nil {
					return nil, err
				}
				name, cc, remark, gender, country := "John Doe", "65", "Prefers contact by email", "male", "SG"
				birth := flex.NewDate(1990, time.January, 1)
				return c.CreateCustomer(ctx, hitpay.CreateCustomerJSONRequestBody{
					Name:                   &name,
					Email:                  "jsmith@example.com",
					PhoneNumber:            "91234567",
					PhoneNumberCountryCode: &cc,
					Remark:                 &remark,
					BirthDate:              &birth,
					Gender:                 &gender,
					Address: &hitpay.CustomerAddressInput{
						Street:     "1 Raffles Place",
						City:       "Singapore",
						State:      "Singapore",
						PostalCode: "048616",
						Country:    &country,
					},
				})
			},
			parse: func(r *http.Response) (any, error) { return hitpay.ParseCreateCustomerResponse(r) },
		},
		"listCustomers": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := hitpayClient(base)
				if err != nil {
					return nil, err
				}
				perPage := 25
				cursor := "eyJidXNpbmVzc19jdXN0b21lcnMuaWQiOiI5YjJhZGEyOC1iZTNjLTQ3YWItODgzZi1iYTcyZTVkODMwNWQiLCJfcG9pbnRzVG9OZXh0SXRlbXMiOnRydWV9"
				keywords := "john"
				return c.ListCustomers(ctx, &hitpay.ListCustomersParams{PerPage: &perPage, Cursor: &cursor, Keywords: &keywords})
			},
			parse: func(r *http.Response) (any, error) { return hitpay.ParseListCustomersResponse(r) },
		},
		"getCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := hitpayClient(base)
				if err != nil {
					return nil, err
				}
				return c.GetCustomer(ctx, hitpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return hitpay.ParseGetCustomerResponse(r) },
		},
		"updateCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := hitpayClient(base)
				if err != nil {
					return nil, err
				}
				email := "john.doe@example.com"
				country := "SG"
				return c.UpdateCustomer(ctx, hitpayCustomerID, hitpay.UpdateCustomerJSONRequestBody{
					Email:     &email,
					Name:      nullable.NewNullableWithValue("John Doe"),
					Remark:    nullable.NewNullNullable[string](),
					BirthDate: nullable.NewNullableWithValue(flex.NewDate(1990, time.January, 1)),
					Address: nullable.NewNullableWithValue(hitpay.CustomerAddressUpdate{
						Street:     "80 Marine Parade Road",
						City:       "Singapore",
						State:      "Singapore",
						PostalCode: "449269",
						Country:    &country,
					}),
				})
			},
			parse: func(r *http.Response) (any, error) { return hitpay.ParseUpdateCustomerResponse(r) },
		},
		"deleteCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := hitpayClient(base)
				if err != nil {
					return nil, err
				}
				return c.DeleteCustomer(ctx, hitpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return hitpay.ParseDeleteCustomerResponse(r) },
		},
	})
}

// The detector behind the response-model check finds what it looks for: the
// request model of a PATCH keeps nullable.Nullable, at any depth.
func TestMapBackedFindsRequestNullables(t *testing.T) {
	t.Parallel()
	got := mapBacked(reflect.TypeOf(hitpay.CustomerUpdate{}), "CustomerUpdate", map[reflect.Type]bool{})
	assert.Contains(t, got, "CustomerUpdate.Name")
	assert.Contains(t, got, "CustomerUpdate.Address")
	assert.Empty(t, mapBacked(reflect.TypeOf(hitpay.Customer{}), "Customer", map[reflect.Type]bool{}))
}
