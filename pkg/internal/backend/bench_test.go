package backend

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// BenchmarkPipeline is what the backend adds to a HitPay create, without a
// network: Create and its deadline, Send, the preflight, the buffered
// answer and its checks, around a doer that reads the request and answers.
//
//	go test -run '^$' -bench Pipeline -benchmem ./pkg/internal/backend/
func BenchmarkPipeline(b *testing.B) {
	answerBody := []byte(`{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"Ada Lovelace","email":"ada@example.com"}`)
	header := http.Header{"Content-Type": {"application/json"}}
	doer := doerFunc(func(req *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, req.Body)
		return &http.Response{StatusCode: http.StatusCreated, Header: header, Request: req,
			Body: io.NopCloser(bytes.NewReader(answerBody)), ContentLength: int64(len(answerBody))}, nil
	})
	be := New(Options{
		Provider:    "hitpay",
		Config:      customers.Config{HTTPClient: doer, Timeout: customers.DefaultTimeout},
		Credentials: http.Header{"X-Business-Api-Key": {"k"}},
		Preflight:   PreflightFor("hitpay"),
	})
	build := func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, "https://api.example/v1/customers", bytes.NewReader([]byte(hitpayCreate)))
		req.Header.Set("Content-Type", "application/json")
		return req, err
	}
	created := &customers.Customer{ID: "9b2ada28-be3c-47ab-883f-ba72e5d8305d"}
	one := One(build, func(*http.Response) (struct{}, error) { return struct{}{}, nil },
		func(struct{}) *customers.Customer { return created })
	find := func(context.Context) (*customers.Customer, error) { return nil, nil }
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		got, err := Create(ctx, be.Call(customers.OpCreate, nil), one, find, customers.Lookup{})
		require.NoError(b, err)
		require.Same(b, created, got)
	}
}
