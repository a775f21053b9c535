package adapter

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// Refuse is the error for input refused before sending: field (a facade
// field, "params", "id", …) is not acceptable, msg says why.
func Refuse(provider string, op customers.Operation, field, msg string) error {
	return backend.Invalid(provider, op, map[string][]string{field: {msg}})
}

// StoredPhone is the form in which a provider stores a phone without a
// country code (HitPay's phone_number, Soap's ten digits, UseePay's free
// text). A phone written without "+" in exactly that form is what such a
// provider returned or would store, so it is sent unchanged: no country is
// guessed and nothing is rewritten.
type StoredPhone struct {
	Digits   bool   // only ASCII digits (the spec's ^[0-9]{Min,Max}$); else any text without a line break
	Min, Max int    // its length in characters, as the spec bounds it
	Is       string // the form, for the error: "8 to 15 digits (HitPay's phone_number)"
}

// fits reports whether v has the stored form. A table, not a regular
// expression: three compiled patterns cost every program ~100 allocations
// at start-up.
func (s *StoredPhone) fits(v string) bool {
	n := utf8.RuneCountInString(v)
	return n >= s.Min && n <= s.Max && (s.Digits && phone.Digits(v) == v || !s.Digits && !strings.ContainsRune(v, '\n'))
}

// Phone checks a phone sent as field; every adapter's phones go through it.
// A phone with "+" must be a possible E.164 number and comes back parsed.
// One without "+" is accepted only where the provider stores phones without
// a country code (stored not nil) and only in that form, and comes back as
// asStored, to send unchanged. Anything else is refused (Refuse), naming the
// forms accepted at that provider.
func Phone(provider string, op customers.Operation, field, v string, stored *StoredPhone) (n phone.Number, asStored string, err error) {
	if stored != nil && !strings.HasPrefix(strings.TrimSpace(v), "+") {
		if stored.fits(v) {
			return n, v, nil
		}
		return n, "", Refuse(provider, op, field, phoneForms(stored))
	}
	if n, err = phone.ParseE164(v); err != nil {
		return n, "", Refuse(provider, op, field, phoneForms(stored))
	}
	return n, "", nil
}

// phoneForms says which phones a provider accepts.
func phoneForms(stored *StoredPhone) string {
	if stored == nil {
		return phone.ErrNotE164.Error()
	}
	return phone.ErrNotE164.Error() + `, or without "+" as stored: ` + stored.Is
}

// PhoneFrom reads back a phone stored as a country calling code and
// national digits: E.164 when they make a possible number, else the digits
// as stored.
func PhoneFrom(countryCode, national string) string {
	if national == "" {
		return ""
	}
	if e164, ok := phone.FromParts(countryCode, national); ok {
		return e164
	}
	return national
}

// problems collects per-field messages about input that must not be sent.
// Messages name the rule, never the value: input is customer data.
// It is made by the first add: input without a problem costs no map.
type problems map[string][]string

func (p *problems) add(field, msg string) {
	if *p == nil {
		*p = problems{}
	}
	(*p)[field] = append((*p)[field], msg)
}

// text refuses what no provider documents in a text field and what would be
// stored altered: invalid UTF-8 (providers replace it with U+FFFD), and C0
// and C1 control characters (NUL, CR/LF, ANSI escapes), which none of the
// four providers documents in any field.
func (p *problems) text(field, v string) {
	switch {
	case !utf8.ValidString(v):
		p.add(field, "is not valid UTF-8")
	case strings.ContainsFunc(v, isControl):
		p.add(field, "holds a control character (C0/C1, line break or escape)")
	}
}

// name is text plus no bidirectional override or isolate: in a name they
// make what is displayed differ from what is stored ("Trojan Source").
func (p *problems) name(field, v string) {
	p.text(field, v)
	if strings.ContainsFunc(v, isBidiControl) {
		p.add(field, "holds a bidirectional override or isolate character")
	}
}

// RFC 5321 (4.5.3.1) limits: an address path of 256 octets leaves 254 for
// the address; the local part (before the last "@") has at most 64.
const (
	maxEmail      = 254
	maxEmailLocal = 64
)

