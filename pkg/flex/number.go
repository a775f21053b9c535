package flex

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Number is a number on the wire that PHP backends sometimes render as a
// string: Laravel's decimal casts, and amounts read from a DECIMAL column
// without a cast, come out as "5000" or "12.50". It accepts a JSON number, a
// string holding a JSON number (surrounding spaces allowed), "" and null (both
// 0). It is kept simple: the value is a float64, as the facade's amounts are.
// It always encodes as a JSON number.
type Number float64

// UnmarshalJSON accepts a JSON number, a numeric string, "" or null.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*n = 0
		return nil
	}
	var text string
	switch b[0] {
	case '"':
		s, ok := jsonscan.Unquote(b)
		if !ok {
			return fmt.Errorf("flex.Number: want a number or a numeric string, got %s", kindOf(b))
		}
		if text = strings.TrimSpace(s); text == "" {
			*n = 0
			return nil
		}
	default:
		text = string(b)
	}
	f, ok := parseNumber(text)
	if !ok {
		return fmt.Errorf("flex.Number: want a number or a numeric string, got %s", kindOf(b))
	}
	*n = Number(f)
	return nil
}

// parseNumber reads s as encoding/json reads a number into a float64: only
// JSON number syntax (strconv.ParseFloat alone would also take "NaN", "Inf"
// and hexadecimal, which no provider means and JSON cannot encode), and
// nothing out of float64's range.
func parseNumber(s string) (float64, bool) {
	if !jsonscan.IsNumber(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// Float64 returns the value as a float64.
func (n Number) Float64() float64 { return float64(n) }
