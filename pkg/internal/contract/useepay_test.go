package contract

import (
	"context"
	"net/http"
	"testing"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/useepay"
)

// useepayAuth sets the three headers UseePay requires on every request.
func useepayAuth(_ context.Context, req *http.Request) error {
	req.Header.Set("x-merchant-no", "500000000007245")
	req.Header.Set("x-api-key", "UseePay_SK_test_4f8a2c91d7e3b6a0")
	req.Header.Set("x-app-id", "www.pay.com")
	return nil
}

func newUseePayClient(base string) (*useepay.Client, error) {
	return useepay.NewClient(base, useepay.WithRequestEditorFn(useepayAuth))
}

func useepayPtr[T any](v T) *T { return &v }

func TestUseePayContract(t *testing.T) {
	t.Parallel()
	runContract(t, "useepay", map[string]call{
		"createCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newUseePayClient(base)
				if err != nil {
					return nil, err
				}
				return c.CreateCustomer(ctx, useepay.CreateCustomerJSONRequestBody{
					MerchantCustomerId: "CRM-000418",
					Name:               "Li Wei",
					Email:              useepayPtr("li.wei@example.com"),
					Phone:              useepayPtr("+8613800138000"),
					FirstName:          useepayPtr("Wei"),
					LastName:           useepayPtr("Li"),
					Description:        useepayPtr("Wholesale buyer, Shanghai office"),
					Address: &useepay.Address{
						Country:  useepayPtr("CN"),
						State:    useepayPtr("Shanghai"),
						City:     useepayPtr("Shanghai"),
						Postcode: useepayPtr("200120"),
						Line1:    useepayPtr("88 Century Avenue"),
						Line2:    useepayPtr("Floor 12"),
					},
					Shipping: &useepay.Shipping{
						Name:           useepayPtr("Li Wei"),
						Phone:          useepayPtr("+8613800138000"),
						FirstName:      useepayPtr("Wei"),
						LastName:       useepayPtr("Li"),
						ShippingMethod: useepayPtr("express"),
						Address: &useepay.Address{
							Country:  useepayPtr("CN"),
							City:     useepayPtr("Shanghai"),
							Postcode: useepayPtr("201203"),
							Line1:    useepayPtr("1000 Zhangjiang Road"),
						},
					},
					Metadata: map[string]string{"segment": "wholesale", "crm_owner": "alice"},
				})
			},
			parse: func(r *http.Response) (any, error) { return useepay.ParseCreateCustomerResponse(r) },
		},
		"getCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newUseePayClient(base)
				if err != nil {
					return nil, err
				}
				return c.GetCustomer(ctx, "cus_1JA7UDDQG3800")
			},
			parse: func(r *http.Response) (any, error) { return useepay.ParseGetCustomerResponse(r) },
		},
		"updateCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newUseePayClient(base)
				if err != nil {
					return nil, err
				}
				return c.UpdateCustomer(ctx, "cus_1JA7UDDQG3800", useepay.UpdateCustomerJSONRequestBody{
					Name:        useepayPtr("zhangsan"),
					Email:       nullable.NewNullableWithValue("zhangsan@useepay.com"),
					Phone:       nullable.NewNullableWithValue("134251756712"),
					FirstName:   nullable.NewNullableWithValue("zhang"),
					LastName:    nullable.NewNullNullable[string](),
					Description: nullable.NewNullableWithValue("Moved to the Beijing office"),
					Address: nullable.NewNullableWithValue(useepay.Address{
						Country: useepayPtr("CN"),
						City:    useepayPtr("shanghai"),
					}),
					Shipping: nullable.NewNullNullable[useepay.Shipping](),
					Metadata: nullable.NewNullableWithValue(map[string]string{"testkey": "12233"}),
				})
			},
			parse: func(r *http.Response) (any, error) { return useepay.ParseUpdateCustomerResponse(r) },
		},
		"listCustomers": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newUseePayClient(base)
				if err != nil {
					return nil, err
				}
				return c.ListCustomers(ctx, &useepay.ListCustomersParams{
					PageNum:  useepayPtr(0),
					PageSize: useepayPtr(20),
					Email:    useepayPtr("zhangsan@useepay.com"),
				})
			},
			parse: func(r *http.Response) (any, error) { return useepay.ParseListCustomersResponse(r) },
		},
	})
}
