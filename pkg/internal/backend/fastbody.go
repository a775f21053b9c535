package backend

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Request bodies the facade built are checked in one pass over their JSON,
// without decoding them into maps for kin-openapi: the walk follows the
// object schemas itself (properties, required, additionalProperties,
// min/maxProperties, readOnly) and hands every leaf value (string, number,
// boolean, null) to kin-openapi's own VisitJSON with the options the full
// validation uses, so formats, patterns, lengths, enums and nullability are
// still the spec's, checked by the same code. The walk only ever accepts:
// anything it does not read with certainty (arrays, composed schemas,
// escaped keys, duplicate keys) or that looks invalid is left to the full
// validation, which also writes every error message. So a body is refused
// exactly when the full validation refuses it; FuzzFastBody and the shadow
// mode below check that claim.

// shadowFastBody makes every fast acceptance be confirmed by the full
// validation, panicking on a disagreement. `make test` sets
// MULTIPAY_PREFLIGHT_SHADOW=1, so the adapters' tests and the conformance
// suite check the fast path on every request they make.
var shadowFastBody = os.Getenv("MULTIPAY_PREFLIGHT_SHADOW") == "1"

// fastBodyOK reports whether the JSON body certainly satisfies the JSON
// request body schema of route. false means "not certain": validate fully.
func fastBodyOK(route *routers.Route, req *http.Request, body []byte, opts []openapi3.SchemaValidationOption) bool {
	op := route.Operation
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil || len(body) == 0 ||
		req.Header.Get("Content-Type") != "application/json" {
		return false
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return false
	}
	s := jsonscan.Scanner{B: body, OK: true}
	s.WS()
	if !objectOK(&s, mt.Schema.Value, opts, 0) {
		return false
	}
	s.WS()
	return s.OK && s.I == len(body)
}

// plainObject reports whether s is an object schema the walk reads: type
// object and nothing that composes or restricts it as a whole.
func plainObject(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeObject) && s.Always == nil && s.Not == nil && len(s.AllOf) == 0 &&
		len(s.AnyOf) == 0 && len(s.OneOf) == 0 && len(s.Enum) == 0 && s.Discriminator == nil
}

const maxFastKeys = 64

// objectOK reads the object at the scanner against schema sch.
func objectOK(s *jsonscan.Scanner, sch *openapi3.Schema, opts []openapi3.SchemaValidationOption, depth int) bool {
	if depth > 32 || !plainObject(sch) || s.Peek() != '{' {
		return false
	}
	var seen [maxFastKeys][]byte
	n := 0
	read := s.Members(func(key []byte, _ int) bool {
		if n == maxFastKeys {
			return false
		}
		for _, k := range seen[:n] {
			if string(k) == string(key) {
				return false // a duplicate: leave it to the decoder's rules
			}
		}
		seen[n] = key
		n++
		child, ok := memberSchema(sch, key)
		return ok && valueOK(s, child, opts, depth)
	})
	if !read || n < int(sch.MinProps) || (sch.MaxProps != nil && uint64(n) > *sch.MaxProps) {
		return false
	}
	for _, r := range sch.Required {
		found := false
		for _, k := range seen[:n] {
			if string(k) == r {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// memberSchema is the schema of the member key of an object of schema sch
// (nil: any value). ok false: the member is one the fast check leaves to the
// full validation (readOnly in a request, not allowed, unresolved).
func memberSchema(sch *openapi3.Schema, key []byte) (child *openapi3.Schema, ok bool) {
	if ref := sch.Properties[string(key)]; ref != nil {
		child = ref.Value
		return child, child != nil && !child.ReadOnly
	}
	if has := sch.AdditionalProperties.Has; has != nil && !*has {
		return nil, false // unsupported property
	}
	if ref := sch.AdditionalProperties.Schema; ref != nil {
		return ref.Value, ref.Value != nil
	}
	return nil, true
}

// anyString reports a schema that every JSON string satisfies: type string
// and none of the keywords a string could break (3.1 ones included, though
// the house rules keep the specs on 3.0).
func anyString(sch *openapi3.Schema) bool {
	return sch.Type.Is(openapi3.TypeString) && sch.Format == "" && sch.Pattern == "" &&
		sch.MinLength == 0 && sch.MaxLength == nil && len(sch.Enum) == 0 && sch.Const == nil &&
		sch.Not == nil && len(sch.OneOf) == 0 && len(sch.AnyOf) == 0 && len(sch.AllOf) == 0 &&
		sch.If == nil && sch.Always == nil && sch.DynamicRef == "" && sch.ContentSchema == nil
}

// valueOK reads one value against sch (nil: any value is allowed).
func valueOK(s *jsonscan.Scanner, sch *openapi3.Schema, opts []openapi3.SchemaValidationOption, depth int) bool {
	start := s.I
	if s.Peek() == '{' {
		if sch == nil {
			s.Value(depth + 1)
			return s.OK
		}
		return objectOK(s, sch, opts, depth+1)
	}
	s.Value(depth + 1)
	if !s.OK {
		return false
	}
	if sch == nil {
		return true
	}
	raw := s.B[start:s.I]
	var v any
	switch c := raw[0]; {
	case c == '"':
		if jsonscan.Plain(raw) {
			if anyString(sch) {
				return true // nothing for VisitJSON to check: skip boxing the string
			}
			v = string(raw[1 : len(raw)-1])
			break
		}
		var str string
		if json.Unmarshal(raw, &str) != nil {
			return false
		}
		v = str
	case c == 't':
		v = true
	case c == 'f':
		v = false
	case c == 'n':
		v = nil
	case c == '-' || c >= '0' && c <= '9':
		v = json.Number(raw)
	default: // an array
		return false
	}
	return sch.VisitJSON(v, opts...) == nil
}
