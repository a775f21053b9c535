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

// Provider is one entry of the registry: everything about a provider that
// lives outside its own adapter, spec and fake. The registry is the one list
// of providers that this package, the fakes and the CLI read;
// docs/adding-a-provider.md lists the rest of what a new provider touches.
type Provider struct {
	Name        string // the provider id, as customers.Service.Provider returns it
	DisplayName string // the provider's own spelling ("Notch Pay"), for messages
	Env         EnvVars
	// New builds the adapter from the credentials in cfg.
	New func(cfg Config) (customers.Service, error)
	// FakeCredentials are what the built-in fake accepts (package fake): test
	// values, never real ones.
	FakeCredentials Config
}

// Registry lists every provider, in the order Names gives.
var Registry = []Provider{
	{
		Name: hitpay.Provider, DisplayName: "HitPay",
		Env:             EnvVars{APIKey: "HITPAY_API_KEY"},
		New:             func(c Config) (customers.Service, error) { return hitpay.New(c.APIKey, c.Options...) },
		FakeCredentials: Config{APIKey: "fake-hitpay-0f3c2a9b7d1e4c6a8b5d2e9f1a3c7b4d6e8f0a2c4e6b8d0f1a3c5e7b9d1f3a5c"},
	},
	{
		Name: notchpay.Provider, DisplayName: "Notch Pay",
		Env: EnvVars{APIKey: "NOTCHPAY_API_KEY", SyncAccount: "NOTCHPAY_SYNC_ID"},
		New: func(c Config) (customers.Service, error) {
			return notchpay.New(notchpay.Credentials{APIKey: c.APIKey, SyncAccount: c.SyncAccount}, c.Options...)
		},
		FakeCredentials: Config{APIKey: "pk_test.fake_notchpay_key", SyncAccount: "acct_fake_sync"},
	},
	{
		Name: soap.Provider, DisplayName: "Soap",
		Env:             EnvVars{APIKey: "SOAP_API_KEY"},
		New:             func(c Config) (customers.Service, error) { return soap.New(c.APIKey, c.Options...) },
		FakeCredentials: Config{APIKey: "sk_sandbox_fake_soap_key"},
	},
	{
		Name: useepay.Provider, DisplayName: "UseePay",
		Env: EnvVars{APIKey: "USEEPAY_API_KEY", MerchantNo: "USEEPAY_MERCHANT_NO", AppID: "USEEPAY_APP_ID"},
		New: func(c Config) (customers.Service, error) {
			return useepay.New(useepay.Credentials{MerchantNo: c.MerchantNo, APIKey: c.APIKey, AppID: c.AppID}, c.Options...)
		},
		FakeCredentials: Config{APIKey: "UseePay_SK_fake_useepay_key", MerchantNo: "500000000007245", AppID: "www.fake-shop.example"},
	},
}

// Lookup returns the registry entry of name.
func Lookup(name string) (Provider, bool) {
	i := slices.IndexFunc(Registry, func(p Provider) bool { return p.Name == name })
	if i < 0 {
		return Provider{}, false
	}
	return Registry[i], true
}

// Names lists the supported providers.
var Names = func() []string {
	out := make([]string, len(Registry))
	for i, p := range Registry {
		out[i] = p.Name
	}
	return out
}()

// Config holds credentials for any provider; each provider reads the fields
// it needs and New reports the ones that are missing.
//
// Printing, logging or encoding a Config shows no secret: fmt's verbs,
// json.Marshal, slog's handlers and encoding.TextMarshaler users all get the
// redacted form, while the fields stay readable in code. One gap is left: a
// struct of your own that holds a Config in an unexported field, printed
// with fmt (%v, %+v, any verb), shows the values, because fmt cannot call
// methods through an unexported field. Keep credentials in exported fields,
// or out of printed structs.
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

// MarshalJSON encodes the configuration redacted, so json.Marshal (of them, or of a
// struct holding them) and slog's JSON handler print no secret.
func (c Config) MarshalJSON() ([]byte, error) { return adapter.CredentialsJSON(c.fields()...) }

// MarshalText is String, for encoders that use encoding.TextMarshaler
// (encoding/xml, YAML libraries).
func (c Config) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

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
var Env = func() map[string]EnvVars {
	out := make(map[string]EnvVars, len(Registry))
	for _, p := range Registry {
		out[p.Name] = p.Env
	}
	return out
}()

// New returns the adapter for name.
func New(name string, cfg Config) (customers.Service, error) {
	p, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("providers: unknown provider %q (have %v)", name, Names)
	}
	return p.New(cfg)
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
