package backend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/multipay/multipay/pkg/internal/specguard"
	"github.com/multipay/multipay/specs"
)

// Preflight checks outgoing requests against a provider's spec, so anything
// the spec can tell (required fields, formats, patterns, lengths, at least one
// field) fails before the network is touched.
type Preflight struct {
	router routers.Router
	opts   *openapi3filter.Options
}

var (
	preflightMu sync.Mutex
	preflights  = map[string]*Preflight{}
)

// PreflightFor returns the shared preflight checker of a provider.
func PreflightFor(provider string) *Preflight {
	preflightMu.Lock()
	defer preflightMu.Unlock()
	if p, ok := preflights[provider]; ok {
		return p
	}
	doc := specs.MustLoadShared(provider)
	router, err := specguard.NewRouter(doc)
	if err != nil {
		panic(fmt.Sprintf("backend: %s spec: %v", provider, err))
	}
	p := &Preflight{router: router, opts: &openapi3filter.Options{
		AuthenticationFunc:  specguard.RequireCredentials,
		MultiError:          true,
		SkipSettingDefaults: true,
	}}
	preflights[provider] = p
	return p
}

// Check validates req. On failure it returns per-field messages keyed by the
// provider's field names, and the validation error.
func (p *Preflight) Check(req *http.Request) (map[string][]string, error) {
	route, params, err := p.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("no operation in the spec for %s %s: %w", req.Method, req.URL.Path, err)
	}
	// Validation reads the body; give the real request a fresh copy.
	if req.Body != nil && req.GetBody != nil {
		defer func() {
			if b, err := req.GetBody(); err == nil {
				req.Body = b
			}
		}()
	} else if req.Body != nil {
		raw, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
		defer func() { req.Body = io.NopCloser(bytes.NewReader(raw)) }()
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: p.opts}
	err = openapi3filter.ValidateRequest(context.WithoutCancel(req.Context()), in)
	if err == nil {
		return nil, nil
	}
	fields := map[string][]string{}
	for _, fe := range specguard.FieldErrors(err) {
		key := fe.Field
		if key == "" {
			key = "body"
		}
		fields[key] = append(fields[key], fe.Message)
	}
	return fields, err
}
