package main

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specWith is a minimal spec: one POST with the body schema (indented YAML)
// and the extra parameter (a YAML list item), either may be empty.
func specWith(t *testing.T, schema, param string) *openapi3.T {
	t.Helper()
	if schema == "" {
		schema = "type: object"
	}
	if param == "" {
		param = "- {name: id, in: path, required: true, schema: {type: string}}"
	}
	src := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: make
      parameters:
        ` + param + `
      requestBody:
        required: true
        content:
          application/json:
            schema:
              ` + strings.ReplaceAll(schema, "\n", "\n              ") + `
      responses:
        "200": {description: ok}
`
	doc, err := openapi3.NewLoader().LoadFromData([]byte(src))
	require.NoError(t, err, src)
	return doc
}

// The generator writes what the interpreter implements and refuses every
// other keyword, so no rule of a spec goes unchecked.
func TestGenerateRefusesWhatItCannotCheck(t *testing.T) {
	t.Parallel()
	src, err := generate("x", specWith(t, "type: object\nadditionalProperties: false\nminProperties: 1\nrequired: [a]\nproperties:\n  a: {type: string, format: email, maxLength: 9, pattern: '^\\u0041', nullable: true}\n  b: {oneOf: [{type: integer, minimum: 1, maximum: 5}, {enum: [null, x], nullable: true}]}", ""))
	require.NoError(t, err)
	for _, want := range []string{`Format: Email`, `MaxLength: 9`, `Source: "^\\x{0041}"`, `NoAdditional: true`, `MinProperties: 1`, `Enum: []any{nil, "x"}`, `HasMaximum: true, Maximum: 5`} {
		assert.Contains(t, string(src), want)
	}
	for name, c := range map[string]struct{ schema, param, want string }{
		"array":             {schema: "type: array\nitems: {type: string}", want: "keyword"},
		"anyOf":             {schema: "anyOf: [{type: string}, {type: integer}]", want: `"anyOf"`},
		"allOf":             {schema: "allOf: [{type: object}]", want: `"allOf"`},
		"unknown format":    {schema: "type: string\nformat: date-time", want: `format "date-time"`},
		"exclusive minimum": {schema: "type: integer\nminimum: 1\nexclusiveMinimum: true", want: `"exclusiveMinimum"`},
		"multipleOf":        {schema: "type: number\nmultipleOf: 2", want: `"multipleOf"`},
		"readOnly":          {schema: "type: object\nproperties:\n  a: {type: string, readOnly: true}", want: `"readOnly"`},
		"number enum":       {schema: "type: integer\nenum: [1, 2]", want: "enum value"},
		"header parameter":  {param: "- {name: X-Id, in: header, schema: {type: string}}", want: "in header"},
		"parameter style":   {param: "- {name: q, in: query, style: form, explode: false, schema: {type: string}}", want: "is not implemented"},
		"array parameter":   {param: "- {name: q, in: query, schema: {type: array, items: {type: string}}}", want: "only string and integer"},
	} {
		_, err := generate("x", specWith(t, c.schema, c.param))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), c.want, name)
		}
	}
}
