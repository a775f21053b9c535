package perf

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// rawCall is the hand-written call: build the request from a plain struct,
// set the credentials, send, read, check the status, decode into a plain
// struct.
type rawCall struct {
	client  *http.Client
	method  string
	url     string
	header  map[string]string
	body    any // plain request struct, marshalled on every call; nil: no body
	newDest func() any
	status  int
}

func (c *rawCall) do(b *testing.B) {
	var rdr io.Reader
	if c.body != nil {
		buf, err := json.Marshal(c.body)
		if err != nil {
			b.Fatal(err)
		}
		rdr = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(context.Background(), c.method, c.url, rdr)
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept", "application/json")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rsp, err := c.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	if err != nil || rsp.StatusCode != c.status {
		b.Fatalf("status %d: %v", rsp.StatusCode, err)
	}
	if err := json.Unmarshal(body, c.newDest()); err != nil {
		b.Fatal(err)
	}
}

func newRawCall(b *testing.B, client *http.Client, base string, provider, op string, e exchange) *rawCall {
	t := rawOf[provider]
	c := &rawCall{client: client, method: e.Method, url: base + e.Path, header: e.Header, status: e.Status, newDest: t.single}
	if e.Query != "" {
		c.url += "?" + e.Query
	}
	if op == "list" {
		c.newDest = t.list
	}
	if len(e.Body) > 0 {
		c.body = t.body()
		if err := json.Unmarshal(e.Body, c.body); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

// facadeCall runs op through the facade.
func facadeCall(b *testing.B, svc customers.Service, c *canned, op string) func() {
	ctx := context.Background()
	switch op {
	case "get":
		return func() {
			if got, err := svc.Get(ctx, c.ID); err != nil || got.ID != c.ID {
				b.Fatalf("Get = %v, %v", got, err)
			}
		}
	case "create":
		return func() {
			if _, err := svc.Create(ctx, c.Create); err != nil {
				b.Fatal(err)
			}
		}
	case "update":
		return func() {
			if _, err := svc.Update(ctx, c.ID, c.Update); err != nil {
				b.Fatal(err)
			}
		}
	default:
		return func() {
			n := 0
			for _, err := range c.List(svc) {
				if err != nil {
					b.Fatal(err)
				}
				if n++; n == c.Items {
					break
				}
			}
		}
	}
}

var operations = []string{"get", "create", "update", "list"}

// BenchmarkOps compares each facade operation with the hand-written call,
// against a static server in another process. Sub-benchmarks come in pairs
// (raw, then facade); the facade's reports its ratios to the raw run just
// before it: x-cpu (CPU time of this process), x-B and x-allocs.
//
//	go test -run '^$' -bench Ops -count 8 -benchtime 2000x ./pkg/internal/perf/
func BenchmarkOps(b *testing.B) {
	for _, provider := range providers.Names {
		c := capture(b, provider)
		exs := make([]exchange, 0, len(c.Ops))
		for _, e := range c.Ops {
			exs = append(exs, e)
		}
		base := startStatic(b, exs)
		client := &http.Client{} // the same transport settings on both sides
		client.Transport = http.DefaultTransport.(*http.Transport).Clone()
		creds := fake.DefaultCredentials(provider)
		svc := connect(b, provider, base, creds, customers.WithHTTPClient(client))
		for _, op := range operations {
			key := provider + "/" + op
			if _, ok := c.Ops[op]; !ok {
				continue
			}
			raw := newRawCall(b, client, base, provider, op, c.Ops[op])
			b.Run(key+"/raw", func(b *testing.B) {
				b.ReportAllocs()
				raw.do(b) // warm the connection
				m := startMeter()
				for b.Loop() {
					raw.do(b)
				}
				record(key, "raw", m.stop(b))
			})
			call := facadeCall(b, svc, c, op)
			b.Run(key+"/facade", func(b *testing.B) {
				b.ReportAllocs()
				call()
				m := startMeter()
				for b.Loop() {
					call()
				}
				f := m.stop(b)
				record(key, "facade", f)
				if r, ok := last(key, "raw"); ok {
					b.ReportMetric(f.cpu/r.cpu, "x-cpu")
					b.ReportMetric(f.bytes/r.bytes, "x-B")
					b.ReportMetric(f.allocs/r.allocs, "x-allocs")
				}
			})
		}
	}
}
