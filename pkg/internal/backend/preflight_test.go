package backend

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hitpayCreate = `{"email":"ada@example.com","name":"Ada Lovelace","phone_number":"5125550142","phone_number_country_code":"1"}`

func newCreate(t testing.TB, body io.Reader) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://api.example/v1/customers", body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Business-Api-Key", "k")
	return req
}

func readAll(t *testing.T, r io.ReadCloser) string {
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

// The check reads the body and leaves the request ready to send, and to
// send again (GetBody), with the same bytes, whatever reader it came with.
func TestPreflightLeavesTheBodyToSend(t *testing.T) {
	t.Parallel()
	p := PreflightFor("hitpay")
	for name, body := range map[string]io.Reader{
		"bytes.Reader (the generated requests)": bytes.NewReader([]byte(hitpayCreate)),
		"a reader net/http cannot rewind":       io.MultiReader(strings.NewReader(hitpayCreate)),
	} {
		req := newCreate(t, body)
		m, fields, err := p.Check(req, "")
		require.NoError(t, err, name)
		assert.Empty(t, fields, name)
		assert.Equal(t, "createCustomer", m.Operation, name)
		assert.Equal(t, hitpayCreate, readAll(t, req.Body), name)
		require.NotNil(t, req.GetBody, name)
		for range 2 {
			again, err := req.GetBody()
			require.NoError(t, err, name)
			assert.Equal(t, hitpayCreate, readAll(t, again), name)
		}
	}
}

// Checking a create costs the body read once and the reader handed back:
// no decoding into maps, no copies of the body, no header name rewritten.
func TestPreflightAllocations(t *testing.T) {
	p := PreflightFor("hitpay")
	allocs := testing.AllocsPerRun(200, func() {
		req := newCreate(t, bytes.NewReader([]byte(hitpayCreate)))
		if _, _, err := p.Check(req, ""); err != nil {
			t.Fatal(err)
		}
	})
	base := testing.AllocsPerRun(200, func() { newCreate(t, bytes.NewReader([]byte(hitpayCreate))) })
	limit := 3.0 // the body as a string, its reader, and the string builder
	if raceEnabled {
		limit += 4
	}
	assert.LessOrEqual(t, allocs-base, limit, "the request alone: %v", base)
}
