// Package backend is the one seam every adapter's HTTP goes through. It is the
// HttpRequestDoer handed to the generated clients: it adds credentials and the
// User-Agent, validates each request against the provider's spec before it is
// sent (so bad input never reaches the network), buffers response bodies, and
// turns every answer that is not the expected success into *customers.Error.
//
// It is also the retry layer (Retry, Create, Delete in retry.go): the
// adapters run each attempt through it, and it decides by facade operation
// whether to repeat, wait or reconcile. It is our own small layer rather than
// hashicorp/go-retryablehttp because the decision needs what an HTTP-level
// policy cannot see: the facade operation (a create is repeated only when it
// provably never left, and is otherwise reconciled by a lookup), whether any
// byte reached the wire (httptrace), and the typed answer (an unreadable 2xx
// body); go-retryablehttp would also log full URLs, query strings included.
// What is left — full-jitter backoff, Retry-After, a context-aware wait — is a
// few dozen tested lines.
package backend

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// Version is reported in the User-Agent header.
const Version = "0.1.0"

// MaxResponseBody bounds how much of a response is read; a provider that
// answers more is treated as an invalid response rather than exhausting memory.
const MaxResponseBody = 8 << 20

// ProviderError is what a provider's error decoder extracts from an error body.
type ProviderError struct {
	Code    string
	Message string
	Fields  map[string][]string // keyed by the provider's field names
	// Kind overrides the sentinel chosen from the status (e.g. a 422 that says
	// "already been taken" is ErrConflict). nil keeps the status mapping.
	Kind error
}

// Options describe one provider to the backend.
type Options struct {
	Provider string
	Config   customers.Config
	// Authorize sets the credential headers on each request.
	Authorize func(http.Header)
	// Secrets are redacted from error bodies and messages.
	Secrets []string
	// DecodeError reads the provider's error body; it must tolerate anything.
	DecodeError func(status int, body []byte) ProviderError
	// FieldNames maps the provider's wire field names (dotted for nested
	// fields) to facade field names, for error messages.
	FieldNames map[string]customers.Field
	// Preflight validates requests against the provider's spec; nil skips it.
	Preflight *Preflight
	// RetryDelay reads how long the provider asks the client to wait before
	// another attempt (ok false: it did not say). nil reads Retry-After.
	RetryDelay func(status int, h http.Header, body []byte, now time.Time) (d time.Duration, ok bool)
	// Routes names, for each facade operation, the spec operations
	// (operationIds) its requests may reach. With a preflight, a request that
	// matches another operation is refused before sending: an id that
	// escaped the adapter's checks can never turn an update into a create.
	// nil skips the check; an operation missing from a non-nil map is refused.
	Routes map[customers.Operation][]string
}

// Backend implements the generated clients' HttpRequestDoer.
type Backend struct {
	opts      Options
	doer      customers.HTTPDoer
	userAgent string
	basePath  string // path prefix of a base URL override (a gateway), stripped before matching the spec
	redactor  *redactor
}

// New returns the backend for one adapter.
func New(o Options) *Backend {
	doer := o.Config.HTTPClient
	if doer == nil {
		doer = DefaultHTTPClient()
	}
	doer = SameHostOnly(o.Provider, doer) // transport.go
	ua := "multipay-go/" + Version
	if o.Config.UserAgent != "" {
		ua = o.Config.UserAgent + " " + ua
	}
	if o.DecodeError == nil {
		o.DecodeError = func(int, []byte) ProviderError { return ProviderError{} }
	}
	basePath := ""
	if u, err := url.Parse(o.Config.BaseURL); err == nil && o.Config.BaseURL != "" {
		basePath = strings.TrimSuffix(u.Path, "/")
	}
	return &Backend{opts: o, doer: doer, userAgent: ua, basePath: basePath, redactor: newRedactor(o.Secrets)}
}

// Provider returns the provider id.
func (b *Backend) Provider() string { return b.opts.Provider }

type opKey struct{}

func withOp(ctx context.Context, op customers.Operation) context.Context {
	return context.WithValue(ctx, opKey{}, op)
}

func opFrom(ctx context.Context) customers.Operation {
	op, _ := ctx.Value(opKey{}).(customers.Operation)
	return op
}

