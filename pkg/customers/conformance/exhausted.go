package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// testExhausted covers faults that outlast the retries: each ends in the
// right sentinel, with the attempts counted and nothing created twice.
func testExhausted(t *testing.T, h Harness) {
	t.Run("UpdateUnavailable", func(t *testing.T) { t.Parallel(); exhaustUpdate(t, h) })
	t.Run("CreateUnavailable", func(t *testing.T) { t.Parallel(); exhaustCreate(t, h) })
	t.Run("CreateOutcomeUnknown", func(t *testing.T) { t.Parallel(); outcomeUnknown(t, h) })
	t.Run("RetryAfterBeyondCap", func(t *testing.T) { t.Parallel(); retryAfterBeyondCap(t, h) })
	t.Run("CancelledDuringBackoff", func(t *testing.T) { t.Parallel(); cancelDuringBackoff(t, h) })
}

// exhaustUpdate: a 503 on every attempt ends an update in ErrUnavailable
// after three attempts, with backoffs under their ceilings.
func exhaustUpdate(t *testing.T, h Harness) {
	e := newCell(t, h)
	e.srv.Faults.Add(fake.Fault{Operation: "updateCustomer", Status: 503, Times: 3})
	opts, rec, _ := matrixOptions(customers.DefaultMaxRetries)
	mark := len(e.srv.Journal())
	_, err := e.svc.Update(ctx(t), e.target.ID, &customers.UpdateParams{Email: customers.Set(e.newVal)}, opts...)
	ce := requireKind(t, err, customers.ErrUnavailable)
	assert.Equal(t, 3, ce.Attempts)
	assert.Equal(t, 503, ce.StatusCode)
	assert.Len(t, e.srv.Journal()[mark:], 3)
	require.Len(t, rec.waits, 2)
	assert.Less(t, rec.waits[0], customers.DefaultRetryBase, "first backoff beyond its ceiling")
	assert.Less(t, rec.waits[1], 2*customers.DefaultRetryBase, "second backoff beyond its ceiling")
	assertErrorHidesData(t, e, err)
}

// exhaustCreate: a create refused with 503 three times is looked up each
// time, proven absent, and ends in ErrUnavailable with nothing created.
func exhaustCreate(t *testing.T, h Harness) {
	e := newCell(t, h)
	e.srv.Faults.Add(fake.Fault{Operation: "createCustomer", Status: 503, Times: 3})
	opts, _, _ := matrixOptions(customers.DefaultMaxRetries)
	before := e.srv.Created()
	_, err := e.svc.Create(ctx(t), e.sample, opts...)
	ce := requireKind(t, err, customers.ErrUnavailable)
	assert.Equal(t, 3, ce.Attempts)
	assert.Equal(t, before, e.srv.Created(), "a refused create left a customer")
	assert.False(t, errors.Is(err, customers.ErrOutcomeUnknown), "every lookup proved the create absent")
	assertErrorHidesData(t, e, err)
}

// outcomeUnknown: a create whose answer was lost and whose lookup fails is
// ErrOutcomeUnknown, and its Lookup finds the customer later.
func outcomeUnknown(t *testing.T, h Harness) {
	e := newCell(t, h)
	e.srv.Faults.Add(fake.Fault{Operation: "createCustomer", Drop: fake.DropAfter})
	e.srv.Faults.Add(fake.Fault{Operation: searchOp(h), Status: 503, Times: 3})
	opts, _, _ := matrixOptions(customers.DefaultMaxRetries)
	before := e.srv.Created()
	_, err := e.svc.Create(ctx(t), e.sample, opts...)
	ce := requireKind(t, err, customers.ErrOutcomeUnknown)
	require.NotNil(t, ce.Lookup, "the error must say how to look the customer up")
	assert.Equal(t, before+1, e.srv.Created())
	assertErrorHidesData(t, e, err)

	// What the error carries is enough to find the customer later.
	found := 0
	for got, err := range e.svc.(customers.Searcher).Search(ctx(t), &ce.Lookup.Search) {
		require.NoError(t, err)
		if !got.CreatedAt.Before(ce.Lookup.CreatedAfter) && got.ID == e.srv.IDs()[len(e.srv.IDs())-1] {
			found++
		}
	}
	assert.Equal(t, 1, found, "Lookup does not find the created customer")
}

// retryAfterBeyondCap: a Retry-After beyond the cap is not waited for.
func retryAfterBeyondCap(t *testing.T, h Harness) {
	e := newCell(t, h)
	e.srv.Faults.Add(fake.Fault{Operation: "createCustomer", Status: 429, RetryAfter: "30"})
	opts, rec, _ := matrixOptions(customers.DefaultMaxRetries)
	mark := len(e.srv.Journal())
	_, err := e.svc.Create(ctx(t), e.sample, opts...)
	ce := requireKind(t, err, customers.ErrRateLimited)
	assert.Equal(t, 30*time.Second, ce.RetryAfter)
	assert.Empty(t, rec.waits, "waited although the server asked for more than the cap")
	assert.Len(t, e.srv.Journal()[mark:], 1)
}

// cancelDuringBackoff: cancelling during a backoff wait ends the call at
// once with the context's error, naming provider and operation.
func cancelDuringBackoff(t *testing.T, h Harness) {
	e := newCell(t, h)
	e.srv.Faults.Add(fake.Fault{Operation: "updateCustomer", Status: 503, Times: 3})
	base, cancel := context.WithCancel(ctx(t))
	waited := 0
	sleep := customers.WithRetrySleep(func(ctx context.Context, _ time.Duration) error {
		waited++
		cancel() // the caller gives up while the client waits
		<-ctx.Done()
		return ctx.Err()
	})
	mark := len(e.srv.Journal())
	_, err := e.svc.Update(base, e.target.ID, &customers.UpdateParams{Email: customers.Set(e.newVal)}, sleep)
	require.ErrorIs(t, err, context.Canceled)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, h.Provider, ce.Provider)
	assert.Equal(t, customers.OpUpdate, ce.Operation)
	assert.Equal(t, 1, waited)
	assert.Len(t, e.srv.Journal()[mark:], 1, "a request went out after the context ended")
}

func requireKind(t *testing.T, err error, kind error) *customers.Error {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	return ce
}

// assertErrorHidesData renders err every way a caller might (fmt's verbs,
// json.Marshal, its Lookup, slog) and checks that no key and no customer
// data shows.
func assertErrorHidesData(t *testing.T, e *cellEnv, err error) {
	t.Helper()
	outs := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		outs[verb] = fmt.Sprintf(verb, err)
	}
	asJSON, jerr := json.Marshal(err)
	require.NoError(t, jerr)
	outs["json.Marshal"] = string(asJSON)
	var ce *customers.Error
	if errors.As(err, &ce) && ce.Lookup != nil {
		outs["%+v of Lookup"] = fmt.Sprintf("%+v", *ce.Lookup)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Error("x", "err", err, "error", ce)
	outs["slog"] = logged.String()
	for how, out := range outs {
		for _, s := range sensitive(e.srv.Credentials, e.sample, e.target) {
			assert.NotContains(t, out, s, "%s of the error shows a secret or customer data", how)
		}
	}
}
