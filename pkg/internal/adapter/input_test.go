package adapter

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/multipay/multipay/pkg/customers"
)

func TestIsCountry(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"SG", "sg", "US", "CM", "CN", "AQ", "SS", "GB", "AD", "ZW", "zw"} {
		assert.True(t, IsCountry(c), c)
	}
	for _, c := range []string{"", "XX", "ZZ", "UK", "EU", "SGP", "S", "s g", "QM", "D ", " A", "  ", "DA", "WZ"} {
		assert.False(t, IsCountry(c), c)
	}
	// IsCountry relies on the layout: 249 codes, each two letters and a
	// space, in order (a binary search); every one of them is found.
	codes := strings.Fields(isoCountries)
	assert.Len(t, codes, 249)
	assert.Len(t, isoCountries, 3*249)
	assert.True(t, slices.IsSorted(codes), "isoCountries out of order")
	for _, c := range codes {
		assert.True(t, IsCountry(c), c)
	}
}

// The birth-date window is inclusive at both ends: 1900-01-01 and today
// (anywhere on Earth) are accepted.
func TestBirthDateWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC) // already 2026-12-02 15:00 in UTC+14
	cases := map[customers.Date]bool{
		customers.NewDate(1900, 1, 1):   true,
		customers.NewDate(1899, 12, 31): false,
		customers.NewDate(2026, 12, 2):  true,
		customers.NewDate(2026, 12, 3):  false,
		customers.NewDate(1990, 2, 30):  false,
	}
	for d, ok := range cases {
		pr := problems{}
		pr.birthDate("BirthDate", d, now)
		assert.Equal(t, ok, len(pr) == 0, "%v: %v", d, pr)
	}
}

// Text rules: what is refused, and that ordinary international text is not.
func TestTextRules(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"Zoë Ñúñez", "李伟", "محمد", "O'Brien-Smith", "Ada\u00a0King"} {
		pr := problems{}
		pr.name("Name", ok)
		assert.Empty(t, pr, ok)
	}
	for _, bad := range []string{"a\x00", "a\tb", "a\nb", "\x1b[0m", "a\u0085", "a\u2028b", "\xff", "a\u202eb", "\u2066x"} {
		pr := problems{}
		pr.name("Name", bad)
		assert.NotEmpty(t, pr, "%q", bad)
	}
	pr := problems{}
	pr.text("Description", "a\u202eb")
	assert.Empty(t, pr, "bidi characters are allowed outside names")
}

// E-mails are held to RFC 5321's lengths, inclusive (254 in all, 64 before
// the @), and hold no white space; one message per address.
func TestEmailBounds(t *testing.T) {
	t.Parallel()
	local64 := strings.Repeat("a", 64)
	at254 := local64 + "@" + strings.Repeat("b", 254-64-1-4) + ".com"
	cases := map[string]bool{
		"ada@example.com":              true,
		at254:                          true,
		"x" + at254:                    false,
		local64 + "@example.com":       true,
		"a" + local64 + "@example.com": false,
		"ada king@example.com":         false,
		"ada@example.com\u00a0":        false,
		"ada@example.com\n":            false,
		"\"a@b\"@" + strings.Repeat("c", 60) + ".com": true, // the last @ ends the local part
	}
	for v, ok := range cases {
		pr := problems{}
		pr.email("Email", v)
		assert.Equal(t, ok, len(pr) == 0, "%q: %v", v, pr)
		assert.LessOrEqual(t, len(pr["Email"]), 1, "%q: %v", v, pr)
	}
}

// A phone read back from its parts is E.164 when they make a number, and
// the stored digits otherwise: nothing is invented, nothing dropped.
func TestPhoneFrom(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "+6591234567", PhoneFrom("65", "91234567"))
	assert.Equal(t, "+6591234567", PhoneFrom("+65", "9123 4567"))
	assert.Equal(t, "91234567", PhoneFrom("", "91234567"), "no country code")
	assert.Equal(t, "", PhoneFrom("65", ""), "no number")
}

// Phone: "+" means E.164 everywhere; a phone without "+" passes only where
// the provider stores phones without a country code, only in that form, and
// comes back unchanged. The refusal names both forms the provider accepts.
func TestPhoneForms(t *testing.T) {
	t.Parallel()
	stored := &StoredPhone{Digits: true, Min: 8, Max: 15, Is: "8 to 15 digits"}
	n, asStored, err := Phone("p", customers.OpUpdate, "Phone", "87654321", stored)
	assert.NoError(t, err)
	assert.Equal(t, "87654321", asStored, "a stored form is sent unchanged")
	assert.Zero(t, n, "no country is guessed")

	n, asStored, err = Phone("p", customers.OpUpdate, "Phone", "+6591234567", stored)
	assert.NoError(t, err)
	assert.Empty(t, asStored)
	assert.Equal(t, "+6591234567", n.E164())

	for _, bad := range []string{"8765432", "8765 4321", "+10000000000", "+12345"} {
		_, _, err = Phone("p", customers.OpUpdate, "Phone", bad, stored)
		if assert.ErrorIs(t, err, customers.ErrInvalidRequest, bad) {
			assert.Contains(t, err.Error(), "E.164", bad)
			assert.Contains(t, err.Error(), `without "+" as stored: 8 to 15 digits`, bad)
			assert.NotContains(t, err.Error(), bad, "the value is customer data")
		}
	}
	_, _, err = Phone("p", customers.OpCreate, "Phone", "87654321", nil)
	if assert.ErrorIs(t, err, customers.ErrInvalidRequest, "no stored form: E.164 only") {
		assert.NotContains(t, err.Error(), `without "+"`)
	}
}

// The stored forms are the specs' patterns: HitPay ^[0-9]{8,15}$, Soap
// ^[0-9]{10}$, UseePay any text of 1 to 32 characters on one line.
func TestStoredPhoneForms(t *testing.T) {
	t.Parallel()
	digits := &StoredPhone{Digits: true, Min: 8, Max: 15}
	text := &StoredPhone{Min: 1, Max: 32}
	for _, tc := range []struct {
		form *StoredPhone
		v    string
		fits bool
	}{
		{digits, "91234567", true}, {digits, "123456789012345", true},
		{digits, "1234567", false}, {digits, "1234567890123456", false},
		{digits, "9123 4567", false}, {digits, "９１２３４５６７", false}, {digits, "", false},
		{text, "0755 1234", true}, {text, "电话 0755 1234", true}, {text, strings.Repeat("电", 32), true},
		{text, strings.Repeat("电", 33), false}, {text, "", false}, {text, "0755\n1234", false},
	} {
		assert.Equal(t, tc.fits, tc.form.fits(tc.v), "%q", tc.v)
	}
}
