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

// sent is parsed for goroutines other than the test's, where require must not
// run: it closes the body and returns what went wrong instead.
func sent[P any](r *http.Response, err error, parse func(*http.Response) (P, error)) (P, error) {
	if err != nil {
		var zero P
		return zero, err
	}
	defer closeBody(r)
	return parse(r)
}
