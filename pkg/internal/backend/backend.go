// Package backend is the one seam every adapter's HTTP goes through. It is the
// HttpRequestDoer handed to the generated clients: it adds credentials and the
// User-Agent, validates each request against the provider's spec before it is
// sent (so bad input never reaches the network), buffers response bodies, and
// turns every answer that is not the expected success into *customers.Error.
// Retries and other reliability work belong here too.
package backend

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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
}

// New returns the backend for one adapter.
func New(o Options) *Backend {
	doer := o.Config.HTTPClient
	if doer == nil {
		doer = &http.Client{
			Timeout: 60 * time.Second,
			// Never follow redirects: net/http would forward custom credential
			// headers (X-BUSINESS-API-KEY, x-api-key, …) and bodies to whatever
			// host Location names. A 3xx comes back as an error instead.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
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
	return &Backend{opts: o, doer: doer, userAgent: ua, basePath: basePath}
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
// so that it can be parsed and still reported in an error.
func (b *Backend) Do(req *http.Request) (*http.Response, error) {
	b.opts.Authorize(req.Header)
	req.Header.Set("User-Agent", b.userAgent)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if p := b.opts.Preflight; p != nil {
		matched, fields, err := p.Check(req, b.basePath)
		if err != nil {
			return nil, b.invalid(opFrom(req.Context()), fields, err)
		}
		if err := b.checkRoute(opFrom(req.Context()), matched, req); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	rsp, err := b.doer.Do(req)
	if err != nil {
		b.log(req, 0, start)
		return nil, withoutQuery(err) // transport errors stay as they are, minus customer data
	}
	defer func() { _ = rsp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(rsp.Body, MaxResponseBody+1))
	b.log(req, rsp.StatusCode, start)
	if err != nil {
		return nil, err
	}
	if len(body) > MaxResponseBody {
		return nil, &customers.Error{
			Provider: b.opts.Provider, Operation: opFrom(req.Context()), StatusCode: rsp.StatusCode,
			Kind: customers.ErrInvalidResponse, Message: fmt.Sprintf("response body exceeds %d bytes", MaxResponseBody),
			RequestID: b.redactString(requestID(rsp.Header), maxShortField),
		}
	}
	rsp.Body = io.NopCloser(bytes.NewReader(body))
	rsp.ContentLength = int64(len(body))
	return rsp, nil
}

func (b *Backend) log(req *http.Request, status int, start time.Time) {
	if b.opts.Config.Logger == nil {
		return
	}
	// Path only: query strings can carry e-mails and phone numbers.
	b.opts.Config.Logger.LogAttrs(req.Context(), slog.LevelDebug, "multipay request",
		slog.String("provider", b.opts.Provider), slog.String("method", req.Method),
		slog.String("path", req.URL.Path), slog.Int("status", status),
		slog.Duration("duration", time.Since(start)))
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

// Call runs one operation through a generated client: send issues the request
// (the generated client calls Do), parse is the generated Parse function.
// Transport errors come back unchanged; a non-2xx answer becomes
// *customers.Error; a 2xx that does not decode becomes ErrInvalidResponse.
func Call[R any](ctx context.Context, b *Backend, op customers.Operation,
	send func(context.Context) (*http.Response, error), parse func(*http.Response) (R, error)) (R, error) {
	var zero R
	rsp, err := send(withOp(ctx, op))
	if err != nil {
		var ce *customers.Error
		if errors.As(err, &ce) && ce.Operation == "" {
			ce.Operation = op
		}
		return zero, err
	}
	// Do has buffered the body; keep the bytes so an error can report them
	// after the parser has consumed the reader.
	body, err := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	if err != nil {
		return zero, err
	}
	if rsp.StatusCode < 200 || rsp.StatusCode > 299 {
		return zero, b.ResponseError(op, rsp, body, nil)
	}
	rsp.Body = io.NopCloser(bytes.NewReader(body))
	parsed, err := parse(rsp)
	if err != nil {
		return zero, b.ResponseError(op, rsp, body, err)
	}
	return parsed, nil
}

// IgnoreBody is a parse function for Call that accepts any 2xx answer
// whatever its body, for operations whose success carries no data (delete).
func IgnoreBody(*http.Response) (struct{}, error) { return struct{}{}, nil }

// ResponseError builds the error for an answer the adapter cannot use: a
// provider error, or a 2xx that is not what the spec promises (cause set or
// typed body missing).
func (b *Backend) ResponseError(op customers.Operation, rsp *http.Response, body []byte, cause error) *customers.Error {
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
	e.Kind = customers.KindForStatus(rsp.StatusCode)
	if pe.Kind != nil {
		e.Kind = pe.Kind
	}
	e.Code = b.redactString(pe.Code, maxShortField)
	e.Message = string(b.redact([]byte(pe.Message), 512))
	if e.Message == "" {
		e.Message = http.StatusText(rsp.StatusCode)
	}
	e.Fields = b.facadeFields(pe.Fields)
	if rsp.StatusCode == http.StatusTooManyRequests || rsp.StatusCode == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(rsp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// Unexpected is ResponseError for a 2xx whose typed body is missing, such as
// an HTML page served with status 200.
func (b *Backend) Unexpected(op customers.Operation, rsp *http.Response, body []byte) *customers.Error {
	return b.ResponseError(op, rsp, body, nil)
}

func (b *Backend) invalid(op customers.Operation, fields map[string][]string, cause error) *customers.Error {
	e := customers.Invalid(b.opts.Provider, op, b.facadeFields(fields))
	if len(e.Fields) == 0 {
		e.Err = b.redactCause(cause)
	}
	return e
}

// Invalid returns an invalid-request error (found before sending) with
// messages keyed by facade field.
func (b *Backend) Invalid(op customers.Operation, fields map[customers.Field][]string) *customers.Error {
	m := make(map[string][]string, len(fields))
	for f, msgs := range fields {
		m[string(f)] = msgs
	}
	return customers.Invalid(b.opts.Provider, op, m)
}

// NotSupported returns the provider's not-supported error.
func (b *Backend) NotSupported(op customers.Operation, fields ...customers.Field) *customers.Error {
	return customers.NotSupported(b.opts.Provider, op, fields...)
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

// redact removes every secret, then caps the result at maxLen bytes (in
// that order, so a secret cut by the cap cannot survive in part).
func (b *Backend) redact(body []byte, maxLen int) []byte {
	out := body
	for _, s := range b.opts.Secrets {
		if len(s) >= 4 && bytes.Contains(out, []byte(s)) {
			out = bytes.ReplaceAll(out, []byte(s), []byte("[REDACTED]"))
		}
	}
	if len(out) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut]
	}
	return bytes.Clone(out)
}

// withoutQuery drops the query string from a *url.Error: it can hold search
// criteria (e-mails, phone numbers) that must not reach error messages.
func withoutQuery(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil || u.RawQuery == "" {
		return err
	}
	u.RawQuery = ""
	c := *ue
	c.URL = u.String()
	return &c
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// retryAfter reads Retry-After as seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
