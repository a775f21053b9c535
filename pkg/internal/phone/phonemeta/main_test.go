package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/multipay/multipay/pkg/internal/phone"
	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// libphonenumberPossible is what the phone package replaces: Parse
// succeeds, the national number is not rewritten (no national prefix
// stripped or area code inserted: it formats back to what was written), and
// IsPossibleNumber holds for a national number that is not zero.
func libphonenumberPossible(e164 string) (possible, rewritten bool) {
	pn, err := phonenumbers.Parse(e164, "ZZ")
	if err != nil || pn.GetExtension() != "" || pn.GetNationalNumber() == 0 || !phonenumbers.IsPossibleNumber(pn) {
		return false, false
	}
	if phonenumbers.Format(pn, phonenumbers.E164) != e164 {
		return false, true
	}
	return true, false
}

// corpus is every calling code followed by 1 to 17 national digits in
// several non-zero patterns.
func corpus() []string {
	var numbers []string
	for _, cc := range callingCodes() {
		for l := 1; l <= maxNational; l++ {
			for _, pattern := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "123456789", "987654321", "10", "80", "90"} {
				numbers = append(numbers, "+"+strconv.Itoa(cc)+strings.Repeat(pattern, maxNational)[:l])
			}
		}
	}
	return numbers
}

// The generated table gives the phone package libphonenumber's answer for
// every calling code and length, except where libphonenumber rewrites the
// national number (strips a national prefix or carrier code, inserts an area
// code) and stores another number: there the phone package keeps the digits
// as written, and accepts them when their length is possible (the class its
// doc describes).
func TestTableAgreesWithLibphonenumber(t *testing.T) {
	t.Parallel()
	numbers := corpus()
	require.Greater(t, len(numbers), 200*maxNational*10, "too few calling codes")
	keptAsWritten := 0
	for _, e164 := range numbers {
		_, err := phone.ParseE164(e164)
		want, rewritten := libphonenumberPossible(e164)
		switch {
		case (err == nil) == want:
		case rewritten:
			keptAsWritten++
		default:
			t.Errorf("%s: phone.ParseE164 error %v, libphonenumber possible %v", e164, err, want)
		}
	}
	t.Logf("%d numbers, %d accepted as written where libphonenumber rewrites them", len(numbers), keptAsWritten)
	assert.Less(t, keptAsWritten, len(numbers)/100, "the rewritten class grew: update the phone package doc")
}

// The providers' documented example numbers pass both rules.
func TestProvidersExamplesArePossible(t *testing.T) {
	t.Parallel()
	for _, e164 := range []string{
		"+11234567890", "+15551234567", "+15125550143", // Soap: 123-456-7890, 555-123-4567, 5125550143 with +1
		"+237600000000", "+237600000001", "+237690112233", // Notch Pay
		"+6591234567", "+6587654321", // HitPay: 91234567 and 87654321 with 65
		"+8613800138000", "+8613425175671", // UseePay
	} {
		n, err := phone.ParseE164(e164)
		require.NoError(t, err, e164)
		assert.Equal(t, e164, n.E164())
		possible, _ := libphonenumberPossible(e164)
		assert.True(t, possible, e164)
	}
	got, ok := phone.FromParts("1", "123-456-7890")
	assert.True(t, ok)
	assert.Equal(t, "+11234567890", got)
	got, ok = phone.FromInternationalDigits("237600000000")
	assert.True(t, ok)
	assert.Equal(t, "+237600000000", got)
}

// A trunk 0 after the country code is refused, where libphonenumber
// silently stripped it.
func TestTrunkPrefixIsNotStripped(t *testing.T) {
	t.Parallel()
	_, err := phone.ParseE164("+44 07911 123456")
	assert.ErrorIs(t, err, phone.ErrNotE164)
	_, rewritten := libphonenumberPossible("+4407911123456")
	assert.True(t, rewritten, "libphonenumber no longer strips the trunk 0: update the phone package doc")
}

func TestCheckPrefixFree(t *testing.T) {
	t.Parallel()
	require.NoError(t, checkPrefixFree(callingCodes()))
	assert.ErrorContains(t, checkPrefixFree([]int{1, 7, 12}), "12 begins with calling code 1")
	assert.Error(t, checkPrefixFree([]int{1234}))
}

func TestPossibleLengths(t *testing.T) {
	t.Parallel()
	assert.Equal(t, uint32(1<<7|1<<10), possibleLengths(1), "NANP: 10 digits, 7 local only (US metadata)")
	assert.Equal(t, uint32(1<<8), possibleLengths(800), "a non-geographic entity")
	assert.Zero(t, possibleLengths(999), "not a calling code")
}
