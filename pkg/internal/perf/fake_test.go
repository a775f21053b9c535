package perf

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/fake"
)

// prismEnv names a running Prism mock of specs/hitpay.yaml
// (`npx -y @stoplight/prism-cli@5.16.0 mock -p 4010 specs/hitpay.yaml`);
// when set, BenchmarkFake measures it with the same load.
const prismEnv = "MULTIPAY_PRISM_URL"

// loadGET sends GETs to url from conns goroutines, each on a connection of
// its own, for about d, and returns the requests answered per second.
func loadGET(tb testing.TB, url string, header http.Header, conns int, d time.Duration) float64 {
	tb.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	defer client.CloseIdleConnections()
	var done atomic.Int64
	var failed atomic.Value
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header = header.Clone()
				rsp, err := client.Do(req)
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
				if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
					failed.CompareAndSwap(nil, fmt.Errorf("status %d", rsp.StatusCode))
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		tb.Fatal(err)
	}
	return float64(done.Load()) / time.Since(start).Seconds()
}

// BenchmarkFake measures the HitPay fake serving GET /v1/customers/{id}
// (request and response validated against the spec, as always) at 1 and 64
// connections, in this process; with MULTIPAY_PRISM_URL set, Prism too.
// The fake's rate is reported as req/s; each call lasts 2 s whatever b.N
// is (run it with -benchtime 1x).
//
//	go test -run '^$' -bench Fake -benchtime 1x ./pkg/internal/perf/
func BenchmarkFake(b *testing.B) {
	srv, err := fake.New("hitpay")
	require.NoError(b, err)
	b.Cleanup(srv.Close)
	ids, err := srv.Seed(1)
	require.NoError(b, err)
	header := http.Header{"X-Business-Api-Key": {srv.Credentials.APIKey}, "Accept": {"application/json"}}
	for _, conns := range []int{1, 64} {
		b.Run(fmt.Sprintf("hitpay-fake/%dconns", conns), func(b *testing.B) {
			rate := loadGET(b, srv.URL+"/v1/customers/"+ids[0], header, conns, 2*time.Second)
			b.ReportMetric(rate, "req/s")
			note("fake: HitPay GET /v1/customers/{id} at %d connection(s): %.0f req/s", conns, rate)
			if prism := os.Getenv(prismEnv); prism != "" {
				p := loadGET(b, prism+"/v1/customers/"+ids[0], http.Header{"X-Business-Api-Key": {"k"}, "Accept": {"application/json"}}, conns, 2*time.Second)
				b.ReportMetric(p, "prism-req/s")
				b.ReportMetric(rate/p, "x-prism")
				note("prism: the same at %d connection(s): %.0f req/s (fake = %.1f× Prism)", conns, p, rate/p)
			}
		})
	}
}

// fakeRequestsEnv overrides how many requests BenchmarkFakeMemory serves.
const fakeRequestsEnv = "MULTIPAY_FAKE_REQUESTS"

// BenchmarkFakeMemory serves a million GETs (MULTIPAY_FAKE_REQUESTS to
// change it) through the HitPay fake's handler in this process, sampling
// the live heap after a GC every tenth of the way, and fails when the heap
// at the end is more than 4 MB above the heap a tenth of the way in: the
// journal is a ring (fake.DefaultJournalSize entries), so serving more must
// not cost more memory.
func BenchmarkFakeMemory(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv(fakeRequestsEnv)); err == nil && v >= 10 {
		n = v
	}
	srv, err := fake.New("hitpay")
	require.NoError(b, err)
	b.Cleanup(srv.Close)
	ids, err := srv.Seed(1)
	require.NoError(b, err)
	h := srv.Handler()
	req := httptest.NewRequest(http.MethodGet, "/v1/customers/"+ids[0], nil)
	req.Header = http.Header{"X-Business-Api-Key": {srv.Credentials.APIKey}, "Accept": {"application/json"}}
	heaps := make([]uint64, 0, 10)
	for i := 1; i <= n; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		require.Equal(b, http.StatusOK, w.Code)
		if i%(n/10) == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heaps = append(heaps, ms.HeapAlloc)
		}
	}
	first, last := heaps[0], heaps[len(heaps)-1]
	b.ReportMetric(float64(last)/1024, "live-heap-KB")
	note("fake: %d requests served, live heap %d KB after a tenth of them, %d KB after all (journal: the last %d)",
		n, first/1024, last/1024, len(srv.Journal()))
	require.LessOrEqual(b, last, first+4<<20, "the fake's memory grows with the requests it served: %v", heaps)
}
