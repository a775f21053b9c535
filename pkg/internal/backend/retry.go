package backend

import (
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
	// with a body, the transport began to read the body (stringBody.read).
	// Atomic: the transport's write goroutine can set it after Do returned.
	wrote   atomic.Bool
	failed  error
	status  int
	garbled bool // a 2xx whose body cannot be read as JSON
	header  http.Header
	body    []byte
	hooks   httptrace.ClientTrace // see trace
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
	a.hooks = httptrace.ClientTrace{ // in the attempt: one allocation fewer
		WroteHeaderField: func(string, []string) { a.wrote.Store(true) },
		WroteRequest:     func(httptrace.WroteRequestInfo) { a.wrote.Store(true) },
	}
	return httptrace.WithClientTrace(ctx, &a.hooks)
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
	if !a.sent {
		return giveUp // refused before sending: repeating cannot help
	}
	create := op == customers.OpCreate
	switch {
	case a.failed != nil && !a.wrote.Load():
		return retry // never reached the provider: safe for every operation
	case a.failed != nil:
		if create {
			return ambiguous
		}
		return retry
	case a.status == http.StatusRequestTimeout || a.status == http.StatusTooManyRequests:
		return retry // the provider says it did not act
	case retryableStatus(a.status):
		if create {
			return ambiguous
		}
		return retry
	case a.status >= 200 && a.status <= 299:
		if create {
			return ambiguous // created, but the answer cannot be used
		}
		if a.garbled {
			return retry
		}
	}
	return giveUp
}

// policy is the retry policy of the call.
func (c Call) policy() customers.RetryPolicy {
	p := c.retry
	if p.Base <= 0 {
		p.Base = customers.DefaultRetryBase
	}
	if p.MaxWait <= 0 {
		p.MaxWait = customers.DefaultRetryMaxWait
	}
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
func (b *Backend) pause(ctx context.Context, p customers.RetryPolicy, a *Attempt) bool {
	wait, asked := b.serverDelay(a)
	if !asked {
		wait = backoff(p, a.n)
	}
	if wait > p.MaxWait {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return false
	}
	if p.Notice != nil {
		p.Notice(b.notice(p, a, wait))
	}
	return p.Sleep(ctx, wait) == nil
}

// notice describes the wait after attempt a, without customer data.
func (b *Backend) notice(p customers.RetryPolicy, a *Attempt, wait time.Duration) customers.RetryNotice {
	n := customers.RetryNotice{Provider: b.opts.Provider, Operation: a.call.op, Attempt: a.n + 1,
		MaxAttempts: p.MaxRetries + 1, Wait: wait, StatusCode: a.status}
	if a.failed != nil {
		n.StatusCode = 0 // no usable answer: the connection failed
	}
	return n
}

// serverDelay is how long the provider asked the client to wait.
func (b *Backend) serverDelay(a *Attempt) (time.Duration, bool) {
	if a.header == nil {
		return 0, false
	}
	if b.opts.RetryDelay != nil {
		return b.opts.RetryDelay(a.status, a.header, a.body, time.Now())
	}
	return RetryAfter(a.header.Get("Retry-After"), time.Now())
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
	b, p := call.b, call.policy()
	ctx, cancel := call.bounded(ctx)
	defer cancel()
	for n := 1; ; n++ {
		a := call.attempt(n)
		v, err := fn(ctx, a)
		if err == nil {
			return v, nil
		}
		if judge(call.op, a) != retry || n > p.MaxRetries || ctx.Err() != nil {
			return v, b.final(ctx, call.op, err, a)
		}
		if !b.pause(ctx, p, a) {
			return v, b.final(ctx, call.op, err, a)
		}
	}
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
	b, p, op := call.b, call.policy(), call.op
	call.watchWrites = true // a create lost after sending is reconciled, before sending repeated
	ctx, cancel := call.bounded(ctx)
	defer cancel()
	for n := 1; ; n++ {
		a := call.attempt(n)
		c, err := fn(ctx, a)
		if err == nil {
			return c, nil
		}
		v := judge(op, a)
		if v == ambiguous {
			if ctx.Err() != nil {
				return nil, b.unknown(op, err, ctx.Err(), a, lookup)
			}
			found, ferr := find(ctx)
			switch {
			case ferr != nil:
				return nil, b.unknown(op, err, ferr, a, lookup)
			case found != nil:
				return found, nil
			}
			v = retry // provably absent: the create did not happen
		}
		if v != retry || n > p.MaxRetries || !b.pause(ctx, p, a) {
			return nil, b.final(ctx, op, err, a)
		}
	}
}

// final turns the last attempt's error into the call's *customers.Error.
func (b *Backend) final(ctx context.Context, op customers.Operation, err error, a *Attempt) error {
	attempts := a.n
	if !a.sent {
		attempts-- // this attempt never went out
	}
	var ce *customers.Error
	if errors.As(err, &ce) {
		out := *ce
		if out.Operation == "" {
			out.Operation = op
		}
		out.Attempts = attempts
		if cerr := ctx.Err(); cerr != nil && a.sent && !errors.Is(err, cerr) {
			out.Err = cerr // the wait for another attempt was cut short
		}
		return &out
	}
	out := &customers.Error{Provider: b.opts.Provider, Operation: op, Attempts: attempts, Err: b.redactTransport(nil, err)}
	if ctx.Err() == nil {
		out.Kind, out.Message = customers.ErrUnavailable, "the connection to the provider failed"
	}
	return out
}

// unknown is the error of a create whose effect cannot be told.
func (b *Backend) unknown(op customers.Operation, err, cause error, a *Attempt, lookup customers.Lookup) error {
	out := &customers.Error{Provider: b.opts.Provider, Operation: op, Kind: customers.ErrOutcomeUnknown,
		Attempts: a.n, Err: b.redactTransport(nil, cause), Lookup: &lookup,
		Message: "the create may have taken effect and the lookup that would tell failed; search before creating again"}
	var ce *customers.Error
	if errors.As(err, &ce) {
		out.StatusCode, out.RequestID = ce.StatusCode, ce.RequestID
	}
	return out
}
