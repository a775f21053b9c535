package customers

// Optional is one field of an update: leave it unchanged (the zero value), set
// it to a value (Set), or clear it (Clear). It can only be built through those
// constructors, so an update never sends a zero value by accident.
type Optional[T any] struct {
	state optState
	value T
}

type optState uint8

const (
	optUnchanged optState = iota
	optSet
	optClear
)

// Set returns an Optional that sets the field to v.
func Set[T any](v T) Optional[T] { return Optional[T]{state: optSet, value: v} }

// Clear returns an Optional that removes the field's value at the provider.
// Providers that cannot clear a field fail the update with ErrNotSupported.
func Clear[T any]() Optional[T] { return Optional[T]{state: optClear} }

// IsUnchanged reports whether the update leaves the field alone.
func (o Optional[T]) IsUnchanged() bool { return o.state == optUnchanged }

// IsSet reports whether the update sets a value.
func (o Optional[T]) IsSet() bool { return o.state == optSet }

// IsClear reports whether the update clears the field.
func (o Optional[T]) IsClear() bool { return o.state == optClear }

// Value returns the value to set and whether there is one.
func (o Optional[T]) Value() (T, bool) { return o.value, o.state == optSet }

// String describes the state without the value, so an update can be logged
// without customer data.
func (o Optional[T]) String() string {
	switch o.state {
	case optSet:
		return "set"
	case optClear:
		return "clear"
	default:
		return "unchanged"
	}
}
