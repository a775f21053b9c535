package backend

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

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
		Provider:  "acme",
		Config:    customers.Config{HTTPClient: d, UserAgent: "shop/1.0", Logger: log},
		Authorize: func(h http.Header) { h.Set("X-Key", secret) },
		Secrets:   []string{secret},
		DecodeError: func(_ int, body []byte) ProviderError {
			if strings.Contains(string(body), "taken") {
				return ProviderError{Message: string(body), Kind: customers.ErrConflict, Fields: map[string][]string{"email_address": {"taken"}, "addr.city": {"bad"}}}
			}
			return ProviderError{Message: string(body)}
		},
		FieldNames: map[string]customers.Field{"email_address": customers.FieldEmail, "addr": customers.FieldAddress},
	})
}

// call runs a GET through b and returns Call's error; the parse step hands
// back the response itself, whose body call closes.
func call(t *testing.T, b *Backend) error {
	t.Helper()
	rsp, err := Call(context.Background(), b, customers.OpGet,
		func(ctx context.Context) (*http.Response, error) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example/customers/1?email=a@b.c", nil)
			return b.Do(req)
		},
		func(r *http.Response) (*http.Response, error) { return r, nil })
	if err == nil {
		_ = rsp.Body.Close()
	}
	return err
}

func TestDoSetsCredentialsUserAgentAndAccept(t *testing.T) {
	t.Parallel()
	var seen *http.Request
	b := newTest(doerFunc(func(r *http.Request) (*http.Response, error) {
		seen = r
		return answer(200, `{}`, nil)(r)
	}), nil)
	if err := call(t, b); err != nil {
		t.Fatal(err)
	}
	if seen.Header.Get("X-Key") != secret || seen.Header.Get("Accept") != "application/json" ||
		!strings.HasPrefix(seen.Header.Get("User-Agent"), "shop/1.0 multipay-go/") {
		t.Fatalf("headers %v", seen.Header)
	}
}

func TestErrorAnswerBecomesTypedErrorWithoutSecrets(t *testing.T) {
	t.Parallel()
	h := http.Header{"X-Request-Id": {"req_123"}}
	b := newTest(answer(422, `{"message":"email taken for key `+secret+`"}`, h), nil)
	err := call(t, b)
	var e *customers.Error
	if !errors.As(err, &e) || !errors.Is(err, customers.ErrConflict) {
		t.Fatalf("err %v", err)
	}
	if e.StatusCode != 422 || e.RequestID != "req_123" || e.Operation != customers.OpGet || e.Provider != "acme" {
		t.Fatalf("error %+v", e)
	}
	if strings.Contains(e.Error(), secret) || bytes.Contains(e.Raw, []byte(secret)) {
		t.Fatal("the key leaked into the error")
	}
	if !bytes.Contains(e.Raw, []byte("[REDACTED]")) {
		t.Fatalf("raw %s", e.Raw)
	}
	if _, ok := e.Fields["Email"]; !ok {
		t.Errorf("provider field not renamed: %v", e.Fields)
	}
	if _, ok := e.Fields["Address.city"]; !ok {
		t.Errorf("nested provider field not renamed through its prefix: %v", e.Fields)
	}
}

func TestRawBodyIsCapped(t *testing.T) {
	t.Parallel()
	b := newTest(answer(500, strings.Repeat("x", 3*customers.MaxRawBody), nil), nil)
	err := call(t, b)
	var e *customers.Error
	if !errors.As(err, &e) || !errors.Is(err, customers.ErrUnavailable) || len(e.Raw) != customers.MaxRawBody {
		t.Fatalf("err %v raw %d", err, len(e.Raw))
	}
}

func TestRetryAfterOnTheError(t *testing.T) {
	t.Parallel()
	b := newTest(answer(429, `slow down`, http.Header{"Retry-After": {"3"}}), nil)
	err := call(t, b)
	var e *customers.Error
	if !errors.As(err, &e) || e.RetryAfter != 3*time.Second || !errors.Is(err, customers.ErrRateLimited) {
		t.Fatalf("err %v", err)
	}
}

func TestHugeAnswerIsRefused(t *testing.T) {
	t.Parallel()
	b := newTest(answer(200, strings.Repeat(" ", MaxResponseBody+10), nil), nil)
	err := call(t, b)
	if !errors.Is(err, customers.ErrInvalidResponse) {
		t.Fatalf("err %v", err)
	}
}

func TestTransportErrorsPassThrough(t *testing.T) {
	t.Parallel()
	b := newTest(doerFunc(func(*http.Request) (*http.Response, error) { return nil, context.DeadlineExceeded }), nil)
	err := call(t, b)
	var e *customers.Error
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &e) {
		t.Fatalf("err %v", err)
	}
}

