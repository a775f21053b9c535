package backend

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// FastAndFull runs the fast body check and the full kin-openapi validation
// of one request body.
func FastAndFull(provider, method, url string, body []byte) (fast, full bool, err error) {
	p := PreflightFor(provider)
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return false, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	route, params, err := p.router.FindRoute(req)
	if err != nil {
		return false, false, err
	}
	fast = fastBodyOK(route, req, body, p.bodyOpts)
	req.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, SkipSettingDefaults: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	full = openapi3filter.ValidateRequest(context.Background(), in) == nil
	return fast, full, nil
}
