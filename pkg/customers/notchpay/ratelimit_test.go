package notchpay_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/fake"
)

// Notch Pay documents three ways to say "wait": Retry-After, the
// X-RateLimit-Reset epoch second, and "Try again in N seconds" in the 429
// message. The client waits as asked by whichever is there, then succeeds.
func TestRateLimitWaitsAsNotchPayAsks(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		header http.Header
		body   string
		min    time.Duration
		max    time.Duration
	}{
		"Retry-After": {http.Header{"Retry-After": {"4"}}, `{"code":429,"status":"Too Many Requests","message":"Rate limit exceeded."}`, 4 * time.Second, 4 * time.Second},
		"X-RateLimit-Reset": {http.Header{"X-Ratelimit-Reset": {"+6"}}, // seconds from the answer, filled in when sent
			`{"code":429,"status":"Too Many Requests","message":"Rate limit exceeded."}`, 4 * time.Second, 6 * time.Second},
		"message": {http.Header{}, `{"code":429,"status":"Too Many Requests","message":"Rate limit exceeded. Try again in 3 seconds"}`, 3 * time.Second, 3 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := fake.NewHandler(notchpay.Provider)
			require.NoError(t, err)
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					for k, v := range tc.header {
						w.Header()[k] = v
					}
					if w.Header().Get("X-Ratelimit-Reset") == "+6" {
						w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(6*time.Second).Unix(), 10))
					}
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusTooManyRequests)
					fmt.Fprint(w, tc.body)
					return
				}
				f.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			svc, err := notchpay.New(notchpay.Credentials{APIKey: f.Credentials.APIKey}, customers.WithBaseURL(srv.URL))
			require.NoError(t, err)
			var waits []time.Duration
			record := customers.WithRetrySleep(func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				return ctx.Err()
			})
			c, err := svc.Create(context.Background(), &customers.CreateParams{Name: "Ada", Email: "ada@example.com"}, record)
			require.NoError(t, err)
			assert.NotEmpty(t, c.ID)
			require.Len(t, waits, 1)
			assert.GreaterOrEqual(t, waits[0], tc.min)
			assert.LessOrEqual(t, waits[0], tc.max)
			assert.Equal(t, 1, f.Created())
		})
	}
}
