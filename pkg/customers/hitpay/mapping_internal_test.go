package hitpay

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// TestCreateBodyStrings: a create's optional strings are sent when set, left
// out when empty, and cost one allocation together (adapter.OptAt), beside
// the birth date's and the address's.
func TestCreateBodyStrings(t *testing.T) {
	p := &customers.CreateParams{Name: "Ada", Email: "ada@example.com", Phone: "+6591234567", Description: "VIP",
		BirthDate: customers.NewDate(1990, 5, 17),
		Address:   &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "sg"}}
	body, err := createBody(p)
	require.NoError(t, err)
	require.NotNil(t, body.Name)
	require.NotNil(t, body.Remark)
	require.NotNil(t, body.PhoneNumberCountryCode)
	assert.Equal(t, []string{"Ada", "VIP", "65", "91234567"}, []string{*body.Name, *body.Remark, *body.PhoneNumberCountryCode, body.PhoneNumber})
	assert.Nil(t, body.Gender, "an empty string is not sent")
	require.NotNil(t, body.Address)
	require.NotNil(t, body.Address.Country)
	assert.Equal(t, "SG", *body.Address.Country)

	p.Phone, p.Address.Country = "91234567", "SG" // as stored, as sent: nothing to parse or upper-case
	allocs := testing.AllocsPerRun(100, func() { body, err = createBody(p) })
	require.NoError(t, err)
	assert.Nil(t, body.PhoneNumberCountryCode, "a phone as stored is sent without a country code")
	assert.EqualValues(t, 3, allocs, "strings, birth date, address")
}
