// Package providers builds a customers.Service by provider name, for
// applications that choose their provider from configuration:
//
//	svc, err := providers.New("notchpay", providers.Config{APIKey: key})
//	svc, err := providers.FromEnv("hitpay", customers.WithEnvironment(customers.Sandbox))
//
// It is the only package that imports every adapter; import an adapter
// directly when the provider is fixed at compile time.
package providers

import (
	"fmt"
	"log/slog"
	"os"
	"slices"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/customers/notchpay"
	"github.com/multipay/multipay/pkg/customers/soap"
	"github.com/multipay/multipay/pkg/customers/useepay"
	"github.com/multipay/multipay/pkg/internal/adapter"
)

// Names lists the supported providers.
var Names = []string{hitpay.Provider, notchpay.Provider, soap.Provider, useepay.Provider}

// Config holds credentials for any provider; each provider reads the fields
// it needs and New reports the ones that are missing.
type Config struct {
	APIKey      string // HitPay, Notch Pay (public key), Soap, UseePay
	SyncAccount string // Notch Pay, optional: act for a connected account
	MerchantNo  string // UseePay
	AppID       string // UseePay
	Options     []customers.Option
}

// String prints the configuration with every credential redacted (and the
// number of options), so printing or logging it leaks no secret.
func (c Config) String() string {
	return adapter.CredentialsString("providers.Config", c.fields()...)
}

// GoString is String: %#v must not print the secrets either.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb, so no fmt verb reaches the values.
func (c Config) Format(s fmt.State, verb rune) { adapter.FormatCredentials(s, verb, c) }

// LogValue logs the configuration redacted.
func (c Config) LogValue() slog.Value { return adapter.CredentialsLogValue(c.fields()...) }

func (c Config) fields() []adapter.Credential {
	return []adapter.Credential{{Name: "APIKey", Value: c.APIKey}, {Name: "SyncAccount", Value: c.SyncAccount},
		{Name: "MerchantNo", Value: c.MerchantNo}, {Name: "AppID", Value: c.AppID}}
}

// EnvVars names the environment variables that hold one provider's
// credentials; empty names are not used by that provider.
type EnvVars struct {
	APIKey, SyncAccount, MerchantNo, AppID string
}

// Env names the environment variables FromEnv reads, per provider.
var Env = map[string]EnvVars{
	hitpay.Provider:   {APIKey: "HITPAY_API_KEY"},
	notchpay.Provider: {APIKey: "NOTCHPAY_API_KEY", SyncAccount: "NOTCHPAY_SYNC_ID"},
	soap.Provider:     {APIKey: "SOAP_API_KEY"},
	useepay.Provider:  {APIKey: "USEEPAY_API_KEY", MerchantNo: "USEEPAY_MERCHANT_NO", AppID: "USEEPAY_APP_ID"},
}

// New returns the adapter for name.
func New(name string, cfg Config) (customers.Service, error) {
	switch name {
	case hitpay.Provider:
		return hitpay.New(cfg.APIKey, cfg.Options...)
	case notchpay.Provider:
		return notchpay.New(notchpay.Credentials{APIKey: cfg.APIKey, SyncAccount: cfg.SyncAccount}, cfg.Options...)
	case soap.Provider:
		return soap.New(cfg.APIKey, cfg.Options...)
	case useepay.Provider:
		return useepay.New(useepay.Credentials{MerchantNo: cfg.MerchantNo, APIKey: cfg.APIKey, AppID: cfg.AppID}, cfg.Options...)
	}
	return nil, fmt.Errorf("providers: unknown provider %q (have %v)", name, Names)
}

// FromEnv reads name's credentials from the environment (see Env) and
// returns its adapter.
func FromEnv(name string, opts ...customers.Option) (customers.Service, error) {
	cfg, ok := LookupEnv(name)
	if !ok {
		vars := Env[name]
		if vars == (EnvVars{}) {
			return nil, fmt.Errorf("providers: unknown provider %q (have %v)", name, Names)
		}
		return nil, fmt.Errorf("providers: %s credentials are not set (need %s)", name, required(vars))
	}
	cfg.Options = opts
	return New(name, cfg)
}

// LookupEnv returns name's credentials from the environment and whether every
// required variable is set.
func LookupEnv(name string) (Config, bool) {
	vars, ok := Env[name]
	if !ok {
		return Config{}, false
	}
	cfg := Config{
		APIKey:      os.Getenv(vars.APIKey),
		MerchantNo:  getenv(vars.MerchantNo),
		AppID:       getenv(vars.AppID),
		SyncAccount: getenv(vars.SyncAccount),
	}
	complete := cfg.APIKey != "" &&
		(vars.MerchantNo == "" || cfg.MerchantNo != "") &&
		(vars.AppID == "" || cfg.AppID != "")
	return cfg, complete
}

func getenv(name string) string {
	if name == "" {
		return ""
	}
	return os.Getenv(name)
}

func required(vars EnvVars) string {
	names := []string{vars.APIKey}
	for _, v := range []string{vars.MerchantNo, vars.AppID} {
		if v != "" {
			names = append(names, v)
		}
	}
	slices.Sort(names)
	return fmt.Sprint(names)
}
