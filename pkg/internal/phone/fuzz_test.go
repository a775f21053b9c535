package phone

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzPhone feeds arbitrary text to every conversion: none may panic, an
// error never quotes the input, and a number that parses converts the same
// way through every path (E.164 → parts → E.164, E.164 → digits → E.164).
func FuzzPhone(f *testing.F) {
	for _, s := range []string{"+6591234567", "+65 9123 4567", "+237600000000", "237600000000", "+15125550143",
		"+8613800138000", "13800138000", "+390612345678", "+10000000000", "+44 (0) 20 7946 0958", "+1-800-FLOWERS", "+65 9123 4567 ext. 89", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = FromInternationalDigits(s)
		_, _ = FromParts(s, s)
		n, err := ParseE164(s)
		if err != nil {
			if len(s) >= 4 && strings.Contains(err.Error(), s) && !strings.Contains(ErrNotE164.Error(), s) {
				t.Fatalf("the error quotes the input: %v", err)
			}
			return
		}
		e164 := n.E164()
		again, err := ParseE164(e164)
		if err != nil || again != n {
			t.Fatalf("%q parsed as %+v, whose E.164 %q parses as %+v (%v)", s, n, e164, again, err)
		}
		if got, ok := FromParts(strconv.Itoa(n.CountryCode), n.National); !ok || got != e164 {
			t.Fatalf("%q: parts %d/%s rebuild as %q, %v; want %q", s, n.CountryCode, n.National, got, ok, e164)
		}
		if got, ok := FromInternationalDigits(strings.TrimPrefix(e164, "+")); !ok || got != e164 {
			t.Fatalf("%q: digits rebuild as %q, %v; want %q", s, got, ok, e164)
		}
	})
}
