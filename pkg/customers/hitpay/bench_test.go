package hitpay_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

// BenchmarkCreate is a create in process, answered from memory with the
// fake's own answer: the client's CPU and allocations without a network.
//
//	go test -run '^$' -bench Create -benchmem ./pkg/customers/hitpay/
func BenchmarkCreate(b *testing.B) {
	srv := fake.Start(b, hitpay.Provider)
	p := &customers.CreateParams{Name: "Ada Lovelace", Email: "ada.lovelace@example.com", Phone: "+6591234567",
		BirthDate: customers.NewDate(1990, 5, 17), Gender: "female", Description: "VIP",
		Address: &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}}
	ctx := context.Background()
	live, err := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(srv.URL))
	require.NoError(b, err)
	created, err := live.Create(ctx, p)
	require.NoError(b, err)
	svc, err := hitpay.New(srv.Credentials.APIKey, customers.WithBaseURL(fuzzkit.BaseURL),
		customers.WithHTTPClient(fuzzkit.Answer{Status: 201, Body: created.Raw}))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Create(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
