package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Null is a response field that may be absent, null or a value: the three
// states of nullable.Nullable[T], held in a struct instead of a map, so that
// decoding a field costs no allocation of its own (a map and a nested
// json.Unmarshal per field were most of a listed customer's cost). The
// generated response models use it through the overlay in gen/<provider>/;
// request models keep nullable.Nullable, whose explicit null a PATCH needs.
// Its read methods are nullable.Nullable's. The zero Null is absent; with the
// omitzero tag the generator writes, an absent field is not encoded.
type Null[T any] struct {
	value T
	state nullState
}

type nullState uint8

const (
	absent nullState = iota
	isNull
	isSet
)

var (
	errNullAbsent = errors.New("value is not specified")
	errNullNull   = errors.New("value is null")
)

// Value returns a Null holding v.
func Value[T any](v T) Null[T] { return Null[T]{value: v, state: isSet} }

// Nil returns an explicit null.
func Nil[T any]() Null[T] { return Null[T]{state: isNull} }

// Get returns the value, or an error when the field is null or absent.
func (n Null[T]) Get() (T, error) {
	switch n.state {
	case isSet:
		return n.value, nil
	case isNull:
		return n.value, errNullNull
	default:
		return n.value, errNullAbsent
	}
}

// MustGet returns the value and panics when there is none.
func (n Null[T]) MustGet() T {
	v, err := n.Get()
	if err != nil {
		panic(err)
	}
	return v
}

// Set makes the field hold v.
func (n *Null[T]) Set(v T) { *n = Value(v) }

// SetNull makes the field an explicit null.
func (n *Null[T]) SetNull() { *n = Nil[T]() }

// SetUnspecified makes the field absent.
func (n *Null[T]) SetUnspecified() { *n = Null[T]{} }

// IsNull reports an explicit null.
func (n Null[T]) IsNull() bool { return n.state == isNull }

// IsSpecified reports a field that was present, null or not.
func (n Null[T]) IsSpecified() bool { return n.state != absent }

// IsZero reports an absent field, for the omitzero tag.
func (n Null[T]) IsZero() bool { return n.state == absent }

// MarshalJSON writes the value, or null when there is none.
func (n Null[T]) MarshalJSON() ([]byte, error) {
	if n.state != isSet {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null or a value. A plain string and a type with its
// own decoder (the other flex types) are decoded without a nested
// json.Unmarshal; anything else goes through one.
func (n *Null[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		n.SetNull()
		return nil
	}
	var err error
	switch p := any(&n.value).(type) {
	case *string:
		if s, ok := plainString(b); ok {
			*p = s
			break
		}
		err = json.Unmarshal(b, p)
	case json.Unmarshaler:
		err = p.UnmarshalJSON(b)
	default:
		err = json.Unmarshal(b, p)
	}
	if err != nil {
		return err
	}
	n.state = isSet
	return nil
}

// plainString is the text of a JSON string without escapes or control
// characters, in valid UTF-8: what encoding/json would return unchanged.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	in := b[1 : len(b)-1]
	ascii := true
	for _, c := range in {
		if c == '\\' || c < 0x20 {
			return "", false
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if !ascii && !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}
