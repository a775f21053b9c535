package flex

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
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

// UnmarshalJSON decodes null or a value (see decode).
func (n *Null[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		n.SetNull()
		return nil
	}
	if err := decode(b, &n.value); err != nil {
		return err
	}
	n.state = isSet
	return nil
}

// decode decodes b into v as json.Unmarshal does, without a nested decoder
// for the common cases: a plain string is copied out and a type with its own
// decoder (the other flex types, json.RawMessage) is called directly. The
// nested decoder was most of a small field's cost.
func decode[T any](b []byte, v *T) error {
	switch p := any(v).(type) {
	case *string:
		if s, ok := jsonscan.PlainString(b); ok {
			*p = s
			return nil
		}
	case json.Unmarshaler:
		return p.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, v)
}
