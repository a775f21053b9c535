package customers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestErrorMatchesItsKindOnly(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "hitpay", Operation: OpGet, StatusCode: 404, Kind: ErrNotFound, Message: "No query results"}
	if !errors.Is(e, ErrNotFound) || errors.Is(e, ErrUnauthorized) {
		t.Fatal("kind matching is wrong")
	}
	wrapped := fmt.Errorf("loading: %w", e)
	var got *Error
	if !errors.As(wrapped, &got) || got.StatusCode != 404 {
		t.Fatal("errors.As through a wrap failed")
	}
	if s := e.Error(); s != "hitpay get: customer not found (HTTP 404): No query results" {
		t.Fatalf("Error() = %q", s)
	}
}

func TestErrorUnwrapsCause(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "soap", Kind: ErrInvalidResponse, Err: context.DeadlineExceeded}
	if !errors.Is(e, context.DeadlineExceeded) || !errors.Is(e, ErrInvalidResponse) {
		t.Fatal("cause not reachable")
	}
}

func TestErrorListsFieldsInOrder(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "useepay", Operation: OpCreate, Kind: ErrInvalidRequest,
		Fields: map[string][]string{"Phone": {"must be E.164"}, "Email": {"is required", "is invalid"}}}
	s := e.Error()
	if !strings.Contains(s, "Email: is required, is invalid; Phone: must be E.164") {
		t.Fatalf("Error() = %q", s)
	}
}

func TestNotSupportedNamesProviderOperationAndFields(t *testing.T) {
	t.Parallel()
	e := NotSupported("hitpay", OpCreate, FieldAddressLine2, FieldMetadata)
	if !errors.Is(e, ErrNotSupported) {
		t.Fatal("kind")
	}
	for _, want := range []string{"hitpay", "create", "Address.Line2", "Metadata"} {
		if !strings.Contains(e.Error(), want) {
			t.Errorf("%q lacks %q", e.Error(), want)
		}
	}
}

func TestOptionalStates(t *testing.T) {
	t.Parallel()
	var zero Optional[string]
	if !zero.IsUnchanged() || zero.IsSet() || zero.IsClear() {
		t.Fatal("zero value must mean unchanged")
	}
	s := Set("")
	if v, ok := s.Value(); !ok || v != "" || !s.IsSet() {
		t.Fatal("Set of an empty string must still set")
	}
	c := Clear[int]()
	if _, ok := c.Value(); ok || !c.IsClear() {
		t.Fatal("Clear")
	}
	require.Equal(t, "set", fmt.Sprint(Set("secret@example.com")), "String() must not reveal the value")
}

func TestDate(t *testing.T) {
	t.Parallel()
	d, err := ParseDate("1990-05-17")
	if err != nil || d != NewDate(1990, time.May, 17) || d.String() != "1990-05-17" || !d.Valid() {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	if _, err := ParseDate("17/05/1990"); err == nil {
		t.Fatal("accepted a non-ISO date")
	}
	if NewDate(2023, time.February, 30).Valid() {
		t.Fatal("February 30 is valid")
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Fatal("zero date")
	}
}

func TestOnlyKeepsListedFields(t *testing.T) {
	t.Parallel()
	p := &CreateParams{Name: "Ada", Email: "a@example.com", Gender: "female",
		Address: &Address{Line1: "1 Main", Line2: "Apt 2", City: "X"}}
	got := p.Only(FieldName, FieldAddress)
	if got.Name != "Ada" || got.Email != "" || got.Gender != "" || got.Address.Line2 != "" || got.Address.Line1 != "1 Main" {
		t.Fatalf("Only = %+v %+v", got, got.Address)
	}
	if p.Email == "" || p.Address.Line2 != "Apt 2" {
		t.Fatal("Only modified its receiver")
	}
}

func TestClearFieldRejectsUnknownNames(t *testing.T) {
	t.Parallel()
	u := &UpdateParams{}
	if err := u.ClearField(FieldGender); err != nil || !u.Gender.IsClear() {
		t.Fatal("ClearField(Gender)")
	}
	if err := u.ClearField("Nickname"); err == nil {
		t.Fatal("ClearField accepted an unknown field")
	}
}

// An error without a kind (a call ended by its context) reads without an
// empty part.
func TestErrorWithoutKindReadsCleanly(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "hitpay", Operation: OpGet, Err: context.Canceled, Attempts: 2}
	if got := e.Error(); got != "hitpay get: context canceled (after 2 attempts)" {
		t.Fatalf("Error() = %q", got)
	}
}
