package useepay

import (
	"cmp"
	"encoding/json"
	"maps"
	"strings"

	gen "github.com/multipay/multipay/gen/useepay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// fieldNames maps UseePay's wire names (body fields, dotted when nested, and
// query filters) to facade fields, for error messages.
var fieldNames = adapter.FieldNames(map[string]customers.Field{
	"merchant_customer_id": customers.FieldExternalID,
	"name":                 customers.FieldName,
	"first_name":           customers.FieldFirstName,
	"last_name":            customers.FieldLastName,
	"email":                customers.FieldEmail,
	"phone":                customers.FieldPhone,
	"description":          customers.FieldDescription,
	"metadata":             customers.FieldMetadata,
	"customer_id":          "id", // the path's id, named as adapter.CheckID names it
	"address":              customers.FieldAddress,

	"shipping":                 customers.FieldShipping,
	"shipping.name":            "Shipping.Name",
	"shipping.first_name":      "Shipping.FirstName",
	"shipping.last_name":       "Shipping.LastName",
	"shipping.phone":           "Shipping.Phone",
	"shipping.shipping_method": "Shipping.Method",
	"shipping.address":         "Shipping.Address",
}, [6]string{"line1", "line2", "city", "state", "postcode", "country"},
	map[string]customers.Field{"address": customers.FieldAddress, "shipping.address": "Shipping.Address"})

// storedPhone is UseePay's phone (and shipping phone): free text of at most
// 32 characters, stored as sent; its own examples hold national digits
// ("134251756712").
var storedPhone = &adapter.StoredPhone{Min: 1, Max: 32,
	Is: "at most 32 characters (UseePay's phone)"}

// wire converts facade values for a request of op. The first phone
// refused is err, so a body is built whole and checked once.
type wire struct {
	op  customers.Operation
	err error
}

// phone checks a phone and returns the form UseePay is sent: E.164 with
// "+", or a phone without "+" unchanged. field names it in the error.
func (w *wire) phone(field, v string) string {
	n, asStored, err := adapter.Phone(Provider, w.op, field, v, storedPhone)
	if w.err = cmp.Or(w.err, err); err != nil || asStored != "" {
		return asStored
	}
	return n.E164()
}

// optPhone is phone for an optional field: nil for "".
func (w *wire) optPhone(field, v string) *string {
	if v == "" {
		return nil
	}
	return adapter.OptString(w.phone(field, v))
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

// wireAddress converts a to UseePay's address, whose parts are optional
// strings (adapter.OptAt).
func wireAddress(a customers.Address) gen.Address {
	p := &[6]string{a.Line1, a.Line2, a.City, a.State, a.PostalCode, adapter.Country(a.Country)}
	return gen.Address{Line1: adapter.OptAt(&p[0]), Line2: adapter.OptAt(&p[1]), City: adapter.OptAt(&p[2]),
		State: adapter.OptAt(&p[3]), Postcode: adapter.OptAt(&p[4]), Country: adapter.OptAt(&p[5])}
}

func (w *wire) shipping(s customers.Shipping) gen.Shipping {
	text := &[4]string{s.Name, s.FirstName, s.LastName, s.Method} // one allocation (adapter.OptAt)
	return gen.Shipping{
		Name:           adapter.OptAt(&text[0]),
		FirstName:      adapter.OptAt(&text[1]),
		LastName:       adapter.OptAt(&text[2]),
		Phone:          w.optPhone("Shipping.Phone", s.Phone),
		ShippingMethod: adapter.OptAt(&text[3]),
		Address:        adapter.Wire(s.Address, wireAddress),
	}
}

func createBody(p *customers.CreateParams) (gen.CreateCustomerJSONRequestBody, error) {
	w := wire{op: customers.OpCreate}
	text := &[4]string{p.FirstName, p.LastName, p.Email, p.Description} // one allocation (adapter.OptAt)
	body := gen.CreateCustomerJSONRequestBody{
		MerchantCustomerId: p.ExternalID,
		Name:               p.Name,
		FirstName:          adapter.OptAt(&text[0]),
		LastName:           adapter.OptAt(&text[1]),
		Email:              adapter.OptAt(&text[2]),
		Phone:              w.optPhone(string(customers.FieldPhone), p.Phone),
		Description:        adapter.OptAt(&text[3]),
		Address:            adapter.Wire(p.Address, wireAddress),
		Shipping:           adapter.Wire(p.Shipping, w.shipping),
	}
	if len(p.Metadata) > 0 {
		body.Metadata = maps.Clone(p.Metadata)
	}
	return body, w.err
}

func updateBody(u *customers.UpdateParams) (gen.UpdateCustomerJSONRequestBody, error) {
	if u.Email.IsClear() && u.Phone.IsClear() {
		msg := "UseePay keeps an e-mail or a phone on every customer: clear at most one of them"
		return gen.UpdateCustomerJSONRequestBody{}, backend.Invalid(Provider, customers.OpUpdate, map[string][]string{
			string(customers.FieldEmail): {msg}, string(customers.FieldPhone): {msg},
		})
	}
	w := wire{op: customers.OpUpdate}
	return gen.UpdateCustomerJSONRequestBody{
		Name:        adapter.Value(u.Name, adapter.Same[string]),
		FirstName:   adapter.Patch(u.FirstName, adapter.Same[string]),
		LastName:    adapter.Patch(u.LastName, adapter.Same[string]),
		Email:       adapter.Patch(u.Email, adapter.Same[string]),
		Phone:       adapter.Patch(u.Phone, func(v string) string { return w.phone(string(customers.FieldPhone), v) }),
		Description: adapter.Patch(u.Description, adapter.Same[string]),
		Address:     adapter.Patch(u.Address, wireAddress),
		Shipping:    adapter.Patch(u.Shipping, w.shipping),
		Metadata:    adapter.Patch(u.Metadata, wireMetadata),
	}, w.err
}

// wireMetadata sends metadata as a copy, and an empty map as {} (clearing is
// an explicit null, never an empty value).
func wireMetadata(m map[string]string) map[string]string {
	out := maps.Clone(m)
	if out == nil {
		out = map[string]string{}
	}
	return out
}

func toAddress(w *gen.CustomerAddress) *customers.Address {
	if w == nil {
		return nil
	}
	return adapter.NonZero(customers.Address{
		Line1:      w.Line1,
		Line2:      w.Line2,
		City:       w.City,
		State:      w.State,
		PostalCode: w.Postcode,
		Country:    adapter.Country(w.Country),
	})
}

func toShipping(w *gen.CustomerShipping) *customers.Shipping {
	if w == nil {
		return nil
	}
	return adapter.NonZero(customers.Shipping{
		Name:      w.Name,
		FirstName: w.FirstName,
		LastName:  w.LastName,
		Phone:     readPhone(w.Phone),
		Method:    w.ShippingMethod,
		Address:   toAddress(w.Address),
	})
}

func toCustomer(s *gen.Customer, raw json.RawMessage) *customers.Customer {
	return &customers.Customer{
		ID:          s.Id,
		Provider:    Provider,
		Name:        s.Name,
		FirstName:   s.FirstName,
		LastName:    s.LastName,
		Email:       s.Email,
		Phone:       readPhone(s.Phone),
		Description: s.Description,
		ExternalID:  s.MerchantCustomerId,
		Address:     toAddress(s.Address),
		Shipping:    toShipping(s.Shipping),
		Metadata:    adapter.MetadataStrings(s.Metadata), // as sent: numbers keep their exact text
		CreatedAt:   s.CreateAt.Time,
		UpdatedAt:   s.ModifyAt.Time,
		Raw:         adapter.WithoutKeys(adapter.RawOr(raw, s), secretKeys...),
	}
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
	if e.Source != "" && e.Message != "" {
		pe.Fields = map[string][]string{e.Source: {e.Message}}
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
