package flex

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
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
		if !assert.Error(t, err, tc.name) {
			continue
		}
		assert.NotContains(t, err.Error(), "Baker", "%s: error quotes the value", tc.name)
		assert.NotContains(t, err.Error(), "2211", "%s: error quotes the value", tc.name)
		assert.ErrorContains(t, err, "got "+tc.kind, tc.name)
	}
	_, err := ParseDate("1990-02-30")
	if assert.Error(t, err, "ParseDate") {
		assert.NotContains(t, err.Error(), "1990", "ParseDate error quotes the value")
	}
}
