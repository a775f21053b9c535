package notchpay

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// An address goes out with its parts set, an empty part left out, and the
// parts in one allocation (six optional pointers cost six).
func TestWireAddress(t *testing.T) {
	a := customers.Address{Line1: "1 Rue Joss", City: "Douala", State: "Littoral", PostalCode: "BP 1000", Country: "cm"}
	w := wireAddress(a)
	require.NotNil(t, w.AddressLine1)
	assert.Equal(t, "1 Rue Joss", *w.AddressLine1)
	assert.Nil(t, w.AddressLine2, "an empty part is not sent")
	assert.Equal(t, "CM", *w.Country)
	assert.Equal(t, []string{"Douala", "Littoral", "BP 1000"}, []string{*w.City, *w.State, *w.PostalCode})
	a.Country = "CM" // as sent: no upper-casing to allocate
	assert.EqualValues(t, 1, testing.AllocsPerRun(100, func() { w = wireAddress(a) }))
}
