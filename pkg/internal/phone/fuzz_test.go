package phone

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
			if len(s) >= 4 && !strings.Contains(ErrNotE164.Error(), s) {
				require.NotContains(t, err.Error(), s, "the error quotes the input")
			}
			return
		}
		e164 := n.E164()
		again, err := ParseE164(e164)
		require.NoError(t, err, "%q parsed as %+v, whose E.164 %q does not parse", s, n, e164)
		require.Equal(t, n, again, "%q parsed, then its E.164 %q parsed", s, e164)
		got, ok := FromParts(strconv.Itoa(n.CountryCode), n.National)
		require.True(t, ok, "%q: parts %d/%s do not rebuild", s, n.CountryCode, n.National)
		require.Equal(t, e164, got, "%q: parts %d/%s rebuild", s, n.CountryCode, n.National)
		got, ok = FromInternationalDigits(strings.TrimPrefix(e164, "+"))
		require.True(t, ok, "%q: digits do not rebuild", s)
		require.Equal(t, e164, got, "%q: digits rebuild", s)
	})
}
