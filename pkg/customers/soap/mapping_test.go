package soap

import (
	"testing"

	"github.com/multipay/multipay/pkg/customers"

	"github.com/stretchr/testify/assert"
)

// Soap documents no error body: every shape a Rails app sends must decode.
func TestDecodeErrorShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status  int
		body    string
		message string
		code    string
		field   string
		kind    error
	}{
		{422, `{"errors":["Email has already been taken"]}`, "Email has already been taken", "", "", customers.ErrConflict},
		{422, `{"errors":{"phone_number":["must be 10 digits"]}}`, "", "", "phone_number", nil},
		{404, `{"error":"Customer not found"}`, "Customer not found", "", "", nil},
		{404, `{"error":{"code":"not_found","message":"No customer cus_x"}}`, "No customer cus_x", "not_found", "", nil},
		{401, `{"message":["Unauthorized","Bad key"]}`, "Unauthorized; Bad key", "", "", nil},
		{502, `<html>bad gateway</html>`, "", "", "", nil},
	}
	for _, c := range cases {
		pe := decodeError(c.status, []byte(c.body))
		assert.Equal(t, c.message, pe.Message, "%s: message", c.body)
		assert.Equal(t, c.code, pe.Code, "%s: code", c.body)
		assert.ErrorIs(t, pe.Kind, c.kind, "%s: kind", c.body)
		if c.field != "" {
			assert.NotEmpty(t, pe.Fields[c.field], "%s: fields %v", c.body, pe.Fields)
		}
	}
}
