// Package specguardtest starts validating test servers. It lives apart from
// specguard so that adapters, which import specguard through the backend, do
// not link testing and net/http/httptest into their users' binaries.
package specguardtest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/internal/specguard"
)

// Serve starts an httptest server that validates around handler against doc.
// When the test ends it closes the server and fails the test if any response
// broke the spec; request violations are left for the test to inspect.
func Serve(t testing.TB, doc *openapi3.T, handler http.Handler, options ...specguard.Option) (*httptest.Server, *specguard.Guard) {
	t.Helper()
	g, err := specguard.New(doc, handler, options...)
	require.NoError(t, err, "specguard")
	srv := httptest.NewServer(g)
	t.Cleanup(func() {
		srv.Close()
		for _, v := range g.ResponseViolations() {
			assert.Fail(t, "specguard: response outside the spec", "%s", v)
		}
	})
	return srv, g
}
