package backend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
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
	// noBody is opts without the request body, for facade requests whose
	// body the fast check accepted; bodyOpts are the schema options the
	// full body validation uses (see fastbody.go).
	noBody   *openapi3filter.Options
	bodyOpts []openapi3.SchemaValidationOption
	ids      map[string]bool // the spec's operationIds
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
	}, ids: map[string]bool{}}
	noBody := *p.opts
	noBody.ExcludeRequestBody = true
	p.noBody = &noBody
	// What openapi3filter.ValidateRequestBody passes to VisitJSON with
	// these options (MultiError; defaults not set; an OpenAPI 3.0 spec).
	p.bodyOpts = []openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.MultiErrors()}
	if doc.IsOpenAPI31OrLater() {
		p.bodyOpts = nil // the walk follows 3.0 rules only: validate fully
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			p.ids[op.OperationID] = true
		}
	}
	preflights[provider] = p
	return p
}

// Match is the spec operation a request matched.
type Match struct {
	Operation string // operationId
	Path      string // the path template, e.g. "/v1/customers/{customer_id}"
}

// Check validates req and returns the spec operation it matched. basePath, the path of a base URL override (an API gateway mounted
// under a prefix), is stripped before matching the spec. On failure it returns
// per-field messages keyed by the provider's field names, and the validation
// error. req is left ready to send.
func (p *Preflight) Check(req *http.Request, basePath string) (Match, map[string][]string, error) {
	hasBody := req.Body != nil && req.Body != http.NoBody
	probe := req // validated as it is when nothing needs changing (most reads)
	if basePath != "" || hasBody {
		probe = p.probe(req, basePath)
	}
	var raw []byte
	if hasBody {
		var err error
		raw, err = bufferBody(req)
		if err != nil {
			return Match{}, nil, err
		}
		probe.Body = io.NopCloser(bytes.NewReader(raw))
	}
	route, params, err := p.router.FindRoute(probe)
	if err != nil {
		return Match{}, nil, fmt.Errorf("no operation in the spec for %s %s: %w", req.Method, probe.URL.Path, err)
	}
	m := Match{Operation: route.Operation.OperationID, Path: route.Path}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: p.opts}
	ctx := context.WithoutCancel(req.Context())
	// A body the facade built is checked in one pass (fastbody.go); one
	// sent through Generated() always gets the full validation.
	if opFrom(req.Context()) != "" && p.bodyOpts != nil && raw != nil && fastBodyOK(route, probe, raw, p.bodyOpts) {
		in.Options = p.noBody
		if err = openapi3filter.ValidateRequest(ctx, in); err == nil {
			if shadowFastBody {
				p.confirm(ctx, probe, raw, params, route)
			}
			return m, nil, nil
		}
		in.Options = p.opts // refused for another reason: the full validation names every field
		probe.Body = io.NopCloser(bytes.NewReader(raw))
	}
	err = openapi3filter.ValidateRequest(ctx, in)
	if err == nil {
		return m, nil, nil
	}
	fields := map[string][]string{}
	for _, fe := range specguard.FieldErrors(err) {
		key := fe.Field
		if key == "" {
			key = "body"
		}
		fields[key] = append(fields[key], withoutValue(fe))
	}
	return m, fields, err
}

// probe is a shallow copy of req for validation, with its own URL (the
// server's base path cut off) and, once set, its own body reader.
func (p *Preflight) probe(req *http.Request, basePath string) *http.Request {
	probe := *req
	u := *req.URL
	if basePath != "" {
		u.Path = strings.TrimPrefix(u.Path, basePath)
		u.RawPath = ""
	}
	probe.URL = &u
	return &probe
}

// confirm runs the full validation of a request the fast check accepted and
// panics when it refuses it (shadow mode, for tests).
func (p *Preflight) confirm(ctx context.Context, probe *http.Request, raw []byte, params map[string]string, route *routers.Route) {
	full := *probe
	full.Body = io.NopCloser(bytes.NewReader(raw))
	in := &openapi3filter.RequestValidationInput{Request: &full, PathParams: params, Route: route, Options: p.opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		var fields []string // names only: messages can quote customer data
		for _, fe := range specguard.FieldErrors(err) {
			fields = append(fields, fe.Field)
		}
		panic(fmt.Sprintf("backend: the fast body check accepted a body that the full validation of %s %s refuses (fields %q)",
			route.Method, route.Path, fields))
	}
}

// HasOperation reports whether the provider's spec has an operation with
// this operationId.
func (p *Preflight) HasOperation(id string) bool { return p.ids[id] }

// bufferBody reads req's body and leaves req with a fresh reader over it.
func bufferBody(req *http.Request) ([]byte, error) {
	src := req.Body
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		src = b
	}
	raw, err := io.ReadAll(src)
	_ = src.Close()
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(raw))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	return raw, nil
}

// withoutValue keeps a format error's rule but drops the detail that format
// validators append, which quotes the offending value (`doesn't match the
// format "date" (parsing time "1990-02-30": day out of range)`), so customer
// data stays out of error messages.
func withoutValue(fe specguard.FieldError) string {
	if fe.Keyword != "format" {
		return fe.Message
	}
	msg := fe.Message
	for _, sep := range []string{" (", ": "} {
		if i := strings.Index(msg, sep); i > 0 {
			msg = msg[:i]
		}
	}
	return msg
}
