package perf

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/internal/backend"
)

const (
	hitpayID           = "9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	hitpayCustomerJSON = `{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"John Doe","birth_date":"1990-01-01",
"email":"john.doe@example.com","phone_number":"91234567","phone_number_country_code":"65",
"address":{"city":"Singapore","state":"Singapore","street":"1 Raffles Place","postal_code":"048616","country":"SG"},
"gender":"male","remark":"VIP","created_at":"2024-01-24T16:05:10+08:00","updated_at":"2024-01-24T16:05:10+08:00"}`
)

// countingListener counts the connections a server accepts.
type countingListener struct {
	net.Listener
	accepts atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepts.Add(1)
	}
	return c, err
}

// countingServer serves HitPay's canned customer and counts connections.
func countingServer(tb testing.TB) (*httptest.Server, *countingListener) {
	tb.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, hitpayCustomerJSON)
	}))
	ln := &countingListener{Listener: srv.Listener}
	srv.Listener = ln
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv, ln
}

// hammer runs callers goroutines, each calling call n times, and returns
// the calls per second.
func hammer(callers, n int, call func() error) (float64, error) {
	var wg sync.WaitGroup
	var first atomic.Value
	start := time.Now()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				if err := call(); err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := first.Load().(error); err != nil {
		return 0, err
	}
	return float64(callers*n) / time.Since(start).Seconds(), nil
}

// The default client (no WithHTTPClient) keeps enough idle connections for
// 256 concurrent callers: it opens at most one connection per caller
// instead of one for most requests (net/http's default keeps 2 per host).
func TestDefaultClientReusesConnections(t *testing.T) {
	srv, ln := countingServer(t)
	svc, err := hitpay.New("key", customers.WithBaseURL(srv.URL))
	require.NoError(t, err)
	const callers, calls = 256, 4
	_, err = hammer(callers, calls, func() error {
		_, err := svc.Get(context.Background(), hitpayID)
		return err
	})
	require.NoError(t, err)
	require.LessOrEqual(t, ln.accepts.Load(), int64(backend.DefaultMaxIdleConnsPerHost),
		"%d requests opened %d connections", callers*calls, ln.accepts.Load())
}

// BenchmarkConcurrent runs 256 goroutines on one client: the facade with
// its default configuration against a raw call on a tuned transport. It
// reports calls per second, the ratio to raw and the connections opened.
func BenchmarkConcurrent(b *testing.B) {
	const callers = 256
	tuned := &http.Client{Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: callers, IdleConnTimeout: 90 * time.Second}}
	var rawRate float64
	b.Run("raw-tuned", func(b *testing.B) {
		srv, ln := countingServer(b)
		call := &rawCall{client: tuned, method: http.MethodGet, url: srv.URL + "/v1/customers/" + hitpayID,
			header: map[string]string{"X-BUSINESS-API-KEY": "key"}, newDest: rawOf["hitpay"].single, status: 200}
		n := max(8, b.N/callers)
		rate, err := hammer(callers, n, func() error { call.do(b); return nil })
		require.NoError(b, err)
		rawRate = rate
		b.ReportMetric(rate, "calls/s")
		b.ReportMetric(float64(ln.accepts.Load()), "conns")
	})
	b.Run("facade-default", func(b *testing.B) {
		srv, ln := countingServer(b)
		svc, err := hitpay.New("key", customers.WithBaseURL(srv.URL))
		require.NoError(b, err)
		n := max(8, b.N/callers)
		rate, err := hammer(callers, n, func() error {
			_, err := svc.Get(context.Background(), hitpayID)
			return err
		})
		require.NoError(b, err)
		b.ReportMetric(rate, "calls/s")
		b.ReportMetric(float64(ln.accepts.Load()), "conns")
		if rawRate > 0 {
			b.ReportMetric(rate/rawRate, "x-raw-rate")
			note("concurrency: 256 callers, HitPay get: facade (default client) %.0f calls/s = %.2f× raw on a tuned transport; %d connections opened for %d calls",
				rate, rate/rawRate, ln.accepts.Load(), n*callers)
		}
	})
}
