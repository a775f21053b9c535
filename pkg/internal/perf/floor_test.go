package perf

import (
	"context"
	"net/http"
	"testing"

	"github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/fake"
)

// BenchmarkGeneratedFloor measures what the generated client costs by
// itself for a HitPay Get — the request builder, the transport and the
// generated parser, credentials added by a request editor, no preflight,
// retry layer or mapping — next to the hand-written call in the same run.
// The facade cannot cost less than this floor, since the product's shape
// sends every call through the generated client.
//
//	go test -run '^$' -bench GeneratedFloor -count 8 -benchtime 2000x ./pkg/internal/perf/
func BenchmarkGeneratedFloor(b *testing.B) {
	c := capture(b, "hitpay")
	e := c.Ops["get"]
	base := startStatic(b, []exchange{e})
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	key := fake.DefaultCredentials("hitpay").APIKey
	gc, err := hitpay.NewClient(base, hitpay.WithHTTPClient(client), hitpay.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("X-Business-Api-Key", key)
			req.Header.Set("Accept", "application/json")
			return nil
		}))
	if err != nil {
		b.Fatal(err)
	}
	generated := func() {
		rsp, err := gc.GetCustomer(context.Background(), c.ID)
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = rsp.Body.Close() }() // the parser closes it too
		p, err := hitpay.ParseGetCustomerResponse(rsp)
		if err != nil || p.JSON200 == nil {
			b.Fatalf("status %d: %v", rsp.StatusCode, err)
		}
	}
	raw := newRawCall(b, client, base, "hitpay", "get", e)
	const name = "floor/hitpay/get"
	b.Run(name+"/raw", func(b *testing.B) {
		raw.do(b)
		m := startMeter()
		for b.Loop() {
			raw.do(b)
		}
		record(name, "raw", m.stop(b))
	})
	b.Run(name+"/generated", func(b *testing.B) {
		generated()
		m := startMeter()
		for b.Loop() {
			generated()
		}
		g := m.stop(b)
		record(name, "facade", g) // the table's "facade" column: here the generated client alone
		if r, ok := last(name, "raw"); ok {
			b.ReportMetric(g.cpu/r.cpu, "x-cpu")
			b.ReportMetric(g.allocs/r.allocs, "x-allocs")
		}
	})
}
