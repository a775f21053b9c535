package phone

import (
	"fmt"
	"sync"
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
		region   string
		ok       bool
	}{
		{"+6591234567", 65, "91234567", "SG", true},
		{" +237 6 71 23 45 67", 237, "671234567", "CM", true},
		{"+15125550143", 1, "5125550143", "US", true},
		{"+8613425175671", 86, "13425175671", "CN", true},
		{"6591234567", 0, "", "", false}, // no +
		{"+65", 0, "", "", false},
		{"+659123456789012345", 0, "", "", false},
		{"not a phone", 0, "", "", false},
		{"+65 9123 4567 ext. 89", 0, "", "", false}, // an extension would be dropped
		{"+6591234567;ext=12", 0, "", "", false},
		{"+1-800-FLOWERS", 0, "", "", false}, // letters would be converted
		{"+1 (512) 555-0143", 1, "5125550143", "US", true},
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
			assert.Equal(t, c.region, n.Region(), c.in)
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

func TestParseCacheIsBoundedAndAgreesWithTheLibrary(t *testing.T) { // not parallel: it shrinks the cache
	defer func(n int64) { cacheSize = n }(cacheSize)
	cacheSize = 50
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2*cacheSize + 10 {
				s := fmt.Sprintf("+6591%06d", (int(i)*7+g)%1000000)
				got, err := ParseE164(s)
				want, werr := parseUncached(s)
				assert.Equal(t, want, got, s)
				assert.Equal(t, werr, err, s)
			}
		}()
	}
	wg.Wait()
	for _, c := range []interface {
		count() (int64, int)
	}{&parses} {
		size, n := c.count()
		assert.LessOrEqual(t, size, cacheSize)
		assert.LessOrEqual(t, int64(n), cacheSize+4) // puts racing a clear may land just after it
	}
}

func (c *boundedCache[V]) count() (size int64, entries int) {
	c.m.Range(func(any, any) bool { entries++; return true })
	return c.size.Load(), entries
}

func TestCachedConversionsAllocateLittle(t *testing.T) {
	_, _ = ParseE164("+6591234567")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ParseE164("+6591234567") }))
	_, _ = FromParts("65", "91234567")
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _, _ = FromParts("65", "91234567") }), 3.0)
}

// A number libphonenumber cannot write back as itself is refused rather
// than stored as another number.
func TestNumbersThatDoNotRoundTripAreRefused(t *testing.T) {
	t.Parallel()
	_, err := ParseE164("+4900000000")
	assert.ErrorIs(t, err, ErrNotE164)
	n, err := ParseE164("+44 (0) 20 7946 0958")
	require.NoError(t, err, "a trunk prefix in brackets is a known notation, not a change")
	assert.Equal(t, "+442079460958", n.E164())
}
