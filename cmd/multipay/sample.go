package main

import (
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
)

// sampleFor returns synthetic create parameters that set every field the
// provider stores, unique per n.
func sampleFor(caps customers.Capabilities, n int64) *customers.CreateParams {
	addr := &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}
	if caps.CanCreate(customers.FieldAddressLine2) {
		addr.Line2 = "#20-01"
	}
	all := &customers.CreateParams{
		Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace",
		Email:     fmt.Sprintf("ada.%d@example.com", n),
		Phone:     fmt.Sprintf("+1512555%04d", n%10000), // 555 exchange: valid for libphonenumber, unlike 000–199
		BirthDate: customers.NewDate(1990, 5, 17), Gender: "female", Company: "Analytical Engines Ltd",
		Description: "created by multipay demo", ExternalID: fmt.Sprintf("demo-%d", n),
		Address: addr, BillingAddress: addr,
		Shipping: &customers.Shipping{Name: "Ada Lovelace", Phone: "+15125550143", Address: addr},
		Metadata: map[string]string{"source": "multipay-demo"},
	}
	return all.Only(caps.Create...)
}
