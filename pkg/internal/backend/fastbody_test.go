package backend_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/internal/backend"
)

// bodyCase is a request body the facade sends (as the adapters build it for
// the conformance samples), by provider, method and path.
type bodyCase struct {
	provider, method, path, body string
}

var bodyCases = []bodyCase{
	{"hitpay", "POST", "/v1/customers", `{"address":{"city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore","street":"1 Raffles Place"},"birth_date":"1990-05-17","email":"ada@example.com","gender":"female","name":"Ada Lovelace","phone_number":"5125550142","phone_number_country_code":"1","remark":"d"}`},
	{"hitpay", "PATCH", "/v1/customers/10df3bcf-f713-4c97-bfd0-09441215a548", `{"name":"Ada King","remark":null,"address":null,"birth_date":"1990-05-18","email":"ada.king@example.com","phone_number":"91234567","phone_number_country_code":"65"}`},
	{"notchpay", "POST", "/customers", `{"address":{"address_line1":"1 Raffles Place","city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore"},"billing":{"address_line1":"1 Raffles Place","city":"Singapore","country":"SG","postal_code":"048616","state":"Singapore"},"company_name":"AE","email":"ada@example.com","metadata":{"source":"bench"},"name":"Ada Lovelace","phone":"15125550142"}`},
	{"notchpay", "POST", "/customers/cus_rApwYFVqeiq0RwHr", `{"name":"Ada King","email":"ada.king@example.com","phone":"6591234567","metadata":{"a":"b"}}`},
	{"soap", "POST", "/api/v1/customers", `{"date_of_birth":"1990-05-17","email":"ada@example.com","first_name":"Ada","internal_id":"x-1","last_name":"Lovelace","phone_number":"5125550142"}`},
	{"soap", "PATCH", "/api/v1/customers/cus_mIhZAK9l6v19BImWnwpCSlUEpefHAGqo", `{"email":"ada.king@example.com","first_name":"Ada","last_name":"King","phone_number":"5125550143","date_of_birth":"1990-05-18"}`},
	{"useepay", "POST", "/api/v1/customers/create", `{"address":{"city":"Singapore","country":"SG","line1":"1 Raffles Place","line2":"#20-01","postcode":"048616","state":"Singapore"},"description":"d","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","merchant_customer_id":"x-1","metadata":{"source":"bench"},"name":"Ada Lovelace","phone":"+15125550142","shipping":{"name":"Ada","phone":"+15125550143","address":{"city":"Singapore","country":"SG","line1":"1 Raffles Place","postcode":"048616","state":"Singapore"}}}`},
	{"useepay", "POST", "/api/v1/customers/cus_P69VFTD51CU68", `{"name":"Ada King","description":null,"metadata":{"k":"v"}}`},
}

// tricky values every leaf and object is replaced with in turn: what the
// conformance suite and the adapters' bad-input tests send (bad e-mails,
// phones, dates, countries, empty and long strings) and what a caller of a
// typed struct cannot, but a broken adapter could (wrong types, nulls).
var tricky = []string{
	`""`, `"not-an-email"`, `"12345"`, `"+6591234567"`, `"1990-02-30"`, `"2024-13-01"`, `"sg"`, `"SGP"`, `"x"`,
	`"` + strings.Repeat("a", 300) + `"`, `"ü\u00e9"`, `"a\"b"`, `"\u0000"`, `"<script>"`, `" "`, `"male"`, `"other"`,
	`null`, `true`, `0`, `-1`, `1.5`, `{}`, `[]`, `["a"]`, `{"x":"y"}`, `{"city":null}`,
}

// mutations returns body with each value (at any depth) replaced by each
// tricky value, each key removed, and an unknown key added at each level.
func mutations(t *testing.T, body string) []string {
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	var out []string
	emit := func() {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			old := m[k]
			for _, tv := range tricky {
				var nv any
				require.NoError(t, json.Unmarshal([]byte(tv), &nv))
				m[k] = nv
				emit()
			}
			delete(m, k)
			emit()
			m[k] = old
			if sub, ok := old.(map[string]any); ok {
				walk(sub)
			}
		}
		m["unknown_field"] = "x"
		emit()
		delete(m, "unknown_field")
	}
	walk(v)
	return append(out, `{}`, `{"a":1,"a":2}`, `{"name":"A","name":null}`)
}

// The fast check accepts only bodies the full kin-openapi validation
// accepts: on every body the adapters build for the conformance samples
// and on every mutation of them towards the bad inputs the conformance
// suite and the adapters' tests send. It must also accept the bodies
// themselves, or it saves nothing.
func TestFastBodyCheckAcceptsOnlyWhatFullValidationAccepts(t *testing.T) {
	t.Parallel()
	for _, c := range bodyCases {
		t.Run(c.provider+" "+c.method+" "+c.path, func(t *testing.T) {
			fast, full, err := backend.FastAndFull(c.provider, c.method, "http://x"+c.path, []byte(c.body))
			require.NoError(t, err)
			require.True(t, full, "the sample body is valid")
			assert.True(t, fast, "the fast check accepts the sample body")
			agree, refused, total := 0, 0, 0
			for _, m := range mutations(t, c.body) {
				fast, full, err := backend.FastAndFull(c.provider, c.method, "http://x"+c.path, []byte(m))
				require.NoError(t, err)
				total++
				assert.False(t, fast && !full, "fast check accepts what the full validation refuses: %s", m)
				if fast == full {
					agree++
				}
				if !full {
					refused++
				}
			}
			t.Logf("%d mutations: %d refused by the full validation; the fast check agrees on %d", total, refused, agree)
		})
	}
}

func FuzzFastBodyCheck(f *testing.F) {
	for i, c := range bodyCases {
		f.Add(i, []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, i int, body []byte) {
		if i < 0 {
			i = -i
		}
		c := bodyCases[i%len(bodyCases)]
		fast, full, err := backend.FastAndFull(c.provider, c.method, "http://x"+c.path, body)
		if err != nil {
			t.Skip()
		}
		require.False(t, fast && !full, "fast check accepts what the full validation refuses: %s", body)
	})
}
