package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// doerFunc is an HTTPDoer from a function.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func answer(status int, body string, h http.Header) doerFunc {
	return func(*http.Request) (*http.Response, error) {
		if h == nil {
			h = http.Header{}
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}, nil
	}
}

const secret = "sk_live_very_secret_key"

func newTest(d customers.HTTPDoer, log *slog.Logger) *Backend {
	return New(Options{
		Provider: "acme",
		Config: customers.Config{HTTPClient: d, UserAgent: "shop/1.0", Logger: log, // and NewConfig's backoff
			Retry: customers.RetryPolicy{Base: customers.DefaultRetryBase, MaxWait: customers.DefaultRetryMaxWait}},
		Credentials: http.Header{"X-Key": {secret}},
		Secrets:     []string{secret},
		DecodeError: func(_ int, body []byte) ProviderError {
			if strings.Contains(string(body), "taken") {
				return ProviderError{Message: string(body), Kind: customers.ErrConflict, Fields: map[string][]string{"email_address": {"taken"}, "addr.city": {"bad"}}}
			}
			return ProviderError{Message: string(body)}
		},
		FieldNames: map[string]customers.Field{"email_address": customers.FieldEmail, "addr": customers.FieldAddress},
	})
}

// call runs one attempt of a GET through b and returns Send's error.
func call(t *testing.T, b *Backend) error {
	t.Helper()
	_, err := Send(context.Background(), firstAttempt(b, customers.OpGet),
		request(http.MethodGet, "https://api.example/customers/1?email=a@b.c", ""), ignoreBody)
	return err
}

// firstAttempt is the first attempt of a call of op without call options.
func firstAttempt(b *Backend, op customers.Operation) *Attempt { return b.Call(op, nil).attempt(1) }

// request builds a request of method to url, with body when it is not empty.
func request(method, url, body string) Request {
	return func() (*http.Request, error) {
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		return http.NewRequest(method, url, r)
	}
}

func TestDoSetsCredentialsUserAgentAndAccept(t *testing.T) {
	t.Parallel()
	var seen *http.Request
	b := newTest(doerFunc(func(r *http.Request) (*http.Response, error) {
		seen = r
		return answer(200, `{}`, nil)(r)
	}), nil)
	require.NoError(t, call(t, b))
	require.Equal(t, secret, seen.Header.Get("X-Key"))
	require.Equal(t, "application/json", seen.Header.Get("Accept"))
	require.True(t, strings.HasPrefix(seen.Header.Get("User-Agent"), "shop/1.0 multipay-go/"), "User-Agent %q", seen.Header.Get("User-Agent"))
}

func TestErrorAnswerBecomesTypedErrorWithoutSecrets(t *testing.T) {
	t.Parallel()
	h := http.Header{"X-Request-Id": {"req_123"}}
	b := newTest(answer(422, `{"message":"email taken for key `+secret+`"}`, h), nil)
	err := call(t, b)
	var e *customers.Error
	require.ErrorAs(t, err, &e)
	require.ErrorIs(t, err, customers.ErrConflict)
	require.Equal(t, 422, e.StatusCode)
	require.Equal(t, "req_123", e.RequestID)
	require.Equal(t, customers.OpGet, e.Operation)
	require.Equal(t, "acme", e.Provider)
	require.NotContains(t, e.Error(), secret, "the key leaked into the error")
	require.NotContains(t, string(e.Raw), secret, "the key leaked into the raw body")
	require.Contains(t, string(e.Raw), "[REDACTED]")
	assert.Contains(t, e.Fields, "Email", "provider field not renamed")
	assert.Contains(t, e.Fields, "Address.city", "nested provider field not renamed through its prefix")
}

func TestRawBodyIsCapped(t *testing.T) {
	t.Parallel()
	b := newTest(answer(500, strings.Repeat("x", 3*customers.MaxRawBody), nil), nil)
	err := call(t, b)
	var e *customers.Error
	require.ErrorAs(t, err, &e)
	require.ErrorIs(t, err, customers.ErrUnavailable)
	require.Len(t, e.Raw, customers.MaxRawBody)
}

func TestRetryAfterOnTheError(t *testing.T) {
	t.Parallel()
	b := newTest(answer(429, `slow down`, http.Header{"Retry-After": {"3"}}), nil)
	err := call(t, b)
	var e *customers.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, 3*time.Second, e.RetryAfter)
	require.ErrorIs(t, err, customers.ErrRateLimited)
}

