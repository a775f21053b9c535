package backend

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// Attempt is one request of a Call: the retry loop hands it to the
// function making the attempt, and exchange records on it what happened,
// for the loop to judge.
type Attempt struct {
	call Call
	n    int  // 1 for the first attempt
	sent bool // exchange handed the request to the HTTP client
	// wrote: a byte of the request may have reached the wire; for a request
	// with a body, the transport began to read the body (stringBody).
	// Atomic: the transport's write goroutine can set it after Do returned.
	wrote   atomic.Bool
	failed  error
	status  int
	garbled bool // a 2xx whose body cannot be read as JSON
	header  http.Header
	body    []byte
	// The readers of the request's body (once the preflight read it) and of
	// the answer's: in the attempt rather than allocated beside it.
	request stringBody
	answer  buffered
}

func (c Call) attempt(n int) *Attempt { return &Attempt{call: c, n: n} }

// bounded returns ctx with the call's overall deadline (Config.Timeout),
// which an earlier deadline of ctx overrides: then ctx is returned as it is,
// without the timer and cancellation (7 allocations a call with the
// transport's own context under it).
func (c Call) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); c.timeout <= 0 || ok && time.Until(dl) <= c.timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.timeout)
}

// trace returns ctx with net/http's hook that records on a whether the
// request started to go out (for calls that read it: Call.watchWrites).
func (a *Attempt) trace(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{ // not in the attempt: most calls do without
		WroteHeaderField: func(string, []string) { a.wrote.Store(true) },
		WroteRequest:     func(httptrace.WroteRequestInfo) { a.wrote.Store(true) },
	})
}

// verdict is what the retry loop does after a failed attempt.
type verdict int

const (
	giveUp    verdict = iota // return the error
	retry                    // safe to repeat
	ambiguous                // a create that may have taken effect: reconcile
)

// retryableStatus are answers that say "try again": the provider did not
// act (408, 429) or may not have (5xx gateways and overloads).
func retryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// judge classifies a failed attempt of op.
func judge(op customers.Operation, a *Attempt) verdict {
	switch {
	case !a.sent:
		return giveUp // refused before sending: repeating cannot help
	case a.failed != nil && !a.wrote.Load():
		return retry // never reached the provider: safe for every operation
	case a.failed == nil && (a.status == http.StatusRequestTimeout || a.status == http.StatusTooManyRequests):
		return retry // the provider says it did not act
	case a.failed != nil, retryableStatus(a.status), a.status >= 200 && a.status <= 299 && (a.garbled || op == customers.OpCreate):
		if op == customers.OpCreate {
			return ambiguous // it may have been created (or was, and the answer cannot be used)
		}
		return retry
	}
	return giveUp
}

// policy is the retry policy of the call (customers.NewConfig's, whose
// backoff options never unset Base or MaxWait).
func (c Call) policy() customers.RetryPolicy {
	p := c.retry
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return p
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is the full-jitter wait before retry number n (1-based): uniform
// in [0, min(MaxWait, Base·2^(n-1))).
func backoff(p customers.RetryPolicy, n int) time.Duration {
	ceiling := p.Base
	for i := 1; i < n && ceiling < p.MaxWait; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxWait)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}

// pause waits before the next attempt: the provider's own delay when it gave
// one, else the backoff. It returns false, without waiting, when the wait
// would exceed MaxWait or what the context has left, and false when the
// context ends during the wait.
func (a *Attempt) pause(ctx context.Context, p customers.RetryPolicy) bool {
	wait, asked := a.call.b.serverDelay(a.status, a.header, a.body)
	if !asked {
		wait = backoff(p, a.n)
	}
	if dl, ok := ctx.Deadline(); wait > p.MaxWait || ok && time.Until(dl) < wait {
		return false
	}
	if p.Notice != nil { // what the wait is for, without customer data
		n := customers.RetryNotice{Provider: a.call.b.opts.Provider, Operation: a.call.op, Attempt: a.n + 1,
			MaxAttempts: p.MaxRetries + 1, Wait: wait, StatusCode: a.status}
		if a.failed != nil {
			n.StatusCode = 0 // no usable answer: the connection failed
		}
		p.Notice(n)
	}
	return p.Sleep(ctx, wait) == nil
}

// serverDelay is how long the provider asked the client to wait.
func (b *Backend) serverDelay(status int, h http.Header, body []byte) (time.Duration, bool) {
	switch {
	case h == nil:
		return 0, false
	case b.opts.RetryDelay != nil:
		return b.opts.RetryDelay(status, h, body, time.Now())
	}
	return RetryAfter(h.Get("Retry-After"), time.Now())
}

