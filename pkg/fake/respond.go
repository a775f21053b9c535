package fake

// Small helpers the provider fakes share: writing JSON answers, comparing
// credentials, page arithmetic and optional values.

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
)

// writeJSON answers status with v encoded by json.Encoder (so followed by a
// newline).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeJSONBytes answers status with the JSON body b as it is.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// sameSecret reports whether the credential got was sent and equals want,
// in constant time.
func sameSecret(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// pageOffset is the offset of page index (0-based) of size items, and false
// when the page would end past math.MaxInt: a page so far past the end that
// it can only be empty.
func pageOffset(index, size int) (int, bool) {
	if index > (math.MaxInt-size)/size {
		return 0, false
	}
	return index * size, true
}

// deref is *p, or the zero value (no value) when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// rawJSON is v encoded, for stored fields kept as raw JSON (metadata).
func rawJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fake: encode %T: %v", v, err)) // only maps of JSON values reach here
	}
	return b
}

// nullIfEmpty is s, or null (nil) when there is none.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
