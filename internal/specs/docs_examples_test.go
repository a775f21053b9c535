package specs_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
)

// docsExample is one JSON example from the provider documentation pages the
// project started from (shared/seeds), recorded as the set of key paths it
// has. The spec must hold a named example ("docs…") with exactly these keys,
// its placeholder values replaced by realistic ones; strict validation already
// checks that every example fits its schema. The operation must have the
// page's method and path, and a response example must sit under the status
// the page shows (any 2xx when the page shows none).
type docsExample struct {
	provider, operation string
	method, path        string
	response            bool   // false: request body
	status              string // the page's response status; "" when it shows none
	keys                string
}

var docsExamples = []docsExample{
	{"hitpay", "updateCustomer", "PATCH", "/v1/customers/{customer_id}", false, "", "birth_date email gender name phone_number phone_number_country_code remark"},
	{"hitpay", "updateCustomer", "PATCH", "/v1/customers/{customer_id}", true, "", hitpayCustomerKeys},
	{"hitpay", "createCustomer", "POST", "/v1/customers", false, "", "address.city address.country address.postal_code address.state address.street birth_date email gender name phone_number phone_number_country_code remark"},
	{"hitpay", "createCustomer", "POST", "/v1/customers", true, "201", hitpayCustomerKeys},
	{"notchpay", "updateCustomer", "POST", "/customers/{id}", false, "", "address.address_line1 address.address_line2 address.city address.country address.postal_code address.state billing.address_line1 billing.address_line2 billing.city billing.country billing.postal_code billing.state company_name email metadata name phone"},
	{"notchpay", "updateCustomer", "POST", "/customers/{id}", true, "202", "code customer.address.address_line1 customer.address.city customer.address.country customer.blocked customer.company_name customer.created_at customer.email customer.id customer.name customer.phone customer.updated_at message status"},
	{"soap", "updateCustomer", "PATCH", "/api/v1/customers/{id}", false, "", "first_name phone_number"},
	{"soap", "updateCustomer", "PATCH", "/api/v1/customers/{id}", true, "", "created_at date_of_birth email first_name id internal_id last_name phone_number updated_at"},
	{"useepay", "updateCustomer", "POST", "/api/v1/customers/{customer_id}", false, "", "address.city address.country email first_name name phone shipping.name"},
	{"useepay", "updateCustomer", "POST", "/api/v1/customers/{customer_id}", true, "200", "address.city address.country address.line1 address.line2 address.postcode address.state app_id create_at description email first_name id last_name merchant_customer_id merchant_no metadata.testkey modify_at name phone shipping.address.city shipping.address.country shipping.address.line1 shipping.address.line2 shipping.address.postcode shipping.address.state shipping.first_name shipping.last_name shipping.name shipping.phone shipping.shipping_method"},
}

const hitpayCustomerKeys = "address.city address.country address.postal_code address.state address.street birth_date created_at email gender id name phone_number phone_number_country_code remark updated_at"

func TestDocsExamples(t *testing.T) {
	t.Parallel()
	docs := map[string]*openapi3.T{}
	for _, p := range specs.Providers {
		doc, err := specs.Load(context.Background(), p)
		require.NoError(t, err)
		docs[p] = doc
	}
	for _, want := range docsExamples {
		op, method, path := findOperation(docs[want.provider], want.operation)
		if !assert.NotNil(t, op, "%s: no operation %s", want.provider, want.operation) {
			continue
		}
		assert.Equal(t, want.method+" "+want.path, method+" "+path, "%s %s: method and path from the docs page", want.provider, want.operation)
		var found []string
		for name, value := range docsExamplesOf(op, want.response, want.status) {
			keys := strings.Join(keyPaths("", value), " ")
			if keys == want.keys {
				found = append(found, name)
			}
		}
		assert.NotEmpty(t, found, "%s %s %s: no docs… example has the documented keys %q", want.provider, want.operation, side(want.response), want.keys)
	}
}

func side(response bool) string {
	if response {
		return "response"
	}
	return "request"
}

func findOperation(doc *openapi3.T, id string) (op *openapi3.Operation, method, path string) {
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if op.OperationID == id {
				return op, method, path
			}
		}
	}
	return nil, "", ""
}

// docsExamplesOf returns the named "docs…" examples of an operation's request
// body, or of its response with the given status ("" for any 2xx).
func docsExamplesOf(op *openapi3.Operation, response bool, status string) map[string]any {
	out := map[string]any{}
	collect := func(content openapi3.Content) {
		for _, mt := range content {
			for name, ex := range mt.Examples {
				if strings.HasPrefix(name, "docs") && ex.Value != nil {
					out[name] = ex.Value.Value
				}
			}
		}
	}
	if !response {
		if op.RequestBody != nil {
			collect(op.RequestBody.Value.Content)
		}
		return out
	}
	for code, r := range op.Responses.Map() {
		if code == status || (status == "" && strings.HasPrefix(code, "2")) {
			collect(r.Value.Content)
		}
	}
	return out
}

// keyPaths flattens an example into sorted dotted key paths; an empty object
// counts as a leaf.
func keyPaths(prefix string, v any) []string {
	m, ok := v.(map[string]any)
	if !ok || (len(m) == 0 && prefix != "") {
		return []string{strings.TrimSuffix(prefix, ".")}
	}
	var out []string
	for k, child := range m {
		out = append(out, keyPaths(prefix+k+".", child)...)
	}
	sort.Strings(out)
	return out
}