func TestParseFailureKeepsStatusNotBody(t *testing.T) {
	t.Parallel()
	b := newTest(answer(200, `<html>oops</html>`, nil), nil)
	_, err := Call(context.Background(), b, customers.OpCreate,
		func(ctx context.Context) (*http.Response, error) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.example/customers", nil)
			return b.Do(req)
		},
		func(r *http.Response) (any, error) {
			_, _ = io.ReadAll(r.Body) // like a generated Parse function: it consumes the body
			return nil, errors.New("invalid character '<'")
		})
	var e *customers.Error
	// A 2xx body is never kept in Raw: it may be a customer.
	if !errors.As(err, &e) || !errors.Is(err, customers.ErrInvalidResponse) || e.StatusCode != 200 || len(e.Raw) != 0 {
		t.Fatalf("err %v", err)
	}
}

func TestLoggerGetsNoCustomerDataOrKeys(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b := newTest(answer(200, `{"email":"a@b.c"}`, nil), log)
	if err := call(t, b); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// The path holds the customer's id: only the spec's route template is logged.
	if strings.Contains(out, "/customers/1") || !strings.Contains(out, "status=200") || !strings.Contains(out, "attempt=1") {
		t.Fatalf("log %q", out)
	}
	if strings.Contains(out, "a@b.c") || strings.Contains(out, secret) {
		t.Fatalf("log leaks data: %q", out)
	}
}

func TestSecretCutByTheCapIsStillRedacted(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("x", customers.MaxRawBody-5) + secret + "tail"
	b := newTest(answer(500, body, nil), nil)
	err := call(t, b)
	var e *customers.Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if bytes.Contains(e.Raw, []byte(secret[:5])) {
		t.Fatalf("a piece of the key survived: %q", e.Raw[len(e.Raw)-20:])
	}
}

// A provider error inside a 2xx body keeps its code and kind.
func TestErrorInsideA2xxBody(t *testing.T) {
	t.Parallel()
	b := newTest(nil, nil)
	rsp := &http.Response{StatusCode: 200, Header: http.Header{}}
	e := b.ResponseError(customers.OpCreate, rsp, []byte(`{"id":null,"code":"already_exists","message":"email taken"}`), nil)
	if !errors.Is(e, customers.ErrConflict) || e.StatusCode != 200 {
		t.Fatalf("error %v", e)
	}
	plain := b.ResponseError(customers.OpCreate, rsp, []byte(`<html>ok</html>`), nil)
	if !errors.Is(plain, customers.ErrInvalidResponse) {
		t.Fatalf("error %v", plain)
	}
}

// A request that matches another spec operation than the facade operation
// allows is refused before sending; the allowed one goes out.
func TestRoutesRefuseAnotherOperation(t *testing.T) {
	t.Parallel()
	sent := 0
	b := New(Options{
		Provider:  "notchpay",
		Config:    customers.Config{HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) { sent++; return answer(200, `{}`, nil)(r) })},
		Authorize: func(h http.Header) { h.Set("Authorization", "pk_test.key") },
		Preflight: PreflightFor("notchpay"),
		Routes:    map[customers.Operation][]string{customers.OpUpdate: {"updateCustomer"}},
	})
	send := func(op customers.Operation, path string) error {
		_, err := Call(context.Background(), b, op,
			func(ctx context.Context) (*http.Response, error) {
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.notchpay.co"+path, strings.NewReader(`{"name":"Ada"}`))
				req.Header.Set("Content-Type", "application/json")
				return b.Do(req)
			}, ignoreBody)
		return err
	}
	// POST /customers is create: as an update it must not leave.
	err := send(customers.OpUpdate, "/customers")
	var ce *customers.Error
	if !errors.As(err, &ce) || !errors.Is(err, customers.ErrInvalidRequest) || !strings.Contains(ce.Message, "createCustomer") {
		t.Fatalf("update routed to create: %v", err)
	}
	// An operation missing from the map is refused too.
	if err := send(customers.OpBlock, "/customers/cus_1/block"); !errors.Is(err, customers.ErrInvalidRequest) {
		t.Fatalf("unlisted operation: %v", err)
	}
	if sent != 0 {
		t.Fatalf("%d refused request(s) were sent", sent)
	}
	if err := send(customers.OpUpdate, "/customers/cus_1"); err != nil || sent != 1 {
		t.Fatalf("the allowed update: %v (sent %d)", err, sent)
	}
}

func ignoreBody(*http.Response) (struct{}, error) { return struct{}{}, nil }

func TestKindForStatus(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]error{
		400: customers.ErrInvalidRequest, 401: customers.ErrUnauthorized, 403: customers.ErrUnauthorized, 404: customers.ErrNotFound, 409: customers.ErrConflict,
		422: customers.ErrInvalidRequest, 429: customers.ErrRateLimited, 500: customers.ErrUnavailable, 503: customers.ErrUnavailable, 200: customers.ErrInvalidResponse,
	} {
		if got := kindForStatus(status); !errors.Is(got, want) {
			t.Errorf("kindForStatus(%d) = %v, want %v", status, got, want)
		}
	}
}
