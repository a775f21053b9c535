package phone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseE164(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in       string
		cc       int
		national string
		ok       bool
	}{
		{"+6591234567", 65, "91234567", true},
		{" +237 6 71 23 45 67", 237, "671234567", true},
		{"+15125550143", 1, "5125550143", true},
		{"+8613425175671", 86, "13425175671", true},
		{"6591234567", 0, "", false}, // no +
		{"+65", 0, "", false},
		{"+659123456789012345", 0, "", false},
		{"not a phone", 0, "", false},
		{"+65 9123 4567 ext. 89", 0, "", false}, // an extension would be dropped
		{"+6591234567;ext=12", 0, "", false},
		{"+1-800-FLOWERS", 0, "", false}, // letters would be converted
		{"+1 (512) 555-0143", 1, "5125550143", true},
	}
	for _, c := range cases {
		n, err := ParseE164(c.in)
		if !c.ok {
			assert.ErrorIs(t, err, ErrNotE164, c.in)
			continue
		}
		if assert.NoError(t, err, c.in) {
			assert.Equal(t, c.cc, n.CountryCode, c.in)
			assert.Equal(t, c.national, n.National, c.in)
		}
	}
}

// One rule for every provider: what libphonenumber calls impossible (a
// length no number of the country has, or only zeros) is refused; numbers it
// calls possible but invalid, such as the providers' own documented
// examples, pass, since a provider stores and returns them.
func TestPossibleNumbersPassImpossibleOnesAreRefused(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"+10000000000", "+6500000000", "+440000000000", "+1512", "+2370000000000", "+1 000 000 0000"} {
		_, err := ParseE164(s)
		assert.ErrorIs(t, err, ErrNotE164, s)
		_, ok := FromInternationalDigits(s)
		assert.False(t, ok, s)
	}
	_, ok := FromParts("1", "0000000000")
	assert.False(t, ok, "Soap's ten zeros read back as a number")
	for _, s := range []string{"+11234567890", "+15551234567", "+1 123-456-7890", "+237600000000", "+8613425175671", "+15120000000"} {
		_, err := ParseE164(s)
		assert.NoError(t, err, s)
	}
}

func TestFromParts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ cc, national, want string }{
		{"65", "9123 4567", "+6591234567"},
		{"+65", "91234567", "+6591234567"},
		{"1", "(512) 555-0143", "+15125550143"},
	} {
		got, ok := FromParts(c.cc, c.national)
		assert.True(t, ok, "FromParts(%q, %q) failed", c.cc, c.national)
		assert.Equal(t, c.want, got, "FromParts(%q, %q)", c.cc, c.national)
	}
	_, ok := FromParts("", "91234567")
	assert.False(t, ok, "FromParts without a country code succeeded")
}

func TestFromInternationalDigits(t *testing.T) {
	t.Parallel()
	got, ok := FromInternationalDigits("237600000000")
	assert.True(t, ok, "FromInternationalDigits failed")
	assert.Equal(t, "+237600000000", got)
	_, ok = FromInternationalDigits("12")
	assert.False(t, ok, "two digits accepted")
}

func TestNANP(t *testing.T) {
	t.Parallel()
	n, _ := ParseE164("+15125550143")
	d, ok := NANP(n)
	assert.True(t, ok, "NANP failed")
	assert.Equal(t, "5125550143", d, "NANP")
	sg, _ := ParseE164("+6591234567")
	_, ok = NANP(sg)
	assert.False(t, ok, "a Singapore number passed as NANP")
}

// Numbers already in E.164, as providers return them, convert without
// allocating; FromParts allocates the digits it joins and the E.164 string.
func TestConversionsAllocateLittle(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ParseE164("+6591234567") }))
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _, _ = FromParts("65", "91234567") }), 2.0)
}

// Numbers are kept exactly as written: a trunk 0 after the country code,
// which libphonenumber silently stripped, makes an impossible number, and
// leading zeros that belong to the number (Italy) stay.
func TestNationalNumbersAreKeptAsWritten(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"+44 07911 123456", "+44 (0) 20 7946 0958", "+4900000000"} {
		_, err := ParseE164(s)
		assert.ErrorIs(t, err, ErrNotE164, s)
	}
	_, ok := FromParts("44", "07911 123456")
	assert.False(t, ok, "a trunk 0 read back from parts")
	n, err := ParseE164("+39 06 1234 5678")
	require.NoError(t, err)
	assert.Equal(t, Number{CountryCode: 39, National: "0612345678"}, n)
	assert.Equal(t, "+390612345678", n.E164())
	got, ok := FromInternationalDigits("390612345678")
	assert.True(t, ok)
	assert.Equal(t, "+390612345678", got)
}

// The calling code is the prefix that is one; FromParts reads its parts
// together, so a dialling code longer than the calling code works.
func TestCallingCodes(t *testing.T) {
	t.Parallel()
	for in, cc := range map[string]int{"+15125550143": 1, "+74951234567": 7, "+442079460958": 44, "+80012345678": 800, "+2250701234567": 225} {
		n, err := ParseE164(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, cc, n.CountryCode, in)
			assert.Equal(t, in, n.E164())
		}
	}
	for _, cc := range []string{"0", "065", "+-65", "6 5", "999", "65a"} {
		_, ok := FromParts(cc, "91234567")
		assert.False(t, ok, cc)
	}
	got, ok := FromParts("1684", "633 1234")
	assert.True(t, ok)
	assert.Equal(t, "+16846331234", got)
	_, err := ParseE164("+0 6591234567")
	assert.ErrorIs(t, err, ErrNotE164)
}
