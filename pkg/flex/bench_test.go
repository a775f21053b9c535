package flex

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkObject decodes a page of ten customers with an address each, as
// Object (the generated models) and as a plain pointer (a hand-written
// client): the difference is what Object costs a list page.
//
//	go test -run '^$' -bench Object -benchmem ./pkg/flex/
func BenchmarkObject(b *testing.B) {
	type address struct {
		City       string `json:"city,omitempty"`
		Country    string `json:"country,omitempty"`
		PostalCode string `json:"postal_code,omitempty"`
		State      string `json:"state,omitempty"`
		Street     string `json:"street,omitempty"`
	}
	item := `{"id":"x","address":{"city":"Singapore","country":"SG","postal_code":"018989","state":"SG","street":"1 Raffles Place"}}`
	page := []byte(`{"data":[` + strings.Repeat(item+",", 9) + item + `]}`)
	b.Run("Object", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Data []struct{ Address Object[address] }
			}
			require.NoError(b, json.Unmarshal(page, &v))
		}
	})
	b.Run("pointer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Data []struct{ Address *address }
			}
			require.NoError(b, json.Unmarshal(page, &v))
		}
	})
}

// BenchmarkDateMarshal is what a create's birth date costs to encode.
func BenchmarkDateMarshal(b *testing.B) {
	b.ReportAllocs()
	d := NewDate(1990, 5, 17)
	for b.Loop() {
		_, err := d.MarshalJSON()
		require.NoError(b, err)
	}
}
