package adapter

import (
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/flex"
)

// DateFromWire converts a tolerant wire date; an unparseable one becomes the
// zero Date (the raw text stays in Customer.Raw).
func DateFromWire(w flex.Date) customers.Date {
	if !w.Valid() {
		return customers.Date{}
	}
	return customers.NewDate(w.Year, w.Month, w.Day)
}

// WireDate converts d for a generated request body.
func WireDate(d customers.Date) flex.Date { return flex.NewDate(d.Year, d.Month, d.Day) }
