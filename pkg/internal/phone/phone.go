// Package phone converts between the facade's E.164 phone numbers and the
// forms each provider stores, using libphonenumber's metadata
// (github.com/nyaruka/phonenumbers) rather than hand-written rules.
package phone

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// ErrNotE164 is returned for input that is not a plausible E.164 number.
var ErrNotE164 = errors.New(`must be an E.164 phone number such as "+6591234567"`)

// Number is a phone number split the way providers store it.
type Number struct {
	CountryCode int    // 65
	National    string // national significant number, digits only: "91234567"
}

// Region returns the ISO 3166-1 alpha-2 code of the number's region, ""
// when the country code is shared and the number fits none of its regions.
// It is not part of Number because finding it runs every region's patterns,
// which costs more than the parse itself.
func (n Number) Region() string {
	pn, err := phonenumbers.Parse(n.E164(), "ZZ")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(pn)
}

// E164 returns "+<country code><national number>".
func (n Number) E164() string { return "+" + strconv.Itoa(n.CountryCode) + n.National }

// ParseE164 parses a facade phone number. It must start with "+" and be
// possible (see possible).
func ParseE164(s string) (Number, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "+") || !onlyDigitsAndSeparators(s[1:]) {
		// Letters (vanity numbers) and extensions would be converted or
		// dropped silently by the parser: refuse them instead.
		return Number{}, ErrNotE164
	}
	return parse(s)
}

func onlyDigitsAndSeparators(s string) bool {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return true
}

// parse reads s with libphonenumber, which stays the authority on what a
// possible number is. Answers are cached: regular
// expressions make a parse cost microseconds, and a client converts the same
// few numbers again and again (each read of a customer, each write).
func parse(s string) (Number, error) {
	if r, ok := parses.get(s); ok {
		return r.n, r.err
	}
	n, err := parseUncached(s)
	parses.put(s, parsed{n, err})
	return n, err
}

func parseUncached(s string) (Number, error) {
	pn, err := phonenumbers.Parse(s, "ZZ")
	if err != nil || pn.GetExtension() != "" || !possible(pn) {
		return Number{}, ErrNotE164
	}
	e164, ok := canonical(pn, s)
	if !ok {
		return Number{}, ErrNotE164
	}
	cc := int(pn.GetCountryCode())
	return Number{
		CountryCode: cc,
		National:    strings.TrimPrefix(e164, "+"+strconv.Itoa(cc)),
	}, nil
}

// possible is the one rule every provider's numbers pass, written and read
// alike: libphonenumber's possible-number check (a length its country's
// numbers have), and a national number that is not all zeros, which
// libphonenumber parses to 0 and no numbering plan assigns ("+10000000000"
// has a possible length). It is deliberately not IsValidNumber: providers
// document and store numbers that libphonenumber holds invalid (Soap's
// 123-456-7890 and 555-123-4567, Notch Pay's 237600000000), and a number
// the provider stored must be accepted back.
func possible(pn *phonenumbers.PhoneNumber) bool {
	return pn.GetNationalNumber() != 0 && phonenumbers.IsPossibleNumber(pn)
}

// cacheSize bounds the parse cache: when full it is emptied and refilled, so
// memory stays bounded (a few hundred KB) whatever numbers pass through, and
// no number stays in memory longer than the next cacheSize distinct ones.
var cacheSize int64 = 4096 // a variable for tests

type parsed struct {
	n   Number
	err error
}

// boundedCache maps numbers to answers, emptied when it reaches cacheSize.
type boundedCache[V any] struct {
	m    sync.Map // string → V
	size atomic.Int64
}

func (c *boundedCache[V]) get(k string) (V, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (c *boundedCache[V]) put(k string, v V) {
	if c.size.Add(1) > cacheSize {
		c.m.Clear()
		c.size.Store(1)
	}
	c.m.Store(k, v)
}

var parses boundedCache[parsed] // input text → its parse

// canonical returns pn's E.164 form, and false when that form does not
// parse back to itself: libphonenumber loses leading zeros of some numbers
// ("+4900000000" formats as "+490000000", which formats as "+49000000"), and
// a number that changes each time it is written would be stored as another
// number than the caller gave.
func canonical(pn *phonenumbers.PhoneNumber, parsedFrom string) (string, bool) {
	e164 := phonenumbers.Format(pn, phonenumbers.E164)
	if e164 == parsedFrom {
		// pn was parsed from this very text: parsing it again gives pn
		// again (the library is deterministic), so the round trip holds.
		// It saves the second parse for every number already in E.164.
		return e164, true
	}
	again, err := phonenumbers.Parse(e164, "ZZ")
	return e164, err == nil && phonenumbers.Format(again, phonenumbers.E164) == e164
}

// FromParts rebuilds E.164 from a country calling code ("65", "+65") and a
// national number in any punctuation. ok is false when the parts do not make
// a possible number.
func FromParts(countryCode, national string) (string, bool) {
	cc := strings.TrimPrefix(strings.TrimSpace(countryCode), "+")
	if cc == "" {
		return "", false
	}
	n, err := parse("+" + cc + digits(national))
	if err != nil {
		return "", false
	}
	return n.E164(), true
}

// FromInternationalDigits reads a number written with its country code but
// without "+", such as Notch Pay's "237600000000", or already with "+".
func FromInternationalDigits(s string) (string, bool) {
	d := digits(s)
	if d == "" {
		return "", false
	}
	n, err := parse("+" + d)
	if err != nil {
		return "", false
	}
	return n.E164(), true
}

// NANP is a North American number: country code 1 and ten digits.
func NANP(n Number) (string, bool) {
	if n.CountryCode != 1 || len(n.National) != 10 {
		return "", false
	}
	return n.National, true
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
