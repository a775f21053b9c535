package providers_test

import (
	"context"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every provider builds by name and works against its fake.
func TestNewByNameReachesEachFake(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := fake.Start(t, name)
			c := srv.Credentials
			svc, err := providers.New(name, providers.Config{
				APIKey: c.APIKey, MerchantNo: c.MerchantNo, AppID: c.AppID,
				Options: []customers.Option{customers.WithBaseURL(srv.URL)},
			})
			require.NoError(t, err)
			require.Equal(t, name, svc.Provider(), "Provider()")
			// An empty update is refused before sending, by every provider.
			_, err = svc.Update(context.Background(), "x", &customers.UpdateParams{})
			require.ErrorIs(t, err, customers.ErrInvalidRequest, "empty update accepted")
			require.Empty(t, srv.Journal(), "a refused call reached the fake")
		})
	}
}

func TestUnknownProvider(t *testing.T) {
	t.Parallel()
	_, err := providers.New("paypal", providers.Config{APIKey: "k"})
	require.ErrorContains(t, err, "paypal", "New(paypal)")
}

func TestMissingCredentials(t *testing.T) {
	t.Parallel()
	// Each adapter refuses to be built without its credentials, naming every
	// missing one (and never a value).
	for _, p := range providers.Registry {
		_, err := providers.New(p.Name, providers.Config{})
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, p.Name)
		assert.ErrorIs(t, err, customers.ErrInvalidRequest, p.Name)
		assert.Equal(t, p.Name, ce.Provider)
		assert.Contains(t, ce.Fields, "APIKey", p.Name)
		if p.Env.MerchantNo != "" {
			assert.Contains(t, ce.Fields, "MerchantNo", p.Name)
		}
	}
}

func TestFromEnv(t *testing.T) {
	t.Setenv("USEEPAY_API_KEY", "UseePay_SK_secret")
	t.Setenv("USEEPAY_MERCHANT_NO", "")
	t.Setenv("USEEPAY_APP_ID", "www.shop.example")
	_, err := providers.FromEnv("useepay")
	require.ErrorContains(t, err, "USEEPAY_MERCHANT_NO", "FromEnv without the merchant number")
	require.NotContains(t, err.Error(), "UseePay_SK_secret", "the error reveals the API key")
	t.Setenv("USEEPAY_MERCHANT_NO", "500000000007245")
	svc, err := providers.FromEnv("useepay")
	require.NoError(t, err, "FromEnv")
	require.Equal(t, "useepay", svc.Provider())
	cfg, ok := providers.LookupEnv("useepay")
	require.True(t, ok, "LookupEnv found nothing")
	require.Equal(t, "500000000007245", cfg.MerchantNo)
	require.Equal(t, "www.shop.example", cfg.AppID)
}
