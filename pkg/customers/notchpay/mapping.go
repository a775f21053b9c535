package notchpay

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	gen "github.com/multipay/multipay/gen/notchpay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// fieldNames maps Notch Pay's wire names to facade fields, for error
// messages. Validation errors name fields bare ("email") or under the
// resource ("customer.email"); the parts of an address are named as the
// facade names them ("address.postal_code" → "Address.PostalCode").
var fieldNames = func() map[string]customers.Field {
	m := adapter.FieldNames(map[string]customers.Field{
		"name":         customers.FieldName,
		"email":        customers.FieldEmail,
		"phone":        customers.FieldPhone,
		"company_name": customers.FieldCompany,
		"metadata":     customers.FieldMetadata,
		"address":      customers.FieldAddress,
		"billing":      customers.FieldBillingAddress,
	}, [6]string{"address_line1", "address_line2", "city", "state", "postal_code", "country"},
		map[string]customers.Field{"address": customers.FieldAddress, "billing": customers.FieldBillingAddress})
	for k, f := range maps.Clone(m) {
		m["customer."+k] = f
	}
	m["search"] = customers.FieldQuery
	return m
}()

// wirePhone converts an E.164 phone to the international digits Notch Pay
// stores: "+237600000000" → "237600000000". Notch Pay stores no phone
// without its country code (its digits are international, "237…"), so a
// phone without "+" is refused: sent, national digits would be read as
// another country's number.
func wirePhone(op customers.Operation, e164 string) (string, error) {
	n, _, err := adapter.Phone(Provider, op, string(customers.FieldPhone), e164, nil)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(n.E164(), "+"), nil
}

// facadePhone reads Notch Pay's phone (digits with the country code, with or
// without "+") back as E.164; digits that make no possible number are
// returned as sent.
func facadePhone(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if e164, ok := phone.FromInternationalDigits(s); ok {
		return e164
	}
	return s
}

// wireAddress converts a to Notch Pay's address, whose parts are optional
// strings (adapter.OptAt).
func wireAddress(a customers.Address) gen.Address {
	p := &[6]string{a.Line1, a.Line2, a.City, a.State, a.PostalCode, adapter.Country(a.Country)}
	return gen.Address{AddressLine1: adapter.OptAt(&p[0]), AddressLine2: adapter.OptAt(&p[1]), City: adapter.OptAt(&p[2]),
		State: adapter.OptAt(&p[3]), PostalCode: adapter.OptAt(&p[4]), Country: adapter.OptAt(&p[5])}
}

