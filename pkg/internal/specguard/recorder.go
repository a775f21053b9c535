package specguard

import (
	"bytes"
	"net/http"
)

// recorder buffers a handler's answer so the guard can validate it before
// sending. It replaces httptest.ResponseRecorder, which would link
// net/http/httptest into every adapter user's binary through the backend.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// Write sniffs a missing Content-Type as net/http (and httptest) would, so
// the answer validated is the answer sent.
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 && r.header.Get("Content-Type") == "" && r.header.Get("Transfer-Encoding") == "" && len(b) > 0 {
		r.header.Set("Content-Type", http.DetectContentType(b))
	}
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// Flush is a no-op: the answer goes out whole once validated.
func (r *recorder) Flush() {}

func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
