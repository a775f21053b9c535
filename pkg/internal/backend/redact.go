package backend

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
)

// Bounds on the string fields of *customers.Error that come from a provider
// (Code, RequestID, unknown field names): long enough for any real value,
// short enough that an echoed request cannot hide in one.
const maxShortField = 256

// redactString is redact for one string field of an error.
func (b *Backend) redactString(s string, maxLen int) string {
	if s == "" {
		return ""
	}
	return string(b.redact([]byte(s), maxLen))
}

// rawBody is what Error.Raw may keep of an answer: the body of an error
// answer (non-2xx), redacted and capped. A 2xx body is, or holds, a customer
// (name, e-mail, phone, street) even when the adapter refused it, cut short
// or wrapped in something that is not JSON, so it is never kept; StatusCode
// and the wrapped decoding error still say what was wrong.
func (b *Backend) rawBody(status int, body []byte, maxLen int) []byte {
	if status >= 200 && status <= 299 {
		return nil
	}
	return b.redact(body, maxLen)
}

// quoted matches a double-quoted run as Go's decoders write a value into
// their errors (parsing time "1990-02-30": …, invalid value "ada@…").
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// redactCause returns cause with an error text that passes the same
// redaction as the rest of the error, and with quoted values elided: decoders
// quote the offending value, which can be a customer's data. errors.Is and
// errors.As still reach cause through Unwrap.
func (b *Backend) redactCause(cause error) error {
	if cause == nil {
		return nil
	}
	msg := quoted.ReplaceAllString(cause.Error(), `"…"`)
	return &redactedError{msg: b.redactString(msg, 1024), cause: cause}
}

// redactedError is an error whose text has been redacted; the original
// stays reachable for errors.Is and errors.As.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// forAnswerTo returns a backend whose redaction also removes the customer
// data req carried (the string values of its JSON body and its query
// values), for building the error of req's answer: a provider that echoes
// the input ("ada@example.com has already been taken") must not put the
// customer's data into Message, Fields, Code or Raw, which get logged. Only
// opts are copied: redaction reads nothing else. Longer values go first, so
// a value inside another ("Ada" in "Ada King") cannot leave part of it.
func (b *Backend) forAnswerTo(req *http.Request) *Backend {
	values := requestValues(req)
	if len(values) == 0 {
		return b
	}
	c := &Backend{opts: b.opts}
	c.opts.Secrets = append(slices.Clone(b.opts.Secrets), values...)
	slices.SortStableFunc(c.opts.Secrets, func(x, y string) int { return len(y) - len(x) })
	return c
}

// requestValues lists the string values req sent: query values and every
// string in its JSON body (read again through GetBody, which the preflight
// sets).
func requestValues(req *http.Request) []string {
	if req == nil {
		return nil
	}
	var out []string
	if req.URL != nil {
		for _, vs := range req.URL.Query() {
			out = append(out, vs...)
		}
	}
	if req.GetBody == nil {
		return out
	}
	body, err := req.GetBody()
	if err != nil {
		return out
	}
	defer func() { _ = body.Close() }()
	var v any
	if json.NewDecoder(io.LimitReader(body, MaxResponseBody)).Decode(&v) == nil {
		out = appendStrings(out, v)
	}
	return out
}

// appendStrings appends every string inside a decoded JSON value.
func appendStrings(out []string, v any) []string {
	switch t := v.(type) {
	case string:
		return append(out, t)
	case []any:
		for _, e := range t {
			out = appendStrings(out, e)
		}
	case map[string]any:
		for _, e := range t {
			out = appendStrings(out, e)
		}
	}
	return out
}
