package flex

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Bool is a boolean on the wire that PHP backends also render as a number or
// a string: Laravel stores booleans in MySQL tinyint columns, and a model
// without a boolean cast serialises them as 0 and 1 (or "0" and "1" through
// some drivers). It accepts true and false, the numbers 0 and 1, the strings
// "0", "1", "true" and "false" in any case, and null (false). Anything else is
// an error rather than a guess. It encodes as a JSON boolean, being a bool.
type Bool bool

// UnmarshalJSON accepts a JSON boolean, 0 or 1, one of the strings above, or
// null.
func (v *Bool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte("false")):
		*v = false
		return nil
	case bytes.Equal(b, []byte("true")):
		*v = true
		return nil
	case b[0] == '"':
		s, ok := jsonscan.Unquote(b)
		if !ok {
			return errors.New("flex.Bool: invalid JSON string")
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "1", "true":
			*v = true
			return nil
		case "0", "false":
			*v = false
			return nil
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		// 0, 1, and their spellings such as 1.0: read as a number, not as text.
		if f, ok := parseNumber(string(b)); ok && (f == 0 || f == 1) {
			*v = f == 1
			return nil
		}
	}
	return fmt.Errorf("flex.Bool: want a boolean, 0, 1, \"0\", \"1\", \"true\" or \"false\", got %s", kindOf(b))
}

// Bool returns the value as a Go bool.
func (v Bool) Bool() bool { return bool(v) }
