package useepay

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// A create's optional strings are sent when set and left out when empty,
// and each group of them (the body's, an address's, the shipping's) costs
// one allocation (adapter.OptAt), as in the other adapters.
func TestCreateBodyStrings(t *testing.T) {
	addr := &customers.Address{Line1: "88 Century Ave", City: "Shanghai", PostalCode: "200120", Country: "cn"}
	p := &customers.CreateParams{ExternalID: "m-1", Name: "Ada", FirstName: "Ada", Email: "ada@example.com",
		Description: "VIP", Address: addr,
		Shipping: &customers.Shipping{Name: "Ada", Method: "express", Address: addr}}
	body, err := createBody(p)
	require.NoError(t, err)
	for field, v := range map[string]*string{"FirstName": body.FirstName, "Email": body.Email, "Description": body.Description} {
		require.NotNil(t, v, field)
	}
	assert.Equal(t, []string{"Ada", "ada@example.com", "VIP"}, []string{*body.FirstName, *body.Email, *body.Description})
	assert.Nil(t, body.LastName, "an empty string is not sent")
	require.NotNil(t, body.Address)
	require.NotNil(t, body.Address.Country)
	assert.Equal(t, "CN", *body.Address.Country)
	assert.Nil(t, body.Address.Line2)
	assert.Nil(t, body.Address.State)
	require.NotNil(t, body.Shipping)
	require.NotNil(t, body.Shipping.ShippingMethod)
	assert.Equal(t, "express", *body.Shipping.ShippingMethod)
	assert.Nil(t, body.Shipping.FirstName)

	addr.Country = "CN" // as sent: nothing to upper-case
	allocs := testing.AllocsPerRun(100, func() { body, err = createBody(p) })
	require.NoError(t, err)
	assert.EqualValues(t, 7, allocs, "the strings; each address and the shipping: their strings and themselves")
}
