package useepay

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/oapi-codegen/nullable"

	gen "github.com/multipay/multipay/gen/useepay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// fieldNames maps UseePay's wire names (body fields, dotted when nested, and
// query filters) to facade fields, for error messages.
var fieldNames = map[string]customers.Field{
	"merchant_customer_id": customers.FieldExternalID,
	"name":                 customers.FieldName,
	"first_name":           customers.FieldFirstName,
	"last_name":            customers.FieldLastName,
	"email":                customers.FieldEmail,
	"phone":                customers.FieldPhone,
	"description":          customers.FieldDescription,
	"metadata":             customers.FieldMetadata,

	"address":          customers.FieldAddress,
	"address.line1":    "Address.Line1",
	"address.line2":    customers.FieldAddressLine2,
	"address.city":     "Address.City",
	"address.state":    "Address.State",
	"address.postcode": "Address.PostalCode",
	"address.country":  "Address.Country",

	"shipping":                  customers.FieldShipping,
	"shipping.name":             "Shipping.Name",
	"shipping.first_name":       "Shipping.FirstName",
	"shipping.last_name":        "Shipping.LastName",
	"shipping.phone":            "Shipping.Phone",
	"shipping.shipping_method":  "Shipping.Method",
	"shipping.address":          "Shipping.Address",
	"shipping.address.line1":    "Shipping.Address.Line1",
	"shipping.address.line2":    "Shipping.Address.Line2",
	"shipping.address.city":     "Shipping.Address.City",
	"shipping.address.state":    "Shipping.Address.State",
	"shipping.address.postcode": "Shipping.Address.PostalCode",
	"shipping.address.country":  "Shipping.Address.Country",
}

// shippingPhone is the facade name of the shipping phone in error fields.
const shippingPhone = "Shipping.Phone"

// wirePhone checks an E.164 phone and returns the form UseePay is sent:
// E.164 with "+". field names it in the error.
func wirePhone(op customers.Operation, field, e164 string) (string, error) {
	n, err := phone.ParseE164(e164)
	if err != nil {
		return "", backend.Invalid(Provider, op, map[string][]string{field: {err.Error()}})
	}
	return n.E164(), nil
}

