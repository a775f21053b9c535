package customers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
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

// Every value a provider returns is accepted back: a customer of each of
// the spec's examples, stored at the fake and read back, is written back
// whole with Update (every field the provider can update) and found by each
// criterion the provider searches on. Strictness beyond the provider's own
// refused its documented data: Soap's 123-456-7890 and 555-123-4567 came
// back as +11234567890 and +15551234567 and were then refused as "not a
// valid North American number" (issue 18).
func TestValuesReadBackAreAcceptedBack(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		examples := specCustomers(t, name)
		require.NotEmpty(t, examples, name)
		for i, raw := range examples {
			t.Run(fmt.Sprintf("%s/%d", name, i), func(t *testing.T) {
				t.Parallel()
				srv, svc := connectAll(t, name)
				id, err := srv.Put(raw)
				require.NoError(t, err, "%s", raw)
				c := readBack(t, svc, id, raw)
				if u := sameValues(c, svc.Capabilities()); u != nil {
					_, err = svc.Update(context.Background(), id, u)
					require.NoError(t, err, "write back %s", raw)
				}
				s, ok := svc.(customers.Searcher)
				if !ok {
					return
				}
				for _, q := range searchesFor(c, svc.Capabilities()) {
					for _, err := range s.Search(context.Background(), &q) {
						require.NoError(t, err, "search %+v", q)
					}
				}
			})
		}
	}
}

// readBack reads the stored customer id through the facade: Get, or a
// search by its e-mail where the provider has no Get (Soap).
func readBack(t *testing.T, svc customers.Service, id string, raw json.RawMessage) *customers.Customer {
	t.Helper()
	if svc.Capabilities().Supports(customers.OpGet) {
		c, err := svc.Get(context.Background(), id)
		require.NoError(t, err, "%s", raw)
		return c
	}
	var stored struct{ Email string }
	require.NoError(t, json.Unmarshal(raw, &stored))
	for c, err := range svc.(customers.Searcher).Search(context.Background(), &customers.SearchParams{Email: stored.Email}) {
		require.NoError(t, err, "%s", raw)
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("search did not find %s", raw)
	return nil
}

// sameValues sets, on an update, every field of c the provider can update
// to the value c holds; nil when there is none. A phone read back as stored,
// without a country code (UseePay's "134251756712", HitPay's digits without
// phone_number_country_code), is written back too: it is sent unchanged.
func sameValues(c *customers.Customer, caps customers.Capabilities) *customers.UpdateParams {
	u := &customers.UpdateParams{}
	set := false
	for _, f := range customers.Fields() {
		v := f.FromCustomer(c)
		if !slices.Contains(caps.Update, f.Field) || reflect.ValueOf(v).IsZero() {
			continue
		}
		f.PutUpdate(u, v)
		set = true
	}
	if !set {
		return nil
	}
	return u
}

// searchesFor are one search per criterion the provider honours, each with
// c's value.
func searchesFor(c *customers.Customer, caps customers.Capabilities) []customers.SearchParams {
	values := map[customers.Field]customers.SearchParams{
		customers.FieldQuery: {Query: c.Name}, customers.FieldEmail: {Email: c.Email},
		customers.FieldExternalID: {ExternalID: c.ExternalID}, customers.FieldPhone: {Phone: c.Phone},
	}
	var out []customers.SearchParams
	for _, f := range caps.Search {
		if q, ok := values[f]; ok && q != (customers.SearchParams{}) {
			out = append(out, q)
		}
	}
	return out
}

// specCustomers are the customers in the answers of a spec's examples:
// every object with an id and an e-mail or phone.
func specCustomers(t *testing.T, provider string) []json.RawMessage {
	t.Helper()
	doc, err := specs.Load(context.Background(), provider)
	require.NoError(t, err)
	seen := map[string]bool{}
	var out []json.RawMessage
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if isCustomer(v) {
				raw, err := json.Marshal(v)
				require.NoError(t, err)
				if !seen[string(raw)] {
					seen[string(raw)] = true
					out = append(out, raw)
				}
				return
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if strings.Contains(strings.ToLower(op.OperationID), "payment") {
				continue
			}
			for _, resp := range op.Responses.Map() {
				for _, mt := range resp.Value.Content {
					walk(mt.Example)
					for _, ex := range mt.Examples {
						walk(ex.Value.Value)
					}
				}
			}
		}
	}
	return out
}

func isCustomer(m map[string]any) bool {
	_, id := m["id"].(string)
	_, email := m["email"]
	_, phone := m["phone"]
	_, phoneNumber := m["phone_number"]
	return id && (email || phone || phoneNumber)
}
