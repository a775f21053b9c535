package notchpay_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

// BenchmarkCreate is a create in process, answered from memory with the
// fake's own answer: the client's CPU and allocations without a network.
//
//	go test -run '^$' -bench Create -benchmem ./pkg/customers/notchpay/
func BenchmarkCreate(b *testing.B) {
	srv := fake.Start(b, notchpay.Provider)
	addr := &customers.Address{Line1: "1 Rue Joss", Line2: "Akwa", City: "Douala", State: "Littoral", PostalCode: "BP 1000", Country: "CM"}
	p := &customers.CreateParams{Name: "Ada Lovelace", Email: "ada.lovelace@example.com", Phone: "+237600000001",
		Company: "Analytical Engines Ltd", Address: addr, BillingAddress: addr, Metadata: map[string]string{"source": "bench"}}
	ctx := context.Background()
	creds := notchpay.Credentials{APIKey: srv.Credentials.APIKey, SyncAccount: srv.Credentials.SyncAccount}
	live, err := notchpay.New(creds, customers.WithBaseURL(srv.URL))
	require.NoError(b, err)
	created, err := live.Create(ctx, p)
	require.NoError(b, err)
	answer := append(append([]byte(`{"code":201,"customer":`), created.Raw...), '}')
	svc, err := notchpay.New(creds, customers.WithBaseURL(fuzzkit.BaseURL),
		customers.WithHTTPClient(fuzzkit.Answer{Status: 201, Body: answer}))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Create(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
