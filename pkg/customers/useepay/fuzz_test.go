package useepay_test

import (
	"context"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"

	"github.com/stretchr/testify/require"
)

var fuzzCreds = fake.DefaultCredentials(useepay.Provider)

// fuzzed is an adapter whose provider answers every request with status
// and body.
func fuzzed(t *testing.T, status int, body []byte) customers.Service {
	t.Helper()
	opts := []customers.Option{customers.WithBaseURL(fuzzkit.BaseURL),
		customers.WithHTTPClient(fuzzkit.Answer{Status: status, Body: body})}
	svc, err := useepay.New(useepay.Credentials{MerchantNo: fuzzCreds.MerchantNo, APIKey: fuzzCreds.APIKey, AppID: fuzzCreds.AppID}, opts...)
	require.NoError(t, err)
	return svc
}

func fuzzCreate() *customers.CreateParams {
	return &customers.CreateParams{Name: "Ada King", ExternalID: "crm-1", Email: "ada@example.com"}
}

// FuzzResponse serves arbitrary bytes as UseePay's successful answer to
// every read and write: the adapter must not panic, must return a typed
// error that quotes none of the answer, and a customer it decodes must
// decode again, from its own Raw, to the same facade values.
func FuzzResponse(f *testing.F) {
	for _, seed := range fuzzkit.SpecSeeds(useepay.Provider, fuzzCreds.APIKey, "getCustomer", "listCustomers", "createCustomer", "updateCustomer") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx := context.Background()
		svc := fuzzed(t, 200, body)
		got, err := read(ctx, svc)
		fuzzkit.CheckError(t, err, true, fuzzCreds.APIKey)
		if err == nil {
			again, err := read(ctx, fuzzed(t, 200, got.Raw))
			require.NoError(t, err, "the customer's own Raw does not decode again")
			fuzzkit.SameFacade(t, got, again)
		}
		_, err = svc.Create(ctx, fuzzCreate())
		fuzzkit.CheckError(t, err, true, fuzzCreds.APIKey)
		list(ctx, t, svc)
	})
}

// FuzzErrorBody serves arbitrary bytes as UseePay's error answer (any
// 4xx or 5xx): the error-body parser must not panic, the error must be typed
// with a sentinel, and the key must never show.
func FuzzErrorBody(f *testing.F) {
	for i, seed := range fuzzkit.SpecSeeds(useepay.Provider, fuzzCreds.APIKey, "getCustomer", "listCustomers", "createCustomer", "updateCustomer") {
		f.Add(uint16(i), seed)
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := 400 + int(status)%200
		_, err := read(context.Background(), fuzzed(t, code, body))
		if err == nil {
			t.Fatalf("HTTP %d answered a customer", code)
		}
		fuzzkit.CheckError(t, err, false, fuzzCreds.APIKey)
	})
}

// read is the adapter's read of one customer.
func read(ctx context.Context, svc customers.Service) (*customers.Customer, error) {
	return svc.Get(ctx, "cus_abc123")
}

// list walks the adapter's list over the served answer.
func list(ctx context.Context, t *testing.T, svc customers.Service) {
	fuzzkit.Drain(t, svc.List(ctx, nil), fuzzCreds.APIKey)
}
