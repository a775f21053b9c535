package customers

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sentinels matched with errors.Is against every error the facade returns.
var (
	ErrNotFound       = errors.New("customer not found")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrInvalidRequest = errors.New("invalid request")
	ErrConflict       = errors.New("conflict")
	ErrRateLimited    = errors.New("rate limited")
	ErrUnavailable    = errors.New("provider unavailable")
	ErrNotSupported   = errors.New("not supported")
	// ErrInvalidResponse: the provider answered something the spec does not
	// allow and that cannot be decoded (an HTML page with status 200, …).
	ErrInvalidResponse = errors.New("invalid response")
	// ErrOutcomeUnknown: a create reached the provider, its answer was lost
	// (a reset or timeout after sending, a 5xx, an unreadable 2xx) and the
	// lookup that would have found the customer failed too. The customer
	// may or may not exist: Error.Lookup says how to look for it later,
	// before creating it again.
	ErrOutcomeUnknown = errors.New("outcome unknown")
)

// MaxRawBody caps Error.Raw.
const MaxRawBody = 4 << 10

// Error is every failure of the facade: an error answer from the provider,
// input refused before sending, an operation the provider lacks, or a
// transport failure (Kind ErrUnavailable, the net/http error in Err). Use
// errors.Is with the sentinels and errors.As to read the details. A call
// ended by its context wraps the context's error, so
// errors.Is(err, context.DeadlineExceeded) holds.
type Error struct {
	Provider   string
	Operation  Operation
	StatusCode int    // HTTP status; 0 when the call was refused before sending
	Code       string // the provider's error code, if it sends one
	Message    string // the provider's (or the facade's) message
	// Fields holds per-field messages keyed by facade field name ("Email",
	// parts of an address as "Address.PostalCode") where the field is known,
	// otherwise by the provider's own field name.
	Fields     map[string][]string
	RequestID  string
	RetryAfter time.Duration // from Retry-After on 429 and 503
	// Raw is the body of an error answer (non-2xx), capped at MaxRawBody, with
	// credentials removed. A 2xx body is never kept: it is, or holds, a customer.
	Raw []byte
	// Attempts is how many requests the call sent (retries included); 0
	// when it was refused before sending.
	Attempts int
	// Lookup is set on ErrOutcomeUnknown: what to search for to find out
	// whether the create took effect.
	Lookup *Lookup

	// Kind is the sentinel this error matches (ErrNotFound, …).
	Kind error
	// Err is an underlying cause, such as a decoding error. Its text, and
	// that of every error errors.Unwrap reaches from it, is redacted.
	// errors.Is and errors.As still reach the original errors (a net.Error's
	// Timeout, a *url.Error's Op), but what errors.As hands back is the
	// original: read its fields, do not log its text.
	Err error
}

func (e *Error) Error() string {
	head := e.Provider
	if e.Operation != "" {
		head += " " + string(e.Operation)
	}
	text := "" // the parts, separated by ": " (an error of a cancelled call has no kind)
	join := func(part string) {
		if text != "" {
			text += ": "
		}
		text += part
	}
	if e.Kind != nil {
		text = e.Kind.Error()
	}
	switch {
	case e.StatusCode != 0 && e.Code != "":
		text += fmt.Sprintf(" (HTTP %d, code %s)", e.StatusCode, e.Code)
	case e.StatusCode != 0:
		text += fmt.Sprintf(" (HTTP %d)", e.StatusCode)
	case e.Code != "":
		text += fmt.Sprintf(" (code %s)", e.Code)
	}
	if e.Message != "" {
		join(e.Message)
	}
	if len(e.Fields) > 0 {
		var fields []string
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			fields = append(fields, k+": "+strings.Join(e.Fields[k], ", "))
		}
		join(strings.Join(fields, "; "))
	}
	if e.Err != nil {
		join(fmt.Sprint(e.Err))
	}
	if e.Attempts > 1 {
		text += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return head + ": " + text
}

