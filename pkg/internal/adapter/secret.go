package adapter

import (
	"cmp"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/multipay/multipay/pkg/internal/backend"
)

// Redacted stands in for a credential in anything printed or logged.
const Redacted = "[REDACTED]"

// Credential is one field of a credentials type, named for printing.
type Credential struct {
	Name  string
	Value string
}

// shown is what a credential shows: never its value, nothing when it is
// empty, so that a missing credential is still visible.
func (c Credential) shown() string {
	if c.Value == "" {
		return ""
	}
	return Redacted
}

// CredentialsString renders a credentials value as fmt's %+v would, with
// every credential redacted, so printing or logging credentials by accident
// cannot leak them. Every credentials type's String and GoString use it.
func CredentialsString(typeName string, fields ...Credential) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Name + ":" + cmp.Or(f.shown(), `""`)
	}
	return typeName + "{" + strings.Join(parts, ", ") + "}"
}

// CredentialsLogValue is the slog.LogValuer result of a credentials type:
// a group with every credential redacted.
func CredentialsLogValue(fields ...Credential) slog.Value {
	attrs := make([]slog.Attr, len(fields))
	for i, f := range fields {
		attrs[i] = slog.String(f.Name, f.shown())
	}
	return slog.GroupValue(attrs...)
}

// CredentialsJSON is the json.Marshaler result of a credentials type: an
// object with every credential redacted, in field order. json.Marshal of a
// struct holding credentials, and slog's JSON handler, both reach it.
func CredentialsJSON(fields ...Credential) ([]byte, error) {
	out := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendQuote(append(strconv.AppendQuote(out, f.Name), ':'), f.shown())
	}
	return append(out, '}'), nil
}

// FormatCredentials implements fmt.Formatter for a credentials type v
// (whose GoString is its String): every verb prints v's redacted String
// (%q quoted), so no verb (%x, %s, %+v, %#v, …) reaches the fields.
func FormatCredentials(s fmt.State, verb rune, v fmt.Stringer) {
	out := v.String()
	if verb == 'q' {
		out = strconv.Quote(out)
	}
	_, _ = fmt.Fprint(s, out)
}

// RequireCredentials refuses a constructor call that lacks a credential:
// customers.ErrInvalidRequest naming the provider and every missing field
// (never a value).
func RequireCredentials(provider string, creds ...Credential) error {
	missing := map[string][]string{}
	for _, c := range creds {
		if c.Value == "" {
			missing[c.Name] = []string{"is required"}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return backend.Invalid(provider, "", missing)
}