func TestHugeAnswerIsRefused(t *testing.T) {
	t.Parallel()
	b := newTest(answer(200, strings.Repeat(" ", MaxResponseBody+10), nil), nil)
	require.ErrorIs(t, call(t, b), customers.ErrInvalidResponse)
}

func TestTransportErrorsPassThrough(t *testing.T) {
	t.Parallel()
	b := newTest(doerFunc(func(*http.Request) (*http.Response, error) { return nil, context.DeadlineExceeded }), nil)
	err := call(t, b)
	var e *customers.Error
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.False(t, errors.As(err, &e), "a transport error wrapped as a *customers.Error: %v", err)
}

func TestParseFailureKeepsStatusNotBody(t *testing.T) {
	t.Parallel()
	b := newTest(answer(200, `<html>oops</html>`, nil), nil)
	_, err := Send(context.Background(), firstAttempt(b, customers.OpCreate),
		request(http.MethodPost, "https://api.example/customers", ""),
		func(r *http.Response) (any, error) {
			_, _ = io.ReadAll(r.Body) // like a generated Parse function: it consumes the body
			return nil, errors.New("invalid character '<'")
		})
	var e *customers.Error
	// A 2xx body is never kept in Raw: it may be a customer.
	require.ErrorAs(t, err, &e)
	require.ErrorIs(t, err, customers.ErrInvalidResponse)
	require.Equal(t, 200, e.StatusCode)
	require.Empty(t, e.Raw)
}

func TestLoggerGetsNoCustomerDataOrKeys(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b := newTest(answer(200, `{"email":"a@b.c"}`, nil), log)
	require.NoError(t, call(t, b))
	out := buf.String()
	// The path holds the customer's id: only the spec's route template is logged.
	require.NotContains(t, out, "/customers/1")
	require.Contains(t, out, "status=200")
	require.Contains(t, out, "attempt=1")
	require.NotContains(t, out, "a@b.c", "log leaks data")
	require.NotContains(t, out, secret, "log leaks data")
}

func TestSecretCutByTheCapIsStillRedacted(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("x", customers.MaxRawBody-5) + secret + "tail"
	b := newTest(answer(500, body, nil), nil)
	err := call(t, b)
	var e *customers.Error
	require.ErrorAs(t, err, &e)
	require.NotContains(t, string(e.Raw), secret[:5], "a piece of the key survived")
}

// A provider error inside a 2xx body keeps its code and kind.
func TestErrorInsideA2xxBody(t *testing.T) {
	t.Parallel()
	b := newTest(nil, nil)
	rsp := &http.Response{StatusCode: 200, Header: http.Header{}}
	e := firstAttempt(b, customers.OpCreate).ResponseError(rsp, []byte(`{"id":null,"code":"already_exists","message":"email taken"}`), nil)
	require.ErrorIs(t, e, customers.ErrConflict)
	require.Equal(t, 200, e.StatusCode)
	plain := firstAttempt(b, customers.OpCreate).ResponseError(rsp, []byte(`<html>ok</html>`), nil)
	require.ErrorIs(t, plain, customers.ErrInvalidResponse)
}

// A request that matches another spec operation than the facade operation
// allows is refused before sending; the allowed one goes out.
func TestRoutesRefuseAnotherOperation(t *testing.T) {
	t.Parallel()
	sent := 0
	b := New(Options{
		Provider:    "notchpay",
		Config:      customers.Config{HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) { sent++; return answer(200, `{}`, nil)(r) })},
		Credentials: http.Header{"Authorization": {"pk_test.key"}},
		Preflight:   PreflightFor("notchpay"),
		Routes:      map[customers.Operation][]string{customers.OpUpdate: {"updateCustomer"}},
	})
	send := func(op customers.Operation, path string) error {
		_, err := Send(context.Background(), firstAttempt(b, op), func() (*http.Request, error) {
			req, err := http.NewRequest(http.MethodPost, "https://api.notchpay.co"+path, strings.NewReader(`{"name":"Ada"}`))
			req.Header.Set("Content-Type", "application/json")
			return req, err
		}, ignoreBody)
		return err
	}
	// POST /customers is create: as an update it must not leave.
	err := send(customers.OpUpdate, "/customers")
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "update routed to create")
	require.ErrorIs(t, err, customers.ErrInvalidRequest, "update routed to create")
	require.Contains(t, ce.Message, "createCustomer")
	// An operation missing from the map is refused too.
	require.ErrorIs(t, send(customers.OpBlock, "/customers/cus_1/block"), customers.ErrInvalidRequest, "unlisted operation")
	require.Zero(t, sent, "refused requests sent")
	require.NoError(t, send(customers.OpUpdate, "/customers/cus_1"), "the allowed update")
	require.Equal(t, 1, sent, "requests sent")
}

