package transfer

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

func instant(context.Context, time.Duration) error { return nil }

// service connects to the fake at url with the fake's credentials.
func service(t testing.TB, name, url string, opts ...customers.Option) customers.Service {
	t.Helper()
	c := fake.DefaultCredentials(name)
	opts = append([]customers.Option{customers.WithBaseURL(url), customers.WithRetrySleep(instant)}, opts...)
	svc, err := providers.New(name, providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount,
		MerchantNo: c.MerchantNo, AppID: c.AppID, Options: opts})
	require.NoError(t, err)
	return svc
}

// started starts a fake and its Service.
func started(t testing.TB, name string, opts ...customers.Option) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, name, fake.WithJournalSize(100))
	return srv, service(t, name, srv.URL, opts...)
}

// seeded starts a fake holding n customers.
func seeded(t testing.TB, name string, n int, opts ...customers.Option) (*fake.Server, customers.Service) {
	t.Helper()
	srv, svc := started(t, name, opts...)
	_, err := srv.Seed(n)
	require.NoError(t, err)
	return srv, svc
}

func ledgerPath(t testing.TB) string { return filepath.Join(t.TempDir(), "run.ledger") }

func openLedger(t testing.TB, path, to string) *Ledger {
	t.Helper()
	l, err := OpenLedger(path, to)
	require.NoError(t, err)
	return l
}

// listAll lists every customer of svc.
func listAll(t testing.TB, svc customers.Service) []*customers.Customer {
	t.Helper()
	var out []*customers.Customer
	for c, err := range svc.List(context.Background(), &customers.ListParams{PageSize: 100}, customers.WithMaxRetries(10)) {
		require.NoError(t, err)
		out = append(out, c)
	}
	return out
}

// faultKinds are the faults faulty injects, as X-Multipay-Fault values.
var faultKinds = []string{"status=429;retry-after=0", "status=500", "status=502", "status=503",
	"drop=before", "drop=after", "body=truncated"}

// faulty is an HTTP client that asks the fake, through its fault header, to
// misbehave on a share of the requests, and counts the faults by kind.
type faulty struct {
	share float64
	mu    sync.Mutex
	rng   *rand.Rand
	count map[string]int
	total int
}

func newFaulty(share float64, seed uint64) *faulty {
	return &faulty{share: share, rng: rand.New(rand.NewPCG(seed, 1)), count: map[string]int{}}
}

func (f *faulty) Do(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.total++
	if f.rng.Float64() < f.share {
		kind := faultKinds[f.rng.IntN(len(faultKinds))]
		f.count[kind]++
		r.Header.Set(fake.FaultHeader, kind)
	}
	f.mu.Unlock()
	return http.DefaultClient.Do(r)
}

func (f *faulty) faults() int {
	n := 0
	for _, c := range f.count {
		n += c
	}
	return n
}

// soak reports whether the long runs are asked for (MULTIPAY_SOAK=1).
func soak() bool { return os.Getenv("MULTIPAY_SOAK") == "1" }
