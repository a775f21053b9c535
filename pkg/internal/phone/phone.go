// Package phone converts between the facade's E.164 phone numbers and the
// forms each provider stores.
//
// libphonenumber (github.com/nyaruka/phonenumbers) is the authority for the
// data but is not linked: phonemeta, a generator in its own module, writes
// its possible national number lengths per calling code to meta.gen.go (4
// KB of static data, nothing to initialise). A number is possible when,
// after "+", its digits are a calling code followed by a national number of
// a length libphonenumber's IsPossibleNumber accepts for that code, not all
// zeros. The national number is kept exactly as written: nothing is
// stripped or rewritten, so a number is never stored as another than the
// caller gave.
//
// phonemeta's tests compare this rule with phonenumbers.Parse and
// IsPossibleNumber over every calling code and national length 1–17. They
// agree except where libphonenumber rewrites the national number by the
// country's national-prefix rules, which the rule here never does:
//
//   - It strips a trunk prefix or carrier code: "+44 07911 123456" became
//     +447911123456, "+375 8 8888888" (Belarus) +3758888888, "+55 90 …"
//     (Brazil, a carrier code) lost its 90. Here the digits count as written:
//     the UK number has an impossible length and is refused; the others have
//     a possible length and are kept as written (about 0.1% of the corpus).
//   - It inserts a fixed area code: "+261 2222222" (Madagascar) became
//     +261202222222, "+378 888888" (San Marino) +3780549888888, "+672 11111"
//     (Norfolk Island) +672311111. Here they are kept as written, since
//     their length is possible.
package phone

import (
	"errors"
	"strconv"
	"strings"
)

// ErrNotE164 is returned for input that is not a plausible E.164 number.
var ErrNotE164 = errors.New(`must be an E.164 phone number such as "+6591234567"`)

// Number is a phone number split the way providers store it.
type Number struct {
	CountryCode int    // 65
	National    string // national significant number, digits only: "91234567"
}

// E164 returns "+<country code><national number>".
func (n Number) E164() string { return "+" + strconv.Itoa(n.CountryCode) + n.National }

// ParseE164 parses a facade phone number: "+", then digits and the
// separators space - . ( ), nothing else. Letters (vanity numbers) and
// extensions are refused rather than converted or dropped.
func ParseE164(s string) (Number, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "+")
	if !ok || strings.Trim(rest, "0123456789 -.()") != "" {
		return Number{}, ErrNotE164
	}
	return split(Digits(rest))
}

// split reads international digits: the calling code is the 1–3 digit
// prefix that is a calling code (the set is prefix-free, as phonemeta
// checks), the national number is the rest.
func split(d string) (Number, error) {
	for i := 1; i <= min(3, len(d)); i++ {
		if cc, _ := strconv.Atoi(d[:i]); d[0] != '0' && possibleLengths[cc] != 0 {
			n := Number{CountryCode: cc, National: d[i:]}
			if !possible(n) {
				return Number{}, ErrNotE164
			}
			return n, nil
		}
	}
	return Number{}, ErrNotE164
}

// possible is the one rule every provider's numbers pass, written and read
// alike: a national number of a length libphonenumber calls possible for
// its calling code, and not all zeros, which no numbering plan assigns
// ("+10000000000" has a possible length). It is deliberately not a validity
// check: providers document and store numbers that are not assigned (Soap's
// 123-456-7890 and 555-123-4567, Notch Pay's 237600000000), and a number
// the provider stored must be accepted back.
func possible(n Number) bool {
	return possibleLengths[n.CountryCode]>>len(n.National)&1 == 1 &&
		strings.Trim(n.National, "0") != ""
}

// FromParts rebuilds E.164 from a country calling code ("65", "+65", or a
// longer dialling code such as American Samoa's "1684") and a national
// number in any punctuation. ok is false when the parts do not make a
// possible number.
func FromParts(countryCode, national string) (string, bool) {
	cc := strings.TrimPrefix(strings.TrimSpace(countryCode), "+")
	if cc == "" || Digits(cc) != cc {
		return "", false
	}
	n, err := split(cc + Digits(national))
	if err != nil {
		return "", false
	}
	return n.E164(), true
}

// FromInternationalDigits reads a number written with its country code but
// without "+", such as Notch Pay's "237600000000", or already with "+".
func FromInternationalDigits(s string) (string, bool) {
	n, err := split(Digits(s))
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

// Digits returns the ASCII digits of s, s itself when it has nothing else.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, s)
}
