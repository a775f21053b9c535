package breaking_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/specs/breaking"
)

// hitpay returns HitPay's spec as JSON after edit, so a test can plant a change.
func hitpay(t *testing.T, edit func(*openapi3.T)) []byte {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../hitpay.yaml")
	require.NoError(t, err)
	edit(doc)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

func ids(changes []breaking.Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.ID)
	}
	return out
}

func TestUnchangedSpecHasNoChanges(t *testing.T) {
	same := hitpay(t, func(*openapi3.T) {})
	changes, err := breaking.Compare("hitpay", same, same)
	require.NoError(t, err)
	assert.Empty(t, changes)
}

func TestGateCatchesPlantedBreaks(t *testing.T) {
	base := hitpay(t, func(*openapi3.T) {})
	rev := hitpay(t, func(doc *openapi3.T) {
		// A removed response field: generated code that reads Customer.Name stops compiling.
		delete(doc.Components.Schemas["Customer"].Value.Properties, "name")
		// A new required request field: every existing create call becomes invalid.
		create := doc.Components.Schemas["CustomerCreate"].Value
		create.Properties["tax_id"] = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		create.Required = append(create.Required, "tax_id")
	})

	changes, err := breaking.Compare("hitpay", base, rev)
	require.NoError(t, err)
	got := ids(changes)
	assert.Contains(t, got, "response-optional-property-removed")
	assert.Contains(t, got, "new-required-request-property")
	for _, c := range changes {
		t.Log(c)
	}

	// Nothing recorded: the gate fails on every breaking change.
	none, err := breaking.Recorded(strings.NewReader("# Changelog\n\n## Unreleased\n\n## v0.1.0\n"))
	require.NoError(t, err)
	assert.Equal(t, len(got), breaking.Gate(changes, none))

	// Recording one rule leaves the other failing; a record under a released
	// version, or for another spec, does not count.
	partial, err := breaking.Recorded(strings.NewReader("# Changelog\n\n## Unreleased\n" +
		"- `hitpay:response-optional-property-removed`: Customer.name is gone (planted).\n" +
		"- `soap:new-required-request-property`: another spec.\n" +
		"## v0.1.0\n- `hitpay:new-required-request-property`: an old release.\n"))
	require.NoError(t, err)
	left := breaking.Gate(changes, partial)
	assert.Positive(t, left)
	assert.Less(t, left, len(got))
	for _, c := range changes {
		assert.Equal(t, c.ID == "response-optional-property-removed", c.Recorded, c.String())
	}

	// Both recorded: the gate passes.
	all, err := breaking.Recorded(strings.NewReader("## Unreleased\n" +
		"- `hitpay:response-optional-property-removed` and `hitpay:new-required-request-property`: planted.\n"))
	require.NoError(t, err)
	assert.Zero(t, breaking.Gate(changes, all))
}
