package validate

import (
	"strings"
	"time"
)

var formatNames = [...]string{Email: "e-mail address", Date: "date (YYYY-MM-DD)", UUID: "UUID"}

// accepts reports whether s is in format f, with kin-openapi's definitions
// (the ones specs.init registers), which the specs are validated with.
func (f Format) accepts(s string) bool {
	switch f {
	case Email:
		return isEmail(s)
	case Date:
		return isDate(s)
	case UUID:
		return isUUID(s)
	}
	return true
}

// isEmail is kin-openapi's FormatOfStringForEmail, ^[^@]+@[^@<>",\s]+$:
// one @, something before it, and after it none of @ < > " , or RE2's \s.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s[at+1:], "@<>\",\t\n\f\r ")
}

// isDate is RFC 3339's full-date, YYYY-MM-DD, a day its month has:
// time.Parse reads each number of the layout as exactly that many ASCII
// digits and refuses a day its month lacks.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// isUUID is kin-openapi's FormatOfStringForUUIDOfRFC9562: hex in the
// 8-4-4-4-12 layout with a version of 1 to 8 and the RFC variant, or the
// nil or the max UUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	if s == "00000000-0000-0000-0000-000000000000" || strings.EqualFold(s, "ffffffff-ffff-ffff-ffff-ffffffffffff") {
		return true
	}
	for i := 0; i < len(s); i++ {
		if (i == 8 || i == 13 || i == 18 || i == 23) != (s[i] == '-') || s[i] != '-' && !isHex(s[i]) {
			return false
		}
	}
	return s[14] >= '1' && s[14] <= '8' && strings.IndexByte("89abAB", s[19]) >= 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
