package soap

import (
	"encoding/json"
	"strings"

	gen "github.com/multipay/multipay/gen/soap"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// fieldNames maps Soap's wire names to facade fields, for error messages.
var fieldNames = map[string]customers.Field{
	"first_name":    customers.FieldFirstName,
	"last_name":     customers.FieldLastName,
	"email":         customers.FieldEmail,
	"phone_number":  customers.FieldPhone,
	"date_of_birth": customers.FieldBirthDate,
	"internal_id":   customers.FieldExternalID,
}

// storedPhone is Soap's phone_number: ten digits without the country code,
// accepted as written, so digits read back as stored because they make no
// possible number ("0000000000") are accepted back.
var storedPhone = &adapter.StoredPhone{Digits: true, Min: 10, Max: 10,
	Is: "ten digits (Soap's phone_number)"}

// nanp converts an E.164 phone to the ten digits Soap stores. Beyond the
// shape Soap documents (+1 and ten digits) it asks only what every adapter
// asks (adapter.Phone: a possible number): Soap's own examples
// (123-456-7890, 555-123-4567) are not assigned numbers, and a number Soap
// stored and returned must be accepted back in Update and Search.
func nanp(op customers.Operation, v string) (string, error) {
	n, asStored, err := adapter.Phone(Provider, op, string(customers.FieldPhone), v, storedPhone)
	if err != nil || asStored != "" {
		return asStored, err
	}
	digits, ok := phone.NANP(n)
	if !ok {
		return "", adapter.Refuse(Provider, op, string(customers.FieldPhone),
			"Soap stores only North American numbers: +1 followed by ten digits, or the ten digits without \"+\"")
	}
	return digits, nil
}

func createBody(p *customers.CreateParams) (gen.CreateCustomerJSONRequestBody, error) {
	body := gen.CreateCustomerJSONRequestBody{Email: p.Email, FirstName: p.FirstName, LastName: p.LastName}
	if p.Phone != "" {
		digits, err := nanp(customers.OpCreate, p.Phone)
		if err != nil {
			return body, err
		}
		body.PhoneNumber = &digits
	}
	body.DateOfBirth = adapter.Wire(&p.BirthDate, adapter.WireDate)
	if p.ExternalID != "" {
		body.InternalId = &p.ExternalID
	}
	return body, nil
}

func updateBody(u *customers.UpdateParams) (gen.UpdateCustomerJSONRequestBody, error) {
	body := gen.UpdateCustomerJSONRequestBody{
		FirstName:   adapter.Value(u.FirstName, adapter.Same[string]),
		LastName:    adapter.Value(u.LastName, adapter.Same[string]),
		Email:       adapter.Value(u.Email, adapter.Same[string]),
		DateOfBirth: adapter.Value(u.BirthDate, adapter.WireDate),
	}
	if v, ok := u.Phone.Value(); ok {
		digits, err := nanp(customers.OpUpdate, v)
		if err != nil {
			return body, err
		}
		body.PhoneNumber = &digits
	}
	return body, nil
}

// customerOf is the first of the typed answers that holds a customer (with
// an id); nil when none does.
func customerOf(raw []byte, answers ...*gen.Customer) *customers.Customer {
	return adapter.FirstOf(raw, func(a *gen.Customer) bool { return a.Id != "" }, toCustomer, answers...)
}

func toCustomer(s *gen.Customer, raw json.RawMessage) *customers.Customer {
	c := &customers.Customer{
		ID:         s.Id,
		Provider:   Provider,
		FirstName:  s.FirstName,
		LastName:   s.LastName,
		Name:       strings.TrimSpace(s.FirstName + " " + s.LastName),
		Email:      s.Email,
		BirthDate:  adapter.DateFromWire(s.DateOfBirth),
		ExternalID: s.InternalId,
		CreatedAt:  s.CreatedAt.Time,
		Phone:      adapter.PhoneFrom("1", s.PhoneNumber),
		Raw:        adapter.RawOr(raw, s),
	}
	if s.UpdatedAt != nil {
		c.UpdatedAt = s.UpdatedAt.Time
	}
	return c
}

// textOf reads a message that may be a string, an object with "message"
// (and "code"), or a list of strings.
func textOf(raw json.RawMessage) (message, code string) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, ""
	}
	var obj struct{ Code, Message string }
	if json.Unmarshal(raw, &obj) == nil && (obj.Message != "" || obj.Code != "") {
		return obj.Message, obj.Code
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; "), ""
	}
	return "", ""
}

// decodeError reads Soap's error body: {"error": "...", "errors": [...] or
// {...}, "message": "..."}, any part of which may be missing.
func decodeError(status int, body []byte) backend.ProviderError {
	var e gen.SoapError
	if json.Unmarshal(body, &e) != nil {
		return backend.ProviderError{}
	}
	pe := backend.ProviderError{}
	if e.Message != nil {
		pe.Message, pe.Code = textOf(*e.Message)
	}
	if e.Error != nil && pe.Message == "" {
		pe.Message, pe.Code = textOf(*e.Error)
	}
	var messages []string
	if e.Errors != nil {
		messages = adapter.FieldErrors(&pe, *e.Errors)
	}
	if adapter.Taken(status, pe, messages) {
		pe.Kind = customers.ErrConflict
	}
	return pe
}
