package backend

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// CheckBaseURL enforces the first transport rule before an adapter exists:
// credentials and customer data travel over https, except to a loopback host
// (127.0.0.0/8, ::1, localhost: the fakes and local test servers) or when the
// caller opted out with customers.WithInsecurePlaintextHTTP. The URL itself
// is never quoted back: its user info could hold a password.
func CheckBaseURL(provider, base string, allowPlaintext bool) error {
	u, err := url.Parse(base)
	var msg string
	switch {
	case err != nil || u.Host == "":
		msg = "is not an absolute URL with a host"
	case u.Scheme == "https":
		return nil
	case u.Scheme != "http":
		msg = "must use https (scheme " + strings.ToLower(u.Scheme) + " refused)"
	case allowPlaintext || strings.EqualFold(u.Hostname(), "localhost") || net.ParseIP(u.Hostname()).IsLoopback():
		return nil // plain http to this machine never crosses a network
	default:
		msg = "must use https: plain http to " + u.Hostname() +
			" would send the API key and customer data in clear text (customers.WithInsecurePlaintextHTTP opts out)"
	}
	return &customers.Error{Provider: provider, Kind: customers.ErrInvalidRequest,
		Message: "refused base URL", Fields: map[string][]string{"BaseURL": {msg}}}
}

// CheckHTTPClient refuses a client that holds a nil pointer (a nil
// *http.Client passed to customers.WithHTTPClient): it would panic at the
// first request. No client at all means the default one.
func CheckHTTPClient(provider string, doer customers.HTTPDoer) error {
	if doer == nil {
		return nil
	}
	if v := reflect.ValueOf(doer); v.Kind() == reflect.Pointer && v.IsNil() {
		return &customers.Error{Provider: provider, Kind: customers.ErrInvalidRequest, Message: "refused HTTP client",
			Fields: map[string][]string{"HTTPClient": {"customers.WithHTTPClient was given a nil " + v.Type().String() + "; leave the option out for the default client"}}}
	}
	return nil
}

// SameHostOnly enforces the second transport rule on the client the backend
// sends through: no request, with its credential headers and body, is
// re-sent to a host other than the one it was addressed to. net/http follows
// redirects by default and forwards custom headers (X-BUSINESS-API-KEY,
// x-api-key, X-Sync) and 307/308 bodies to the new host; so for an
// *http.Client, a shallow copy is returned whose CheckRedirect refuses a
// redirect to another scheme or host (customers.ErrInvalidResponse naming
// the provider) before the caller's own policy is consulted. The caller's
// client is never changed; its Transport, Jar and Timeout are shared.
//
// Any other HTTPDoer is returned as it is: what it does with redirects is
// out of the backend's reach, so a custom doer that follows them must keep
// them on the same host itself (customers.HTTPDoer says so).
func SameHostOnly(provider string, doer customers.HTTPDoer) customers.HTTPDoer {
	c, ok := doer.(*http.Client)
	if !ok || c == nil {
		return doer
	}
	guarded := *c
	callers := c.CheckRedirect
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		// Scheme and host (with port) must stay: an https → http "redirect"
		// on the same host would still send credentials in clear text.
		if len(via) > 0 && (!strings.EqualFold(req.URL.Scheme, via[0].URL.Scheme) || !strings.EqualFold(req.URL.Host, via[0].URL.Host)) {
			status := 0
			if req.Response != nil {
				status = req.Response.StatusCode
			}
			return &redirectRefused{&customers.Error{Provider: provider, StatusCode: status, Kind: customers.ErrInvalidResponse,
				Message: "refused a redirect to another host (" + req.URL.Hostname() + "): credentials and request bodies go to the configured host only"}}
		}
		if callers != nil {
			return callers(req, via)
		}
		if len(via) >= 10 { // net/http's own policy when CheckRedirect is nil
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return sameHostClient{&guarded}
}

// redirectRefused carries the typed error through net/http, which wraps
// whatever CheckRedirect returns in a *url.Error.
type redirectRefused struct{ err *customers.Error }

func (r *redirectRefused) Error() string { return r.err.Error() }

// sameHostClient unwraps a refused redirect so the caller gets the
// *customers.Error itself rather than a *url.Error quoting the Location.
type sameHostClient struct{ c *http.Client }

func (s sameHostClient) Do(req *http.Request) (*http.Response, error) {
	rsp, err := s.c.Do(req)
	if err == nil {
		return rsp, nil
	}
	var refused *redirectRefused // declared here: errors.As moves it to the heap
	if errors.As(err, &refused) {
		if rsp != nil {
			_ = rsp.Body.Close()
		}
		e := *refused.err
		return nil, &e
	}
	return rsp, err
}

// DefaultMaxIdleConnsPerHost is the default transport's connection pool per
// provider host: it keeps this many idle connections and opens no more than
// this many at once (more concurrent callers wait for one to come free).
// net/http's DefaultTransport keeps 2 idle, so under concurrency nearly
// every request opened, and TLS-handshook, a connection of its own.
const DefaultMaxIdleConnsPerHost = 256

// defaultTransport is shared by every adapter built without an HTTP client,
// so clients of one process share one connection pool per host.
var defaultTransport = &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	ForceAttemptHTTP2:     true, // kept: a custom DialContext would otherwise turn HTTP/2 off
	MaxIdleConns:          4 * DefaultMaxIdleConnsPerHost,
	MaxIdleConnsPerHost:   DefaultMaxIdleConnsPerHost,
	MaxConnsPerHost:       DefaultMaxIdleConnsPerHost, // without it, racing dials can open a few more than the pool keeps
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ResponseHeaderTimeout: 30 * time.Second,
	ExpectContinueTimeout: 1 * time.Second,
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
