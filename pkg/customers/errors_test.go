package customers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorMatchesItsKindOnly(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "hitpay", Operation: OpGet, StatusCode: 404, Kind: ErrNotFound, Message: "No query results"}
	require.ErrorIs(t, e, ErrNotFound)
	require.NotErrorIs(t, e, ErrUnauthorized)
	wrapped := fmt.Errorf("loading: %w", e)
	var got *Error
	require.ErrorAs(t, wrapped, &got, "errors.As through a wrap")
	require.Equal(t, 404, got.StatusCode, "StatusCode through a wrap")
	require.EqualError(t, e, "hitpay get: customer not found (HTTP 404): No query results")
}

func TestErrorUnwrapsCause(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "soap", Kind: ErrInvalidResponse, Err: context.DeadlineExceeded}
	require.ErrorIs(t, e, context.DeadlineExceeded, "cause")
	require.ErrorIs(t, e, ErrInvalidResponse, "kind")
}

func TestErrorListsFieldsInOrder(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "useepay", Operation: OpCreate, Kind: ErrInvalidRequest,
		Fields: map[string][]string{"Phone": {"must be E.164"}, "Email": {"is required", "is invalid"}}}
	require.ErrorContains(t, e, "Email: is required, is invalid; Phone: must be E.164")
}

func TestNotSupportedNamesProviderOperationAndFields(t *testing.T) {
	t.Parallel()
	e := NotSupported("hitpay", OpCreate, FieldAddressLine2, FieldMetadata)
	require.ErrorIs(t, e, ErrNotSupported)
	for _, want := range []string{"hitpay", "create", "Address.Line2", "Metadata"} {
		assert.ErrorContains(t, e, want)
	}
}

func TestOptionalStates(t *testing.T) {
	t.Parallel()
	var zero Optional[string]
	require.True(t, zero.IsUnchanged(), "zero value must mean unchanged")
	require.False(t, zero.IsSet(), "zero value IsSet")
	require.False(t, zero.IsClear(), "zero value IsClear")
	s := Set("")
	v, ok := s.Value()
	require.True(t, ok, "Set of an empty string must still set")
	require.Empty(t, v, "Set(\"\").Value()")
	require.True(t, s.IsSet(), "Set of an empty string must still set")
	c := Clear[int]()
	_, ok = c.Value()
	require.False(t, ok, "Clear has a value")
	require.True(t, c.IsClear(), "Clear().IsClear()")
	require.Equal(t, "set", fmt.Sprint(Set("secret@example.com")), "String() must not reveal the value")
}

func TestDate(t *testing.T) {
	t.Parallel()
	d, err := ParseDate("1990-05-17")
	require.NoError(t, err)
	require.Equal(t, NewDate(1990, time.May, 17), d)
	require.Equal(t, "1990-05-17", d.String())
	require.True(t, d.Valid(), "parsed date Valid()")
	_, err = ParseDate("17/05/1990")
	require.Error(t, err, "accepted a non-ISO date")
	require.False(t, NewDate(2023, time.February, 30).Valid(), "February 30 is valid")
	require.Empty(t, (Date{}).String(), "zero date String()")
	require.True(t, (Date{}).IsZero(), "zero date IsZero()")
}

func TestOnlyKeepsListedFields(t *testing.T) {
	t.Parallel()
	p := &CreateParams{Name: "Ada", Email: "a@example.com", Gender: "female",
		Address: &Address{Line1: "1 Main", Line2: "Apt 2", City: "X"}}
	got := p.Only(FieldName, FieldAddress)
	require.Equal(t, "Ada", got.Name, "kept Name")
	require.Empty(t, got.Email, "dropped Email")
	require.Empty(t, got.Gender, "dropped Gender")
	require.NotNil(t, got.Address, "kept Address")
	require.Empty(t, got.Address.Line2, "Address.Line2")
	require.Equal(t, "1 Main", got.Address.Line1, "kept Address.Line1")
	require.Equal(t, "a@example.com", p.Email, "Only modified its receiver")
	require.Equal(t, "Apt 2", p.Address.Line2, "Only modified its receiver")
}

func TestClearFieldRejectsUnknownNames(t *testing.T) {
	t.Parallel()
	u := &UpdateParams{}
	require.NoError(t, u.ClearField(FieldGender))
	require.True(t, u.Gender.IsClear(), "ClearField(Gender) left Gender not cleared")
	require.Error(t, u.ClearField("Nickname"), "ClearField accepted an unknown field")
}

// An error without a kind (a call ended by its context) reads without an
// empty part.
func TestErrorWithoutKindReadsCleanly(t *testing.T) {
	t.Parallel()
	e := &Error{Provider: "hitpay", Operation: OpGet, Err: context.Canceled, Attempts: 2}
	require.EqualError(t, e, "hitpay get: context canceled (after 2 attempts)")
}

// An ErrOutcomeUnknown error carries the customer's e-mail and phone in
// Lookup.Search for the caller's own follow-up search: readable in code,
// redacted in every rendering, json.Marshal of the error included.
func TestLookupRendersRedacted(t *testing.T) {
	t.Parallel()
	search := SearchParams{PageSize: 7}
	pii := map[string]bool{}
	v := reflect.ValueOf(&search).Elem()
	for i := range v.NumField() { // every string field, so a new one cannot slip by
		if f := v.Field(i); f.Kind() == reflect.String {
			f.SetString(fmt.Sprintf("secret-%s-ada@example.com", v.Type().Field(i).Name))
			pii[f.String()] = true
		}
	}
	require.NotEmpty(t, pii)
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	lookup := &Lookup{Search: search, CreatedAfter: when}
	err := &Error{Provider: "hitpay", Operation: OpCreate, Kind: ErrOutcomeUnknown, Lookup: lookup}

	asJSON, jerr := json.Marshal(err)
	require.NoError(t, jerr)
	lookupJSON, jerr := json.Marshal(lookup)
	require.NoError(t, jerr)
	var jsonLog, textLog bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLog, nil)).Info("x", "lookup", lookup, "nested", struct{ L *Lookup }{lookup}, "err", err)
	slog.New(slog.NewTextHandler(&textLog, nil)).Info("x", "lookup", lookup, "nested", struct{ L *Lookup }{lookup})
	outputs := []string{string(asJSON), string(lookupJSON), jsonLog.String(), textLog.String(),
		fmt.Sprintf("%v", lookup), fmt.Sprintf("%+v", *lookup), fmt.Sprintf("%#v", *lookup), fmt.Sprint(lookup), fmt.Sprintln(*lookup),
		fmt.Sprintf("%+v", struct{ L Lookup }{*lookup}), fmt.Sprintf("%+v", err)}
	for _, out := range outputs {
		for s := range pii {
			assert.NotContains(t, out, s)
			assert.NotContains(t, out, "ada@example.com")
		}
	}
	assert.Contains(t, string(asJSON), `"Lookup":{"Search":{"Query":"[REDACTED]"`)
	assert.Contains(t, string(asJSON), `"PageSize":7`)
	assert.Contains(t, string(asJSON), `"CreatedAfter":"2026-01-02T03:04:05Z"`)
	assert.Contains(t, fmt.Sprint(lookup), "Email:[REDACTED]")
	assert.Equal(t, "secret-Email-ada@example.com", err.Lookup.Search.Email, "the caller still reads the value")
}
