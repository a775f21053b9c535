package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// String is a string on the wire that some providers send as a JSON number
// (Notch Pay renders phone numbers as numbers). A number is kept digit for digit,
// as written, never through float64, so long phone numbers keep their digits.
// null decodes to the empty string. It encodes as a JSON string, being a string.
type String string

// UnmarshalJSON accepts a JSON string, a JSON number or null, and never
// fails on other well-formed JSON: false (PHP's "no value") decodes to the
// empty string, and anything else (true, an array, an object) is kept as its
// JSON text, so one odd field cannot fail a whole response.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte("false")):
		*s = ""
		return nil
	case b[0] == '"':
		v, ok := jsonscan.Unquote(b)
		if !ok {
			return errors.New("flex.String: invalid JSON string")
		}
		*s = String(v)
		return nil
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		if !jsonscan.IsNumber(b) {
			return errors.New("flex.String: invalid JSON number")
		}
		*s = String(b)
		return nil
	default:
		if !json.Valid(b) {
			return errors.New("flex.String: invalid JSON")
		}
		// Invalid UTF-8 becomes U+FFFD, as encoding/json does inside JSON
		// strings, so the value reads the same once written back.
		*s = String(strings.ToValidUTF8(string(b), "\uFFFD"))
		return nil
	}
}

// String returns the value as a Go string.
func (s String) String() string { return string(s) }
