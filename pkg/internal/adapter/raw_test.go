package adapter

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A page is bounded by its longest list under any of its keys, found in one
// pass that allocates nothing.
func TestLongestList(t *testing.T) {
	keys := []string{"items", "data"}
	body := []byte(` {"items":[1,2],"DATA":[{"a":[1,2,3,4,5]},2,3],"other":[1,2,3,4],"data2":[1,2,3,4]} `)
	key, n := longestList(body, keys)
	assert.Equal(t, "DATA", string(key), "key")
	assert.Equal(t, 3, n, "count")
	assert.Zero(t, testing.AllocsPerRun(100, func() { longestList(body, keys) }), "allocations")
	key, n = longestList([]byte(`{"items":{"a":1},"data":"[1,2]"}`), keys)
	assert.Zero(t, n, "not a list: %s", key)
}

// BenchmarkWithoutKeys strips UseePay's echoed secrets from one customer.
//
//	go test -run '^$' -bench WithoutKeys -benchmem ./pkg/internal/adapter/
func BenchmarkWithoutKeys(b *testing.B) {
	raw := []byte(`{"id":"cus_4f2a9c1e7b","merchant_no":"500000000011235","app_id":"app_7Hq2Lx","merchant_customer_id":"CRM-000418",` +
		`"name":"Li Wei","first_name":"Wei","last_name":"Li","email":"li.wei@example.com","phone":"+8613800138000",` +
		`"description":"Wholesale buyer, Shanghai office","metadata":{"crm_owner":"alice","segment":"wholesale"},` +
		`"shipping":{"address":{"city":"Shanghai","country":"CN","line1":"1000 Zhangjiang Road","postcode":"201203"}},` +
		`"create_at":"2026-12-02T10:00:00+08:00","modify_at":"2026-12-02T10:00:00+08:00"}`)
	b.ReportAllocs()
	for b.Loop() {
		WithoutKeys(raw, "merchant_no", "app_id")
	}
}
