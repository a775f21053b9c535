package adapter

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// notchPage is a Notch Pay list page of n customers, metadata included.
func notchPage(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"cus_%d","name":"Ada Lovelace","email":"ada%d@example.com","phone":"237600000001",`+
			`"metadata":{"crm":"7","n":12},"address":{"address_line1":"1 Rue","city":"Douala","country":"CM"},`+
			`"blocked":false,"created_at":"2026-12-02 10:00:00"}`, i, i)
	}
	return []byte(`{"code":200,"last_page":3,"current_page":1,"items":[` + strings.Join(items, ",") + `]}`)
}

// BenchmarkRawReaders measures what the one-pass readers save over the
// decoding they are fuzzed against (the *Slow twins in adapter_test.go),
// which is why they are kept: run with -benchmem.
//
//	go test -run '^$' -bench RawReaders -benchmem ./pkg/internal/adapter/
func BenchmarkRawReaders(b *testing.B) {
	page := notchPage(10)
	single := []byte(`{"code":200,"customer":` + string(rawItems(notchPage(1), "items", 0)[0]) + `}`)
	md := json.RawMessage(`{"crm":"7","n":12,"plan":"gold"}`)
	for _, bm := range []struct {
		name string
		run  func()
	}{
		{"RawItems/scan", func() { _ = rawItems(page, "items", 0) }},
		{"RawItems/decode", func() { _ = rawItemsSlow(page, "items") }},
		{"RawAt/scan", func() { _ = RawAt(single, "customer") }},
		{"RawAt/decode", func() { _ = rawAtSlow(single, "customer") }},
		{"MetadataStrings/scan", func() { _ = MetadataStrings(md) }},
		{"MetadataStrings/decode", func() { _ = metadataSlow(md) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bm.run()
			}
		})
	}
}
