package fake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
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

// rawAnswer is a fake's answer to a raw request.
type rawAnswer struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any // nil unless the body is a JSON object
}

// rawDo sends method path with a JSON body ("" for none) and the provider's
// credentials, as a client in any language would.
func rawDo(t *testing.T, srv *Server, method, path, body string) rawAnswer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	c := srv.Credentials
	switch srv.Provider {
	case "hitpay":
		req.Header.Set("X-BUSINESS-API-KEY", c.APIKey)
	case "notchpay":
		req.Header.Set("Authorization", c.APIKey)
	case "soap":
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	case "useepay":
		req.Header.Set("x-api-key", c.APIKey)
		req.Header.Set("x-merchant-no", c.MerchantNo)
		req.Header.Set("x-app-id", c.AppID)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer closeBody(res)
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := rawAnswer{status: res.StatusCode, header: res.Header, body: b}
	_ = json.Unmarshal(b, &out.json)
	return out
}