// Do sends one request: credentials and User-Agent are added, the request is
// checked against the spec, and the response body is read in full (bounded)
// so that it can be parsed and still reported in an error. What happened is
// recorded for the retry loop (Retry, Create), and one log record is written
// per request sent.
func (b *Backend) Do(req *http.Request) (*http.Response, error) {
	b.opts.Authorize(req.Header)
	req.Header.Set("User-Agent", b.userAgent)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	route := ""
	if p := b.opts.Preflight; p != nil {
		m, fields, err := p.Check(req, b.basePath)
		if err != nil {
			return nil, b.invalid(opFrom(req.Context()), fields, err)
		}
		if err := b.checkRoute(opFrom(req.Context()), m.Operation, req); err != nil {
			return nil, err
		}
		route = m.Path
	}
	a := attemptFrom(req.Context())
	if a == nil { // a request sent through the generated client directly
		a = &attempt{n: 1}
	}
	a.sent = true
	start := time.Now()
	rsp, err := b.doer.Do(req)
	if err != nil {
		err = b.notSent(req, rsp, err, a)
		b.log(req, route, a, start)
		return nil, err
	}
	// Close the network body itself: rsp.Body is replaced by the buffered
	// copy below, and a deferred closure reading rsp.Body would close that.
	defer func(network io.Closer) { _ = network.Close() }(rsp.Body)
	if rsp.Request == nil { // a custom doer: ResponseError finds the attempt through it
		rsp.Request = req
	}
	body, err := readBody(rsp)
	a.status, a.header = rsp.StatusCode, rsp.Header
	if err != nil { // the answer broke off (reset, truncated body)
		a.failed, a.wrote = err, true
		b.log(req, route, a, start)
		return nil, b.redactTransport(req, err)
	}
	b.log(req, route, a, start)
	if len(body) > MaxResponseBody {
		a.garbled = true
		return nil, &customers.Error{
			Provider: b.opts.Provider, Operation: opFrom(req.Context()), StatusCode: rsp.StatusCode,
			Kind: customers.ErrInvalidResponse, Message: fmt.Sprintf("response body exceeds %d bytes", MaxResponseBody),
			RequestID: b.redactString(requestID(rsp.Header), maxShortField),
		}
	}
	a.body = body
	if rsp.StatusCode >= 200 && rsp.StatusCode <= 299 {
		b.checkJSON(rsp, body, a)
	}
	rsp.Body = newBuffered(body)
	rsp.ContentLength = int64(len(body))
	return rsp, nil
}

// readBody reads at most MaxResponseBody+1 bytes of the answer (one more
// tells a body over the limit), as io.ReadAll would, but into one buffer of
// the announced length instead of growing one from 512 bytes.
func readBody(rsp *http.Response) ([]byte, error) {
	limited := io.LimitReader(rsp.Body, MaxResponseBody+1)
	n := rsp.ContentLength
	if n < 0 || n > MaxResponseBody {
		return io.ReadAll(limited)
	}
	buf := make([]byte, 0, n+1) // +1: reading on finds the end (or more than announced)
	for {
		read, err := limited.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+read]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		case len(buf) == cap(buf): // more than announced: let ReadAll grow it
			rest, err := io.ReadAll(limited)
			return append(buf, rest...), err
		}
	}
}

// buffered is a response body Do has read in full: send takes the bytes
// back without copying them again.
type buffered struct {
	bytes.Reader
	b []byte
}

func newBuffered(b []byte) *buffered {
	r := &buffered{b: b}
	r.Reset(b)
	return r
}

func (*buffered) Close() error { return nil }

// notSent sorts out an HTTP client error. A redirect refused (to another
// host by SameHostOnly, or by the caller's own policy) is the provider's
// answer, not a lost connection: it is typed, and never repeated. Anything
// else is a transport failure for the retry loop, redacted (redact.go).
func (b *Backend) notSent(req *http.Request, rsp *http.Response, err error, a *attempt) error {
	op := opFrom(req.Context())
	var ce *customers.Error
	switch {
	case errors.As(err, &ce):
		a.status = ce.StatusCode
		out := *ce
		out.Operation = op
		return &out
	case rsp != nil: // net/http hands back the redirect its CheckRedirect refused
		_ = rsp.Body.Close()
		a.status = rsp.StatusCode
		return &customers.Error{Provider: b.opts.Provider, Operation: op, StatusCode: rsp.StatusCode,
			Kind: customers.ErrInvalidResponse, Message: "the HTTP client's redirect policy refused the provider's redirect",
			Err: b.redactTransport(req, err)}
	}
	a.failed = err
	return b.redactTransport(req, err)
}

