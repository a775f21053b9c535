package fake

import (
	"net/http"

	"github.com/multipay/multipay/pkg/internal/specguard"
)

// WithSuccessStatus makes the fake answer status instead of its usual success
// status for the operation operationID, e.g. WithSuccessStatus("getCustomer", 202)
// for a Notch Pay that follows its API reference rather than its guide. It lets a
// test play the other side of a DECISION in a spec, such as `multipay verify`
// reporting "contradicted". The answer is still validated against the spec, so
// status must be one the spec lists for the operation; only 2xx answers change.
func WithSuccessStatus(operationID string, status int) Option {
	return func(s *settings) {
		if s.successStatus == nil {
			s.successStatus = map[string]int{}
		}
		s.successStatus[operationID] = status
	}
}

// withSuccessStatus wraps the provider's handler (inside the validating guard,
// which tells it the operation) so that a 2xx answer of an operation in override goes out as its status.
func withSuccessStatus(next http.Handler, override map[string]int) http.Handler {
	if len(override) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status, ok := override[specguard.Operation(r)]; ok {
			w = statusWriter{ResponseWriter: w, status: status}
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w statusWriter) WriteHeader(code int) {
	if code >= 200 && code <= 299 {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}
