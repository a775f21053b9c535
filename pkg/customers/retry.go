package customers

import (
	"context"
	"time"
)

// Retry defaults, in the range of stripe-go and openai-go.
const (
	DefaultMaxRetries   = 2
	DefaultRetryBase    = 500 * time.Millisecond
	DefaultRetryMaxWait = 8 * time.Second
)

// RetryPolicy says how a failed call is repeated. Build it with WithMaxRetries,
// WithRetryBackoff and WithRetrySleep; the zero value never retries.
//
// Which failures are repeated is decided by the facade operation, never by
// the HTTP method: get, list pages, search, delete and update (which carries
// absolute values) are repeated after connection failures, 408, 429, 500, 502,
// 503, 504 and unreadable 2xx bodies. A create is repeated only when the
// request provably never reached the provider (or after a 408 or 429); any
// other failure of a create is reconciled: the adapter looks the customer up
// by what was sent and returns it if it exists (see each adapter's package
// doc), so one call never makes two customers.
type RetryPolicy struct {
	// MaxRetries is how many times a call is repeated after its first
	// attempt; 0 disables retries.
	MaxRetries int
	// Base is the first backoff; each retry doubles it, up to MaxWait, and
	// the wait is drawn uniformly from [0, backoff) ("full jitter").
	Base time.Duration
	// MaxWait caps every wait. A server asking (Retry-After) for longer than
	// MaxWait, or for longer than the context has left, is not waited for:
	// the typed error comes back at once, with RetryAfter set.
	MaxWait time.Duration
	// Sleep waits d or until ctx ends, returning ctx.Err() in that case. nil
	// uses a timer. Tests inject an instant sleeper here.
	Sleep func(ctx context.Context, d time.Duration) error
	// Notice, when set, is called right before each wait (WithRetryNotice).
	Notice func(RetryNotice)
}

// RetryNotice says that a call is about to wait before another attempt, so
// that a slow call need not be a silent one. It holds no customer data: no
// ids, fields, URLs or bodies.
type RetryNotice struct {
	Provider    string
	Operation   Operation
	Attempt     int           // the attempt the wait precedes: 2 before the first retry
	MaxAttempts int           // 1 + the policy's MaxRetries
	Wait        time.Duration // the provider's Retry-After, or the backoff
	// StatusCode is the failed attempt's HTTP status; 0 when the connection
	// failed (refused, reset, timed out, or the answer broke off).
	StatusCode int
}

// DefaultRetryPolicy is the policy of every adapter unless an option changes it.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: DefaultMaxRetries, Base: DefaultRetryBase, MaxWait: DefaultRetryMaxWait}
}

// WithMaxRetries sets how many times a failed call is repeated (0 disables
// retries). Usable at construction and per call (see Option).
func WithMaxRetries(n int) Option {
	return func(c *Config) { c.Retry.MaxRetries = max(n, 0) }
}

// WithRetryBackoff sets the first backoff and the cap of every wait.
// Non-positive values keep the current setting.
func WithRetryBackoff(base, maxWait time.Duration) Option {
	return func(c *Config) {
		if base > 0 {
			c.Retry.Base = base
		}
		if maxWait > 0 {
			c.Retry.MaxWait = maxWait
		}
	}
}

// WithRetrySleep replaces the timer used between attempts, so tests can run
// backoffs instantly or record them. sleep must return ctx.Err() once ctx
// ends.
func WithRetrySleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Config) { c.Retry.Sleep = sleep }
}

// WithRetryNotice calls notice right before each wait between attempts,
// with the provider, operation, attempt numbers, the wait and the failed
// attempt's status: a command-line tool can say "waiting 2s" instead of
// hanging in silence. Usable at construction and per call (see Option); a
// per-call WithRetryNotice(nil) silences it for that call. notice runs on the
// calling goroutine and delays the call by as long as it takes.
func WithRetryNotice(notice func(RetryNotice)) Option {
	return func(c *Config) { c.Retry.Notice = notice }
}
