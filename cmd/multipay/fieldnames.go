package main

import (
	"reflect"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
)

// A field has three names: the library's (BirthDate, Address.Line2), its
// flag's (birth-date, address-line2) and its JSON name (birth_date,
// address.line2). The command line shows the flag's in tables and errors and
// the JSON name in JSON; the library keeps its own. cliNameOf translates at
// that boundary, from the library's field table.

// cliName is a library field as the command line spells it.
type cliName struct{ flag, json string }

// partFlagPrefix is the prefix of a nested object's part flags
// (--billing-postal-code, --shipping-city), keyed by the object's JSON path.
var partFlagPrefix = map[string]string{
	"address": "address", "billing_address": "billing", "shipping": "shipping", "shipping.address": "shipping",
}

// cliNameOf translates a library field name, a part of an address
// ("Address.PostalCode") included. ok is false for a name that is not the
// facade's (a provider's own field name in an error, "id").
func cliNameOf(f customers.Field) (name cliName, ok bool) {
	if f == customers.FieldQuery { // the one search-only field: not in the table
		return cliName{"query", "query"}, true
	}
	head, rest, nested := strings.Cut(string(f), ".")
	info, ok := customers.FieldNamed(customers.Field(head))
	if !ok {
		return cliName{}, false
	}
	name = cliName{flagName(info), info.JSON}
	typ := reflect.TypeOf(info.FromCustomer(&customers.Customer{}))
	if !nested {
		return name, true
	}
	for part := range strings.SplitSeq(rest, ".") {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return cliName{}, false
		}
		sf, found := typ.FieldByName(part)
		if !found {
			return cliName{}, false
		}
		key, _ := jsonKey(sf)
		name = cliName{partFlagPrefix[name.json] + "-" + kebab(key), name.json + "." + key}
		typ = sf.Type
	}
	return name, true
}

// flagField is f by its flag name, or as given when it is not the facade's.
func flagField(f customers.Field) string {
	if n, ok := cliNameOf(f); ok {
		return n.flag
	}
	return string(f)
}

// jsonField is f by its JSON name, or as given when it is not the facade's.
func jsonField(f customers.Field) string {
	if n, ok := cliNameOf(f); ok {
		return n.json
	}
	return string(f)
}

func flagName(f customers.FieldInfo) string { return kebab(f.JSON) }

func kebab(snake string) string { return strings.ReplaceAll(snake, "_", "-") }

// fieldByAnyName finds a facade field by any of its names (BirthDate,
// birth-date, birth_date), ignoring case.
func fieldByAnyName(name string) (customers.Field, bool) {
	squash := strings.NewReplacer("-", "", "_", "", " ", "")
	want := strings.ToLower(squash.Replace(name))
	for _, f := range customers.Fields() {
		for _, n := range []string{string(f.Field), f.JSON, flagName(f)} {
			if strings.ToLower(squash.Replace(n)) == want {
				return f.Field, true
			}
		}
	}
	return "", false
}

// jsonKey is a struct field's JSON name; skip for `json:"-"`.
func jsonKey(sf reflect.StructField) (key string, skip bool) {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return "", true
	}
	key, _, _ = strings.Cut(tag, ",")
	if key == "" {
		key = sf.Name
	}
	return key, false
}
