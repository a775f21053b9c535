package fake

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// parsed checks a generated-client call and decodes its answer with parse,
// closing the body: the four steps every fake test wrote out for each request.
func parsed[P any](t *testing.T, r *http.Response, err error, parse func(*http.Response) (P, error), msgAndArgs ...any) P {
	t.Helper()
	defer closeBody(r)
	require.NoError(t, err, msgAndArgs...)
	p, err := parse(r)
	require.NoError(t, err, msgAndArgs...)
	return p
}
