package adapter

import (
	"strings"
	"unicode"

	"github.com/multipay/multipay/pkg/customers"
)

// CheckID refuses, before any request, a customer id that cannot name one
// customer in a URL path: an empty id, or one holding a character no
// provider's ids use. An empty id is the dangerous one: it turns
// GET /customers/{id} into the list endpoint and POST /customers/{id} into
// create at providers that ignore a trailing slash, so an update would create
// a customer and report success.
func CheckID(provider string, op customers.Operation, id string) error {
	msg := ""
	switch {
	case id == "":
		msg = "is empty: a customer id is required"
	case strings.ContainsAny(id, "/?#%") || strings.ContainsFunc(id, unicode.IsSpace):
		msg = "is not a customer id: it holds a slash, '?', '#', '%' or white space"
	case id == "." || id == "..":
		msg = "is not a customer id: a dot segment would change the request path"
	default:
		return nil
	}
	return customers.Invalid(provider, op, map[string][]string{"id": {msg}})
}
