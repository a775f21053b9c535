package adapter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// TestCheckCreateAllocations: a valid create's checks allocate only the list
// of fields it sets (no time zone, problem map or regrown list per call).
func TestCheckCreateAllocations(t *testing.T) {
	caps := customers.Capabilities{Create: []customers.Field{customers.FieldAddress, customers.FieldBirthDate,
		customers.FieldEmail, customers.FieldName, customers.FieldPhone}, Required: []customers.Field{customers.FieldEmail}}
	p := &customers.CreateParams{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+15125550142", BirthDate: customers.NewDate(1990, 5, 17),
		Address: &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}}
	var err error
	allocs := testing.AllocsPerRun(100, func() { err = CheckCreate("p", caps, p) })
	require.NoError(t, err)
	assert.EqualValues(t, 1, allocs)
}

// BenchmarkCheckCreate measures the pre-flight checks of a create that sets
// every field HitPay or Notch Pay stores (the perf harness's sample).
//
//	go test -run '^$' -bench CheckCreate -benchmem ./pkg/internal/adapter/
func BenchmarkCheckCreate(b *testing.B) {
	addr := &customers.Address{Line1: "1 Raffles Place", Line2: "#20-01", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}
	for _, bm := range []struct {
		name string
		caps customers.Capabilities
		p    customers.CreateParams
	}{
		{"hitpay", customers.Capabilities{Create: []customers.Field{customers.FieldAddress, customers.FieldBirthDate, customers.FieldDescription,
			customers.FieldEmail, customers.FieldGender, customers.FieldName, customers.FieldPhone},
			Required: []customers.Field{customers.FieldEmail, customers.FieldPhone}},
			customers.CreateParams{Name: "Ada Lovelace", Email: "ada.lovelace@example.com", Phone: "+15125550142",
				BirthDate: customers.NewDate(1990, 5, 17), Gender: "female", Description: "VIP",
				Address: &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}}},
		{"notchpay", customers.Capabilities{Create: []customers.Field{customers.FieldAddress, customers.FieldAddressLine2, customers.FieldBillingAddress,
			customers.FieldCompany, customers.FieldEmail, customers.FieldMetadata, customers.FieldName, customers.FieldPhone},
			RequiredOneOf: [][]customers.Field{{customers.FieldEmail, customers.FieldPhone}}},
			customers.CreateParams{Name: "Ada Lovelace", Email: "ada.lovelace@example.com", Phone: "+15125550142",
				Company: "Analytical Engines Ltd", Address: addr, BillingAddress: addr, Metadata: map[string]string{"source": "bench"}}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := CheckCreate("p", bm.caps, &bm.p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
