package conformance

import (
	"maps"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// allFields lists every facade field a customer can carry (the facade's
// field table).
var allFields = func() []customers.Field {
	var out []customers.Field
	for _, f := range customers.Fields() {
		out = append(out, f.Field)
	}
	return out
}()

// info returns the table entry of f. Capabilities also name parts of
// fields (Address.Line2), which are set through their field: they read as
// nothing and setting them does nothing.
func info(f customers.Field) customers.FieldInfo {
	fi, ok := customers.FieldNamed(f)
	if !ok {
		return customers.FieldInfo{}
	}
	return fi
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
	if fi := info(f); fi.Field != "" {
		return comparableForm(fi.FromCustomer(c))
	}
	return nil
}

// fromParams reads field f of create parameters in the same form.
func fromParams(f customers.Field, p *customers.CreateParams) any {
	if fi := info(f); fi.Field != "" {
		return comparableForm(fi.FromCreate(p))
	}
	return nil
}

// comparableForm normalises values that read back in another but equal form:
// an empty metadata map, a shipping address that is absent or empty.
func comparableForm(v any) any {
	switch v := v.(type) {
	case map[string]string:
		return metadataValue(v)
	case customers.Shipping:
		return shippingValue(&v)
	}
	return v
}

// setCreate copies field f from src into dst (removing it from dst when src
// does not set it).
func setCreate(f customers.Field, dst, src *customers.CreateParams) {
	switch fi := info(f); {
	case fi.Field == "":
	case fi.SetOnCreate(src):
		fi.PutCreate(dst, fi.FromCreate(src))
	default:
		fi.DropCreate(dst)
	}
}

// setUpdate sets field f of an update to src's value.
func setUpdate(f customers.Field, u *customers.UpdateParams, src *customers.CreateParams) {
	fi := info(f)
	if fi.Field == "" {
		return
	}
	v := fi.FromCreate(src)
	if m, ok := v.(map[string]string); ok {
		v = maps.Clone(m)
	}
	fi.PutUpdate(u, v)
}

// clearUpdate clears field f in an update.
func clearUpdate(f customers.Field, u *customers.UpdateParams) {
	if fi := info(f); fi.Field != "" {
		fi.ClearUpdate(u)
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