// maxRetryAfter bounds a Retry-After in seconds: anything longer is taken
// as garbage rather than as a wait (a Duration overflows at ~292 years).
const maxRetryAfter = 366 * 24 * time.Hour

// RetryAfter reads a Retry-After value: delta seconds or an HTTP date. A
// value that is neither (garbage like "2abc", negative numbers, fractions,
// numbers too large to be meant) is ignored: ok is false. A date in the
// past means "now".
func RetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 63)
		if err != nil || time.Duration(secs) > maxRetryAfter/time.Second {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if !t.After(now) {
		return 0, true
	}
	if d := t.Sub(now); d <= maxRetryAfter {
		return d, true
	}
	return 0, false
}

// Retry runs call (any operation but create; see Create) with its retry
// policy: fn makes one attempt, sending at most one request through the
// attempt it is given. Failures are repeated as RetryPolicy documents; the
// error returned is a *customers.Error naming provider, operation and
// attempts.
func Retry[T any](ctx context.Context, call Call, fn func(context.Context, *Attempt) (T, error)) (T, error) {
	return run(ctx, call, fn, nil)
}

// Reconcile looks for the customer a create may have made. It returns the
// customer when one matches every field sent, (nil, nil) when none exists,
// and an error when the lookup itself failed.
type Reconcile func(ctx context.Context) (*customers.Customer, error)

// Create runs call, a create, with its retry policy. The request is repeated
// freely only when it never reached the provider (or after 408 and 429);
// after any other failure the customer may exist, so find looks it up: a
// match is the call's result, a proven absence allows another attempt, and a
// failed lookup ends the call with customers.ErrOutcomeUnknown carrying
// lookup.
func Create(ctx context.Context, call Call, fn func(context.Context, *Attempt) (*customers.Customer, error), find Reconcile, lookup customers.Lookup) (*customers.Customer, error) {
	call.watchWrites = true // a create lost after sending is reconciled, before sending repeated
	return run(ctx, call, fn, func(ctx context.Context, err error, a *Attempt) (*customers.Customer, bool, error) {
		var found *customers.Customer
		cause := ctx.Err()
		if cause == nil {
			found, cause = find(ctx)
		}
		if cause != nil {
			return nil, true, a.unknown(err, cause, lookup)
		}
		return found, found != nil, nil
	})
}

// run is the retry loop of Retry and Create. reconcile (a create's) settles
// an attempt that may have taken effect: settled, its answer ends the call;
// not (the customer is provably absent), the create may be repeated.
func run[T any](ctx context.Context, call Call, fn func(context.Context, *Attempt) (T, error),
	reconcile func(context.Context, error, *Attempt) (v T, settled bool, err error)) (T, error) {
	p := call.policy()
	ctx, cancel := call.bounded(ctx)
	defer cancel()
	for n := 1; ; n++ {
		a := call.attempt(n)
		v, err := fn(ctx, a)
		if err == nil {
			return v, nil
		}
		verdict := judge(call.op, a)
		if verdict == ambiguous && reconcile != nil {
			if found, settled, err := reconcile(ctx, err, a); settled {
				return found, err
			}
			verdict = retry // provably absent: the create did not happen
		}
		if verdict != retry || n > p.MaxRetries || ctx.Err() != nil || !a.pause(ctx, p) {
			return v, a.final(ctx, err)
		}
	}
}

// final turns the last attempt's error into the call's *customers.Error.
func (a *Attempt) final(ctx context.Context, err error) error {
	attempts := a.n
	if !a.sent {
		attempts-- // this attempt never went out
	}
	var ce *customers.Error
	if errors.As(err, &ce) {
		out := *ce
		out.Operation = cmp.Or(out.Operation, a.call.op)
		out.Attempts = attempts
		if cerr := ctx.Err(); cerr != nil && a.sent && !errors.Is(err, cerr) {
			out.Err = cerr // the wait for another attempt was cut short
		}
		return &out
	}
	out := a.call.b.fail(a.call.op, nil, "")
	out.Attempts, out.Err = attempts, a.call.b.redactTransport(nil, err)
	if ctx.Err() == nil {
		out.Kind, out.Message = customers.ErrUnavailable, "the connection to the provider failed"
	}
	return out
}

// unknown is the error of a create whose effect cannot be told.
func (a *Attempt) unknown(err, cause error, lookup customers.Lookup) error {
	out := a.call.b.fail(a.call.op, customers.ErrOutcomeUnknown,
		"the create may have taken effect and the lookup that would tell failed; search before creating again")
	out.Attempts, out.Err, out.Lookup = a.n, a.call.b.redactTransport(nil, cause), &lookup
	var ce *customers.Error
	if errors.As(err, &ce) {
		out.StatusCode, out.RequestID = ce.StatusCode, ce.RequestID
	}
	return out
}
