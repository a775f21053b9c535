package backend

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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
		Provider:    "acme",
		Config:      customers.Config{HTTPClient: answer(status, body, h)},
		Credentials: http.Header{"X-Key": {secret}},
		Secrets:     []string{secret},
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

// survivorKey has characters that URL encoding changes, and upper case.
const survivorKey = "UseePay_SK_live/0123+4567=89abCDEF"

// echoBack is a backend whose provider answers 422 with body, which its
// error decoder also takes as the message, after a request that sent a
// customer (name, e-mail, phone) in its body and a search in its query.
func echoBack(body string) (*customers.Error, error) {
	b := New(Options{Provider: "acme", Secrets: []string{survivorKey},
		Config: customers.Config{HTTPClient: answer(http.StatusUnprocessableEntity, body, nil)},
		DecodeError: func(_ int, body []byte) ProviderError {
			return ProviderError{Message: string(body)}
		}})
	_, err := Send(context.Background(), firstAttempt(b, customers.OpCreate),
		request(http.MethodPost, "https://api.example/customers?q=Babbage",
			`{"first_name":"Ada","last_name":"Lovelace","name":"Augusta Ada King",`+
				`"email":"ada.lovelace@example.com","phone":"+6591234567"}`), ignoreBody)
	var ce *customers.Error
	errors.As(err, &ce)
	return ce, err
}

// Providers do not echo a value verbatim: each form below survived the
// exact-text redaction. The provider's own words around it stay.
func TestRedactionCatchesReshapedValues(t *testing.T) {
	t.Parallel()
	b64 := func(enc *base64.Encoding, s string) string { return enc.EncodeToString([]byte(s)) }
	cases := []struct{ name, echoed, hidden string }{
		{"upper-cased e-mail", "ADA.LOVELACE@EXAMPLE.COM", "LOVELACE"},
		{"e-mail local part", "user ada.lovelace not allowed", "lovelace"},
		{"surname alone, from Name", "King", "King"},
		{"first name alone", "dear Ada,", "Ada"},
		{"a word of the name, upper-cased", "AUGUSTA", "AUGUSTA"},
		{"query value, other case", "BABBAGE", "BABBAGE"},
		{"phone, international spaced", "+65 9123 4567", "9123"},
		{"phone, national", "9123 4567", "9123"},
		{"phone, dashes and parentheses", "(+65) 9123-4567", "4567"},
		{"phone, dots", "65.9123.4567", "9123"},
		{`\u-escaped e-mail`, `\u0061da.lovelace\u0040example.com`, `lovelace`},
		{`\u-escaped surname`, `\u004Covelace`, `ovelace`},
		{`\u-escaped key`, `\u0055seePay_SK_live\/0123+4567=89abCDEF`, `0123`},
		{"key URL-encoded", url.QueryEscape(survivorKey), "0123"},
		{"key path-encoded", url.PathEscape(survivorKey), "0123"},
		{"key base64 std", b64(base64.StdEncoding, survivorKey), b64(base64.StdEncoding, survivorKey)[4:16]},
		{"key base64 url", b64(base64.URLEncoding, survivorKey), b64(base64.URLEncoding, survivorKey)[4:16]},
		{"key base64 in Basic auth", b64(base64.StdEncoding, "user:"+survivorKey), b64(base64.StdEncoding, "user:"+survivorKey)[12:24]},
		{"key base64 unpadded, offset 2", b64(base64.RawURLEncoding, "ab"+survivorKey), b64(base64.RawURLEncoding, "ab"+survivorKey)[8:20]},
		{"key lower-cased", strings.ToLower(survivorKey), "0123"},
		{"key's first 20 characters", survivorKey[:20], "0123"},
		{"key's first 8 characters", survivorKey[:8], survivorKey[:8]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := `{"error":"refused: ` + tc.echoed + ` (see docs)"}`
			ce, err := echoBack(body)
			require.NotNil(t, ce, err)
			for _, out := range append(renderings(err), ce.Message, string(ce.Raw)) {
				assert.NotContains(t, strings.ToLower(out), strings.ToLower(tc.hidden))
			}
			assert.Contains(t, ce.Message, "[REDACTED]")
			assert.Contains(t, ce.Message, "refused: ", "the provider's words stay")
			assert.Contains(t, ce.Message, " (see docs)", "the provider's words stay")
		})
	}
}

// Name parts match as whole words only, and short or unrelated text stays:
// redaction must not eat the provider's own message.
func TestRedactionKeepsUnrelatedText(t *testing.T) {
	t.Parallel()
	const msg = "metadata invalid: Adam at 9123 Kingsway, order 12345678"
	ce, err := echoBack(msg)
	require.NotNil(t, ce, err)
	assert.Equal(t, msg, ce.Message)
}

