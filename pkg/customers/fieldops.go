package customers

import (
	"fmt"
	"slices"
)

// Only returns a copy of p that keeps just the listed fields, e.g.
// p.Only(svc.Capabilities().Create...) to drop what a provider cannot store
// before calling Create (which would otherwise refuse the call).
func (p *CreateParams) Only(keepFields ...Field) *CreateParams {
	out := *p
	for _, f := range fields {
		if !slices.Contains(keepFields, f.Field) {
			f.DropCreate(&out)
		}
	}
	if !slices.Contains(keepFields, FieldAddressLine2) {
		out.Address = withoutLine2(out.Address)
		out.BillingAddress = withoutLine2(out.BillingAddress)
		if out.Shipping != nil {
			s := *out.Shipping
			s.Address = withoutLine2(s.Address)
			out.Shipping = &s
		}
	}
	return &out
}

func withoutLine2(a *Address) *Address {
	if a == nil || a.Line2 == "" {
		return a
	}
	c := *a
	c.Line2 = ""
	return &c
}

// ClearField marks field f to be cleared by the update, for callers that
// name fields at run time (a CLI flag, a configuration file).
func (u *UpdateParams) ClearField(f Field) error {
	fi, ok := FieldNamed(f)
	if !ok {
		return fmt.Errorf("customers: no field %q to clear", f)
	}
	fi.ClearUpdate(u)
	return nil
}