func ignoreBody(*http.Response) (struct{}, error) { return struct{}{}, nil }

func TestKindForStatus(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]error{
		400: customers.ErrInvalidRequest, 401: customers.ErrUnauthorized, 403: customers.ErrUnauthorized, 404: customers.ErrNotFound, 409: customers.ErrConflict,
		422: customers.ErrInvalidRequest, 429: customers.ErrRateLimited, 500: customers.ErrUnavailable, 503: customers.ErrUnavailable, 200: customers.ErrInvalidResponse,
	} {
		assert.ErrorIs(t, kindForStatus(status), want, "kindForStatus(%d)", status)
	}
}

// readBody answers what io.ReadAll over the bounded body answers, whatever
// length the response announces.
func TestReadBodyMatchesReadAll(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", "{}", `{"id":"cus_1","name":"Ann"}`} {
		for _, announced := range []int64{-1, 0, 1, int64(len(body)), int64(len(body)) + 5, MaxResponseBody + 1} {
			rsp := &http.Response{Body: io.NopCloser(strings.NewReader(body)), ContentLength: announced}
			got, err := readBody(rsp)
			require.NoError(t, err, "announced %d", announced)
			assert.Equal(t, body, string(got), "announced %d", announced)
		}
	}
	big := strings.Repeat("x", MaxResponseBody+10)
	for _, announced := range []int64{10, -1} {
		got, err := readBody(&http.Response{Body: io.NopCloser(strings.NewReader(big)), ContentLength: announced})
		require.NoError(t, err)
		assert.Len(t, got, MaxResponseBody+1, "bounded like the limit reader")
	}
	large := strings.Repeat("y", 300<<10) // more than a pooled buffer holds
	got, err := readBody(&http.Response{Body: io.NopCloser(iotest.HalfReader(strings.NewReader(large))), ContentLength: -1})
	require.NoError(t, err)
	assert.Equal(t, large, string(got))
	broken := &http.Response{Body: io.NopCloser(io.MultiReader(strings.NewReader("{"), iotest.ErrReader(io.ErrUnexpectedEOF))), ContentLength: 40}
	_, err = readBody(broken)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "a body that breaks off is an error")
}

// An answer that decoding would change without a word is refused: bytes
// that are not UTF-8 (they became U+FFFD), a key given twice or in two
// cases (encoding/json kept the last). A lone key in another case is read
// as the field, as encoding/json matches keys.
func TestUnclearAnswersAreRefused(t *testing.T) {
	t.Parallel()
	type customer struct{ Email string }
	decode := func(r *http.Response) (customer, error) {
		var c customer
		err := json.NewDecoder(r.Body).Decode(&c)
		return c, err
	}
	get := func(body string) (customer, error) {
		b := newTest(answer(200, body, http.Header{"Content-Type": {"application/json"}}), nil)
		return Send(context.Background(), firstAttempt(b, customers.OpGet),
			request(http.MethodGet, "https://api.example/customers/1", ""), decode)
	}
	for name, body := range map[string]string{
		"not UTF-8":          "{\"email\":\"ada\xff@example.com\"}",
		"a key twice":        `{"email":"ada@example.com","email":"evil@example.com"}`,
		"a key in two cases": `{"email":"ada@example.com","EMAIL":"evil@example.com"}`,
		"nested, escaped":    `{"email":"ada@example.com","address":{"city":"x","\u0063ity":"y"}}`,
	} {
		_, err := get(body)
		require.ErrorIs(t, err, customers.ErrInvalidResponse, name)
		assert.NotContains(t, err.Error(), "evil", name)
	}
	c, err := get(`{"EMAIL":"ada@example.com"}`)
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", c.Email, "a lone key in another case")
}
