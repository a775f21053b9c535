package jsonscan

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// hitpayPage is a HitPay list page of n customers.
func hitpayPage(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"9d8f2c1e-4b7a-4c3e-8f21-%012d","name":"Ada Lovelace","email":"ada%d@example.com",`+
			`"phone_number":"91234567","phone_number_country_code":"+65","birth_date":"1990-01-31","gender":"female",`+
			`"remark":"vip","address":{"city":"Singapore","country":"SG","postal_code":"018989","state":"SG","street":"1 Raffles Place"},`+
			`"created_at":"2026-12-02T10:00:00+08:00","updated_at":"2026-12-02T10:00:00+08:00"}`, i, i)
	}
	return []byte(`{"data":[` + strings.Join(items, ",") + `],"meta":{"next_cursor":null,"per_page":10}}`)
}

// BenchmarkAnswerChecks measures the checks every 2xx answer gets
// (backend.unclear) on a 10-customer list page.
//
//	go test -run '^$' -bench AnswerChecks -benchmem ./pkg/internal/jsonscan/
func BenchmarkAnswerChecks(b *testing.B) {
	page := hitpayPage(10)
	b.Run("RepeatedKey", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			RepeatedKey(page)
		}
	})
	b.Run("utf8.Valid", func(b *testing.B) {
		for b.Loop() {
			utf8.Valid(page)
		}
	})
}
