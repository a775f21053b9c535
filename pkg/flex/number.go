package flex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
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
	orig := b
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
		b = []byte(s)
	}
	// Only JSON number syntax: strconv.ParseFloat would also take "NaN",
	// "Inf" and hexadecimal, which no provider means and JSON cannot encode.
	if b[0] != '-' && (b[0] < '0' || b[0] > '9') {
		return fmt.Errorf("flex.Number: want a number or a numeric string, got %s", kindOf(orig))
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("flex.Number: want a number or a numeric string, got %s", kindOf(orig))
	}
	*n = Number(f)
	return nil
}

// Float64 returns the value as a float64.
func (n Number) Float64() float64 { return float64(n) }