// email is text plus what RFC 5321 rules out and kin-openapi's `format:
// email` (which the generated validators must agree with) lets through:
// white space and the lengths. One check for every provider.
func (p *problems) email(field, v string) {
	before := len((*p)[field])
	if p.text(field, v); len((*p)[field]) > before {
		return
	}
	switch {
	case strings.ContainsFunc(v, unicode.IsSpace):
		p.add(field, "holds white space, which no e-mail address has")
	case len(v) > maxEmail:
		p.add(field, "is longer than the 254 characters of an e-mail address (RFC 5321)")
	case strings.LastIndexByte(v, '@') > maxEmailLocal:
		p.add(field, "has a part before the @ longer than 64 characters (RFC 5321)")
	}
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// country refuses a code that is not ISO 3166-1 alpha-2 (either case).
func (p *problems) country(field, v string) {
	if !IsCountry(v) {
		p.add(field, "must be an ISO 3166-1 alpha-2 country code such as \"SG\"")
	}
}

// address checks every part of a; an address that is set needs a country,
// since the providers need it to deliver to or verify the address.
func (p *problems) address(prefix string, a *customers.Address) {
	if a == nil || a.IsZero() {
		return
	}
	n, ok := addressParts[prefix]
	if !ok {
		n = partsOf(prefix)
	}
	p.text(n[0], a.Line1)
	p.text(n[1], a.Line2)
	p.text(n[2], a.City)
	p.text(n[3], a.State)
	p.text(n[4], a.PostalCode)
	p.country(n[5], a.Country)
}

// addressParts are the field names of an address's parts under the
// prefixes the checks use, joined once: joining them on every check cost
// six allocations an address.
var addressParts = map[string][6]string{
	string(customers.FieldAddress):        partsOf(string(customers.FieldAddress)),
	string(customers.FieldBillingAddress): partsOf(string(customers.FieldBillingAddress)),
	"Shipping.Address":                    partsOf("Shipping.Address"),
}

// FieldNames returns names (backend.Options.FieldNames) with the wire
// names of an address's parts added under each prefix of addresses (wire
// prefix → facade field): the provider names the parts as parts does, in the
// order Line1, Line2, City, State, PostalCode, Country ("" for a part it
// lacks), and errors name them as the facade does ("Address.PostalCode").
func FieldNames(names map[string]customers.Field, parts [6]string, addresses map[string]customers.Field) map[string]customers.Field {
	for wire, facade := range addresses {
		for i, name := range partsOf(string(facade)) {
			if parts[i] != "" {
				names[wire+"."+parts[i]] = customers.Field(name)
			}
		}
	}
	return names
}

func partsOf(prefix string) [6]string {
	return [6]string{prefix + ".Line1", prefix + ".Line2", prefix + ".City", prefix + ".State", prefix + ".PostalCode", prefix + ".Country"}
}

func (p *problems) shipping(s *customers.Shipping) {
	if s == nil {
		return
	}
	p.name("Shipping.Name", s.Name)
	p.name("Shipping.FirstName", s.FirstName)
	p.name("Shipping.LastName", s.LastName)
	p.text("Shipping.Phone", s.Phone)
	p.text("Shipping.Method", s.Method)
	p.address("Shipping.Address", s.Address)
}

func (p *problems) metadata(m map[string]string) {
	for k, v := range m {
		p.text(string(customers.FieldMetadata), k)
		p.text(string(customers.FieldMetadata), v)
	}
	if msgs := (*p)[string(customers.FieldMetadata)]; len(msgs) > 1 { // once each, in a stable order
		slices.Sort(msgs)
		(*p)[string(customers.FieldMetadata)] = slices.Compact(msgs)
	}
}

// Oldest is the earliest birth date accepted: anything before is a typo.
var Oldest = customers.NewDate(1900, time.January, 1)

// birthDate refuses a date that is not a calendar date, is before 1900 or
// is in the future. "Today" is taken in UTC+14, the first zone to reach a
// date, so no one born today anywhere is refused.
func (p *problems) birthDate(field string, d customers.Date, now time.Time) {
	if d.IsZero() {
		return
	}
	today := now.In(utcPlus14)
	latest := customers.NewDate(today.Year(), today.Month(), today.Day())
	switch {
	case !d.Valid():
		p.add(field, "is not a calendar date")
	case before(d, Oldest):
		p.add(field, "is before 1900")
	case before(latest, d):
		p.add(field, "is in the future")
	}
}

// utcPlus14 is made once: time.FixedZone allocates a Location a call.
var utcPlus14 = time.FixedZone("UTC+14", 14*3600)

func before(a, b customers.Date) bool {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day)) < 0
}

// now is the clock birth dates are checked against.
var now = time.Now

// createProblems checks every value of p.
func createProblems(p *customers.CreateParams) problems {
	var pr problems
	pr.name(string(customers.FieldName), p.Name)
	pr.name(string(customers.FieldFirstName), p.FirstName)
	pr.name(string(customers.FieldLastName), p.LastName)
	pr.name(string(customers.FieldCompany), p.Company)
	pr.email(string(customers.FieldEmail), p.Email)
	pr.text(string(customers.FieldPhone), p.Phone)
	pr.text(string(customers.FieldGender), p.Gender)
	pr.text(string(customers.FieldDescription), p.Description)
	pr.text(string(customers.FieldExternalID), p.ExternalID)
	pr.birthDate(string(customers.FieldBirthDate), p.BirthDate, now())
	pr.address(string(customers.FieldAddress), p.Address)
	pr.address(string(customers.FieldBillingAddress), p.BillingAddress)
	pr.shipping(p.Shipping)
	pr.metadata(p.Metadata)
	return pr
}

// updateProblems checks every value u sets, by the rules of create.
func updateProblems(u *customers.UpdateParams) problems {
	var p customers.CreateParams
	p.Name, _ = u.Name.Value()
	p.FirstName, _ = u.FirstName.Value()
	p.LastName, _ = u.LastName.Value()
	p.Company, _ = u.Company.Value()
	p.Email, _ = u.Email.Value()
	p.Phone, _ = u.Phone.Value()
	p.Gender, _ = u.Gender.Value()
	p.Description, _ = u.Description.Value()
	p.ExternalID, _ = u.ExternalID.Value()
	p.BirthDate, _ = u.BirthDate.Value()
	p.Metadata, _ = u.Metadata.Value()
	p.Address = Value(u.Address, Same[customers.Address])
	p.BillingAddress = Value(u.BillingAddress, Same[customers.Address])
	p.Shipping = Value(u.Shipping, Same[customers.Shipping])
	return createProblems(&p)
}

// searchProblems checks search criteria: they travel in a query string and
// are compared with stored text, so they obey the same text rules.
func searchProblems(p *customers.SearchParams) problems {
	var pr problems
	pr.text(string(customers.FieldQuery), p.Query)
	pr.email(string(customers.FieldEmail), p.Email)
	pr.text(string(customers.FieldPhone), p.Phone)
	pr.text(string(customers.FieldExternalID), p.ExternalID)
	return pr
}
