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
	// Keyword is the schema keyword that failed ("required", "pattern",
	// "maxLength", "format", "properties" for an unknown key, …), or "" when
	// the error did not come from a schema.
	Keyword string
}

// FieldErrors flattens a request validation error into per-field messages, so
// a fake can render them in the provider's own error shape and the adapters'
// preflight can name the fields.
func FieldErrors(err error) []FieldError {
	var out []FieldError
	collect(err, "", &out)
	return out
}

// collect walks err; param is the query, path or header parameter the error
// belongs to, if any.
func collect(err error, param string, out *[]FieldError) {
	switch e := err.(type) { //nolint:errorlint // walks the error tree one level at a time; errors.As would skip the RequestError that names the parameter
	case openapi3.MultiError:
		for _, inner := range e {
			collect(inner, param, out)
		}
		return
	case *openapi3filter.RequestError:
		if e.Parameter != nil {
			param = e.Parameter.Name
		}
		if e.Err != nil {
			collect(e.Err, param, out)
			return
		}
		*out = append(*out, FieldError{Field: param, Message: e.Reason})
		return
	case *openapi3.SchemaError:
		if !compositeFieldErrors(e, param, out) {
			*out = append(*out, schemaFieldError(e, param))
		}
		return
	case *openapi3filter.SecurityRequirementsError:
		*out = append(*out, FieldError{Message: "credentials are missing"})
		return
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		collect(multi, param, out)
		return
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		*out = append(*out, schemaFieldError(schemaErr, param))
		return
	}
	*out = append(*out, FieldError{Field: param, Message: err.Error()})
}

// compositeFieldErrors reports the errors inside an allOf/anyOf/oneOf
// failure under the composite's own path, so a bad nested field is named
// ("address.country") rather than the wrapper ("address").
func compositeFieldErrors(e *openapi3.SchemaError, param string, out *[]FieldError) bool {
	switch e.SchemaField {
	case "allOf", "anyOf", "oneOf":
	default:
		return false
	}
	if e.Origin == nil {
		return false
	}
	var inner []*openapi3.SchemaError
	var walk func(error)
	walk = func(err error) {
		if se, ok := err.(*openapi3.SchemaError); ok { //nolint:errorlint // the walk below unwraps level by level itself
			inner = append(inner, se)
			return
		}
		switch u := err.(type) { //nolint:errorlint // deliberate manual unwrapping, one level per call
		case openapi3.MultiError:
			for _, x := range u {
				walk(x)
			}
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(e.Origin)
	if len(inner) == 0 {
		return false
	}
	prefix := strings.Join(e.JSONPointer(), ".")
	for _, se := range inner {
		fe := schemaFieldError(se, "")
		if prefix != "" && fe.Field != prefix && !strings.HasPrefix(fe.Field, prefix+".") {
			fe.Field = strings.Trim(prefix+"."+fe.Field, ".") // the inner path is relative
		}
		if param != "" {
			fe.Field = strings.TrimSuffix(param+"."+fe.Field, ".")
		}
		*out = append(*out, fe)
	}
	return true
}

func schemaFieldError(e *openapi3.SchemaError, param string) FieldError {
	path := e.JSONPointer() // for "required" it already ends with the missing key
	msg := e.Reason
	switch e.SchemaField {
	case "required":
		msg = "is required"
	case "properties", "additionalProperties":
		// An unknown key is reported on its parent object.
		if name, ok := quoted(e.Reason); ok && strings.HasSuffix(e.Reason, "is unsupported") {
			path = append(path, name)
			msg = "is not an accepted field"
		}
	}
	field := strings.Join(path, ".")
	if param != "" {
		field = strings.TrimSuffix(param+"."+field, ".")
	}
	return FieldError{Field: field, Message: msg, Keyword: e.SchemaField}
}

// quoted returns the first double-quoted word of s.
func quoted(s string) (string, bool) {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i+1:], '"')
	if j < 0 {
		return "", false
	}
	return s[i+1 : i+1+j], true
}
