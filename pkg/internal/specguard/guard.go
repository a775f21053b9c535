// Package specguard wraps an http.Handler that plays a provider's API so that
// every request and every response is validated against that provider's spec
// with kin-openapi's openapi3filter. Requests that break the spec never reach
// the handler; responses that break it are recorded as violations, so a test
// (or a fake provider) that answers outside the contract fails loudly.
//
// The guard sets no defaults into requests: the handler sees exactly what the
// client sent.
package specguard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Violation is one breach of the spec seen by the guard.
type Violation struct {
	Operation string // operationId, or "METHOD path" when no route matched
	Response  bool   // false: the request broke the spec; true: the response did
	Status    int    // response status (responses only)
	Err       error
}

func (v Violation) String() string {
	side := "request"
	if v.Response {
		side = fmt.Sprintf("response %d", v.Status)
	}
	return fmt.Sprintf("%s %s: %v", v.Operation, side, v.Err)
}

// RejectFunc writes the answer to a request the guard refused. kind tells why.
type RejectFunc func(w http.ResponseWriter, r *http.Request, kind RejectKind, err error)

// RejectKind classifies a refused request.
type RejectKind int

const (
	// NoRoute means no operation in the spec matches the method and path.
	NoRoute RejectKind = iota
	// Unauthenticated means the security requirements were not met.
	Unauthenticated
	// Invalid means a parameter or the body broke the spec.
	Invalid
)

// Option configures a Guard.
type Option func(*Guard)

// WithReject sets how refused requests are answered, typically in the
// provider's own error shape. The default answers text/plain 404, 401 or 400.
func WithReject(f RejectFunc) Option { return func(g *Guard) { g.reject = f } }

// WithAuthentication replaces the default authentication check, which only
// requires each header (or bearer token) the security scheme names to be present.
func WithAuthentication(f openapi3filter.AuthenticationFunc) Option {
	return func(g *Guard) { g.opts.AuthenticationFunc = f }
}

// Guard is an http.Handler that validates around another handler.
type Guard struct {
	next   http.Handler
	router routers.Router
	opts   *openapi3filter.Options
	reject RejectFunc

	mu         sync.Mutex
	violations []Violation
}

// New wraps next with validation against doc. doc is not modified.
func New(doc *openapi3.T, next http.Handler, options ...Option) (*Guard, error) {
	router, err := NewRouter(doc)
	if err != nil {
		return nil, err
	}
	g := &Guard{
		next:   next,
		router: router,
		reject: defaultReject,
		opts: &openapi3filter.Options{
			AuthenticationFunc:    RequireCredentials,
			IncludeResponseStatus: true, // a status the spec does not list is a violation
			MultiError:            true,
			SkipSettingDefaults:   true,
		},
	}
	for _, o := range options {
		o(g)
	}
	return g, nil
}

// NewRouter returns a router that matches requests to doc's operations by
// method and path only, whatever host they were sent to.
func NewRouter(doc *openapi3.T) (routers.Router, error) {
	d := *doc // shallow copy: only Servers changes
	d.Servers = nil
	if len(doc.Servers) > 0 {
		if u, err := url.Parse(doc.Servers[0].URL); err == nil && strings.Trim(u.Path, "/") != "" {
			d.Servers = openapi3.Servers{{URL: strings.TrimSuffix(u.Path, "/")}}
		}
	}
	router, err := legacy.NewRouter(&d)
	if err != nil {
		return nil, fmt.Errorf("specguard: router: %w", err)
	}
	return router, nil
}

// RequireCredentials is the default authentication check: every header an
// apiKey scheme names is present, and an http bearer scheme has a non-empty
// Authorization header. Checking the values is the handler's job.
func RequireCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	ss := in.SecurityScheme
	r := in.RequestValidationInput.Request
	switch {
	case ss.Type == "apiKey" && ss.In == "header":
		if r.Header.Get(ss.Name) == "" {
			return fmt.Errorf("missing %s header", ss.Name)
		}
	case ss.Type == "http" && strings.EqualFold(ss.Scheme, "bearer"):
		if strings.TrimSpace(r.Header.Get("Authorization")) == "" {
			return errors.New("missing Authorization header")
		}
	default:
		return fmt.Errorf("security scheme %q (%s/%s) is not supported by specguard", in.SecuritySchemeName, ss.Type, ss.In)
	}
	return nil
}

func defaultReject(w http.ResponseWriter, _ *http.Request, kind RejectKind, err error) {
	status := map[RejectKind]int{NoRoute: http.StatusNotFound, Unauthenticated: http.StatusUnauthorized, Invalid: http.StatusBadRequest}[kind]
	http.Error(w, err.Error(), status)
}

// ServeHTTP validates the request, runs the wrapped handler, validates its
// response and writes the response unchanged.
func (g *Guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	route, pathParams, err := g.router.FindRoute(r)
	if err != nil {
		g.record(Violation{Operation: r.Method + " " + r.URL.Path, Err: err})
		g.reject(w, r, NoRoute, err)
		return
	}
	op := route.Operation.OperationID
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: route, Options: g.opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		kind := Invalid
		if IsSecurityError(err) {
			kind = Unauthenticated
		}
		g.record(Violation{Operation: op, Err: err})
		g.reject(w, WithOperation(r, op), kind, err)
		return
	}

	rec := newRecorder()
	g.next.ServeHTTP(rec, WithOperation(r, op))
	status, body := rec.statusCode(), rec.body.Bytes()
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 rec.header,
		Options:                g.opts,
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		g.record(Violation{Operation: op, Response: true, Status: status, Err: err})
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// IsSecurityError reports whether a validation error is (or contains) a
// failed security requirement.
func IsSecurityError(err error) bool {
	var sec *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sec) {
		return true
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			if IsSecurityError(e) {
				return true
			}
		}
	}
	return false
}

func (g *Guard) record(v Violation) {
	g.mu.Lock()
	g.violations = append(g.violations, v)
	g.mu.Unlock()
}

// Violations returns a copy of every violation recorded so far.
func (g *Guard) Violations() []Violation {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Violation(nil), g.violations...)
}

// ResponseViolations returns only the violations by responses: a handler that
// answered outside the spec.
func (g *Guard) ResponseViolations() []Violation {
	var out []Violation
	for _, v := range g.Violations() {
		if v.Response {
			out = append(out, v)
		}
	}
	return out
}

// Reset forgets recorded violations.
func (g *Guard) Reset() {
	g.mu.Lock()
	g.violations = nil
	g.mu.Unlock()
}

type operationKey struct{}

// WithOperation returns r carrying the matched operationId.
func WithOperation(r *http.Request, operationID string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), operationKey{}, operationID))
}

// Operation returns the operationId the guard matched for r, or "".
func Operation(r *http.Request) string {
	op, _ := r.Context().Value(operationKey{}).(string)
	return op
}

// RouteOf returns the operationId that r matches and its path template
// ("/customers/{id}"), or two empty strings.
func (g *Guard) RouteOf(r *http.Request) (operationID, template string) {
	route, _, err := g.router.FindRoute(r)
	if err != nil {
		return "", ""
	}
	return route.Operation.OperationID, route.Path
}
