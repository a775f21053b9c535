package specs_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
)

// TestSpecsValid loads every spec and validates it strictly, then applies the
// house rules that kin-openapi does not know about.
func TestSpecsValid(t *testing.T) {
	t.Parallel()
	for _, provider := range specs.Providers {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			doc, err := specs.Load(ctx, provider)
			require.NoError(t, err)
			require.NoError(t, doc.Validate(ctx, specs.ValidationOptions()...), "strict validation")
			assert.Empty(t, houseRules(doc), "house rules")
		})
	}
}

// houseRules returns every violation of the project's own spec rules.
func houseRules(doc *openapi3.T) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		add("openapi is %q; specs stay on 3.0.x (oapi-codegen ignores 3.0 nullable in 3.1 documents)", doc.OpenAPI)
	}
	envs := map[string]bool{}
	for _, s := range doc.Servers {
		envs[s.Description] = true
	}
	if !envs["Live"] || !envs["Sandbox"] {
		add("servers need one described %q and one described %q (they become ServerUrlLive and ServerUrlSandbox)", "Live", "Sandbox")
	}
	if doc.Components == nil || len(doc.Components.SecuritySchemes) == 0 || len(doc.Security) == 0 {
		add("the provider's auth must be declared as securitySchemes and required at the top level")
	}

	seen := map[string]string{}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			where := method + " " + path
			if op.OperationID == "" {
				add("%s: no operationId", where)
			} else if other, dup := seen[op.OperationID]; dup {
				add("%s: operationId %q also used by %s", where, op.OperationID, other)
			} else {
				seen[op.OperationID] = where
			}
			if !hasErrorResponse(op) {
				add("%s: documents no error response (4xx, 5xx or default)", where)
			}
			for code, resp := range op.Responses.Map() {
				for media := range resp.Value.Content {
					checkMedia(add, where+" response "+code, media)
				}
				if resp.Value.Description == nil || *resp.Value.Description == "" {
					add("%s response %s: no description", where, code)
				}
			}
			if op.RequestBody != nil {
				for media, mt := range op.RequestBody.Value.Content {
					checkMedia(add, where+" request", media)
					if mt.Schema != nil {
						checkAdditionalProperties(add, where+" request body", mt.Schema.Value, map[*openapi3.Schema]bool{})
					}
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func hasErrorResponse(op *openapi3.Operation) bool {
	if op.Responses.Default() != nil {
		return true
	}
	for code := range op.Responses.Map() {
		if strings.HasPrefix(code, "4") || strings.HasPrefix(code, "5") {
			return true
		}
	}
	return false
}

func checkMedia(add func(string, ...any), where, media string) {
	if media != "application/json" && !strings.HasPrefix(media, "text/") {
		add("%s: media type %q: use plain application/json (parameters rename generated code)", where, media)
	}
}

// checkAdditionalProperties requires every object schema in a request body,
// nested ones included, to say whether unknown keys are allowed.
func checkAdditionalProperties(add func(string, ...any), where string, s *openapi3.Schema, visited map[*openapi3.Schema]bool) {
	if s == nil || visited[s] {
		return
	}
	visited[s] = true
	if s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0 {
		if s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			add("%s: object schema does not declare additionalProperties", where)
		}
	}
	for name, p := range s.Properties {
		if p != nil {
			checkAdditionalProperties(add, where+"."+name, p.Value, visited)
		}
	}
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			checkAdditionalProperties(add, where, sub.Value, visited)
		}
	}
}

func TestProvidersHaveSpecs(t *testing.T) {
	t.Parallel()
	for _, p := range specs.Providers {
		_, err := specs.Raw(p)
		assert.NoError(t, err, p)
	}
	_, err := specs.Raw("paypal")
	assert.ErrorContains(t, err, "paypal", "Raw(paypal) for a provider without a spec")
}
