package specguard

import (
	"errors"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// FieldError is one spec violation in a request, located by field.
type FieldError struct {
	// Field is the dotted path of the offending body field ("address.city"),
	// the parameter name, or "" when the problem is the body as a whole.
	Field   string
	Message string
}

// FieldErrors flattens a request validation error into per-field messages, so
// a fake can render them in the provider's own validation error shape.
func FieldErrors(err error) []FieldError {
	var out []FieldError
	var walk func(error)
	walk = func(err error) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				walk(e)
			}
			return
		}
		var reqErr *openapi3filter.RequestError
		if errors.As(err, &reqErr) {
			if reqErr.Parameter != nil {
				out = append(out, FieldError{Field: reqErr.Parameter.Name, Message: strings.TrimSpace(reasonOf(reqErr))})
				return
			}
			if reqErr.Err != nil {
				var inner openapi3.MultiError
				if errors.As(reqErr.Err, &inner) {
					walk(inner)
					return
				}
			}
		}
		var schemaErr *openapi3.SchemaError
		if errors.As(err, &schemaErr) {
			field := strings.Join(schemaErr.JSONPointer(), ".")
			msg := schemaErr.Reason
			if schemaErr.SchemaField == "additionalProperties" {
				// kin-openapi reports unknown keys on the parent object.
				if name, ok := strings.CutPrefix(msg, "property \""); ok {
					if i := strings.IndexByte(name, '"'); i >= 0 {
						name = name[:i]
						field = strings.TrimPrefix(field+"."+name, ".")
						msg = "is not an accepted field"
					}
				}
			}
			if schemaErr.SchemaField == "required" {
				if name, ok := strings.CutPrefix(msg, "property \""); ok {
					if i := strings.IndexByte(name, '"'); i >= 0 {
						field = strings.TrimPrefix(field+"."+name[:i], ".")
						msg = "is required"
					}
				}
			}
			out = append(out, FieldError{Field: field, Message: msg})
			return
		}
		out = append(out, FieldError{Message: err.Error()})
	}
	walk(err)
	return out
}

func reasonOf(e *openapi3filter.RequestError) string {
	if e.Err != nil {
		var s *openapi3.SchemaError
		if errors.As(e.Err, &s) {
			return s.Reason
		}
		return e.Err.Error()
	}
	return e.Reason
}
