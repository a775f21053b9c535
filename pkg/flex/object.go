package flex

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// Object is a JSON object that PHP backends render as [] when it is empty:
// PHP has a single array type, so json_encode writes an empty associative
// array (an address or metadata with nothing in it) as an empty list. An
// object decodes into T; [] and null decode to absent; any other value (a
// non-empty list, a string, a number) is an error, since it is not the
// described object and guessing would hide a real change of the API. The zero
// Object is absent, and it encodes as null.
type Object[T any] struct {
	value T
	ok    bool
}

// NewObject returns a present Object holding v.
func NewObject[T any](v T) Object[T] { return Object[T]{value: v, ok: true} }

// Value returns the object and true, or the zero T and false when it was
// absent ([], null or missing).
func (o Object[T]) Value() (T, bool) { return o.value, o.ok }

// IsPresent reports whether an object was decoded (or set).
func (o Object[T]) IsPresent() bool { return o.ok }

// UnmarshalJSON decodes an object into T, and [] or null to absent.
func (o *Object[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*o = Object[T]{}
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return nil
	case isEmptyList(b):
		return nil
	case b[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		return fmt.Errorf("flex.Object: want an object or [], got a list of %d", len(items))
	case b[0] == '{':
		if err := decode(b, &o.value); err != nil {
			*o = Object[T]{} // nothing of a half-decoded value
			return err
		}
		o.ok = true
		return nil
	default:
		return fmt.Errorf("flex.Object: want an object, [] or null, got %s", kindOf(b))
	}
}

// decode is json.Unmarshal without its decoding state when v decodes
// itself (a json.RawMessage, such as metadata kept as sent): once b is known
// to be JSON, json.Unmarshal would only hand b to v's UnmarshalJSON.
func decode(b []byte, v any) error {
	if u, ok := v.(json.Unmarshaler); ok && json.Valid(b) {
		return u.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, v)
}

// isEmptyList reports whether b is [] (JSON white space allowed inside).
func isEmptyList(b []byte) bool {
	s := jsonscan.Scanner{B: b, OK: true}
	if s.Next() != '[' {
		return false
	}
	s.WS()
	return s.Next() == ']' && s.I == len(b)
}

// MarshalJSON writes the object, or null when it is absent.
func (o Object[T]) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}
