package hitpay

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/oapi-codegen/nullable"

	gen "github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// fieldNames maps HitPay's wire names to facade fields, for error messages.
var fieldNames = adapter.FieldNames(map[string]customers.Field{
	"name":                      customers.FieldName,
	"email":                     customers.FieldEmail,
	"phone_number":              customers.FieldPhone,
	"phone_number_country_code": customers.FieldPhone,
	"birth_date":                customers.FieldBirthDate,
	"gender":                    customers.FieldGender,
	"remark":                    customers.FieldDescription,
	"address":                   customers.FieldAddress,
	"keywords":                  customers.FieldQuery,
	"customer_id":               "id", // the path's id, named as adapter.CheckID names it
}, [6]string{"street", "", "city", "state", "postal_code", "country"}, map[string]customers.Field{"address": customers.FieldAddress})

// storedPhone is HitPay's phone_number: 8 to 15 national digits (spec:
// ^[0-9]{8,15}$), stored (and returned) without a country code when
// phone_number_country_code is null.
var storedPhone = &adapter.StoredPhone{Digits: true, Min: 8, Max: 15,
	Is: "8 to 15 digits (HitPay's phone_number)"}

// splitPhone converts an E.164 phone to HitPay's national digits and country
// calling code ("+6591234567" → "91234567", "65"). A phone without "+" in
// HitPay's stored form is phone_number as is, with no country code ("").
func splitPhone(op customers.Operation, v string) (national, countryCode string, err error) {
	n, asStored, err := adapter.Phone(Provider, op, string(customers.FieldPhone), v, storedPhone)
	if err != nil || asStored != "" {
		return asStored, "", err
	}
	if l := len(n.National); l < storedPhone.Min || l > storedPhone.Max {
		return "", "", adapter.Refuse(Provider, op, string(customers.FieldPhone),
			"HitPay stores national numbers of 8 to 15 digits (without the country code)")
	}
	return n.National, strconv.Itoa(n.CountryCode), nil
}

func createBody(p *customers.CreateParams) (gen.CreateCustomerJSONRequestBody, error) {
	national, cc, err := splitPhone(customers.OpCreate, p.Phone)
	if err != nil {
		return gen.CreateCustomerJSONRequestBody{}, err
	}
	text := &[5]string{p.Name, p.Gender, p.Description, cc} // one allocation (adapter.OptAt)
	return gen.CreateCustomerJSONRequestBody{
		Email:                  p.Email,
		Name:                   adapter.OptAt(&text[0]),
		Gender:                 adapter.OptAt(&text[1]),
		Remark:                 adapter.OptAt(&text[2]),
		PhoneNumber:            national,
		PhoneNumberCountryCode: adapter.OptAt(&text[3]),
		BirthDate:              adapter.Wire(&p.BirthDate, adapter.WireDate),
		Address: adapter.Wire(p.Address, func(a customers.Address) gen.CustomerAddressInput {
			text[4] = adapter.Country(a.Country)
			return gen.CustomerAddressInput{Street: a.Line1, City: a.City, State: a.State,
				PostalCode: a.PostalCode, Country: adapter.OptAt(&text[4])}
		}),
	}, nil
}

func updateBody(u *customers.UpdateParams) (gen.UpdateCustomerJSONRequestBody, error) {
	body := gen.UpdateCustomerJSONRequestBody{
		Name:      adapter.Patch(u.Name, adapter.Same[string]),
		Gender:    adapter.Patch(u.Gender, adapter.Same[string]),
		Remark:    adapter.Patch(u.Description, adapter.Same[string]),
		BirthDate: adapter.Patch(u.BirthDate, adapter.WireDate),
		Address: adapter.Patch(u.Address, func(a customers.Address) gen.CustomerAddressUpdate {
			return gen.CustomerAddressUpdate{Street: a.Line1, City: a.City, State: a.State,
				PostalCode: a.PostalCode, Country: adapter.OptString(adapter.Country(a.Country))}
		}),
	}
	body.Email = adapter.Value(u.Email, adapter.Same[string])
	if v, ok := u.Phone.Value(); ok {
		national, cc, err := splitPhone(customers.OpUpdate, v)
		if err != nil {
			return body, err
		}
		body.PhoneNumber = &national
		if cc != "" {
			body.PhoneNumberCountryCode = nullable.NewNullableWithValue(cc)
		}
	}
	return body, nil
}

// toAddress reads the stored address; absent, null, [] (PHP's empty
// address) and an object of nulls are all no address.
func toAddress(o flex.Object[gen.CustomerAddress]) *customers.Address {
	a, ok := o.Value()
	if !ok {
		return nil
	}
	return adapter.NonZero(customers.Address{
		Line1:      a.Street,
		City:       a.City,
		State:      a.State,
		PostalCode: a.PostalCode,
		Country:    strings.ToUpper(a.Country),
	})
}

// customerOf is the first of the typed answers that holds a customer (with
// an id); nil when none does.
func customerOf(raw []byte, answers ...*gen.Customer) *customers.Customer {
	return adapter.FirstOf(raw, func(a *gen.Customer) bool { return a.Id != "" }, toCustomer, answers...)
}

func toCustomer(h *gen.Customer, raw json.RawMessage) *customers.Customer {
	return &customers.Customer{
		ID:          h.Id,
		Provider:    Provider,
		Name:        h.Name,
		Email:       h.Email,
		Gender:      h.Gender,
		Description: h.Remark,
		Address:     toAddress(h.Address),
		BirthDate:   adapter.DateFromWire(h.BirthDate),
		CreatedAt:   h.CreatedAt.Time,
		UpdatedAt:   h.UpdatedAt.Time,
		Phone:       adapter.PhoneFrom(h.PhoneNumberCountryCode, h.PhoneNumber),
		Raw:         adapter.RawOr(raw, h),
	}
}

// decodeError reads HitPay's Laravel error body, {"message": "...",
// "errors": {field: [messages]} or []}, tolerating anything else.
func decodeError(status int, body []byte) backend.ProviderError {
	var e gen.LaravelError
	if json.Unmarshal(body, &e) != nil {
		return backend.ProviderError{}
	}
	pe := backend.ProviderError{Message: e.Message}
	var messages []string
	if e.Errors != nil {
		messages = adapter.FieldErrors(&pe, *e.Errors)
	}
	switch {
	case adapter.Taken(status, pe, messages):
		pe.Kind = customers.ErrConflict
	case status == 404 && adapter.Mentions([]string{pe.Message}, "invalid business api key"):
		// Older HitPay code answers an unknown key with 404.
		pe.Kind = customers.ErrUnauthorized
	}
	return pe
}
