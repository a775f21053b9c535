package phone

import (
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/require"
)

// FuzzPhone feeds arbitrary text to every conversion: none may panic, an
// error never quotes the input, and a number that parses converts the same
// way through every path (E.164 → parts → E.164, E.164 → digits → E.164).
func FuzzPhone(f *testing.F) {
	for _, s := range []string{"+6591234567", "+65 9123 4567", "+237600000000", "237600000000", "+15125550143",
		"+8613800138000", "13800138000", "+390612345678", "+10000000000", "+44 (0) 20 7946 0958", "+1-800-FLOWERS", "+65 9123 4567 ext. 89", "+",
		"+4900000000", "+490000000", "+3900612345", "+78123456789", "+112345678901", "+80012345678",
		"+6591234567", "+2376999999999", "+4915123456789", "+33612345678", "+8801712345678", "+97412345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		requireCanonicalAsLibrary(t, s)
		if got, ok := digitsFast(s); ok {
			want, err := parseUncached(s)
			require.NoError(t, err, "digitsFast accepted %q, the library refuses it", s)
			require.Equal(t, want, got, "digitsFast(%q)", s)
		}
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

// requireCanonicalAsLibrary checks canonical's shortcut (no second parse when
// the input is already the E.164 text) against the full round trip.
func requireCanonicalAsLibrary(t *testing.T, s string) {
	pn, err := phonenumbers.Parse(s, "ZZ")
	if err != nil {
		return
	}
	e164, ok := canonical(pn, s)
	again, err := phonenumbers.Parse(e164, "ZZ")
	want := err == nil && phonenumbers.Format(again, phonenumbers.E164) == e164
	require.Equal(t, want, ok, "canonical(%q) = %q", s, e164)
}
