package adapter

import (
	"fmt"

	"github.com/multipay/multipay/pkg/internal/backend"
)

// Servers are the base URLs of a provider's environments (the generated
// ServerUrlLive and ServerUrlSandbox constants).
type Servers struct{ Live, Sandbox string }

// Connect builds what every adapter needs: the backend for o (with the
// provider's spec preflight) and the generated client on the server that
// o.Config selects, sending through that backend.
func Connect[C any](o backend.Options, servers Servers, newClient func(server string, b *backend.Backend) (C, error)) (*backend.Backend, C, error) {
	var zero C
	base, err := BaseURL(o.Provider, o.Config, servers.Live, servers.Sandbox)
	if err != nil {
		return nil, zero, err
	}
	if err := backend.CheckBaseURL(o.Provider, base, o.Config.InsecurePlaintextHTTP); err != nil {
		return nil, zero, err
	}
	if err := backend.CheckHTTPClient(o.Provider, o.Config.HTTPClient); err != nil {
		return nil, zero, err
	}
	if o.Preflight == nil {
		o.Preflight = backend.PreflightFor(o.Provider)
	}
	for op, ids := range o.Routes { // a typo here would refuse every call of op
		for _, id := range ids {
			if !o.Preflight.HasOperation(id) {
				return nil, zero, fmt.Errorf("%s: route of %s names %q, which the spec does not have", o.Provider, op, id)
			}
		}
	}
	b := backend.New(o)
	c, err := newClient(base, b)
	if err != nil {
		return nil, zero, fmt.Errorf("%s: %w", o.Provider, err)
	}
	return b, c, nil
}
