package adapter

import (
	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/pkg/customers"
)

// OptString is s as an optional request field: nil for "", so an empty
// value is not sent.
func OptString(s string) *string { return OptAt(&s) }

// OptAt is p as an optional request field, nil for "", as OptString. A body
// with several optional strings copies them into one array and points into
// it: one allocation for all of them, rather than one each.
func OptAt(p *string) *string {
	if *p == "" {
		return nil
	}
	return p
}

// Wire is *v converted for a request body: nil, so that nothing is sent,
// when v is nil or holds the zero value.
func Wire[T comparable, W any](v *T, conv func(T) W) *W {
	var zero T
	if v == nil || *v == zero {
		return nil
	}
	w := conv(*v)
	return &w
}

// NonZero is &v, or nil for the zero value: a value read back with nothing
// in it (an address of nulls) is no value.
func NonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// Patch is an update field on the wire: absent when o leaves it unchanged,
// null when o clears it, conv of the value when o sets it.
func Patch[T, W any](o customers.Optional[T], conv func(T) W) nullable.Nullable[W] {
	if v, ok := o.Value(); ok {
		return nullable.NewNullableWithValue(conv(v))
	}
	if o.IsClear() {
		return nullable.NewNullNullable[W]()
	}
	return nil
}

// Same is the conversion of Patch for a value sent as it is.
func Same[T any](v T) T { return v }
