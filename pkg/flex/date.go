package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Date is a calendar date (no time, no zone), such as a birth date. It decodes
// "2006-01-02" and also a full timestamp (HitPay can return a birth date as
// "1990-01-01T00:00:00.000000Z"): the date is read as written, without zone
// conversion, so a birth date never shifts by a day. "" and null decode to the
// zero Date; any other text is kept in Raw instead of failing the response.
type Date struct {
	Year  int
	Month time.Month
	Day   int
	// Raw holds the wire text when it was not a recognisable date.
	Raw string
}

// NewDate returns the Date for year, month, day. It does not normalise: use
// ParseDate or Valid to check a date that comes from input.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date { return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()} }

// ParseDate parses "YYYY-MM-DD", or the date part of a timestamp in any layout
// Time accepts.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return DateOf(t), nil
	}
	if len(s) > len(time.DateOnly) && (s[10] == 'T' || s[10] == ' ') {
		if _, ok := ParseTime(s); ok {
			if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
				return DateOf(t), nil
			}
		}
	}
	return Date{}, errors.New("flex: not a date (want YYYY-MM-DD)")
}

// String returns "YYYY-MM-DD", the Raw text, or "" for the zero Date.
func (d Date) String() string {
	if d.Raw != "" {
		return d.Raw
	}
	if d.IsZero() {
		return ""
	}
	return string(d.appendISO(make([]byte, 0, len(time.DateOnly))))
}

// appendISO appends d as fmt's "%04d-%02d-%02d" would, without its cost (a
// create's birth date is marshalled on every call).
func (d Date) appendISO(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = appendPadded(append(b, '-'), int(d.Month), 2)
	return appendPadded(append(b, '-'), d.Day, 2)
}

// appendPadded appends n in decimal, zero-padded to width characters sign
// included, as fmt's %0*d.
func appendPadded(b []byte, n, width int) []byte {
	u := uint64(n)
	if n < 0 {
		b, u, width = append(b, '-'), uint64(-n), width-1
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], u, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// IsZero reports whether d holds no date and no raw text.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date (not zero, not raw, and not
// something like February 30).
func (d Date) Valid() bool {
	if d.Raw != "" || d.IsZero() {
		return false
	}
	t := d.Time()
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// UnmarshalJSON never fails on a JSON string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*d = Date{}
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return nil
	}
	if b[0] != '"' {
		d.Raw = strings.ToValidUTF8(string(b), "\uFFFD") // as encoding/json treats strings
		return nil
	}
	s, ok := jsonscan.Unquote(b)
	if !ok {
		return errors.New("flex.Date: invalid JSON string")
	}
	d.parse(s)
	return nil
}

// UnmarshalText parses leniently; unrecognised text goes to Raw.
func (d *Date) UnmarshalText(b []byte) error {
	d.parse(string(b))
	return nil
}

func (d *Date) parse(s string) {
	*d = Date{}
	if strings.TrimSpace(s) == "" {
		return
	}
	parsed, err := ParseDate(s)
	if err != nil {
		d.Raw = s
		return
	}
	*d = parsed
}

// MarshalJSON writes "YYYY-MM-DD" (or Raw), or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	if d.Raw != "" {
		return json.Marshal(d.Raw)
	}
	return append(d.appendISO(append(make([]byte, 0, len(time.DateOnly)+2), '"')), '"'), nil
}

// MarshalText writes "YYYY-MM-DD" (or Raw).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
