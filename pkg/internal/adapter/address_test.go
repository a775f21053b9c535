package adapter

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/multipay/multipay/pkg/customers"
)

// An address's parts are named by field tables built once: checking good
// addresses joins no names, and a bad part is still named in full.
func TestAddressChecksJoinNoNames(t *testing.T) {
	a := &customers.Address{Line1: "1 Raffles Place", City: "Singapore", PostalCode: "048616", Country: "SG"}
	ship := &customers.Shipping{Name: "Ada", Address: a}
	pr := problems{}
	allocs := testing.AllocsPerRun(100, func() {
		pr.address(string(customers.FieldAddress), a)
		pr.address(string(customers.FieldBillingAddress), a)
		pr.shipping(ship)
	})
	assert.Zero(t, allocs)
	assert.Empty(t, pr)

	pr.address("Shipping.Address", &customers.Address{City: "a\x00b"})
	pr.address("Elsewhere", &customers.Address{City: "a\x00b"})
	assert.Contains(t, pr, "Shipping.Address.City")
	assert.Contains(t, pr, "Elsewhere.City")
}
