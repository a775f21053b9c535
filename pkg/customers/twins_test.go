package customers_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// markerProviders allow duplicate customers and carry a create marker in
// metadata; the others keep a unique key (HitPay and Soap the e-mail,
// UseePay merchant_customer_id) and reconcile create-or-get.
var markerProviders = []string{"notchpay"}

// twinParams is one round's create, sent identically by both twins.
func twinParams(svc customers.Service, round int) *customers.CreateParams {
	p := validCreate().Only(svc.Capabilities().Create...)
	p.Email = fmt.Sprintf("twin%d@example.com", round)
	if p.Phone != "" {
		p.Phone = fmt.Sprintf("+151255501%02d", round%100)
	}
	return p
}

// beforeReturning is a doer that runs hook once, after the first failed
// request and before the adapter sees the failure: the twin's create lands
// between our lost create and our reconcile.
type beforeReturning struct {
	once sync.Once
	hook func()
}

func (d *beforeReturning) Do(req *http.Request) (*http.Response, error) {
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.once.Do(d.hook)
	}
	return rsp, err
}

type twinResult struct {
	c   *customers.Customer
	err error
}

// checkTwins asserts the reconcile rule of name over one round's results:
// with a marker both twins get their own customer; create-or-get leaves one
// customer, which every success returns, and refuses the rest as a conflict.
func checkTwins(t *testing.T, name string, srv *fake.Server, results ...twinResult) {
	t.Helper()
	ids := srv.IDs()
	if slices.Contains(markerProviders, name) {
		require.Len(t, ids, len(results), "one customer per call, none orphaned")
		seen := map[string]bool{}
		for _, r := range results {
			require.NoError(t, r.err)
			assert.False(t, seen[r.c.ID], "two calls were given the same customer")
			assert.Contains(t, ids, r.c.ID)
			seen[r.c.ID] = true
		}
		return
	}
	require.Len(t, ids, 1, "the provider keeps one customer per e-mail")
	for _, r := range results {
		if r.err != nil {
			assert.ErrorIs(t, r.err, customers.ErrConflict)
			continue
		}
		assert.Equal(t, ids[0], r.c.ID)
	}
}

func noSleep(context.Context, time.Duration) error { return nil }

// A create whose answer is lost while an identical create (its twin) runs:
// reconcile never hands one caller the other's customer (Notch Pay: each
// finds its own marker) and follows the documented create-or-get rule where
// a key is unique (HitPay, Soap: the e-mail; UseePay: merchant_customer_id). Both twins' answers may be lost.
func TestReconcileTellsTwinsApart(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		for _, lost := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d lost", name, lost), func(t *testing.T) {
				t.Parallel()
				srv, twin := connectAll(t, name, customers.WithRetrySleep(noSleep))
				var second twinResult
				hook := &beforeReturning{}
				hook.hook = func() {
					second.c, second.err = twin.Create(context.Background(), twinParams(twin, 1))
				}
				svc := clientOf(t, name, srv, customers.WithHTTPClient(hook), customers.WithRetrySleep(noSleep))
				srv.Faults.Add(fake.Fault{Operation: "createCustomer", Drop: fake.DropAfter, Times: lost})
				var first twinResult
				first.c, first.err = svc.Create(context.Background(), twinParams(svc, 1))
				checkTwins(t, name, srv, first, second)
			})
		}
	}
}

// clientOf is another client of name's adapter on srv.
func clientOf(t *testing.T, name string, srv *fake.Server, opts ...customers.Option) customers.Service {
	t.Helper()
	c := srv.Credentials
	svc, err := providers.New(name, providers.Config{
		APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID,
		Options: append([]customers.Option{customers.WithBaseURL(srv.URL)}, opts...),
	})
	require.NoError(t, err)
	return svc
}

// The same with both twins sent at once, rounds apart, answers lost at
// random: no round may hand one call another's customer.
func TestReconcileConcurrentTwins(t *testing.T) {
	t.Parallel()
	const rounds = 12
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for round := range rounds {
				srv, a := connectAll(t, name, customers.WithRetrySleep(noSleep))
				b := clientOf(t, name, srv, customers.WithRetrySleep(noSleep))
				srv.Faults.Add(fake.Fault{Operation: "createCustomer", Drop: fake.DropAfter, Times: 1 + round%2})
				results := make([]twinResult, 2)
				var wg sync.WaitGroup
				for i, svc := range []customers.Service{a, b} {
					wg.Go(func() { results[i].c, results[i].err = svc.Create(context.Background(), twinParams(svc, round)) })
				}
				wg.Wait()
				checkTwins(t, name, srv, results...)
			}
		})
	}
}
