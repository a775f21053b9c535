package customers_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// Whether a lost create may have reached the provider is read from its body:
// a body the transport never read cannot have been acted on (retry at once),
// one it read — from Body, or a fresh one from GetBody as HTTP/2 sends on a
// retry — may have been (reconcile before sending again). This holds for any
// HTTPDoer, not only net/http's transport, which the httptrace hooks needed:
// a doer that sent the request and lost the answer made a duplicate.
func TestLostCreateIsJudgedByItsBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		read    func(*http.Request) (io.Reader, error) // nil: the body is never read
		lookups bool                                   // reconciled before sending again
	}{
		{"never read", nil, false},
		{"read from Body", func(r *http.Request) (io.Reader, error) { return r.Body, nil }, true},
		{"read from GetBody", func(r *http.Request) (io.Reader, error) { return r.GetBody() }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var posts, lost, gets atomic.Int32
			doer := doerFunc(func(r *http.Request) (*http.Response, error) {
				if r.Method == http.MethodGet {
					gets.Add(1)
				}
				if r.Method != http.MethodPost || lost.Add(1) > 1 {
					if r.Method == http.MethodPost {
						posts.Add(1)
					}
					return http.DefaultTransport.RoundTrip(r)
				}
				if tc.read == nil {
					return nil, errors.New("connection refused") // nothing sent
				}
				body, err := tc.read(r)
				require.NoError(t, err)
				out := r.Clone(context.Background()) // a doer of its own: no httptrace hooks run
				out.Body = io.NopCloser(body)
				rsp, err := http.DefaultTransport.RoundTrip(out) // the create happens…
				require.NoError(t, err)
				posts.Add(1)
				_ = rsp.Body.Close()
				return nil, errors.New("connection reset") // …and its answer is lost
			})
			_, svc := connectAll(t, "notchpay", customers.WithHTTPClient(doer))
			c, err := svc.Create(context.Background(), &customers.CreateParams{Name: "Ada Lovelace", Email: "ada@example.com"})
			require.NoError(t, err)
			assert.Equal(t, 1, int(posts.Load()), "creates that reached the provider")
			assert.Equal(t, tc.lookups, gets.Load() > 0, "a lookup before sending again")
			n := 0
			for got, err := range svc.List(context.Background(), nil) {
				require.NoError(t, err)
				assert.Equal(t, c.ID, got.ID)
				n++
			}
			assert.Equal(t, 1, n, "one customer, created once")
		})
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