// checkJSON inspects a 2xx body: one that is not JSON (an HTML page, an
// empty or cut body) marks the attempt garbled, so the retry loop can repeat
// or reconcile it; a JSON body under a missing or wrong Content-Type gets
// "application/json", since the generated parsers decode only what is
// labelled JSON and refusing it would report a success as a failure.
//
// A body the server labels JSON is not scanned here: the generated parser
// decodes it anyway, and a body that fails to decode or that the adapter
// cannot use is checked then (ResponseError marks it garbled when it is not
// JSON at all). So a good answer is read once, not twice.
func (b *Backend) checkJSON(rsp *http.Response, body []byte, a *attempt) {
	if len(bytes.TrimSpace(body)) == 0 {
		a.garbled = rsp.StatusCode != http.StatusNoContent && rsp.StatusCode != http.StatusResetContent
		return
	}
	if strings.Contains(strings.ToLower(rsp.Header.Get("Content-Type")), "json") {
		return
	}
	if !json.Valid(body) {
		a.garbled = true
		return
	}
	rsp.Header.Set("Content-Type", "application/json")
}

// garbledBody reports, for a 2xx answer the adapter cannot use, whether its
// body is not JSON at all, and marks the attempt garbled if so.
func garbledBody(rsp *http.Response, body []byte) bool {
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 || json.Valid(body) {
		return false
	}
	if rsp.Request != nil {
		if a := attemptFrom(rsp.Request.Context()); a != nil {
			a.garbled = true
		}
	}
	return true
}

// log writes one record per request sent: what a reader of the log needs to
// follow a call and its retries, and nothing that identifies a customer (the
// spec's route template stands for the path, which holds ids).
func (b *Backend) log(req *http.Request, route string, a *attempt, start time.Time) {
	logger := b.opts.Config.ForCall(req.Context()).Logger
	if logger == nil {
		return
	}
	level := slog.LevelDebug
	if a.failed != nil || a.status >= 400 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("provider", b.opts.Provider), slog.String("operation", string(opFrom(req.Context()))),
		slog.String("method", req.Method), slog.String("route", route), slog.Int("status", a.status),
		slog.Duration("duration", time.Since(start)), slog.Int("attempt", a.n),
	}
	if a.header != nil {
		if id := requestID(a.header); id != "" {
			attrs = append(attrs, slog.String("request_id", string(b.redact([]byte(id), 128))))
		}
	}
	if a.failed != nil {
		attrs = append(attrs, slog.String("failure", failureKind(a)))
	}
	logger.LogAttrs(req.Context(), level, "multipay request", attrs...)
}

// failureKind names a transport failure without its text, which can hold
// addresses and query strings.
func failureKind(a *attempt) string {
	switch {
	case a.status != 0:
		return "response cut short"
	case !a.wrote:
		return "not sent"
	default:
		return "connection lost after sending"
	}
}

// checkRoute refuses a request of facade operation op that matched a spec
// operation other than the ones Routes allows for op. Requests sent through
// the generated client directly carry no op and are not checked.
func (b *Backend) checkRoute(op customers.Operation, matched string, req *http.Request) error {
	if b.opts.Routes == nil || op == "" || slices.Contains(b.opts.Routes[op], matched) {
		return nil
	}
	return &customers.Error{Provider: b.opts.Provider, Operation: op, Kind: customers.ErrInvalidRequest,
		Message: fmt.Sprintf("rejected before sending: %s %s would reach the provider's %s operation, not %s",
			req.Method, req.URL.Path, matched, op)}
}

