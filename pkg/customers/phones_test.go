package customers_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// phoneReadBack is one provider's stored phone and what the facade reads.
type phoneReadBack struct {
	provider string
	stored   string // the customer in the provider's wire JSON
	want     string // Customer.Phone
	field    string // the wire field holding the digits
}

// The read-back rule per provider: bare digits become E.164 only where the
// provider documents that they carry a country code (Notch Pay), or where
// another field gives it (HitPay's phone_number_country_code; Soap, which
// documents North American numbers only); otherwise (UseePay) they come back
// as sent. Nothing is guessed.
var phoneReadBacks = []phoneReadBack{
	{"hitpay", `{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","email":"a@example.com","phone_number":"91234567","phone_number_country_code":"65"}`, "+6591234567", "phone_number"},
	{"hitpay", `{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305e","email":"b@example.com","phone_number":"91234567"}`, "91234567", "phone_number"},
	{"notchpay", `{"id":"cus_phone1","email":"a@example.cm","phone":"237600000000"}`, "+237600000000", "phone"},
	{"useepay", `{"id":"cus_PHONE1","name":"Li Wei","merchant_customer_id":"CRM-P1","phone":"13800138000"}`, "13800138000", "phone"},
	{"useepay", `{"id":"cus_PHONE2","name":"Li Wei","merchant_customer_id":"CRM-P2","phone":"+8613800138000"}`, "+8613800138000", "phone"},
}

// A phone is read back by the documented rule, and a Get then Update that
// sets the same Phone leaves the provider's stored phone as it was: either
// the same digits are written back, or (a phone that is not E.164) the
// update is refused before sending.
func TestPhoneReadBackAndRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range phoneReadBacks {
		t.Run(tc.provider+"/"+tc.want, func(t *testing.T) {
			t.Parallel()
			srv, svc := connectAll(t, tc.provider)
			id, err := srv.Put(json.RawMessage(tc.stored))
			require.NoError(t, err)
			got, err := svc.Get(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Phone)
			before := storedField(t, srv.Customer, id, tc.field)
			_, err = svc.Update(context.Background(), id, &customers.UpdateParams{Phone: customers.Set(got.Phone)})
			if err != nil {
				assert.ErrorIs(t, err, customers.ErrInvalidRequest, "a failed write-back must be refused, not sent")
			}
			assert.Equal(t, before, storedField(t, srv.Customer, id, tc.field), "the stored phone changed")
		})
	}
}

// Soap has no Get: its read path is Search, whose answer is read the same
// way (ten digits, +1 from the documented region).
func TestSoapPhoneReadBack(t *testing.T) {
	t.Parallel()
	_, svc := connectAll(t, "soap")
	c, err := svc.Create(context.Background(), &customers.CreateParams{FirstName: "Ada", LastName: "King",
		Email: "ada@example.com", Phone: "+15125550143"})
	require.NoError(t, err)
	assert.Equal(t, "+15125550143", c.Phone)
}

func storedField(t *testing.T, get func(string) (json.RawMessage, bool), id, field string) any {
	t.Helper()
	raw, ok := get(id)
	require.True(t, ok)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m[field]
}
