package validate_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibraryLinksNoSpecLoader: a program importing the facade, the
// providers package or any adapter links the generated request rules, not
// kin-openapi, its JSON Schema and YAML libraries, the embedded specs or
// the spec guard of the fakes.
func TestLibraryLinksNoSpecLoader(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/multipay/multipay/"
	pkgs := []string{mod + "pkg/customers", mod + "pkg/providers", mod + "pkg/customers/hitpay",
		mod + "pkg/customers/notchpay", mod + "pkg/customers/soap", mod + "pkg/customers/useepay"}
	out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, mod+"pkg/internal/validate", "the check must see the backend's dependencies")
	for _, d := range deps {
		for _, banned := range []string{"github.com/getkin/kin-openapi", "github.com/santhosh-tekuri/", mod + "specs", mod + "pkg/internal/specguard", "yaml"} {
			assert.NotContains(t, d, banned, "the library links %s", d)
		}
	}
}
