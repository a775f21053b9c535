// Package conformance is the one test suite every customers.Service adapter
// must pass, run against the adapter's built-in fake provider. It checks the
// life cycle, round-trips of every field the provider stores, clearing,
// not-supported paths (which must send no request), every error sentinel,
// paging through hundreds of customers, break mid-list and cancelled contexts.
//
// An adapter's test calls Run with a Harness:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Harness{Provider: "soap", Connect: connect, Sample: sample})
//	}
package conformance

import (
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// Harness tells the suite how to reach one adapter.
type Harness struct {
	// Provider is the fake to start ("hitpay", …).
	Provider string
	// Connect returns the adapter under test, pointed at srv with creds.
	Connect func(t *testing.T, srv *fake.Server, creds fake.Credentials) customers.Service
	// Sample returns valid create parameters, different for each i, that set
	// every field the provider can store on create.
	Sample func(i int) *customers.CreateParams
	// Unique is a field the provider keeps unique (a second customer with the
	// same value is a conflict), or "" when it enforces none.
	Unique customers.Field
	// Opts are passed to every fake the suite starts.
	Opts []fake.Option
	// SearchOperation is the fake's operationId that Search (and so a
	// create's reconcile lookup) calls; "" means "listCustomers".
	SearchOperation string
}

func (h Harness) start(t *testing.T, opts ...fake.Option) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, h.Provider, append(append([]fake.Option(nil), h.Opts...), opts...)...)
	return srv, h.Connect(t, srv, srv.Credentials)
}

// Run runs the whole suite.
func Run(t *testing.T, h Harness) {
	t.Run("Capabilities", func(t *testing.T) { t.Parallel(); testCapabilities(t, h) })
	t.Run("Lifecycle", func(t *testing.T) { t.Parallel(); testLifecycle(t, h) })
	t.Run("RoundTripEveryField", func(t *testing.T) { t.Parallel(); testRoundTrip(t, h) })
	t.Run("UpdateSetsEveryField", func(t *testing.T) { t.Parallel(); testUpdateEveryField(t, h) })
	t.Run("ClearFields", func(t *testing.T) { t.Parallel(); testClear(t, h) })
	t.Run("NotSupportedSendsNothing", func(t *testing.T) { t.Parallel(); testNotSupported(t, h) })
	t.Run("InvalidInputSendsNothing", func(t *testing.T) { t.Parallel(); testInvalid(t, h) })
	t.Run("Errors", func(t *testing.T) { t.Parallel(); testErrors(t, h) })
	t.Run("Paging", func(t *testing.T) { t.Parallel(); testPaging(t, h) })
	t.Run("PagingWithConcurrentWriters", func(t *testing.T) { t.Parallel(); testPagingConcurrent(t, h) })
	t.Run("BreakStopsListing", func(t *testing.T) { t.Parallel(); testBreak(t, h) })
	t.Run("CancelledContext", func(t *testing.T) { t.Parallel(); testCancelled(t, h) })
	t.Run("Faults", func(t *testing.T) { t.Parallel(); testFaults(t, h) })
}
