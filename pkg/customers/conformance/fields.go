package conformance

import (
	"maps"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// allFields lists every facade field a customer can carry.
var allFields = []customers.Field{
	customers.FieldName, customers.FieldFirstName, customers.FieldLastName, customers.FieldEmail,
	customers.FieldPhone, customers.FieldBirthDate, customers.FieldGender, customers.FieldCompany,
	customers.FieldDescription, customers.FieldExternalID, customers.FieldAddress,
	customers.FieldBillingAddress, customers.FieldShipping, customers.FieldMetadata,
}

// everything is a value for every field, used to probe fields a provider
// cannot store (it is never sent: the call must fail first).
func everything() *customers.CreateParams {
	addr := &customers.Address{Line1: "1 Raffles Place", Line2: "#20-01", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}
	return &customers.CreateParams{
		Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
		Phone: "+15125550143", BirthDate: customers.NewDate(1990, time.May, 17), Gender: "female",
		Company: "Analytical Engines Ltd", Description: "VIP", ExternalID: "crm-0001",
		Address: addr, BillingAddress: addr,
		Shipping: &customers.Shipping{Name: "Ada Lovelace", Phone: "+15125550143", Address: addr},
		Metadata: map[string]string{"tier": "gold"},
	}
}

// fromCustomer reads field f of a customer in a comparable form.
func fromCustomer(f customers.Field, c *customers.Customer) any {
	switch f {
	case customers.FieldName:
		return c.Name
	case customers.FieldFirstName:
		return c.FirstName
	case customers.FieldLastName:
		return c.LastName
	case customers.FieldEmail:
		return c.Email
	case customers.FieldPhone:
		return c.Phone
	case customers.FieldBirthDate:
		return c.BirthDate
	case customers.FieldGender:
		return c.Gender
	case customers.FieldCompany:
		return c.Company
	case customers.FieldDescription:
		return c.Description
	case customers.FieldExternalID:
		return c.ExternalID
	case customers.FieldAddress:
		return deref(c.Address)
	case customers.FieldBillingAddress:
		return deref(c.BillingAddress)
	case customers.FieldShipping:
		return shippingValue(c.Shipping)
	case customers.FieldMetadata:
		return metadataValue(c.Metadata)
	}
	return nil
}

// fromParams reads field f of create parameters in the same form.
func fromParams(f customers.Field, p *customers.CreateParams) any {
	c := &customers.Customer{
		Name: p.Name, FirstName: p.FirstName, LastName: p.LastName, Email: p.Email, Phone: p.Phone,
		BirthDate: p.BirthDate, Gender: p.Gender, Company: p.Company, Description: p.Description,
		ExternalID: p.ExternalID, Address: p.Address, BillingAddress: p.BillingAddress,
		Shipping: p.Shipping, Metadata: p.Metadata,
	}
	return fromCustomer(f, c)
}

// setCreate copies field f from src into dst.
func setCreate(f customers.Field, dst, src *customers.CreateParams) {
	switch f {
	case customers.FieldName:
		dst.Name = src.Name
	case customers.FieldFirstName:
		dst.FirstName = src.FirstName
	case customers.FieldLastName:
		dst.LastName = src.LastName
	case customers.FieldEmail:
		dst.Email = src.Email
	case customers.FieldPhone:
		dst.Phone = src.Phone
	case customers.FieldBirthDate:
		dst.BirthDate = src.BirthDate
	case customers.FieldGender:
		dst.Gender = src.Gender
	case customers.FieldCompany:
		dst.Company = src.Company
	case customers.FieldDescription:
		dst.Description = src.Description
	case customers.FieldExternalID:
		dst.ExternalID = src.ExternalID
	case customers.FieldAddress:
		dst.Address = src.Address
	case customers.FieldBillingAddress:
		dst.BillingAddress = src.BillingAddress
	case customers.FieldShipping:
		dst.Shipping = src.Shipping
	case customers.FieldMetadata:
		dst.Metadata = src.Metadata
	}
}

// setUpdate sets field f of an update to src's value.
func setUpdate(f customers.Field, u *customers.UpdateParams, src *customers.CreateParams) {
	switch f {
	case customers.FieldName:
		u.Name = customers.Set(src.Name)
	case customers.FieldFirstName:
		u.FirstName = customers.Set(src.FirstName)
	case customers.FieldLastName:
		u.LastName = customers.Set(src.LastName)
	case customers.FieldEmail:
		u.Email = customers.Set(src.Email)
	case customers.FieldPhone:
		u.Phone = customers.Set(src.Phone)
	case customers.FieldBirthDate:
		u.BirthDate = customers.Set(src.BirthDate)
	case customers.FieldGender:
		u.Gender = customers.Set(src.Gender)
	case customers.FieldCompany:
		u.Company = customers.Set(src.Company)
	case customers.FieldDescription:
		u.Description = customers.Set(src.Description)
	case customers.FieldExternalID:
		u.ExternalID = customers.Set(src.ExternalID)
	case customers.FieldAddress:
		u.Address = customers.Set(deref(src.Address))
	case customers.FieldBillingAddress:
		u.BillingAddress = customers.Set(deref(src.BillingAddress))
	case customers.FieldShipping:
		u.Shipping = customers.Set(*src.Shipping)
	case customers.FieldMetadata:
		u.Metadata = customers.Set(maps.Clone(src.Metadata))
	}
}

// clearUpdate clears field f in an update.
func clearUpdate(f customers.Field, u *customers.UpdateParams) {
	if err := u.ClearField(f); err != nil {
		panic(err) // allFields holds only clearable names
	}
}

func deref(a *customers.Address) customers.Address {
	if a == nil {
		return customers.Address{}
	}
	return *a
}

type shippingCmp struct {
	Name, FirstName, LastName, Phone, Method string
	Address                                  customers.Address
}

func shippingValue(s *customers.Shipping) shippingCmp {
	if s == nil {
		return shippingCmp{}
	}
	return shippingCmp{s.Name, s.FirstName, s.LastName, s.Phone, s.Method, deref(s.Address)}
}

func metadataValue(m map[string]string) any {
	if len(m) == 0 {
		return map[string]string{}
	}
	return m
}
