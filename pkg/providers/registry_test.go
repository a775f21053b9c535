package providers_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// Every place that must know a provider agrees with the registry: the specs,
// the generated clients, the fakes, and the adapters the registry builds
// (docs/adding-a-provider.md walks through them).
func TestRegistryIsTheOneList(t *testing.T) {
	t.Parallel()
	assert.Equal(t, specs.Providers, providers.Names, "specs.Providers")
	assert.ElementsMatch(t, providers.Names, fake.Providers(), "the fakes")
	generate, err := os.ReadFile(filepath.Join("..", "..", "generate.go"))
	require.NoError(t, err)
	for _, p := range providers.Registry {
		assert.NotEmpty(t, p.DisplayName, p.Name)
		assert.NotEmpty(t, p.Env.APIKey, p.Name)
		assert.FileExists(t, filepath.Join("..", "..", "gen", p.Name, "config.yaml"))
		assert.Contains(t, string(generate), "--config gen/"+p.Name+"/config.yaml specs/"+p.Name+".yaml", "generate.go")

		// The fake's credentials build a working adapter against the fake.
		srv := fake.Start(t, p.Name)
		assert.Equal(t, srv.Credentials, fake.DefaultCredentials(p.Name))
		cfg := p.FakeCredentials
		cfg.Options = []customers.Option{customers.WithBaseURL(srv.URL)}
		svc, err := providers.New(p.Name, cfg)
		require.NoError(t, err, p.Name)
		assert.Equal(t, p.Name, svc.Provider())
	}
}
