package adapter

import (
	"regexp"
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
//
// An id that would not break the path but fails pattern, the provider's
// documented id shape, names no customer there: it is customers.ErrNotFound,
// without a request, so the same question ("is there a customer with this
// id?") gets the same sentinel at every provider, whether the provider
// would have answered 404 or refused the id's shape with 400/422.
func CheckID(provider string, op customers.Operation, id string, pattern *regexp.Regexp) error {
	if err := checkPath(provider, op, id); err != nil {
		return err
	}
	if pattern != nil && !pattern.MatchString(id) {
		return &customers.Error{Provider: provider, Operation: op, Kind: customers.ErrNotFound,
			Message: "no customer can have this id at " + provider + " (it does not match the provider's id format)",
			Fields:  map[string][]string{"id": {"does not match " + provider + "'s id format " + pattern.String()}}}
	}
	return nil
}

func checkPath(provider string, op customers.Operation, id string) error {
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
	return Refuse(provider, op, "id", msg)
}
