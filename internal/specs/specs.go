// Package specs loads the hand-written OpenAPI 3.0.3 documents of every
// provider's customer API (specs/<provider>.yaml, embedded by the module's root
// package) with kin-openapi. The YAML files are the source of truth: gen/ is
// generated from them, and the validating test server and the fakes check every
// request and response against them. It is internal: only the fakes, the CLI,
// the generators and tests load specs, and none of them is the library's API.
package specs

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/multipay/multipay"
)

var files = multipay.SpecFS()

// Providers lists the providers that have a spec, in a stable order.
var Providers = []string{"hitpay", "notchpay", "soap", "useepay"}

// FS returns the embedded spec files (<provider>.yaml).
func FS() fs.FS { return files }

// Raw returns the YAML text of a provider's spec.
func Raw(provider string) ([]byte, error) {
	if !slices.Contains(Providers, provider) {
		return nil, fmt.Errorf("specs: unknown provider %q (have %v)", provider, Providers)
	}
	return fs.ReadFile(files, provider+".yaml")
}

// Load parses and resolves a provider's spec. Remote and file-system references
// are refused: each spec is self-contained. Each call returns a fresh document
// that the caller may modify.
func Load(ctx context.Context, provider string) (*openapi3.T, error) {
	raw, err := Raw(provider)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.Context = ctx
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Scheme != "" || u.Host != "" {
			return nil, fmt.Errorf("specs: remote $ref %s not allowed", u)
		}
		return fs.ReadFile(files, path.Clean(u.Path))
	}
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("specs: load %s: %w", provider, err)
	}
	return doc, nil
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*openapi3.T{}
)

// MustLoadShared returns a provider's spec loaded once per process and shared
// between callers, who must treat it as read-only. It panics if the embedded
// spec does not load, which the package's own tests rule out.
func MustLoadShared(provider string) *openapi3.T {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if doc, ok := cache[provider]; ok {
		return doc
	}
	doc, err := Load(context.Background(), provider)
	if err != nil {
		panic(err)
	}
	cache[provider] = doc
	return doc
}

// ValidationOptions are the strict options every spec must pass: known formats
// only, compilable patterns, defaults and examples that satisfy their schemas,
// and no extensions beside a $ref.
func ValidationOptions() []openapi3.ValidationOption {
	return []openapi3.ValidationOption{
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableExamplesValidation(),
		openapi3.ProhibitExtensionsWithRef(),
	}
}

func init() {
	// kin-openapi knows these formats by name but checks them only once a
	// validator is defined; the specs rely on both being checked.
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
}
