package fake

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// alternativeKey marks an operation in a spec as another method for the same
// operation (Notch Pay's PUT update next to its POST): the fake treats it as
// that operation for faults, readings and statuses.
const alternativeKey = "x-multipay-alternative-of"

// operationsOf returns the spec's operationIds, sorted, and which of them are
// alternatives of which.
func operationsOf(doc *openapi3.T) (ops []string, alternativeOf map[string]string) {
	alternativeOf = map[string]string{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ops = append(ops, op.OperationID)
			if base, ok := op.Extensions[alternativeKey].(string); ok {
				alternativeOf[op.OperationID] = base
			}
		}
	}
	slices.Sort(ops)
	return ops, alternativeOf
}

// facadeOperations maps the operation names of the customers facade (as
// `multipay providers` prints them) to the spec operation that carries each,
// in order of preference: search is a list with a filter where the provider
// has no search operation.
var facadeOperations = map[string][]string{
	"create":               {"createCustomer"},
	"get":                  {"getCustomer"},
	"update":               {"updateCustomer"},
	"delete":               {"deleteCustomer"},
	"list":                 {"listCustomers"},
	"search":               {"searchCustomers", "listCustomers"},
	"block":                {"blockCustomer"},
	"unblock":              {"unblockCustomer"},
	"list_payment_methods": {"listCustomerPaymentMethods"},
	"list_payments":        {"listCustomerPayments"},
}

// operation resolves a fault's operation name: an operationId of the spec or
// a facade name the provider has. "" matches every operation.
func (s *Server) operation(name string) (string, error) {
	if name == "" || slices.Contains(s.ops, name) {
		return name, nil
	}
	for _, op := range facadeOperations[name] {
		if slices.Contains(s.ops, op) {
			return op, nil
		}
	}
	return "", fmt.Errorf("unknown operation %q for %s: use an operationId (%s) or a facade name (%s)",
		name, s.Provider, strings.Join(s.ops, ", "), strings.Join(s.facadeNames(), ", "))
}

// facadeNames are the facade operation names the provider's spec carries.
func (s *Server) facadeNames() []string {
	var out []string
	for name, ops := range facadeOperations {
		if slices.ContainsFunc(ops, func(op string) bool { return slices.Contains(s.ops, op) }) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
