package specs_test

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A spec that breaks every house rule must be reported on each count.
func TestHouseRulesCatchViolations(t *testing.T) {
	t.Parallel()
	const broken = `
openapi: 3.1.0
info: {title: broken, version: "1"}
servers: [{url: "https://example.com"}]
paths:
  /things:
    post:
      requestBody:
        content:
          application/json; charset=utf-8:
            schema:
              type: object
              properties:
                nested: {type: object, properties: {a: {type: string}}}
      responses:
        "200": {description: ok}
`
	doc, err := openapi3.NewLoader().LoadFromData([]byte(broken))
	require.NoError(t, err)
	got := strings.Join(houseRules(doc), "\n")
	for _, want := range []string{
		`openapi is "3.1.0"`,
		`servers need one described "Live"`,
		"securitySchemes",
		"no operationId",
		"documents no error response",
		"use plain application/json",
		"request body: object schema does not declare additionalProperties",
		"request body.nested: object schema does not declare additionalProperties",
	} {
		assert.Contains(t, got, want, "house rules missed a violation")
	}
}
