package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tripwire is a request body that records whether anyone read it.
type tripwire struct{ read bool }

func (b *tripwire) Read(p []byte) (int, error) {
	b.read = true
	return copy(p, "{}"), io.EOF
}

// A request without the provider's key never has its body read: before,
// bodies were buffered (up to the limit) before the provider looked at the
// key, so strangers could make the fake hold a MiB each.
func TestBodyIsNotReadWithoutKey(t *testing.T) {
	t.Parallel()
	paths := map[string]string{"hitpay": "/v1/customers", "notchpay": "/customers",
		"soap": "/api/v1/customers", "useepay": "/api/v1/customers/create"}
	for _, p := range Providers() {
		srv, err := NewHandler(p, WithMaxBodyBytes(50))
		require.NoError(t, err)
		body := &tripwire{}
		req := httptest.NewRequest(http.MethodPost, paths[p], body)
		req.ContentLength = 100
		req.Header.Set("Content-Type", "application/json")
		for _, h := range []string{"X-BUSINESS-API-KEY", "Authorization", "x-api-key", "x-merchant-no", "x-app-id"} {
			req.Header.Set(h, "wrong")
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		assert.Equal(t, http.StatusUnauthorized, rec.Code, "%s: %s", p, rec.Body)
		assert.False(t, body.read, "%s read the body of a request without its key", p)
	}
}

// One request more than WithMaxConcurrentRequests is refused at once with
// the provider's 503, so a flood of large bodies cannot pile up in memory.
func TestConcurrentRequestLimit(t *testing.T) {
	t.Parallel()
	srv, err := NewHandler("hitpay", WithMaxConcurrentRequests(1))
	require.NoError(t, err)
	send := func(body io.Reader) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/v1/customers", body)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec
	}
	pr, pw := io.Pipe()
	var first *httptest.ResponseRecorder
	var wg sync.WaitGroup
	wg.Go(func() { first = send(pr) })
	_, err = io.WriteString(pw, `{"email":"a@example.com",`) // returns once the fake reads: it holds the slot
	require.NoError(t, err)

	busy := send(strings.NewReader(`{"email":"b@example.com","phone_number":"91234567"}`))
	assert.Equal(t, http.StatusServiceUnavailable, busy.Code, "%s", busy.Body)
	assert.Equal(t, "1", busy.Header().Get("Retry-After"))
	assert.JSONEq(t, `{"message":"Service Unavailable"}`, busy.Body.String(), "HitPay's own 503 shape")

	_, err = io.WriteString(pw, `"phone_number":"91234567"}`)
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	wg.Wait()
	assert.Equal(t, http.StatusCreated, first.Code, "%s", first.Body)
	again := send(strings.NewReader(`{"email":"c@example.com","phone_number":"91234567"}`))
	assert.Equal(t, http.StatusCreated, again.Code, "the slot is free again: %s", again.Body)
	assert.Equal(t, 2, srv.Count())
}

// countingWriter is a ResponseWriter that keeps only the size of the body,
// its largest write, and its ends.
type countingWriter struct {
	header          http.Header
	status          int
	n, largest      int
	start, lastTail []byte
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(s int)   { w.status = s }
func (w *countingWriter) Write(p []byte) (int, error) {
	if w.start == nil {
		w.start = append([]byte{}, p[:min(len(p), 16)]...)
	}
	w.lastTail = append(w.lastTail[:0], p[max(0, len(p)-2):]...)
	w.n += len(p)
	w.largest = max(w.largest, len(p))
	return len(p), nil
}

// The huge-body fault is streamed, not built: 50 such answers at once cost
// 5.7 GB when each was a 16 MiB buffer (plus copies). Not parallel: it
// measures the process's allocations.
func TestHugeBodyIsStreamed(t *testing.T) {
	srv, err := NewHandler("hitpay")
	require.NoError(t, err)
	serve := func(fault string) *countingWriter {
		req := httptest.NewRequest(http.MethodGet, "/v1/customers", nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		req.Header.Set(FaultHeader, fault)
		w := &countingWriter{header: http.Header{}}
		srv.Handler().ServeHTTP(w, req)
		return w
	}
	serve("body=empty") // warm up: the spec router's first use allocates
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w := serve("body=huge")
	runtime.ReadMemStats(&after)

	assert.Equal(t, http.StatusOK, w.status)
	assert.Equal(t, HugeBodySize, w.n, "body size")
	assert.LessOrEqual(t, w.largest, 64<<10, "largest single write")
	assert.Equal(t, `{"padding":"`, string(w.start))
	assert.Equal(t, `"}`, string(w.lastTail))
	assert.Equal(t, "16777216", w.header.Get("Content-Length"))
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(HugeBodySize/8), "bytes allocated to answer")
}

// The huge body is valid JSON of the promised size over a real connection.
func TestHugeBodyOverHTTP(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v1/customers", nil)
	require.NoError(t, err)
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set(FaultHeader, "body=huge")
	rsp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer closeBody(rsp)
	var v struct{ Padding string }
	require.NoError(t, json.NewDecoder(rsp.Body).Decode(&v))
	assert.Len(t, v.Padding, HugeBodySize-len(`{"padding":""}`))
}
