package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibraryLinksNoTestPackages: importing an adapter, the facade or the
// providers package must not link testing or net/http/httptest into the
// user's binary (pkg/fake may: it is a test double).
func TestLibraryLinksNoTestPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	pkgs := []string{"../../pkg/customers", "../../pkg/providers", "../../pkg/customers/hitpay",
		"../../pkg/customers/notchpay", "../../pkg/customers/soap", "../../pkg/customers/useepay"}
	// One go list for all: the union of their dependencies must be clean.
	out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, "github.com/multipay/multipay/pkg/internal/validate", "the check must see the backend's dependencies")
	assert.NotContains(t, deps, "testing")
	assert.NotContains(t, deps, "net/http/httptest")
}
