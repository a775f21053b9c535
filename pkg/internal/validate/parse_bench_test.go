package validate

import "testing"

// BenchmarkParse parses a UseePay create body, the largest the adapters send.
//
//	go test -run '^$' -bench Parse -benchmem ./pkg/internal/validate/
func BenchmarkParse(b *testing.B) {
	body := `{"address":"1000 Zhangjiang Road","description":"Wholesale buyer, Shanghai office","email":"li.wei@example.com",` +
		`"first_name":"Wei","last_name":"Li","merchant_customer_id":"CRM-000418","metadata":{"crm_owner":"alice","segment":"wholesale"},` +
		`"name":"Li Wei","phone":"+8613800138000","shipping":{"address":{"city":"Shanghai","country":"CN","line1":"1000 Zhangjiang Road",` +
		`"line2":"Building 3","postcode":"201203","state":"Shanghai"},"first_name":"Wei","last_name":"Li","name":"Li Wei",` +
		`"phone":"+8613800138000","shipping_method":"express"}}`
	b.ReportAllocs()
	for b.Loop() {
		d, ok := parseDocument(body)
		if !ok {
			b.Fatal("not JSON")
		}
		d.release()
	}
}
