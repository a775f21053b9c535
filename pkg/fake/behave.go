package fake

import (
	"net/http"

	"github.com/multipay/multipay/pkg/internal/specguard"
)

// WithSuccessStatus makes the fake answer status instead of its usual success
// status for the operation operationID (and its alternatives, such as Notch
// Pay's PUT update), e.g. WithSuccessStatus("createCustomer", 200) for a Soap
// that answers 200. It is the mechanism under the status readings: prefer
// WithReading where a reading names the documented alternatives, and use this
// for a status no source documents, such as `multipay verify` reporting
// "contradicted". It wins over a reading of the same operation. The answer is
// still validated against the spec, so status must be one the spec lists for
// the operation; only 2xx answers change.
func WithSuccessStatus(operationID string, status int) Option {
	return func(s *settings) {
		if s.successStatus == nil {
			s.successStatus = map[string]int{}
		}
		s.successStatus[operationID] = status
	}
}

// withSuccessStatus wraps the provider's handler (inside the validating guard,
// which tells it the operation) so that a 2xx answer of an operation given a
// success status goes out with it.
func withSuccessStatus(next http.Handler, s *settings) http.Handler {
	if len(s.successStatus) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status, ok := s.successStatus[s.baseOp(specguard.Operation(r))]; ok {
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