func wireMetadata(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func createBody(p *customers.CreateParams) (gen.CreateCustomerJSONRequestBody, error) {
	text := &[3]string{p.Name, p.Email, p.Company} // one allocation (adapter.OptAt)
	body := gen.CreateCustomerJSONRequestBody{
		Name:        adapter.OptAt(&text[0]),
		Email:       adapter.OptAt(&text[1]),
		CompanyName: adapter.OptAt(&text[2]),
		Address:     adapter.Wire(p.Address, wireAddress),
		Billing:     adapter.Wire(p.BillingAddress, wireAddress),
	}
	if p.Phone != "" {
		digits, err := wirePhone(customers.OpCreate, p.Phone)
		if err != nil {
			return body, err
		}
		body.Phone = (*gen.PhoneInput)(&digits) // a string: a number would lose a leading "+" or zero
	}
	if len(p.Metadata) > 0 {
		body.Metadata = wireMetadata(p.Metadata)
	}
	return body, nil
}

func updateBody(u *customers.UpdateParams) (gen.UpdateCustomerJSONRequestBody, error) {
	body := gen.UpdateCustomerJSONRequestBody{
		Name:        adapter.Patch(u.Name, adapter.Same[string]),
		CompanyName: adapter.Patch(u.Company, adapter.Same[string]),
		Metadata:    adapter.Patch(u.Metadata, wireMetadata),
		Address:     adapter.Patch(u.Address, wireAddress),
		Billing:     adapter.Patch(u.BillingAddress, wireAddress),
	}
	body.Email = adapter.Value(u.Email, adapter.Same[string])
	if v, ok := u.Phone.Value(); ok {
		digits, err := wirePhone(customers.OpUpdate, v)
		if err != nil {
			return body, err
		}
		body.Phone = (*gen.PhoneInput)(&digits) // a string: a number would lose a leading "+" or zero
	}
	return body, nil
}

// customerFrom picks the customer of a single-customer answer: the first
// typed envelope set, or, for another success status (200, 201, 202) the
// generated parser has no field for, the body decoded as an envelope. The
// customer is read from `customer`, falling back to `data`. nil: no customer.
func customerFrom(rsp *http.Response, body []byte, typed ...*gen.CustomerEnvelope) *customers.Customer {
	var env *gen.CustomerEnvelope
	for _, t := range typed {
		if t != nil {
			env = t
			break
		}
	}
	if env == nil && rsp != nil && strings.Contains(rsp.Header.Get("Content-Type"), "json") {
		switch rsp.StatusCode {
		case http.StatusOK, http.StatusCreated, http.StatusAccepted:
			var e gen.CustomerEnvelope
			if json.Unmarshal(body, &e) == nil {
				env = &e
			}
		}
	}
	switch {
	case env == nil:
		return nil
	case env.Customer != nil && env.Customer.Id != "":
		return toCustomer(env.Customer, adapter.RawAt(body, "customer"))
	case env.Data != nil && env.Data.Id != "":
		return toCustomer(env.Data, adapter.RawAt(body, "data"))
	}
	return nil
}

// toAddress reads a stored address; absent, null and [] (PHP's empty
// address) are no address.
func toAddress(o flex.Object[gen.CustomerAddress]) *customers.Address {
	w, ok := o.Value()
	if !ok {
		return nil
	}
	return adapter.NonZero(customers.Address{
		Line1:      w.AddressLine1,
		Line2:      w.AddressLine2,
		City:       w.City,
		State:      w.State,
		PostalCode: w.PostalCode,
		Country:    adapter.Country(w.Country),
	})
}

// toMetadata reads the metadata as sent (numbers keep their exact text); PHP's
// empty metadata, [], is no metadata.
func toMetadata(s *gen.Customer) map[string]string {
	m, _ := s.Metadata.Value()
	return adapter.Unmarked(adapter.MetadataStrings(m))
}

func toCustomer(s *gen.Customer, raw json.RawMessage) *customers.Customer {
	return &customers.Customer{
		ID:             s.Id,
		Provider:       Provider,
		Name:           s.Name,
		Email:          s.Email,
		Company:        s.CompanyName,
		Address:        toAddress(s.Address),
		BillingAddress: toAddress(s.Billing),
		Metadata:       toMetadata(s),
		Blocked:        s.Blocked.Bool(),
		Phone:          facadePhone(string(s.Phone)),
		CreatedAt:      s.CreatedAt.Time,
		UpdatedAt:      s.UpdatedAt.Time,
		Raw:            adapter.RawOr(raw, s),
	}
}

func toPaymentMethod(m *gen.PaymentMethod, raw json.RawMessage) customers.PaymentMethod {
	return customers.PaymentMethod{ID: m.Id, Type: m.Type, Channel: m.Channel, Phone: facadePhone(string(m.Phone)), CreatedAt: m.CreatedAt.Time, Raw: adapter.RawOr(raw, m)}
}

func toPayment(p *gen.Payment, raw json.RawMessage) *customers.Payment {
	return &customers.Payment{ID: p.Id, Amount: p.Amount.Float64(), Currency: p.Currency, Status: p.Status, CreatedAt: p.CreatedAt.Time, Raw: adapter.RawOr(raw, p)}
}

// paymentsOf returns a payment page's entries and the key they are under:
// `payments` (API reference), else `items` (customers guide).
func paymentsOf(l *gen.CustomerPaymentList) ([]gen.Payment, string) {
	if l.Payments != nil {
		return l.Payments, "payments"
	}
	return l.Items, "items"
}

// nextPage reads Notch Pay's paging keys: there is another page while
// current_page is below last_page. Without last_page, a full page suggests
// another one.
func nextPage(cursor string, current, last *int, n, limit int) (string, bool) {
	cur, _ := strconv.Atoi(cursor) // the page requested
	if current != nil && *current > 0 {
		cur = *current
	}
	more := n >= limit
	if last != nil {
		more = cur < *last
	}
	return strconv.Itoa(cur + 1), more
}

// decodeError reads Notch Pay's error body {"code", "status", "message",
// "errors": {field: [messages]}}, any part of which may be missing or in
// another shape. A 404 "Sync account not found" means the X-Sync credential
// is wrong: ErrUnauthorized.
func decodeError(status int, body []byte) backend.ProviderError {
	pe := backend.ProviderError{}
	var e struct{ Message, Errors json.RawMessage } // gen.NotchPayError, each part read alone
	if json.Unmarshal(body, &e) != nil {
		return pe
	}
	_ = json.Unmarshal(e.Message, &pe.Message)
	adapter.FieldErrors(&pe, e.Errors)
	if status == http.StatusNotFound && adapter.Mentions([]string{pe.Message}, "sync account") {
		pe.Kind = customers.ErrUnauthorized
	}
	return pe
}

// tryAgainIn is Notch Pay's 429 message: "Rate limit exceeded. Try again in
// 30 seconds".
var tryAgainIn = regexp.MustCompile(`(?i)try again in (\d{1,6}) seconds?`)

// retryDelay reads how long Notch Pay asks a client to wait, in the order its
// docs give the signals: Retry-After, then on a 429 X-RateLimit-Reset (the
// epoch second the window resets) and the "Try again in N seconds" message.
func retryDelay(status int, h http.Header, body []byte, now time.Time) (time.Duration, bool) {
	if d, ok := backend.RetryAfter(h.Get("Retry-After"), now); ok {
		return d, true
	}
	if status != http.StatusTooManyRequests {
		return 0, false
	}
	if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil && reset > 0 {
		at := time.Unix(reset, 0)
		if d := at.Sub(now); d <= 0 {
			return 0, true
		} else if d < 24*time.Hour {
			return d, true
		}
	}
	if m := tryAgainIn.FindStringSubmatch(decodeError(status, body).Message); m != nil {
		secs, _ := strconv.Atoi(m[1])
		return time.Duration(secs) * time.Second, true
	}
	return 0, false
}
