package phone

import (
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// A listing of customers converts a new number for nearly every customer,
// and libphonenumber's Parse costs ~10 µs and ~40 allocations a number, most
// of it regular expressions that text made only of digits never needs (an
// extension, punctuation, letters, a national prefix). digitsFast answers for
// "+" and digits the way parseUncached would, reading the library's own
// metadata, and gives up (ok false) on anything it cannot decide that way:
// parseUncached, the authority, answers those. TestDigitsFastAgreesWithTheLibrary
// and FuzzPhone hold the two to the same answers.

// mainMetadata is the metadata libphonenumber parses a calling code with:
// its main region's, or the non-geographical entity's.
var mainMetadata = sync.OnceValue(func() map[int]*phonenumbers.PhoneMetadata {
	out := map[int]*phonenumbers.PhoneMetadata{}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return out // no fast path; every number goes to the library
	}
	byRegion := map[string]*phonenumbers.PhoneMetadata{}
	for _, m := range coll.GetMetadata() {
		if m.GetId() == "001" {
			out[int(m.GetCountryCode())] = m
		} else {
			byRegion[m.GetId()] = m
		}
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if region := phonenumbers.GetRegionCodeForCountryCode(cc); region != "001" {
			if m := byRegion[region]; m != nil {
				out[cc] = m
			}
		}
	}
	return out
})

// digitsFast parses s, "+" and 3 to 20 ASCII digits, when that needs none of
// the library's text handling: the calling code is the shortest known prefix
// (as the library reads it), the national number has no leading zero (the
// library keeps those specially) and does not start with the national prefix
// the library would strip, and its length is possible for the calling code
// (the library's own check).
func digitsFast(s string) (Number, bool) {
	if len(s) < 4 || len(s) > 21 || s[0] != '+' || s[1] == '0' || !allDigits(s[1:]) {
		return Number{}, false
	}
	meta := mainMetadata()
	for i := 1; i <= 3; i++ {
		cc, _ := strconv.Atoi(s[1 : 1+i])
		m, known := meta[cc]
		if !known {
			if phonenumbers.GetRegionCodeForCountryCode(cc) != "ZZ" {
				return Number{}, false // a calling code without metadata here
			}
			continue
		}
		national := s[1+i:]
		if len(national) < 2 || len(national) > 17 || national[0] == '0' || stripsPrefix(m, national) {
			return Number{}, false
		}
		n, _ := strconv.ParseUint(national, 10, 64)
		cc32 := int32(cc)
		pn := &phonenumbers.PhoneNumber{CountryCode: &cc32, NationalNumber: &n}
		if !phonenumbers.IsPossibleNumber(pn) {
			return Number{}, false // the library writes the error
		}
		return Number{CountryCode: cc, National: national}, true
	}
	return Number{}, false
}

// stripsPrefix reports whether the library might read a national prefix at
// the start of national: certainly not when the region has none or it is a
// plain digit string national does not start with; any pattern is left to
// the library.
func stripsPrefix(m *phonenumbers.PhoneMetadata, national string) bool {
	p := m.GetNationalPrefixForParsing()
	if p == "" {
		return false
	}
	return !allDigits(p) || strings.HasPrefix(national, p)
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
