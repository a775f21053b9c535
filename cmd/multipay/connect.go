package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// fakeURLEnv names the root URL of a running "multipay serve".
const fakeURLEnv = "MULTIPAY_FAKE_URL"

// displayName is the provider's own spelling, for messages.
func displayName(name string) string {
	if p, ok := providers.Lookup(name); ok {
		return p.DisplayName
	}
	return name
}

// session is a connected provider: real, a running serve, or an in-process
// fake that lives until close.
type session struct {
	name  string
	svc   customers.Service
	fake  *fake.Server // the in-process fake, nil otherwise
	store *fakeStore   // where fake keeps its customers, nil if it forgets them
	kind  string       // "sandbox", "live" or "fake", for the demo's headings
}

// close saves the in-process fake's customers if it keeps them, and stops it.
func (s *session) close() error {
	if s.fake == nil {
		return nil
	}
	defer s.fake.Close()
	return s.store.save(s.name, s.fake)
}

// target is what a command talks to: the provider's credentials and where
// they are sent.
type target struct {
	name  string
	cfg   providers.Config      // credentials (a fake's when kind is "fake")
	url   string                // a base URL; "" means env's servers
	env   customers.Environment // sandbox or live, for real credentials
	kind  string                // "sandbox", "live" or "fake"
	fake  *fake.Server          // the in-process fake, nil otherwise
	store *fakeStore            // where fake keeps its customers, nil if it forgets them or a.pair holds it
	known bool                  // the fake's state file existed before this command: no notice
}

// resolve finds name's credentials and target, announcing a fake on stderr:
// real credentials (complete, or an error naming what is missing), else a
// running serve (--base-url, MULTIPAY_FAKE_URL), else a fake in this process
// that keeps its customers in the state file if keep is set (and --fresh
// is not). --fresh always means a new in-process fake.
func (a *app) resolve(name string, keep bool) (*target, error) {
	cfg, missing, partial := lookupEnv(name)
	switch {
	case a.fresh:
		return a.fakeTarget(name, missing, false)
	case partial:
		return nil, usagef("%s credentials are incomplete: %s not set (unset all of them to use the fake)",
			displayName(name), strings.Join(missing, ", "))
	case len(missing) == 0:
		return a.realTarget(name, cfg), nil
	case a.env != "":
		return nil, usagef("--env %s needs %s credentials: set %s", a.env, displayName(name), strings.Join(missing, ", "))
	}
	return a.fakeTarget(name, missing, keep)
}

func (a *app) realTarget(name string, cfg providers.Config) *target {
	env := customers.Environment(a.env)
	if env == "" {
		env = customers.Sandbox
	}
	if os.Getenv(fakeURLEnv) != "" {
		a.notef("%s is ignored for %s: its credentials are set", fakeURLEnv, displayName(name))
	}
	a.debugf("%s: credentials from the environment, %s servers", name, env)
	return &target{name: name, cfg: cfg, url: a.baseURL, env: env, kind: string(env)}
}

// fakeTarget uses the serve at --base-url or MULTIPAY_FAKE_URL, else starts
// a fake in this process.
func (a *app) fakeTarget(name string, missing []string, keep bool) (*target, error) {
	t := &target{name: name, kind: "fake", url: a.baseURL}
	if root := os.Getenv(fakeURLEnv); t.url == "" && root != "" && !a.fresh {
		if err := checkURL(fakeURLEnv, root); err != nil {
			return nil, err
		}
		t.url = strings.TrimRight(root, "/") + "/" + name
	}
	where, note := "the "+displayName(name)+" fake of multipay serve", ""
	if t.url == "" {
		if err := a.startBuiltin(t, keep); err != nil {
			return nil, err
		}
		where = "the built-in " + displayName(name) + " fake"
		if !keep {
			note = " (empty, forgotten when this command ends)"
		}
	}
	hint := ""
	if len(missing) > 0 {
		hint = "; set " + strings.Join(missing, " + ") + " for the sandbox"
	}
	if !t.known { // once per state: later commands on it are quiet
		a.notef("using %s at %s%s%s", where, displayURL(t.url), note, hint)
	}
	c := fake.DefaultCredentials(name)
	t.cfg = providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID}
	return t, nil
}

// startBuiltin starts t's fake in this process, with the customers of
// earlier commands if keep is set. The state file is locked from here to
// the session's close, or, for a command on two providers (a.pair), to
// a.pair.close.
func (a *app) startBuiltin(t *target, keep bool) error {
	srv, err := fake.New(t.name)
	if err != nil {
		return err
	}
	if keep {
		var store *fakeStore
		store, err = a.pair.open(a.std.err)
		if a.pair == nil {
			t.store = store
		}
		if err == nil {
			t.known = store.existed
			err = store.restore(t.name, srv)
		}
		if err != nil {
			t.store.release()
			srv.Close()
			return err
		}
		a.pair.add(t.name, srv)
	}
	t.fake, t.url = srv, srv.URL
	return nil
}

// checkURL refuses a URL that does not parse, without quoting it: it can
// hold a password.
func checkURL(name, raw string) error {
	if _, err := url.Parse(raw); err != nil {
		return usagef("%s is not a valid URL", name)
	}
	return nil
}

// connect builds the adapter for name's target.
func (a *app) connect(name string, keep bool) (*session, error) {
	t, err := a.resolve(name, keep)
	if err != nil {
		return nil, err
	}
	s := &session{name: name, fake: t.fake, store: t.store, kind: t.kind}
	t.cfg.Options = append(a.options(), customers.WithEnvironment(t.env))
	if t.url != "" {
		t.cfg.Options = append(t.cfg.Options, customers.WithBaseURL(t.url))
	}
	if s.svc, err = providers.New(name, t.cfg); err != nil {
		_ = s.close() // nothing changed: nothing is saved
		return nil, err
	}
	return s, nil
}

func (a *app) options() []customers.Option {
	opts := []customers.Option{customers.WithUserAgent("multipay-cli/" + moduleVersion()), customers.WithMaxRetries(a.retries), a.retryNotes()}
	if a.debug {
		// The facade's logger writes operation, route template, status,
		// duration and attempt only.
		h := slog.NewTextHandler(a.std.err, &slog.HandlerOptions{Level: slog.LevelDebug})
		opts = append(opts, customers.WithLogger(slog.New(h)))
	}
	return opts
}

func (a *app) debugf(format string, args ...any) {
	if a.debug {
		fmt.Fprintf(a.std.err, "multipay: debug: "+format+"\n", args...)
	}
}

// lookupEnv reads name's credentials and reports the required variables that
// are unset, and whether some but not all of them are set.
func lookupEnv(name string) (cfg providers.Config, missing []string, partial bool) {
	cfg, _ = providers.LookupEnv(name)
	vars := providers.Env[name]
	set := 0
	for _, v := range []string{vars.MerchantNo, vars.APIKey, vars.AppID} {
		if v == "" {
			continue
		}
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		} else {
			set++
		}
	}
	return cfg, missing, set > 0 && len(missing) > 0
}

// provider returns --provider, required by the command.
func (a *app) requireProvider() (string, error) {
	if a.provider == "" {
		return "", usagef("--provider is required (%s)", strings.Join(providers.Names, ", "))
	}
	return a.provider, nil
}

// selected returns --provider, or every provider.
func (a *app) selected() []string {
	if a.provider == "" {
		return providers.Names
	}
	return []string{a.provider}
}
