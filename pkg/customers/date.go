package customers

import (
	"fmt"
	"time"

	"github.com/multipay/multipay/pkg/flex"
)

// Date is a calendar date without time or zone, such as a birth date, so it
// never shifts by a day between time zones. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day. Check Valid for input dates.
func NewDate(year int, month time.Month, day int) Date { return Date{year, month, day} }

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("customers: %q is not a date (want YYYY-MM-DD)", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date.
func (d Date) Valid() bool { return !d.IsZero() && d.wire().Valid() }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string { return d.wire().String() }

func (d Date) wire() flex.Date { return flex.NewDate(d.Year, d.Month, d.Day) }

// MarshalText writes "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD"; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
