package customers_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// newWith builds name's adapter with the fake's default credentials and opts.
func newWith(name string, opts ...customers.Option) (customers.Service, error) {
	c := fake.DefaultCredentials(name)
	return providers.New(name, providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount,
		MerchantNo: c.MerchantNo, AppID: c.AppID, Options: opts})
}

// Plain http to a host that is not loopback would carry the key and the
// customer in clear text: refused at construction, unless opted out.
func TestPlaintextBaseURLIsRefused(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, base := range []string{"http://example.invalid", "http://user:hunter2@10.0.0.1:8080/api", "ftp://example.invalid", "example.invalid/v1"} {
				_, err := newWith(name, customers.WithBaseURL(base))
				var ce *customers.Error
				require.ErrorAs(t, err, &ce, base)
				assert.ErrorIs(t, err, customers.ErrInvalidRequest, base)
				assert.NotEmpty(t, ce.Fields["BaseURL"], base)
				assert.Equal(t, name, ce.Provider)
				assert.NotContains(t, err.Error(), "hunter2", "the error quotes the URL's password")
			}
			_, err := newWith(name, customers.WithBaseURL("http://example.invalid"), customers.WithInsecurePlaintextHTTP())
			assert.NoError(t, err, "the explicit opt-out")
			for _, base := range []string{"https://example.invalid", "http://127.0.0.1:1", "http://127.8.9.10", "http://[::1]:80", "http://localhost:8080"} {
				_, err := newWith(name, customers.WithBaseURL(base))
				assert.NoError(t, err, base)
			}
		})
	}
}

// elsewhere is a server that must never be reached; it counts what arrives
// and keeps the credential headers and bodies it saw.
type elsewhere struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newElsewhere(t *testing.T) *elsewhere {
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		defer e.mu.Unlock()
		e.seen = append(e.seen, r.Method+" "+r.URL.Path+" "+string(body))
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *elsewhere) requests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

// A caller-supplied *http.Client follows redirects; the adapter's copy of it
// refuses one to another host, so neither credentials nor the customer
// reach it, and the caller's client is left as it was.
func TestCallersClientRefusesCrossHostRedirect(t *testing.T) {
	t.Parallel()
	other := newElsewhere(t)
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path, code)
		}))
		t.Cleanup(redirecting.Close)
		for _, name := range providers.Names {
			client := &http.Client{}
			svc, err := newWith(name, customers.WithBaseURL(redirecting.URL), customers.WithHTTPClient(client))
			require.NoError(t, err)
			p := &customers.CreateParams{Name: "Ada", FirstName: "Ada", LastName: "L", Email: "ada@example.com",
				Phone: "+15125550143", ExternalID: "x-1"}
			_, err = svc.Create(context.Background(), p.Only(svc.Capabilities().Create...))
			var ce *customers.Error
			require.ErrorAs(t, err, &ce, "%s %d", name, code)
			assert.ErrorIs(t, err, customers.ErrInvalidResponse)
			assert.Equal(t, name, ce.Provider)
			assert.Equal(t, customers.OpCreate, ce.Operation)
			assert.Contains(t, ce.Message, "another host")
			assert.Nil(t, client.CheckRedirect, "the caller's client was changed")
		}
	}
	assert.Empty(t, other.requests(), "a request followed a redirect to another host")
}

// An https → http redirect on the same host would send credentials in clear
// text: it counts as another host.
func TestRedirectToPlainHTTPIsRefused(t *testing.T) {
	t.Parallel()
	other := newElsewhere(t)
	tlsServer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tlsServer.Close)
	svc, err := newWith("hitpay", customers.WithBaseURL(tlsServer.URL), customers.WithHTTPClient(tlsServer.Client()))
	require.NoError(t, err)
	_, err = svc.Get(context.Background(), "9a8b7c6d-1111-4222-8333-944455556666")
	assert.ErrorIs(t, err, customers.ErrInvalidResponse)
	assert.Empty(t, other.requests())
}

// Within the configured host the caller's own redirect policy still decides.
func TestCallersRedirectPolicyStillAppliesOnSameHost(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, "notchpay")
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/old") {
			http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/old"), http.StatusTemporaryRedirect)
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	policyCalls := 0
	refuse := errors.New("caller's policy")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { policyCalls++; return refuse }}
	svc, err := newWith("notchpay", customers.WithBaseURL(front.URL+"/old"), customers.WithHTTPClient(client))
	require.NoError(t, err)
	_, err = svc.Create(context.Background(), &customers.CreateParams{Name: "Ada", Email: "ada@example.com"})
	require.ErrorIs(t, err, refuse)
	assert.Equal(t, 1, policyCalls)
}

