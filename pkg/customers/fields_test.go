package customers_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// Every field of Customer that a caller can send, and every field of
// CreateParams and UpdateParams, has its entry in the field table: adding a
// field without one would let a provider that cannot store it drop it
// silently.
func TestFieldTableCoversEveryField(t *testing.T) {
	t.Parallel()
	var inTable []string
	for _, f := range customers.Fields() {
		inTable = append(inTable, string(f.Field))
	}
	readOnly := []string{"ID", "Provider", "Blocked", "CreatedAt", "UpdatedAt", "Raw"}
	for _, typ := range []reflect.Type{reflect.TypeFor[customers.Customer](), reflect.TypeFor[customers.CreateParams](), reflect.TypeFor[customers.UpdateParams]()} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if slices.Contains(readOnly, f.Name) && typ.Name() == "Customer" {
				continue
			}
			assert.Contains(t, inTable, f.Name, "%s.%s has no entry in the field table", typ.Name(), f.Name)
		}
	}
	assert.Len(t, inTable, reflect.TypeFor[customers.CreateParams]().NumField(), "an entry names no CreateParams field")
}

func TestFieldInfoReadsAndWritesEachType(t *testing.T) {
	t.Parallel()
	samples := map[customers.FieldKind]any{
		customers.KindString:   "x-value",
		customers.KindDate:     customers.NewDate(1990, 5, 17),
		customers.KindAddress:  customers.Address{Line1: "1 Raffles Place", Country: "SG"},
		customers.KindShipping: customers.Shipping{Name: "Ada"},
		customers.KindMetadata: map[string]string{"k": "v"},
	}
	for _, f := range customers.Fields() {
		v := samples[f.Kind]
		p := &customers.CreateParams{}
		require.False(t, f.SetOnCreate(p), f.Field)
		f.PutCreate(p, v)
		assert.True(t, f.SetOnCreate(p), f.Field)
		assert.Equal(t, v, f.FromCreate(p), f.Field)
		assert.Equal(t, []customers.Field{f.Field}, setFields(p), "%s: PutCreate touched another field", f.Field)
		f.DropCreate(p)
		assert.False(t, f.SetOnCreate(p), f.Field)

		u := &customers.UpdateParams{}
		f.PutUpdate(u, v)
		set, cleared := f.OnUpdate(u)
		assert.True(t, set && !cleared, f.Field)
		require.NoError(t, (&customers.UpdateParams{}).ClearField(f.Field))
		f.ClearUpdate(u)
		set, cleared = f.OnUpdate(u)
		assert.True(t, cleared && !set, f.Field)
	}
	assert.Error(t, (&customers.UpdateParams{}).ClearField("Nickname"))
}

func setFields(p *customers.CreateParams) []customers.Field {
	var out []customers.Field
	for _, f := range customers.Fields() {
		if f.SetOnCreate(p) {
			out = append(out, f.Field)
		}
	}
	return out
}
