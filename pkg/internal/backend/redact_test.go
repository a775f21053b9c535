package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// echoing is a backend whose provider echoes the key everywhere a provider
// can put text: the error code, the message, a field name and a field
// message, the request id header and the body.
func echoing(status int, body string) *Backend {
	h := http.Header{"X-Request-Id": {"req-" + secret}}
	return New(Options{
		Provider:  "acme",
		Config:    customers.Config{HTTPClient: answer(status, body, h)},
		Authorize: func(h http.Header) { h.Set("X-Key", secret) },
		Secrets:   []string{secret},
		DecodeError: func(int, []byte) ProviderError {
			return ProviderError{Code: "bad_key_" + secret, Message: "key " + secret + " refused",
				Fields: map[string][]string{"x_" + secret: {"echo " + secret}}}
		},
	})
}

func callWith(b *Backend, parse func(*http.Response) (any, error)) error {
	_, err := Send(context.Background(), firstAttempt(b, customers.OpGet),
		request(http.MethodGet, "https://api.example/customers/1", ""), parse)
	return err
}

// renderings are every way an error is commonly printed or logged.
func renderings(err error) []string {
	return []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%s", err)}
}

// Every string field of *customers.Error passes the same redaction: a
// provider that echoes the key in its code, request id, field names or body
// cannot make the error print it.
func TestErrorStringFieldsAreRedacted(t *testing.T) {
	t.Parallel()
	err := callWith(echoing(http.StatusBadRequest, `{"key":"`+secret+`"}`),
		func(*http.Response) (any, error) { return nil, nil })
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	fields := fmt.Sprint(ce.Fields)
	for _, s := range append(renderings(err), ce.Code, ce.Message, ce.RequestID, fields, string(ce.Raw)) {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, ce.Code, "[REDACTED]", "the code is kept, redacted")
	assert.Contains(t, ce.RequestID, "[REDACTED]")
	assert.Contains(t, string(ce.Raw), "[REDACTED]", "an error body is kept, redacted")
}

// A decoder's error quotes the value it choked on, which can be a customer's
// data or an echoed key: the wrapped error's text is redacted and its quoted
// values elided, while errors.Is still reaches the cause.
func TestWrappedErrorTextIsRedacted(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf(`parsing time "1990-02-30" for ada@example.com near %s: %w`, secret, io.ErrUnexpectedEOF)
	err := callWith(echoing(http.StatusOK, `{"id":"1","email":"ada@example.com"}`),
		func(*http.Response) (any, error) { return nil, cause })
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	for _, s := range renderings(err) {
		assert.NotContains(t, s, secret)
		assert.NotContains(t, s, "1990-02-30")
	}
	assert.Empty(t, ce.Raw, "a refused 2xx JSON body is a customer: not kept")
}

// A 2xx that is not JSON (a gateway's page, or a customer behind junk) is
// not kept either: only error answers are.
func TestNoSuccessBodyIsKept(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"<html>bad gateway</html>", `0{"email":"ada@example.com"}`} {
		err := callWith(echoing(http.StatusOK, body),
			func(*http.Response) (any, error) { return nil, errors.New("invalid character") })
		var ce *customers.Error
		require.ErrorAs(t, err, &ce)
		assert.Empty(t, ce.Raw, body)
		assert.Equal(t, http.StatusOK, ce.StatusCode)
	}
}

// A provider that echoes the input in its error ("… has already been
// taken") cannot put the customer's data into the error: every string the
// request sent, in its body or query, is redacted like a key.
func TestEchoedCustomerDataIsRedacted(t *testing.T) {
	t.Parallel()
	echo := doerFunc(func(req *http.Request) (*http.Response, error) {
		in, _ := io.ReadAll(req.Body)
		body := `{"message":"customer ` + string(in) + ` ` + req.URL.RawQuery + ` refused"}`
		return &http.Response{StatusCode: http.StatusUnprocessableEntity, Request: req, Header: http.Header{},
			Body: io.NopCloser(strings.NewReader(body))}, nil
	})
	b := New(Options{Provider: "acme", Config: customers.Config{HTTPClient: echo},
		Authorize: func(http.Header) {},
		DecodeError: func(_ int, body []byte) ProviderError {
			return ProviderError{Message: string(body), Code: string(body), Fields: map[string][]string{"email": {string(body)}}}
		}})
	_, err := Send(context.Background(), firstAttempt(b, customers.OpCreate),
		request(http.MethodPost, "https://api.example/customers?q=Lovelace",
			`{"name":"Ada King","address":{"street":"1 Main St"},"tags":["vip-gold"]}`),
		func(*http.Response) (any, error) { return nil, nil })
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	outputs := append(renderings(err), ce.Code, string(ce.Raw), fmt.Sprint(ce.Fields))
	for _, out := range outputs {
		for _, pii := range []string{"Ada King", "1 Main St", "vip-gold", "Lovelace"} {
			assert.NotContains(t, out, pii)
		}
	}
	assert.Contains(t, ce.Message, "refused", "the provider's own words stay")
}
