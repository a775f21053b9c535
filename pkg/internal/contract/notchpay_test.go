package contract

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/gen/notchpay"
	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
)

const notchpayCustomerID = "cus_123456789"

// notchpayAuth sends the public key the way the spec declares it: the raw key in
// Authorization, with no Bearer prefix.
func notchpayAuth(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "pk_test.Xq7mN2vB9cR4tY6uW8eZ1aS3dF5gH0jK")
	return nil
}

// notchpaySync adds the optional synced-account header (the second security
// alternative of the spec).
func notchpaySync(_ context.Context, req *http.Request) error {
	req.Header.Set("X-Sync", "sync_123456789")
	return nil
}

func newNotchpayClient(base string, sync bool) (*notchpay.Client, error) {
	opts := []notchpay.ClientOption{notchpay.WithRequestEditorFn(notchpayAuth)}
	if sync {
		opts = append(opts, notchpay.WithRequestEditorFn(notchpaySync))
	}
	return notchpay.NewClient(base, opts...)
}

func notchpayStr(s string) *string { return &s }

func notchpayPhone(s string) *notchpay.PhoneInput { p := notchpay.PhoneInput(s); return &p }
func notchpayInt(i int) *int                      { return &i }

func TestNotchPayContract(t *testing.T) {
	t.Parallel()
	runContract(t, "notchpay", map[string]call{
		"listCustomers": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.ListCustomers(ctx, &notchpay.ListCustomersParams{
					Limit:  notchpayInt(50),
					Page:   notchpayInt(2),
					Search: notchpayStr("john@example.com"),
				})
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseListCustomersResponse(r) },
		},
		"createCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, true)
				if err != nil {
					return nil, err
				}
				return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{
					Email:       notchpayStr("john@example.com"),
					Phone:       notchpayPhone("237600000000"),
					Name:        notchpayStr("John Doe"),
					CompanyName: notchpayStr("ACME Inc"),
					Metadata:    map[string]any{"user_id": "12345", "plan": "premium"},
					Address: &notchpay.Address{
						Country:      notchpayStr("CM"),
						State:        notchpayStr("Littoral"),
						City:         notchpayStr("Douala"),
						PostalCode:   notchpayStr("BP 4124"),
						AddressLine1: notchpayStr("123 Main St"),
						AddressLine2: notchpayStr("Akwa"),
					},
					Billing: &notchpay.Address{
						Country:      notchpayStr("CM"),
						City:         notchpayStr("Yaoundé"),
						AddressLine1: notchpayStr("45 Avenue Kennedy"),
					},
				})
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseCreateCustomerResponse(r) },
		},
		"getCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				// A sandbox-style id with a dot must pass the path pattern unescaped.
				return c.GetCustomer(ctx, "cus.test_7Hq2LmVx9Tz")
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseGetCustomerResponse(r) },
		},
		"updateCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.UpdateCustomer(ctx, notchpayCustomerID, notchpay.UpdateCustomerJSONRequestBody{
					Name:        nullable.NewNullableWithValue("John Smith"),
					Phone:       notchpayPhone("+237600000001"),
					CompanyName: nullable.NewNullNullable[string](),
					Metadata:    nullable.NewNullableWithValue(map[string]any{"user_id": "12345", "company": "Acme Corporation"}),
					Address: nullable.NewNullableWithValue(notchpay.Address{
						Country: notchpayStr("CM"),
						City:    notchpayStr("Douala"),
					}),
					Billing: nullable.NewNullNullable[notchpay.Address](),
				})
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseUpdateCustomerResponse(r) },
		},
		"deleteCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.DeleteCustomer(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseDeleteCustomerResponse(r) },
		},
		"listCustomerPaymentMethods": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, true)
				if err != nil {
					return nil, err
				}
				return c.ListCustomerPaymentMethods(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseListCustomerPaymentMethodsResponse(r) },
		},
		"listCustomerPayments": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.ListCustomerPayments(ctx, notchpayCustomerID, &notchpay.ListCustomerPaymentsParams{
					Limit:  notchpayInt(100),
					Page:   notchpayInt(1),
					Status: notchpayStr("complete"),
				})
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseListCustomerPaymentsResponse(r) },
		},
		"blockCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.BlockCustomer(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseBlockCustomerResponse(r) },
		},
		"unblockCustomer": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.UnblockCustomer(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseUnblockCustomerResponse(r) },
		},
		// The PUT alternatives the guide and the official PHP SDKs send.
		"updateCustomerPut": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.UpdateCustomerPut(ctx, notchpayCustomerID, notchpay.UpdateCustomerPutJSONRequestBody{
					Name: nullable.NewNullableWithValue("John Smith"), Phone: notchpayPhone("237600000001"),
				})
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseUpdateCustomerPutResponse(r) },
		},
		"blockCustomerPut": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.BlockCustomerPut(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseBlockCustomerPutResponse(r) },
		},
		"unblockCustomerPut": {
			do: func(ctx context.Context, base string) (*http.Response, error) {
				c, err := newNotchpayClient(base, false)
				if err != nil {
					return nil, err
				}
				return c.UnblockCustomerPut(ctx, notchpayCustomerID)
			},
			parse: func(r *http.Response) (any, error) { return notchpay.ParseUnblockCustomerPutResponse(r) },
		},
	})
}

// TestNotchPaySpecRejects checks that the spec, not just the client, carries the
// rules the generated client cannot enforce.
func TestNotchPaySpecRejects(t *testing.T) {
	t.Parallel()
	doc, err := specs.Load(context.Background(), "notchpay")
	require.NoError(t, err)
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		assert.Fail(t, "a request that breaks the spec reached the handler")
		w.WriteHeader(http.StatusTeapot)
	})
	cases := map[string]struct {
		method, path, body string
		header             map[string]string
		want               int
	}{
		"empty update":       {http.MethodPost, "/customers/cus_1", `{}`, map[string]string{"Authorization": "pk_test.x"}, http.StatusBadRequest},
		"unknown field":      {http.MethodPost, "/customers", `{"email":"a@example.com","street":"x"}`, map[string]string{"Authorization": "pk_test.x"}, http.StatusBadRequest},
		"negative phone":     {http.MethodPost, "/customers", `{"phone":-237600000000}`, map[string]string{"Authorization": "pk_test.x"}, http.StatusBadRequest},
		"lower-case country": {http.MethodPost, "/customers", `{"email":"a@example.com","address":{"country":"cm"}}`, map[string]string{"Authorization": "pk_test.x"}, http.StatusBadRequest},
		"limit over 100":     {http.MethodGet, "/customers?limit=101", ``, map[string]string{"Authorization": "pk_test.x"}, http.StatusBadRequest},
		"no key":             {http.MethodGet, "/customers", ``, nil, http.StatusUnauthorized},
		"sync without key":   {http.MethodGet, "/customers", ``, map[string]string{"X-Sync": "sync_1"}, http.StatusUnauthorized},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, _ := specguardtest.Serve(t, doc, ok)
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequestWithContext(context.Background(), tc.method, srv.URL+tc.path, body)
			require.NoError(t, err)
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rsp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = rsp.Body.Close()
			assert.Equal(t, tc.want, rsp.StatusCode, "status")
		})
	}
}
