package main

import (
	"fmt"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// session is a connected provider: real when its credentials are in the
// environment, else a built-in fake that lives until close.
type session struct {
	svc   customers.Service
	fake  *fake.Server // nil when real
	where string
}

func (s *session) close() {
	if s.fake != nil {
		s.fake.Close()
	}
}

func connect(g globals, name string) (*session, error) {
	if cfg, ok := providers.LookupEnv(name); ok && !g.forceFake {
		env := customers.Sandbox
		if g.live {
			env = customers.Live
		}
		cfg.Options = []customers.Option{customers.WithEnvironment(env), customers.WithUserAgent("multipay-cli")}
		svc, err := providers.New(name, cfg)
		if err != nil {
			return nil, err
		}
		return &session{svc: svc, where: string(env)}, nil
	}
	srv, err := fake.New(name)
	if err != nil {
		return nil, err
	}
	c := srv.Credentials
	svc, err := providers.New(name, providers.Config{
		APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID,
		Options: []customers.Option{customers.WithBaseURL(srv.URL), customers.WithUserAgent("multipay-cli")},
	})
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &session{svc: svc, fake: srv, where: "fake"}, nil
}

func selected(g globals) ([]string, error) {
	if g.provider == "" {
		return providers.Names, nil
	}
	for _, n := range providers.Names {
		if n == g.provider {
			return []string{n}, nil
		}
	}
	return nil, usageError(fmt.Sprintf("unknown provider %q (have %v)", g.provider, providers.Names))
}
