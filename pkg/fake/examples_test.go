package fake

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docsExample is one request the providers document (testdata/examples/<provider>/*.json):
// a seed page's, an upstream OpenAPI file's or a guide's, with its method, path
// and body values. Placeholders the page shows as "<string>" carry realistic
// values, listed in Placeholders.
type docsExample struct {
	Source       string            `json:"source"`
	Method       string            `json:"method"`
	Path         string            `json:"path"`
	IDInPath     string            `json:"id_in_path"` // the page's customer id or placeholder: a stored customer's id replaces it
	Body         json.RawMessage   `json:"body"`
	Placeholders []string          `json:"placeholders"`
	Status       int               `json:"status"`   // the documented status; 0: the page shows none (any 2xx)
	Readings     map[string]string `json:"readings"` // the reading that plays the documented status, when not the default
	// Refused, when set, is the status the fake answers instead, and Why the
	// row of docs/spec-deviations.md that explains it.
	Refused int    `json:"refused"`
	Why     string `json:"why"`
}

// Every documented request is accepted by the matching fake with the
// documented status, or refused as docs/spec-deviations.md explains.
func TestDocumentedRequestExamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/examples/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var accepted, explained int
	for _, file := range files {
		provider := filepath.Base(filepath.Dir(file))
		var ex docsExample
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(raw, &ex), file)
		require.NotEmpty(t, ex.Source, file)
		if ex.Refused != 0 {
			require.Contains(t, ex.Why, "spec-deviations.md", "%s: a refused example names its row", file)
			explained++
		} else {
			accepted++
		}
		t.Run(provider+"/"+strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			t.Parallel()
			var opts []Option
			for name, value := range ex.Readings {
				opts = append(opts, WithReading(name, value))
			}
			srv := Start(t, provider, opts...)
			path := ex.Path
			if ex.IDInPath != "" {
				ids, err := srv.Seed(1)
				require.NoError(t, err)
				path = strings.Replace(path, ex.IDInPath, ids[0], 1)
			}
			res := rawDo(t, srv, ex.Method, path, string(ex.Body))
			switch {
			case ex.Refused != 0:
				assert.Equal(t, ex.Refused, res.status, "%s (%s): %s", ex.Source, ex.Why, res.body)
			case ex.Status == 0:
				assert.True(t, res.status >= 200 && res.status <= 299, "%s: %d %s", ex.Source, res.status, res.body)
			default:
				assert.Equal(t, ex.Status, res.status, "%s: %s", ex.Source, res.body)
			}
			if ex.Refused == 0 {
				assert.Empty(t, srv.Violations(), "%s: the spec refused the documented request", ex.Source)
			}
		})
	}
	t.Logf("documented request examples: %d accepted, %d explained", accepted, explained)
}