// countingTransport wraps every network body so the test can count closes.
type countingTransport struct {
	mu             sync.Mutex
	opened, closed int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rsp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.opened++
	c.mu.Unlock()
	rsp.Body = &countedBody{ReadCloser: rsp.Body, t: c}
	return rsp, nil
}

func (c *countingTransport) counts() (opened, closed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opened, c.closed
}

type countedBody struct {
	io.ReadCloser
	t    *countingTransport
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.t.mu.Lock(); b.t.closed++; b.t.mu.Unlock() })
	return b.ReadCloser.Close()
}

// Every network body is closed, on success and on error answers: an
// unclosed body parks a goroutine of a caller's Timeout client until the
// timeout (the soak's +1,000 goroutines per 1,000 Gets).
func TestEveryResponseBodyIsClosed(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ct := &countingTransport{}
			_, svc := connectAll(t, name, customers.WithHTTPClient(&http.Client{Transport: ct}), customers.WithMaxRetries(0))
			ctx := context.Background()
			caps := svc.Capabilities()
			c, err := svc.Create(ctx, validCreate().Only(caps.Create...))
			require.NoError(t, err)
			if caps.Supports(customers.OpGet) {
				_, err = svc.Get(ctx, c.ID)
				require.NoError(t, err)
			}
			if caps.Supports(customers.OpList) {
				for _, err := range svc.List(ctx, &customers.ListParams{PageSize: 5}) {
					require.NoError(t, err)
				}
			}
			_, err = svc.Update(ctx, idFor(name), &customers.UpdateParams{Email: customers.Set("ada@example.com")})
			require.ErrorIs(t, err, customers.ErrNotFound, "an error answer")
			opened, closed := ct.counts()
			require.GreaterOrEqual(t, opened, 2)
			assert.Equal(t, opened, closed, "network bodies closed")
		})
	}
}

// trickle answers with headers, then one byte every 20 ms until the client
// goes away: each attempt lasts as long as the client lets it.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(20 * time.Millisecond):
			_, _ = w.Write([]byte(" "))
			w.(http.Flusher).Flush()
		}
	}
}

// Every call has an overall deadline, at construction or per call: a
// server that trickles its answer held a call for minutes (the per-attempt
// timeout times the attempts, plus a reconcile lookup).
func TestEveryCallHasAnOverallDeadline(t *testing.T) {
	t.Parallel()
	assert.Equal(t, customers.DefaultTimeout, customers.NewConfig().Timeout, "the default")
	assert.Zero(t, customers.NewConfig(customers.WithTimeout(0)).Timeout, "0 removes the bound")
	srv := httptest.NewServer(http.HandlerFunc(trickle))
	t.Cleanup(srv.Close)
	for name, timeouts := range map[string][2]customers.Option{
		"at construction": {customers.WithTimeout(300 * time.Millisecond), nil},
		"per call":        {customers.WithTimeout(time.Hour), customers.WithTimeout(300 * time.Millisecond)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			svc, err := newWith("hitpay", customers.WithBaseURL(srv.URL), customers.WithRetrySleep(noSleep), timeouts[0])
			require.NoError(t, err)
			done := make(chan error, 1)
			start := time.Now()
			go func() { _, err := svc.Get(context.Background(), idFor("hitpay"), timeouts[1]); done <- err }()
			select {
			case err := <-done:
				require.ErrorIs(t, err, context.DeadlineExceeded)
				var ce *customers.Error
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, "hitpay", ce.Provider)
				assert.Less(t, time.Since(start), 3*time.Second)
			case <-time.After(10 * time.Second):
				t.Fatal("the call outlived its deadline")
			}
		})
	}
}

// A nil *http.Client panicked at the first request; now construction
// refuses it, naming the option. No client at all is the default one.
func TestNilHTTPClientIsRefusedAtConstruction(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		var none *http.Client
		_, err := newWith(name, customers.WithHTTPClient(none))
		require.ErrorIs(t, err, customers.ErrInvalidRequest, name)
		assert.Contains(t, err.Error(), "WithHTTPClient", name)
		_, err = newWith(name, customers.WithHTTPClient(nil))
		assert.NoError(t, err, "%s: an untyped nil is the default client", name)
	}
}
