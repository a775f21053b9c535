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
	case Email: // kin-openapi's ^[^@]+@[^@<>",\s]+$: one @, something
		// before it, and after it none of @ < > " , or RE2's \s
		at := strings.IndexByte(s, '@')
		return at > 0 && at < len(s)-1 && !strings.ContainsAny(s[at+1:], "@<>\",\t\n\f\r ")
	case Date: // RFC 3339's full-date, a day its month has: time.Parse
		// reads exactly four, two and two ASCII digits
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	case UUID:
		return isUUID(s)
	}
	return true
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
		if (i == 8 || i == 13 || i == 18 || i == 23) != (s[i] == '-') || s[i] != '-' && strings.IndexByte("0123456789abcdefABCDEF", s[i]) < 0 {
			return false
		}
	}
	return s[14] >= '1' && s[14] <= '8' && strings.IndexByte("89abAB", s[19]) >= 0
}