// A redacted text is never longer than its cap, however many short matches
// (each 8 bytes, replaced by a longer mark) the text holds, and a cut
// never leaves a key's prefix of minPrefix bytes.
func TestRedactionStaysWithinItsCap(t *testing.T) {
	t.Parallel()
	r := newRedactor([]string{survivorKey})
	in := []byte(strings.Repeat(survivorKey[:8]+" ", 2000))
	for _, maxLen := range []int{0, 1, 10, 100, 512, 4096} {
		out := r.redact(in, maxLen)
		assert.LessOrEqual(t, len(out), maxLen)
		assert.NotContains(t, string(out), survivorKey[:8])
	}
}

// A body larger than the window redact tries first is rendered as the whole
// body would be: the window's cut never shows.
func TestRedactionWindowMatchesAFullPass(t *testing.T) {
	t.Parallel()
	r := newRedactor([]string{survivorKey}).with([]sentValue{{"phone", "+6591234567"}, {"name", "Ada Lovelace"}})
	for _, unit := range []string{"x", survivorKey + " ", `\u0041da `, "+65 9123 4567,", survivorKey, "word "} {
		in := []byte(strings.Repeat(unit, 4000))
		for _, maxLen := range []int{16, 512, 4096} {
			assert.Equal(t, capped(r.redactUpTo(in, len(in), len(in)), maxLen), r.redact(in, maxLen), "%q × 4000, cap %d", unit, maxLen)
		}
	}
}

// A transport error whose text holds the key or the data sent is redacted
// in every text of its chain, while errors.Is still reaches the context's
// error and errors.As the typed cause.
func TestTransportErrorChainIsRedacted(t *testing.T) {
	t.Parallel()
	cause := &net.OpError{Op: "read", Net: "tcp", Err: fmt.Errorf("echo %s for ada.lovelace@example.com: %w", secret, context.DeadlineExceeded)}
	b := newTest(doerFunc(func(*http.Request) (*http.Response, error) { return nil, cause }), nil)
	_, err := Send(context.Background(), firstAttempt(b, customers.OpGet),
		request(http.MethodGet, "https://api.example/customers?email=ada.lovelace@example.com", ""), ignoreBody)
	require.Error(t, err)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Equal(t, "read", op.Op)
	links := 0
	for e := err; e != nil; e = errors.Unwrap(e) {
		links++
		for _, s := range renderings(e) {
			assert.NotContains(t, s, secret)
			assert.NotContains(t, s, "lovelace")
		}
	}
	assert.GreaterOrEqual(t, links, 3, "the chain is kept, redacted")
}

// BenchmarkRedactLargeBody redacts an 8 MiB error body (the largest read)
// into Error.Raw, with the key and a customer to look for.
func BenchmarkRedactLargeBody(b *testing.B) {
	r := newRedactor([]string{survivorKey}).with([]sentValue{{"phone", "+6591234567"}, {"name", "Ada Lovelace"}, {"email", "ada@example.com"}})
	for _, unit := range []string{"some text, ", survivorKey} {
		body := []byte(strings.Repeat(unit, MaxResponseBody/len(unit)))
		b.Run(strings.TrimSpace(unit[:4]), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				r.redact(body, customers.MaxRawBody)
			}
		})
	}
}

// FuzzRedact: whatever the text (stray backslashes, cut escapes, invalid
// UTF-8), redact stays within its cap, equals a full pass, and leaves
// neither the key nor its 8-byte prefix in any case.
func FuzzRedact(f *testing.F) {
	for _, seed := range []string{survivorKey, `\u0055seePay_SK_live`, `a\`, `\u12`, `\ud83d\ude00` + survivorKey, "+65 9123 4567", "\xff\\uD800x"} {
		f.Add(seed, uint16(64))
	}
	r := newRedactor([]string{survivorKey}).with([]sentValue{{"phone", "+6591234567"}, {"name", "Ada Lovelace"}})
	f.Fuzz(func(t *testing.T, text string, capLen uint16) {
		maxLen := int(capLen % 600)
		in := []byte(strings.Repeat(text, 1+700/(len(text)+1)))
		out := r.redact(in, maxLen)
		require.LessOrEqual(t, len(out), maxLen)
		require.Equal(t, capped(r.redactUpTo(in, len(in), len(in)), maxLen), out)
		full := r.redactUpTo(in, len(in), len(in))
		norm, _ := normalize(full)
		require.NotContains(t, string(norm), strings.ToLower(survivorKey[:minPrefix]))
	})
}

// An escaped character is read as the character, U+FFFD like any other: a
// name sent with one is redacted when the answer echoes it escaped.
func TestEscapedReplacementCharIsRead(t *testing.T) {
	t.Parallel()
	r := newRedactor(nil).with([]sentValue{{"name", "Ada\uFFFDKing"}})
	out := string(r.redact([]byte(`{"message":"Ada\ufffdKing is taken"}`), 200))
	assert.NotContains(t, strings.ToLower(out), "king")
	assert.Contains(t, out, "is taken")
}
