package customers

import "fmt"

// Only returns a copy of p that keeps just the listed fields, e.g.
// p.Only(svc.Capabilities().Create...) to drop what a provider cannot store
// before calling Create (which would otherwise refuse the call).
func (p *CreateParams) Only(fields ...Field) *CreateParams {
	keep := map[Field]bool{}
	for _, f := range fields {
		keep[f] = true
	}
	out := *p
	drop := func(f Field, zero func()) {
		if !keep[f] {
			zero()
		}
	}
	drop(FieldName, func() { out.Name = "" })
	drop(FieldFirstName, func() { out.FirstName = "" })
	drop(FieldLastName, func() { out.LastName = "" })
	drop(FieldEmail, func() { out.Email = "" })
	drop(FieldPhone, func() { out.Phone = "" })
	drop(FieldBirthDate, func() { out.BirthDate = Date{} })
	drop(FieldGender, func() { out.Gender = "" })
	drop(FieldCompany, func() { out.Company = "" })
	drop(FieldDescription, func() { out.Description = "" })
	drop(FieldExternalID, func() { out.ExternalID = "" })
	drop(FieldAddress, func() { out.Address = nil })
	drop(FieldBillingAddress, func() { out.BillingAddress = nil })
	drop(FieldShipping, func() { out.Shipping = nil })
	drop(FieldMetadata, func() { out.Metadata = nil })
	if !keep[FieldAddressLine2] {
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
	switch f {
	case FieldName:
		u.Name = Clear[string]()
	case FieldFirstName:
		u.FirstName = Clear[string]()
	case FieldLastName:
		u.LastName = Clear[string]()
	case FieldEmail:
		u.Email = Clear[string]()
	case FieldPhone:
		u.Phone = Clear[string]()
	case FieldBirthDate:
		u.BirthDate = Clear[Date]()
	case FieldGender:
		u.Gender = Clear[string]()
	case FieldCompany:
		u.Company = Clear[string]()
	case FieldDescription:
		u.Description = Clear[string]()
	case FieldExternalID:
		u.ExternalID = Clear[string]()
	case FieldAddress:
		u.Address = Clear[Address]()
	case FieldBillingAddress:
		u.BillingAddress = Clear[Address]()
	case FieldShipping:
		u.Shipping = Clear[Shipping]()
	case FieldMetadata:
		u.Metadata = Clear[map[string]string]()
	default:
		return fmt.Errorf("customers: no field %q to clear", f)
	}
	return nil
}
