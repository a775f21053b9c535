package customers_test

import (
	"context"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// instant is a retry sleeper that records nothing and waits for nothing.
func instant(context.Context, time.Duration) error { return nil }

// The notice comes right before each wait, with what a "waiting 2s
// (notchpay answered 503; attempt 2 of 3)" line needs: before, two 503s
// with Retry-After: 2 were four seconds of silence.
func TestRetryNoticeBeforeEachWait(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, "notchpay")
	var got []customers.RetryNotice
	svc, err := newWith("notchpay", customers.WithBaseURL(srv.URL), customers.WithRetrySleep(instant),
		customers.WithRetryNotice(func(n customers.RetryNotice) { got = append(got, n) }))
	require.NoError(t, err)
	c, err := svc.Create(t.Context(), &customers.CreateParams{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+237670000000"})
	require.NoError(t, err)

	srv.Faults.Add(fake.Fault{Operation: "getCustomer", Status: 503, RetryAfter: "2", Times: 2})
	_, err = svc.Get(t.Context(), c.ID)
	require.NoError(t, err)
	want := customers.RetryNotice{Provider: "notchpay", Operation: customers.OpGet, MaxAttempts: 3, Wait: 2 * time.Second, StatusCode: 503}
	require.Len(t, got, 2)
	for i, n := range got {
		want.Attempt = i + 2
		assert.Equal(t, want, n)
		text := fmt.Sprintf("%+v", n)
		for _, pii := range []string{c.ID, c.Email, c.Name, c.Phone} {
			assert.NotContains(t, text, pii)
		}
	}

	got = nil
	srv.Faults.Add(fake.Fault{Operation: "getCustomer", Drop: fake.DropBefore})
	_, err = svc.Get(t.Context(), c.ID)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Zero(t, got[0].StatusCode, "a dropped connection has no status")
	assert.Positive(t, got[0].Wait, "the backoff")
}

// drain reads a listing to its end.
func drain(seq iter.Seq2[*customers.Customer, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// A call's own notice replaces the client's, and nil silences it.
func TestRetryNoticePerCall(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, "hitpay")
	client := 0
	svc, err := newWith("hitpay", customers.WithBaseURL(srv.URL), customers.WithRetrySleep(instant),
		customers.WithRetryNotice(func(customers.RetryNotice) { client++ }))
	require.NoError(t, err)

	var call []customers.RetryNotice
	srv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 429, RetryAfter: "1"})
	err = drain(svc.List(t.Context(), &customers.ListParams{},
		customers.WithMaxRetries(4), customers.WithRetryNotice(func(n customers.RetryNotice) { call = append(call, n) })))
	require.NoError(t, err)
	require.Len(t, call, 1)
	assert.Equal(t, customers.RetryNotice{Provider: "hitpay", Operation: customers.OpList, Attempt: 2, MaxAttempts: 5, Wait: time.Second, StatusCode: 429}, call[0])
	assert.Zero(t, client, "the client's notice is replaced for that call")

	srv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 429, RetryAfter: "1"})
	err = drain(svc.List(t.Context(), &customers.ListParams{}, customers.WithRetryNotice(nil)))
	require.NoError(t, err)
	assert.Zero(t, client)

	srv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 429, RetryAfter: "1"})
	err = drain(svc.List(t.Context(), &customers.ListParams{}))
	require.NoError(t, err)
	assert.Equal(t, 1, client, "the client's notice otherwise")
}
