// Package validate checks outgoing requests against the rules of a
// provider's spec without loading the spec: the rules are Go data,
// generated from specs/<provider>.yaml by ./gen (`go generate`, checked for
// freshness by `make check-generated`) into <provider>.gen.go. The
// interpreter here implements exactly the JSON Schema keywords those request
// schemas and parameters use; the generator fails on any other, so no rule
// of a spec is silently left unchecked. TestAgreesWithKinOpenAPI holds it to
// kin-openapi's request validation, which the fakes and tests still use.
//
// Messages name the provider's wire fields (dotted when nested) and never
// quote the value: customer data stays out of errors.
package validate

import (
	"regexp"
	"sync"
)

// Spec is the request rules of one provider's spec.
type Spec struct {
	Operations []Operation
}

// Operation is one operation of a spec: how a request reaches it and what
// the request must hold.
type Operation struct {
	ID     string // operationId
	Method string
	Path   string // the path template, e.g. "/v1/customers/{customer_id}"
	// Security lists the alternative credential sets; a request must
	// carry every credential of at least one. Empty: none needed.
	Security [][]Credential
	Params   []Param
	Body     *Body // nil: the operation takes no body
}

// Credential is a header a security scheme requires.
type Credential struct {
	Header string // canonical (http.CanonicalHeaderKey)
	Bearer bool   // an http bearer scheme: blank counts as missing
}

// In is where a parameter is sent.
type In uint8

// Parameter locations the specs use.
const (
	InPath In = iota + 1
	InQuery
)

// Param is a path or query parameter (style simple or form, the defaults).
type Param struct {
	Name     string
	In       In
	Required bool
	Schema   *Schema
}

// Body is an operation's request body.
type Body struct {
	Required  bool
	MediaType string // the one media type the spec declares, lower case
	Schema    *Schema
}

// Type is a JSON Schema type; Any when the schema names none.
type Type uint8

// The types the specs use.
const (
	Any Type = iota
	String
	Integer
	Number
	Boolean
	Object
)

// Format is a string format the specs use.
type Format uint8

// The formats the specs use (formats.go implements them).
const (
	NoFormat Format = iota
	Email
	Date
	UUID
)

// Schema is the subset of a JSON Schema (OpenAPI 3.0 dialect) that the
// specs' request bodies and parameters use.
type Schema struct {
	Type     Type
	Nullable bool
	Enum     []any // allowed values: nil or strings

	MinLength int
	MaxLength int // 0: no limit (the generator refuses maxLength 0)
	Pattern   *Pattern
	Format    Format

	HasMinimum, HasMaximum bool
	Minimum, Maximum       float64

	Properties    []Property // in name order
	Required      []string
	MinProperties int
	// NoAdditional refuses members not in Properties; otherwise
	// Additional, if set, is the schema of every such member.
	NoAdditional bool
	Additional   *Schema

	OneOf []*Schema
}

// Property is a named member of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Pattern is a regular expression, compiled on first use (the generator has
// checked that it compiles), so that an adapter's import costs no
// compilation of patterns it never checks.
type Pattern struct {
	Source string // Go syntax
	once   sync.Once
	re     *regexp.Regexp
}

// MatchString reports whether s contains a match of the pattern.
func (p *Pattern) MatchString(s string) bool {
	p.once.Do(func() { p.re = regexp.MustCompile(p.Source) })
	return p.re.MatchString(s)
}

// Has reports whether the spec has an operation with this operationId.
func (s *Spec) Has(id string) bool {
	for i := range s.Operations {
		if s.Operations[i].ID == id {
			return true
		}
	}
	return false
}
