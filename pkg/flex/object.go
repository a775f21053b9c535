package flex

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

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
	case len(b) >= 2 && b[0] == '[' && b[len(b)-1] == ']' && len(bytes.Trim(b[1:len(b)-1], " \t\r\n")) == 0:
		return nil // [], JSON white space allowed inside
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

// decode is json.Unmarshal of the object b into *v, without its decoding
// state where it would be most of the cost: when v decodes itself (a
// json.RawMessage, such as metadata kept as sent), once b is known to be
// JSON, json.Unmarshal would only hand b to v's UnmarshalJSON; when T is a
// struct of strings (an address), decodeStrings reads it in one pass
// (a nested json.Unmarshal cost a list page 1.5 µs an address).
func decode[T any](b []byte, v *T) error {
	if u, ok := any(v).(json.Unmarshaler); ok && json.Valid(b) {
		return u.UnmarshalJSON(b)
	}
	if names := stringFields(reflect.TypeFor[T]()); names != nil {
		if decodeStrings(b, reflect.ValueOf(v).Elem(), names) {
			return nil
		}
		var zero T
		*v = zero // nothing of a half-read value
	}
	return json.Unmarshal(b, v)
}

// decodeStrings reads the JSON object b into struct v, whose fields are all
// strings named names, as json.Unmarshal does; it reports false, to leave
// the decoding and its error to json.Unmarshal, for anything but members
// naming a field whose value is a string or null.
func decodeStrings(b []byte, v reflect.Value, names []string) bool {
	s := jsonscan.Scanner{B: b, OK: true}
	return s.Object(func(key []byte, _ int) bool {
		i := field(names, key)
		start := s.I
		s.Value(0)
		if i < 0 || !s.OK {
			return false
		}
		switch val := b[start:s.I]; val[0] {
		case 'n': // null leaves the field as it is
		case '"':
			text, ok := jsonscan.Unquote(val)
			if !ok {
				return false
			}
			v.Field(i).SetString(text)
		default:
			return false
		}
		return true
	})
}

// field is the index of the name key matches as encoding/json matches
// fields: exactly, else the first ignoring case; -1 for none.
func field(names []string, key []byte) int {
	folded := -1
	for i, n := range names {
		if n == string(key) {
			return i
		}
		if folded < 0 && bytes.EqualFold([]byte(n), key) {
			folded = i
		}
	}
	return folded
}

var fieldNames sync.Map // reflect.Type → []string, nil when not all strings

// stringFields returns the JSON names of t's fields when t is a struct of
// exported string fields with plain tags, and nil for any other type.
func stringFields(t reflect.Type) []string {
	if names, ok := fieldNames.Load(t); ok {
		return names.([]string)
	}
	var names []string
	for i := 0; t.Kind() == reflect.Struct && i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || f.Anonymous || f.Type != reflect.TypeFor[string]() || name == "-" || strings.Contains(opts, "string") {
			names = nil
			break
		}
		names = append(names, cmp.Or(name, f.Name))
	}
	fieldNames.Store(t, names)
	return names
}

// MarshalJSON writes the object, or null when it is absent.
func (o Object[T]) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}
