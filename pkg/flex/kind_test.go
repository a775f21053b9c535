package flex

import (
	"encoding/json"
	"strings"
	"testing"
)

// Decoding errors name the JSON kind, never the value: values are customer
// data and errors reach logs.
func TestErrorsDoNotQuoteValues(t *testing.T) {
	t.Parallel()
	const secret = "221B Baker"
	for _, tc := range []struct {
		name string
		into any
		json string
		kind string
	}{
		{"Object from a string", new(Object[map[string]any]), `"` + secret + ` Street"`, "a string"},
		{"Object from a number", new(Object[map[string]any]), `2211`, "a number"},
		{"Bool from a string", new(Bool), `"` + secret + `"`, "a string"},
		{"Bool from an object", new(Bool), `{"street":"` + secret + `"}`, "an object"},
		{"Number from a string", new(Number), `"` + secret + `"`, "a string"},
		{"Number from a list", new(Number), `["` + secret + `"]`, "a list"},
	} {
		err := json.Unmarshal([]byte(tc.json), tc.into)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if strings.Contains(err.Error(), "Baker") || strings.Contains(err.Error(), "2211") {
			t.Errorf("%s: error quotes the value: %v", tc.name, err)
		}
		if !strings.Contains(err.Error(), "got "+tc.kind) {
			t.Errorf("%s: error %q does not name %s", tc.name, err, tc.kind)
		}
	}
	if _, err := ParseDate("1990-02-30"); err == nil || strings.Contains(err.Error(), "1990") {
		t.Errorf("ParseDate error %v", err)
	}
}