// Call makes one attempt of an operation through a generated client: send
// issues the request (the generated client calls Do), parse is the generated
// Parse function. A non-2xx answer becomes *customers.Error; a 2xx that is
// not JSON, or does not decode, becomes ErrInvalidResponse. Run it inside
// Retry or Create, which repeat it.
func Call[R any](ctx context.Context, b *Backend, op customers.Operation,
	send func(context.Context) (*http.Response, error), parse func(*http.Response) (R, error)) (R, error) {
	r, _, _, err := callOnce(ctx, b, op, send, parse) //nolint:bodyclose // the body is buffered and closed in send
	return r, err
}

// One is a single attempt of an operation that answers one customer, for
// Retry and Create: pick reads the customer out of the typed answer (nil
// when it holds none, which is ErrInvalidResponse).
func One[R any](b *Backend, op customers.Operation, send func(context.Context) (*http.Response, error),
	parse func(*http.Response) (R, error), pick func(R) *customers.Customer) func(context.Context) (*customers.Customer, error) {
	return func(ctx context.Context) (*customers.Customer, error) {
		r, rsp, body, err := callOnce(ctx, b, op, send, parse) //nolint:bodyclose // the body is buffered and closed in send
		if err != nil {
			return nil, err
		}
		if c := pick(r); c != nil {
			return c, nil
		}
		return nil, b.ResponseError(op, rsp, body, nil)
	}
}

// callOnce is Call that also hands back the answer and its body, for errors
// found after parsing.
func callOnce[R any](ctx context.Context, b *Backend, op customers.Operation,
	send func(context.Context) (*http.Response, error), parse func(*http.Response) (R, error)) (R, *http.Response, []byte, error) {
	var zero R
	rsp, body, err := b.send(ctx, op, send) //nolint:bodyclose // send buffers and closes the body
	if err != nil {
		return zero, nil, nil, err
	}
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
		return zero, rsp, body, b.ResponseError(op, rsp, body, nil)
	}
	if a := attemptFrom(ctx); a != nil && a.garbled {
		return zero, rsp, body, b.ResponseError(op, rsp, body, errGarbled)
	}
	rsp.Body = newBuffered(body)
	parsed, err := parse(rsp)
	if err != nil {
		return zero, rsp, body, b.ResponseError(op, rsp, body, err)
	}
	return parsed, rsp, body, nil
}

// send issues one request and returns the answer with its buffered body.
func (b *Backend) send(ctx context.Context, op customers.Operation, send func(context.Context) (*http.Response, error)) (*http.Response, []byte, error) {
	rsp, err := send(withOp(ctx, op))
	if err != nil {
		var ce *customers.Error
		if errors.As(err, &ce) && ce.Operation == "" {
			ce.Operation = op
		}
		return nil, nil, err
	}
	// Do has buffered the body; keep the bytes so an error can report them
	// after the parser has consumed the reader.
	if b, ok := rsp.Body.(*buffered); ok && b.Len() == len(b.b) {
		return rsp, b.b, nil
	}
	body, err := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	return rsp, body, err
}

// errGarbled is the cause of an error for a 2xx body that is not JSON.
var errGarbled = errors.New("the body is not JSON (empty, cut short or an HTML page)")

// Delete runs a delete with the call's retry policy. Any 2xx is success
// whatever its body, even one cut short (the provider has acted). A 404 on a
// repeated attempt after one that may have taken effect (lost after sending,
// 5xx, unreadable answer) is success too: the customer is gone, which is what
// the caller asked for.
func Delete(ctx context.Context, b *Backend, send func(context.Context) (*http.Response, error)) error {
	const op = customers.OpDelete
	mayHaveDeleted := false
	_, err := Retry(ctx, b, op, func(ctx context.Context) (struct{}, error) {
		rsp, body, err := b.send(ctx, op, send) //nolint:bodyclose // send buffers and closes the body
		a := attemptFrom(ctx)
		switch {
		case a.status >= 200 && a.status <= 299:
			return struct{}{}, nil
		case err == nil:
			err = b.ResponseError(op, rsp, body, nil)
		}
		if mayHaveDeleted && errors.Is(err, customers.ErrNotFound) {
			return struct{}{}, nil
		}
		mayHaveDeleted = mayHaveDeleted || a.failed != nil && a.wrote || a.status >= 500
		return struct{}{}, err
	})
	return err
}

