package providers_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
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

// holder is a caller's struct that holds credentials.
type holder struct{ Creds any }

// Printing, logging or encoding credentials by accident never shows them:
// every fmt verb, json.Marshal and encoding/xml (of them or of a struct that
// holds them), and slog's JSON and text handlers all see [REDACTED].
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
			var logged, text bytes.Buffer
			nested := holder{v}
			slog.New(slog.NewJSONHandler(&logged, nil)).Info("connect", "creds", v, "nested", nested, "ptr", &v)
			slog.New(slog.NewTextHandler(&text, nil)).Info("connect", "creds", v, "nested", nested, "ptr", &v)
			direct, err := json.Marshal(v)
			require.NoError(t, err)
			inStruct, err := json.Marshal(nested)
			require.NoError(t, err)
			asXML, err := xml.Marshal(nested)
			require.NoError(t, err)
			outputs := []string{logged.String(), text.String(), string(direct), string(inStruct), string(asXML),
				fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v),
				fmt.Sprintf("%q", v), fmt.Sprintf("%x", v), fmt.Sprintf("%v", &v), fmt.Sprint(v), fmt.Sprintln(v),
				fmt.Sprintf("%+v", nested), fmt.Sprintf("%#v", nested), fmt.Sprintf("%v", []any{v})}
			for _, out := range outputs {
				for _, secret := range []string{key, sync, merchant, app} {
					assert.NotContains(t, out, secret)
				}
			}
			assert.Contains(t, fmt.Sprintf("%+v", v), "APIKey:[REDACTED]")
			assert.Contains(t, fmt.Sprintf("%#v", v), name+"{")
			assert.Contains(t, logged.String(), `"APIKey":"[REDACTED]"`)
			assert.Contains(t, string(direct), `"APIKey":"[REDACTED]"`)
			assert.Contains(t, text.String(), "creds.APIKey=[REDACTED]")
		})
	}
}

// A Config with options still encodes (options are functions, which
// encoding/json refuses), and the fields stay readable in code.
func TestConfigEncodesWithOptions(t *testing.T) {
	t.Parallel()
	cfg := providers.Config{APIKey: key, Options: []customers.Option{customers.WithMaxRetries(1)}}
	out, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"APIKey":"[REDACTED]","SyncAccount":"","MerchantNo":"","AppID":""}`, string(out))
	assert.Equal(t, key, cfg.APIKey)
}

// An empty credential prints as "" so a missing one is still visible.
func TestMissingCredentialIsVisible(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `notchpay.Credentials{APIKey:[REDACTED], SyncAccount:""}`, fmt.Sprint(notchpay.Credentials{APIKey: key}))
}