// Lookup tells how to find a customer whose create has an unknown outcome:
// search with Search (through Searcher, or List and compare) for a customer
// created at or after CreatedAfter. Search holds customer data (an e-mail, a
// phone), readable in code for that search; it is never part of the error's
// text, and printing, logging or encoding a Lookup (or json.Marshal of the
// error) shows each search value as [REDACTED].
type Lookup struct {
	Search       SearchParams
	CreatedAfter time.Time
}

// String prints the lookup with the search values redacted.
func (l Lookup) String() string { return fmt.Sprintf("customers.Lookup%+v", l.redacted()) }

// GoString is String: %#v must not print the customer's data either.
func (l Lookup) GoString() string { return l.String() }

// Format prints String for every verb (%q quoted), so no verb reaches the
// search values.
func (l Lookup) Format(s fmt.State, verb rune) {
	out := l.String()
	if verb == 'q' {
		out = strconv.Quote(out)
	}
	_, _ = fmt.Fprint(s, out)
}

// LogValue logs the lookup with the search values redacted.
func (l Lookup) LogValue() slog.Value { return slog.AnyValue(l.redacted()) }

// MarshalJSON encodes the lookup with the search values redacted, so
// json.Marshal of an ErrOutcomeUnknown error shows no customer data.
func (l Lookup) MarshalJSON() ([]byte, error) { return json.Marshal(l.redacted()) }

// shownLookup is a Lookup without methods, holding redacted values.
type shownLookup Lookup

// redacted is l with every search value that is set replaced by
// [REDACTED] (an unset one stays empty, so it is clear which were used).
func (l Lookup) redacted() shownLookup {
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return "[REDACTED]"
	}
	p := l.Search
	p.Query, p.Email, p.Phone, p.ExternalID = hide(p.Query), hide(p.Email), hide(p.Phone), hide(p.ExternalID)
	return shownLookup{Search: p, CreatedAfter: l.CreatedAfter}
}

// Is matches the error's Kind.
func (e *Error) Is(target error) bool { return target != nil && target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// NotSupported returns the error for an operation, or fields, that a provider
// cannot handle. It is returned before any network call. Each refused field
// is listed in Fields too, so a caller can drop exactly those and retry.
func NotSupported(provider string, op Operation, fields ...Field) *Error {
	e := &Error{Provider: provider, Operation: op, Kind: ErrNotSupported,
		Message: fmt.Sprintf("%s does not support %s", provider, op)}
	if len(fields) > 0 {
		v, ok := verbs[op]
		if !ok {
			v = [2]string{string(op), "not supported by " + string(op)}
		}
		e.Message = fmt.Sprintf("%s cannot %s the field(s) %s", provider, v[0], joinFields(fields))
		e.Fields = make(map[string][]string, len(fields))
		for _, f := range fields {
			e.Fields[string(f)] = []string{v[1]}
		}
	}
	return e
}

// NotClearable returns the error for an update that sets fields the provider
// cannot update (set) or clears fields it cannot clear (cleared). A field
// that can be set but not cleared is reported as "cannot clear", not as
// "cannot update": the caller's fix is different.
func NotClearable(provider string, set, cleared []Field) *Error {
	e := NotSupported(provider, OpUpdate, set...)
	if len(cleared) == 0 {
		return e
	}
	clearMsg := fmt.Sprintf("%s cannot clear the field(s) %s", provider, joinFields(cleared))
	if len(set) == 0 {
		e.Message, e.Fields = clearMsg, map[string][]string{}
	} else {
		e.Message += "; " + clearMsg
	}
	for _, f := range cleared {
		e.Fields[string(f)] = append(e.Fields[string(f)], "cannot be cleared (it can be set)")
	}
	return e
}

func joinFields(fields []Field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// verbs words a not-supported error of an operation on fields: in the
// message, and for each field.
var verbs = map[Operation][2]string{
	OpCreate: {"store on create", "cannot be stored on create"},
	OpUpdate: {"update", "cannot be updated"},
	OpSearch: {"search by", "cannot be searched by"},
}
