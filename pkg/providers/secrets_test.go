package providers_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/providers"
)

const (
	key      = "sk_live_0123456789abcdef"
	sync     = "acct_secret_sync"
	merchant = "500000000007245"
	app      = "www.secret-shop.example"
)

// Printing or logging credentials by accident never shows them: every fmt
// verb, a struct that holds them, and slog's JSON handler all see
// [REDACTED].
func TestCredentialsNeverPrint(t *testing.T) {
	t.Parallel()
	values := map[string]any{
		"notchpay.Credentials": notchpay.Credentials{APIKey: key, SyncAccount: sync},
		"useepay.Credentials":  useepay.Credentials{MerchantNo: merchant, APIKey: key, AppID: app},
		"providers.Config":     providers.Config{APIKey: key, SyncAccount: sync, MerchantNo: merchant, AppID: app},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logged bytes.Buffer
			slog.New(slog.NewJSONHandler(&logged, nil)).Info("connect", "creds", v)
			outputs := []string{logged.String(),
				fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v),
				fmt.Sprintf("%q", v), fmt.Sprintf("%x", v), fmt.Sprintf("%v", &v), fmt.Sprint(v), fmt.Sprintln(v),
				fmt.Sprintf("%+v", struct{ Creds any }{v}), fmt.Sprintf("%v", []any{v})}
			for _, out := range outputs {
				for _, secret := range []string{key, sync, merchant, app} {
					assert.NotContains(t, out, secret)
				}
			}
			assert.Contains(t, fmt.Sprintf("%+v", v), "APIKey:[REDACTED]")
			assert.Contains(t, fmt.Sprintf("%#v", v), name+"{")
			assert.Contains(t, logged.String(), `"APIKey":"[REDACTED]"`)
		})
	}
}

// An empty credential prints as "" so a missing one is still visible.
func TestMissingCredentialIsVisible(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `notchpay.Credentials{APIKey:[REDACTED], SyncAccount:""}`, fmt.Sprint(notchpay.Credentials{APIKey: key}))
}
