package useepay_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

// UseePay echoes merchant_no and app_id in every customer; the library
// treats both as secrets, so Customer.Raw drops them on every read path.
func TestRawCarriesNoCredentials(t *testing.T) {
	t.Parallel()
	srv, cl := start(t)
	created, err := cl.Create(ctx(), sample(1))
	require.NoError(t, err)
	got, err := cl.Get(ctx(), created.ID)
	require.NoError(t, err)
	raws := [][]byte{created.Raw, got.Raw}
	for c, err := range cl.List(ctx(), &customers.ListParams{}) {
		require.NoError(t, err)
		raws = append(raws, c.Raw)
	}
	require.Len(t, raws, 3)
	stored, ok := srv.Customer(created.ID)
	require.True(t, ok)
	require.Contains(t, string(stored), srv.Credentials.MerchantNo, "precondition: the fake echoes the merchant number")
	for _, raw := range raws {
		assert.NotEmpty(t, raw)
		assert.NotContains(t, string(raw), srv.Credentials.MerchantNo)
		assert.NotContains(t, string(raw), srv.Credentials.AppID)
		assert.NotContains(t, string(raw), "merchant_no")
	}
}
