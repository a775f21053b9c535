package customers_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

// "Is there a customer with this id?" gets the same answer everywhere: an
// id that cannot exist at the provider is ErrNotFound, whether the provider
// would answer 404 (Notch Pay, whose ids are opaque) or the adapter knows
// from the provider's id format that no customer has it (sent nowhere).
func TestImpossibleIDIsNotFoundEverywhere(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, svc := connectAll(t, name)
			var err error
			if svc.Capabilities().Supports(customers.OpGet) {
				_, err = svc.Get(context.Background(), "does-not-exist")
			} else {
				_, err = svc.Update(context.Background(), "does-not-exist", &customers.UpdateParams{Email: customers.Set("new@example.com")})
			}
			assert.ErrorIs(t, err, customers.ErrNotFound)
		})
	}
}

// A field that can be set but not cleared is reported as "cannot clear",
// and every refused field is listed in Fields.
func TestNotSupportedListsFieldsAndSaysCannotClear(t *testing.T) {
	t.Parallel()
	srv, svc := connectAll(t, "hitpay")
	_, err := svc.Update(context.Background(), "9b2ada28-be3c-47ab-883f-ba72e5d8305d",
		&customers.UpdateParams{Email: customers.Clear[string](), Company: customers.Set("Acme")})
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, customers.ErrNotSupported)
	assert.Contains(t, ce.Message, "cannot clear the field(s) Email")
	assert.Contains(t, ce.Message, "cannot update the field(s) Company")
	assert.NotContains(t, ce.Message, "cannot update the field(s) Email")
	assert.Equal(t, []string{"cannot be cleared (it can be set)"}, ce.Fields["Email"])
	assert.Equal(t, []string{"cannot be updated"}, ce.Fields["Company"])
	assert.Empty(t, srv.Journal())

	_, err = svc.Create(context.Background(), &customers.CreateParams{Email: "a@example.com", Phone: "+6591234567", Company: "Acme"})
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{"cannot be stored on create"}, ce.Fields["Company"])
}
