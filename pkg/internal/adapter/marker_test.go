package adapter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

func TestMarkerTravelsInMetadataAndIsReadBackOnlyFromRaw(t *testing.T) {
	t.Parallel()
	m := NewMarker()
	assert.NotEqual(t, m, NewMarker(), "every call its own marker")
	p := &customers.CreateParams{Email: "ada@example.com", Metadata: map[string]string{"tier": "gold"}}
	sent, err := m.Mark("notchpay", p)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tier": "gold", MarkerKey: string(m)}, sent.Metadata)
	assert.Equal(t, map[string]string{"tier": "gold"}, p.Metadata, "the caller's params are not changed")

	assert.True(t, m.carriedBy([]byte(`{"id":"1","metadata":{"tier":"gold","multipay_create":"`+string(m)+`"}}`)))
	assert.False(t, m.carriedBy([]byte(`{"id":"1","metadata":{"multipay_create":"`+string(NewMarker())+`"}}`)), "a twin's marker")
	assert.False(t, m.carriedBy([]byte(`{"id":"1","metadata":[]}`)), "no metadata")
	assert.True(t, Marker("").carriedBy([]byte(`{}`)), "no marker: the fields alone decide")

	assert.Equal(t, map[string]string{"tier": "gold"}, Unmarked(map[string]string{"tier": "gold", MarkerKey: "x"}))
	assert.Nil(t, Unmarked(map[string]string{MarkerKey: "x"}), "only the marker: no metadata")
}

func TestMarkerKeyIsReservedOnCreate(t *testing.T) {
	t.Parallel()
	_, err := NewMarker().Mark("notchpay", &customers.CreateParams{Metadata: map[string]string{MarkerKey: "mine"}})
	require.ErrorIs(t, err, customers.ErrInvalidRequest)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Fields, string(customers.FieldMetadata))
	assert.Equal(t, "notchpay", ce.Provider)
}
