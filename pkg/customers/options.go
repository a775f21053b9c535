package customers

import (
	"log/slog"
	"net/http"
	"time"
)

// Environment selects the provider's live or sandbox servers (as listed in
// the provider's spec).
type Environment string

// The environments every provider has.
const (
	Live    Environment = "live"
	Sandbox Environment = "sandbox"
)

// HTTPDoer sends HTTP requests; *http.Client implements it. Inject one to add
// tracing, proxies or your own transport, or to stub the network in tests.
// The default client does not follow redirects, because net/http would send
// the providers' credential headers on to the redirect's host. An injected
// *http.Client is used through a shallow copy whose CheckRedirect refuses a
// redirect to another scheme or host (ErrInvalidResponse) before consulting
// its own; the client passed in is not changed. Any other HTTPDoer that
// follows redirects must keep them on the same host itself: the adapter
// cannot see inside it. Whether a create may have reached the provider is
// told by the doer having read the request's body or asked GetBody for a
// copy, so a doer must do neither once its Do has returned an error.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Config is the resolved configuration of an adapter. Build it with Options.
type Config struct {
	Environment Environment // default Live
	BaseURL     string      // overrides Environment, e.g. a fake's URL
	HTTPClient  HTTPDoer    // default: an *http.Client with a 30 s timeout per attempt on a shared transport tuned for concurrency (256 idle connections per host)
	UserAgent   string      // sent before "multipay-go/<version>" in User-Agent
	// Logger receives one record per attempt: provider, operation, route
	// template, status, duration, attempt and request id. Paths with ids,
	// query strings, bodies and headers are never logged, so neither
	// credentials nor customer data reach the log. Default: nothing is logged.
	Logger *slog.Logger
	// Retry says how failed calls are repeated (DefaultRetryPolicy unless
	// changed with WithMaxRetries, WithRetryBackoff or WithRetrySleep).
	Retry RetryPolicy
	// Timeout bounds each call as a whole — every attempt, the waits between
	// them and a create's reconcile lookup — when the context sets no
	// earlier deadline; one page of List or Search is one call.
	// DefaultTimeout unless changed with WithTimeout; 0 leaves it to the
	// context.
	Timeout time.Duration
	// InsecurePlaintextHTTP allows an http:// BaseURL to a host that is not
	// loopback. Set it only with WithInsecurePlaintextHTTP.
	InsecurePlaintextHTTP bool
}

// Option configures an adapter at construction, or one call when passed as
// the trailing argument of a method, openai-go style:
//
//	c, err := svc.Get(ctx, id, customers.WithMaxRetries(5))
//
// A call's options apply over the client's configuration for that call
// only. Per call, the retry options and WithLogger take effect; options that
// shape the connection (WithBaseURL, WithEnvironment, WithHTTPClient,
// WithUserAgent, WithInsecurePlaintextHTTP) apply only at construction and
// are ignored there.
type Option func(*Config)

// WithEnvironment selects Live or Sandbox servers.
func WithEnvironment(e Environment) Option { return func(c *Config) { c.Environment = e } }

// WithBaseURL points the adapter at another server, such as a fake provider.
func WithBaseURL(u string) Option { return func(c *Config) { c.BaseURL = u } }

// WithInsecurePlaintextHTTP lets WithBaseURL name a plain http:// server on
// another machine, for an odd proxy that cannot speak TLS. Without it such a
// base URL is refused at construction, because every request would carry the
// API key and customer data in clear text. Loopback hosts (127.0.0.0/8, ::1,
// localhost) are allowed over http without it. Dangerous: never use it
// across a network you do not control.
func WithInsecurePlaintextHTTP() Option { return func(c *Config) { c.InsecurePlaintextHTTP = true } }

// WithHTTPClient sets the HTTP client (or any HTTPDoer).
func WithHTTPClient(d HTTPDoer) Option { return func(c *Config) { c.HTTPClient = d } }

// WithUserAgent adds a product token to the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Config) { c.UserAgent = ua } }

// WithLogger logs one record per attempt without customer data.
func WithLogger(l *slog.Logger) Option { return func(c *Config) { c.Logger = l } }

// DefaultTimeout bounds every call whose context has no earlier deadline:
// without it, a server that trickles its answer held one call for minutes
// (the per-attempt timeout times the attempts, plus a reconcile lookup).
const DefaultTimeout = 60 * time.Second

// WithTimeout sets Config.Timeout, at construction or per call; 0 removes
// the bound (the context's deadline, if any, still applies).
func WithTimeout(d time.Duration) Option {
	return func(c *Config) { c.Timeout = max(d, 0) }
}

// NewConfig applies opts over the defaults.
func NewConfig(opts ...Option) Config {
	c := Config{Environment: Live, Retry: DefaultRetryPolicy(), Timeout: DefaultTimeout}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}
