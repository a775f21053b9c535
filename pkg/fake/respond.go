package fake

// Small helpers the provider fakes share: writing JSON answers, comparing
// credentials, page arithmetic and optional values.

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"math"
	"net/http"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/pkg/flex"
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

// orNull is *p, or null when p is nil.
func orNull[T any](p *T) flex.Null[T] {
	if p == nil {
		return flex.Nil[T]()
	}
	return flex.Value(*p)
}

// rawJSON is v encoded, for stored fields kept as raw JSON (metadata).
func rawJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fake: encode %T: %v", v, err)) // only maps of JSON values reach here
	}
	return b
}

// stored is a PATCH field as stored: absent stays absent, null and a value
// carry over.
func stored[T any](n nullable.Nullable[T]) flex.Null[T] {
	if v, err := n.Get(); err == nil {
		return flex.Value(v)
	}
	if n.IsNull() {
		return flex.Nil[T]()
	}
	return flex.Null[T]{}
}