// readPhone reads a stored phone: "+…" is E.164 already; anything else is
// returned exactly as UseePay sent it. UseePay does not document that bare
// digits carry a country code, and its own examples show national mobiles
// ("13425175671"), so reading "13800138000" as "+13800138000" would invent a
// valid-looking US number, and a Get then Update would write it back.
func readPhone(v string) string {
	if e164 := strings.TrimSpace(v); strings.HasPrefix(e164, "+") {
		return e164
	}
	return v
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func wireAddress(a customers.Address) gen.Address {
	return gen.Address{
		Line1:    ptr(a.Line1),
		Line2:    ptr(a.Line2),
		City:     ptr(a.City),
		State:    ptr(a.State),
		Postcode: ptr(a.PostalCode),
		Country:  ptr(adapter.Country(a.Country)),
	}
}

func wireShipping(op customers.Operation, s customers.Shipping) (gen.Shipping, error) {
	w := gen.Shipping{
		Name:           ptr(s.Name),
		FirstName:      ptr(s.FirstName),
		LastName:       ptr(s.LastName),
		ShippingMethod: ptr(s.Method),
	}
	if s.Phone != "" {
		ph, err := wirePhone(op, shippingPhone, s.Phone)
		if err != nil {
			return w, err
		}
		w.Phone = &ph
	}
	if s.Address != nil && !s.Address.IsZero() {
		a := wireAddress(*s.Address)
		w.Address = &a
	}
	return w, nil
}

func createBody(p *customers.CreateParams) (gen.CreateCustomerJSONRequestBody, error) {
	body := gen.CreateCustomerJSONRequestBody{
		MerchantCustomerId: p.ExternalID,
		Name:               p.Name,
		FirstName:          ptr(p.FirstName),
		LastName:           ptr(p.LastName),
		Email:              ptr(p.Email),
		Description:        ptr(p.Description),
	}
	if p.Phone != "" {
		ph, err := wirePhone(customers.OpCreate, string(customers.FieldPhone), p.Phone)
		if err != nil {
			return body, err
		}
		body.Phone = &ph
	}
	if p.Address != nil && !p.Address.IsZero() {
		a := wireAddress(*p.Address)
		body.Address = &a
	}
	if p.Shipping != nil && *p.Shipping != (customers.Shipping{}) {
		s, err := wireShipping(customers.OpCreate, *p.Shipping)
		if err != nil {
			return body, err
		}
		body.Shipping = &s
	}
	if len(p.Metadata) > 0 {
		body.Metadata = maps.Clone(p.Metadata)
	}
	return body, nil
}

// nullableString turns a facade update field into UseePay's: a value, null to
// clear, or left out.
func nullableString(o customers.Optional[string]) nullable.Nullable[string] {
	if v, ok := o.Value(); ok {
		return nullable.NewNullableWithValue(v)
	}
	if o.IsClear() {
		return nullable.NewNullNullable[string]()
	}
	return nil
}

func updateBody(u *customers.UpdateParams) (gen.UpdateCustomerJSONRequestBody, error) {
	var body gen.UpdateCustomerJSONRequestBody
	if u.Email.IsClear() && u.Phone.IsClear() {
		msg := "UseePay keeps an e-mail or a phone on every customer: clear at most one of them"
		return body, backend.Invalid(Provider, customers.OpUpdate, map[string][]string{
			string(customers.FieldEmail): {msg}, string(customers.FieldPhone): {msg},
		})
	}
	if v, ok := u.Name.Value(); ok {
		body.Name = &v
	}
	body.FirstName = nullableString(u.FirstName)
	body.LastName = nullableString(u.LastName)
	body.Email = nullableString(u.Email)
	body.Description = nullableString(u.Description)
	if v, ok := u.Phone.Value(); ok {
		ph, err := wirePhone(customers.OpUpdate, string(customers.FieldPhone), v)
		if err != nil {
			return body, err
		}
		body.Phone = nullable.NewNullableWithValue(ph)
	} else if u.Phone.IsClear() {
		body.Phone = nullable.NewNullNullable[string]()
	}
	if v, ok := u.Address.Value(); ok {
		body.Address = nullable.NewNullableWithValue(wireAddress(v))
	} else if u.Address.IsClear() {
		body.Address = nullable.NewNullNullable[gen.Address]()
	}
	if v, ok := u.Shipping.Value(); ok {
		s, err := wireShipping(customers.OpUpdate, v)
		if err != nil {
			return body, err
		}
		body.Shipping = nullable.NewNullableWithValue(s)
	} else if u.Shipping.IsClear() {
		body.Shipping = nullable.NewNullNullable[gen.Shipping]()
	}
	if v, ok := u.Metadata.Value(); ok {
		m := maps.Clone(v)
		if m == nil {
			m = map[string]string{}
		}
		body.Metadata = nullable.NewNullableWithValue(m)
	} else if u.Metadata.IsClear() {
		body.Metadata = nullable.NewNullNullable[map[string]string]()
	}
	return body, nil
}

func str(n nullable.Nullable[string]) string {
	v, _ := n.Get()
	return v
}

func toAddress(n nullable.Nullable[gen.CustomerAddress]) *customers.Address {
	w, err := n.Get()
	if err != nil {
		return nil
	}
	a := customers.Address{
		Line1:      str(w.Line1),
		Line2:      str(w.Line2),
		City:       str(w.City),
		State:      str(w.State),
		PostalCode: str(w.Postcode),
		Country:    adapter.Country(str(w.Country)),
	}
	if a.IsZero() {
		return nil
	}
	return &a
}

func toShipping(n nullable.Nullable[gen.CustomerShipping]) *customers.Shipping {
	w, err := n.Get()
	if err != nil {
		return nil
	}
	s := customers.Shipping{
		Name:      str(w.Name),
		FirstName: str(w.FirstName),
		LastName:  str(w.LastName),
		Phone:     readPhone(str(w.Phone)),
		Method:    str(w.ShippingMethod),
		Address:   toAddress(w.Address),
	}
	if s == (customers.Shipping{}) {
		return nil
	}
	return &s
}

func toCustomer(s *gen.Customer, raw json.RawMessage) *customers.Customer {
	c := &customers.Customer{
		ID:          s.Id,
		Provider:    Provider,
		Name:        str(s.Name),
		FirstName:   str(s.FirstName),
		LastName:    str(s.LastName),
		Email:       str(s.Email),
		Phone:       readPhone(str(s.Phone)),
		Description: str(s.Description),
		ExternalID:  str(s.MerchantCustomerId),
		Address:     toAddress(s.Address),
		Shipping:    toShipping(s.Shipping),
		Raw:         raw,
	}
	if raw != nil {
		c.Metadata = adapter.MetadataStrings(adapter.RawAt(raw, "metadata"))
	} else if m, err := s.Metadata.Get(); err == nil {
		src, _ := json.Marshal(m)
		c.Metadata = adapter.MetadataStrings(src)
	}
	if t, err := s.CreateAt.Get(); err == nil {
		c.CreatedAt = t.Time
	}
	if t, err := s.ModifyAt.Get(); err == nil {
		c.UpdatedAt = t.Time
	}
	if raw == nil {
		c.Raw, _ = json.Marshal(s)
	}
	c.Raw = adapter.WithoutKeys(c.Raw, secretKeys...)
	return c
}

// secretKeys are the credentials UseePay echoes in every customer: they are
// sent as headers and redacted from errors, so Customer.Raw drops them too.
var secretKeys = []string{"merchant_no", "app_id"}

// decodeError reads UseePay's error body {"code", "message", "source"}, any
// part of which may be missing. source names the offending request field; its
// message is reported under that field. The code sets the sentinel where the
// status alone would be wrong (a duplicate is a 400 already_exists), but
// never turns a credentials (401/403), not-found (404) or rate-limit (429)
// status into an invalid request.
func decodeError(status int, body []byte) backend.ProviderError {
	var e gen.UseePayError
	if json.Unmarshal(body, &e) != nil {
		return backend.ProviderError{}
	}
	pe := backend.ProviderError{Code: e.Code, Message: e.Message}
	if src, err := e.Source.Get(); err == nil && src != "" && e.Message != "" {
		pe.Fields = map[string][]string{src: {e.Message}}
	}
	switch e.Code {
	case "resource_not_found":
		pe.Kind = customers.ErrNotFound
	case "already_exists":
		pe.Kind = customers.ErrConflict
	case "service_unavailable":
		pe.Kind = customers.ErrUnavailable
	case "field_required", "invalid_argument", "invalid_request_error":
		switch status {
		case 401, 403, 404, 429:
		default:
			pe.Kind = customers.ErrInvalidRequest
		}
	}
	return pe
}

// routes names the spec operations each facade operation may reach.
var routes = map[customers.Operation][]string{
	customers.OpCreate: {"createCustomer"},
	customers.OpGet:    {"getCustomer"},
	customers.OpUpdate: {"updateCustomer"},
	customers.OpList:   {"listCustomers"},
	customers.OpSearch: {"listCustomers"},
}
