package soap

import (
	"errors"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
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
		if pe.Message != c.message || pe.Code != c.code || !errors.Is(pe.Kind, c.kind) {
			t.Errorf("%s: message %q code %q kind %v", c.body, pe.Message, pe.Code, pe.Kind)
		}
		if c.field != "" && len(pe.Fields[c.field]) == 0 {
			t.Errorf("%s: fields %v", c.body, pe.Fields)
		}
	}
}
