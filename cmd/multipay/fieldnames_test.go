package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// TestCLINamesAreFlags: every name the library gives a field, parts of
// nested objects included, translates to a flag that exists on
// "customers update" and to a JSON path that exists on a customer.
func TestCLINamesAreFlags(t *testing.T) {
	var in customerInput
	cmd := &cobra.Command{}
	in.register(cmd.Flags(), true)
	full, err := json.Marshal(jsonView(reflect.ValueOf(customers.Customer{
		Address: &customers.Address{}, BillingAddress: &customers.Address{},
		Shipping: &customers.Shipping{Address: &customers.Address{}}})))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(full, &doc))

	names := []customers.Field{customers.FieldAddressLine2, "Address.PostalCode", "BillingAddress.Country",
		"Shipping.Method", "Shipping.Address.City"}
	for _, f := range customers.Fields() {
		names = append(names, f.Field)
	}
	for _, f := range names {
		n, ok := cliNameOf(f)
		require.True(t, ok, f)
		assert.NotNil(t, cmd.Flags().Lookup(n.flag), "%s → --%s: no such flag", f, n.flag)
		assert.True(t, hasPath(doc, n.json), "%s → %s: not in a customer's JSON", f, n.json)
	}
	assert.Equal(t, cliName{"query", "query"}, must(cliNameOf(customers.FieldQuery)))
	assert.Equal(t, cliName{"shipping-postal-code", "shipping.address.postal_code"}, must(cliNameOf("Shipping.Address.PostalCode")))
	for _, unknown := range []customers.Field{"id", "Address.Floor", "Metadata.tier", "phone_number"} {
		_, ok := cliNameOf(unknown)
		assert.False(t, ok, unknown)
		assert.Equal(t, string(unknown), flagField(unknown))
	}
}

func hasPath(doc map[string]any, path string) bool {
	var v any = doc
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

func must[T any](v T, ok bool) T {
	if !ok {
		panic("not ok")
	}
	return v
}

func TestFieldByAnyName(t *testing.T) {
	for _, name := range []string{"BirthDate", "birth-date", "birth_date", "BIRTH_DATE", "birthDate", " birth-date "} {
		f, ok := fieldByAnyName(name)
		assert.True(t, ok, name)
		assert.Equal(t, customers.FieldBirthDate, f, name)
	}
	f, ok := fieldByAnyName("Billing_Address")
	assert.True(t, ok)
	assert.Equal(t, customers.FieldBillingAddress, f)
	for _, name := range []string{"colour", "", "birth", "Address.Line2"} {
		_, ok := fieldByAnyName(name)
		assert.False(t, ok, name)
	}
}

// TestJSONViewForm: times in UTC to the second whatever the offset and
// precision, every field present, null for empty ones.
func TestJSONViewForm(t *testing.T) {
	sgt := time.FixedZone("SGT", 8*3600)
	c := customers.Customer{ID: "cus_1", Provider: "hitpay", BirthDate: customers.NewDate(1990, 12, 10),
		CreatedAt: time.Date(2024, 5, 1, 17, 30, 0, 123456789, sgt), Shipping: &customers.Shipping{Name: "Ada"}}
	b, err := json.Marshal(jsonView(reflect.ValueOf(&c)))
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"cus_1","provider":"hitpay","name":null,"first_name":null,"last_name":null,
		"email":null,"phone":null,"birth_date":"1990-12-10","gender":null,"company":null,"description":null,
		"external_id":null,"address":null,"billing_address":null,
		"shipping":{"name":"Ada","first_name":null,"last_name":null,"phone":null,"method":null,"address":null},
		"metadata":{},"blocked":false,"created_at":"2024-05-01T09:30:00Z","updated_at":null}`, string(b))
	assert.Regexp(t, `^\{"id":"cus_1","provider":"hitpay","name":null,`, string(b), "keeps the struct's order")

	p, err := json.Marshal(jsonView(reflect.ValueOf([]customers.Payment{{Amount: 0, CreatedAt: time.Date(2024, 5, 1, 0, 0, 0, 5, time.UTC)}})))
	require.NoError(t, err)
	assert.JSONEq(t, `[{"id":null,"amount":0,"currency":null,"status":null,"created_at":"2024-05-01T00:00:00Z"}]`, string(p))
}

// TestCLIErrorSaysEachFactOnce: a refusal before sending keeps its per-field
// reasons under the flags' names and drops the message that repeats them; a
// provider's answer keeps its message.
func TestCLIErrorSaysEachFactOnce(t *testing.T) {
	err := customers.NotClearable("hitpay", []customers.Field{customers.FieldAddressLine2}, []customers.Field{customers.FieldBirthDate})
	assert.Equal(t, "hitpay update: not supported: address-line2: cannot be updated; birth-date: cannot be cleared (it can be set)",
		facadeErrorText(err))
	assert.Equal(t, "hitpay delete: not supported", facadeErrorText(customers.NotSupported("hitpay", customers.OpDelete)))
	answer := &customers.Error{Provider: "soap", Operation: customers.OpCreate, Kind: customers.ErrInvalidRequest,
		StatusCode: 422, Message: "The Email is invalid.", Fields: map[string][]string{"Email": {"must be an e-mail"}}}
	assert.Equal(t, "soap create: invalid request (HTTP 422): The Email is invalid.: email: must be an e-mail", facadeErrorText(answer))
	assert.Equal(t, "wrapped: x search: not supported: email: cannot be searched by",
		facadeErrorText(fmt.Errorf("wrapped: %w", customers.NotSupported("x", customers.OpSearch, customers.FieldEmail))))
}
