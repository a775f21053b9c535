package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// timeLayouts are the timestamp layouts seen from our providers, most common
// first: RFC 3339 with or without fractions (HitPay ATOM, Soap, UseePay), and the
// space-separated form Notch Pay emits. Layouts without a zone are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
}

// Time is a timestamp that decodes from any layout in timeLayouts, from a JSON
// number of Unix seconds, from "" or null (zero value). A string that matches no
// layout is kept in Raw and leaves Time zero, instead of failing the response.
type Time struct {
	time.Time
	// Raw holds the wire text when it matched no known layout.
	Raw string
}

// NewTime returns a Time holding t.
func NewTime(t time.Time) Time { return Time{Time: t} }

// ParseTime parses s with the tolerant layouts. ok is false when no layout matched.
func ParseTime(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	// A zone follows the seconds, which end at index 18 or 19 (the hour may
	// have one digit).
	zoned := len(s) > 18 && strings.ContainsAny(s[18:], "Z+-")
	for _, layout := range timeLayouts {
		// The date part is fixed width, so the date/time separator is at
		// index 10 of any text a layout reads: a layout with the other one,
		// or with a zone where the text has none (or the reverse), cannot
		// match, and trying it would cost a time.ParseError.
		if len(s) > 10 && s[10] != layout[10] || zoned != strings.Contains(layout, "Z0") {
			continue
		}
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// UnmarshalJSON never fails on a well-formed JSON scalar.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = Time{}
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return nil
	case b[0] == '"':
		s, ok := jsonscan.Unquote(b)
		if !ok {
			return errors.New("flex.Time: invalid JSON string")
		}
		t.parse(s)
		return nil
	default:
		t.Time, t.Raw = fromEpoch(strings.ToValidUTF8(string(b), "\uFFFD")) // as encoding/json treats strings
		return nil
	}
}

// fromEpoch reads a JSON number as Unix seconds, or as milliseconds when it
// is too large to be seconds (past the year 5138). Anything else, or a value
// out of time's range, is kept as raw text.
func fromEpoch(s string) (time.Time, string) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return time.Time{}, s
	}
	if math.Abs(v) >= 1e11 {
		v /= 1000 // milliseconds
	}
	if math.Abs(v) > 1e11 { // still out of range for seconds
		return time.Time{}, s
	}
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), ""
}

// UnmarshalText parses s leniently; unknown layouts go to Raw.
func (t *Time) UnmarshalText(b []byte) error {
	t.parse(string(b))
	return nil
}

func (t *Time) parse(s string) {
	*t = Time{}
	if strings.TrimSpace(s) == "" {
		return
	}
	if parsed, ok := ParseTime(s); ok {
		t.Time = parsed
		return
	}
	t.Raw = s
}

// MarshalJSON writes RFC 3339 (with fractions when present), the Raw text when
// the value was unparseable, or null for the zero value.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.Raw == "" && t.IsZero() {
		return []byte("null"), nil
	}
	b, _ := t.MarshalText()
	return json.Marshal(string(b))
}

// MarshalText is used for query parameters.
func (t Time) MarshalText() ([]byte, error) {
	if t.Raw != "" {
		return []byte(t.Raw), nil
	}
	return []byte(t.Format(time.RFC3339Nano)), nil
}

// Valid reports whether the value holds a parsed, non-zero time.
func (t Time) Valid() bool { return t.Raw == "" && !t.IsZero() }
