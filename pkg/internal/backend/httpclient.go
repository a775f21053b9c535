package backend

import (
	"net"
	"net/http"
	"time"
)

// DefaultMaxIdleConnsPerHost is the default transport's connection pool per
// provider host: it keeps this many idle connections and opens no more than
// this many at once (more concurrent callers wait for one to come free).
// net/http's DefaultTransport keeps 2 idle, so under concurrency nearly
// every request opened, and TLS-handshook, a connection of its own.
const DefaultMaxIdleConnsPerHost = 256

// defaultTransport is shared by every adapter built without an HTTP client,
// so clients of one process share one connection pool per host.
var defaultTransport = newDefaultTransport()

func newDefaultTransport() *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true, // kept: a custom DialContext would otherwise turn HTTP/2 off
		MaxIdleConns:          4 * DefaultMaxIdleConnsPerHost,
		MaxIdleConnsPerHost:   DefaultMaxIdleConnsPerHost,
		MaxConnsPerHost:       DefaultMaxIdleConnsPerHost, // without it, racing dials can open a few more than the pool keeps
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
}

// DefaultHTTPClient returns the client an adapter uses when none is
// configured: the shared tuned transport, a 30 s timeout per attempt, and no
// redirects followed (net/http would forward custom credential headers such
// as X-BUSINESS-API-KEY and bodies to whatever host Location names; a 3xx
// comes back as an error instead).
func DefaultHTTPClient() *http.Client {
	return &http.Client{
		Transport:     defaultTransport,
		Timeout:       30 * time.Second, // per attempt: one more still fits in customers.DefaultTimeout
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