// ResponseError builds the error for an answer the adapter cannot use: a
// provider error, or a 2xx that is not what the spec promises (cause set or
// typed body missing).
func (b *Backend) ResponseError(op customers.Operation, rsp *http.Response, body []byte, cause error) *customers.Error {
	if !errors.Is(cause, errGarbled) && garbledBody(rsp, body) {
		cause = errGarbled // not a decoding error: the body is not JSON at all
	}
	b = b.forAnswerTo(rsp.Request) // redact.go: the customer data sent is redacted too
	e := &customers.Error{
		Provider:   b.opts.Provider,
		Operation:  op,
		StatusCode: rsp.StatusCode,
		RequestID:  b.redactString(requestID(rsp.Header), maxShortField),
		Raw:        b.rawBody(rsp.StatusCode, body, customers.MaxRawBody),
		Err:        b.redactCause(cause),
	}
	pe := b.opts.DecodeError(rsp.StatusCode, body)
	if rsp.StatusCode >= 200 && rsp.StatusCode <= 299 {
		// Some providers (UseePay) report errors inside a 2xx body: use the
		// provider's code when it sent one.
		if pe.Code == "" && pe.Kind == nil {
			e.Kind = customers.ErrInvalidResponse
			e.Message = "the answer does not match the provider's documented response"
			return e
		}
		pe.Kind = cmp.Or(pe.Kind, customers.ErrInvalidResponse)
	}
	e.Kind = kindForStatus(rsp.StatusCode)
	if pe.Kind != nil {
		e.Kind = pe.Kind
	}
	e.Code = b.redactString(pe.Code, maxShortField)
	e.Message = string(b.redact([]byte(pe.Message), 512))
	if e.Message == "" {
		e.Message = http.StatusText(rsp.StatusCode)
	}
	e.Fields = b.facadeFields(pe.Fields)
	if retryableStatus(rsp.StatusCode) {
		e.RetryAfter, _ = b.serverDelay(&attempt{status: rsp.StatusCode, header: rsp.Header, body: body})
	}
	return e
}

func (b *Backend) invalid(op customers.Operation, fields map[string][]string, cause error) *customers.Error {
	e := Invalid(b.opts.Provider, op, b.facadeFields(fields))
	if len(e.Fields) == 0 {
		e.Err = b.redactCause(cause)
	}
	return e
}

// Invalid is the error for input refused before sending, with per-field
// messages (keyed by facade field name where known).
func Invalid(provider string, op customers.Operation, fields map[string][]string) *customers.Error {
	return &customers.Error{Provider: provider, Operation: op, Kind: customers.ErrInvalidRequest,
		Message: "rejected before sending", Fields: fields}
}

// facadeFields renames provider field keys to facade names where known
// ("phone_number" → "Phone"); nested keys map through their longest known
// prefix ("address.city" → "Address.city" when only "address" is known).
func (b *Backend) facadeFields(in map[string][]string) map[string][]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string][]string, len(in))
	for k, msgs := range in {
		name := b.redactString(k, maxShortField) // an unknown key is the provider's text
		if f, ok := b.opts.FieldNames[k]; ok {
			name = string(f)
		} else {
			for i := strings.LastIndexByte(k, '.'); i > 0; i = strings.LastIndexByte(k[:i], '.') {
				if f, ok := b.opts.FieldNames[k[:i]]; ok {
					name = string(f) + k[i:]
					break
				}
			}
		}
		redacted := make([]string, len(msgs))
		for i, m := range msgs {
			redacted[i] = string(b.redact([]byte(m), 512))
		}
		out[name] = append(out[name], redacted...)
	}
	return out
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// kindForStatus maps an HTTP status to a sentinel.
func kindForStatus(status int) error {
	switch {
	case status == http.StatusNotFound || status == http.StatusGone:
		return customers.ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return customers.ErrUnauthorized
	case status == http.StatusConflict:
		return customers.ErrConflict
	case status == http.StatusTooManyRequests:
		return customers.ErrRateLimited
	case status >= 500:
		return customers.ErrUnavailable
	case status >= 400:
		return customers.ErrInvalidRequest
	default:
		return customers.ErrInvalidResponse
	}
}
