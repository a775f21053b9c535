package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
	"github.com/multipay/multipay/pkg/verify"
)

// verifyCmd runs `multipay verify`: the behaviours the specs assume, checked
// against the provider's sandbox (its credentials from the environment), the
// live servers with -live, a server given with -base-url (a fake, `serve`), or the
// built-in fake when no credentials are set. It exits 1 when any is contradicted.
func verifyCmd(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("o", "text", "output: text or json")
	baseURL := fs.String("base-url", "", "check this server instead of the provider's sandbox (needs the provider's credentials in the environment)")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if *format != "text" && *format != "json" {
		return usageError(fmt.Sprintf("-o %q: want text or json", *format))
	}
	names, err := selected(g)
	if err != nil {
		return err
	}
	contradicted := 0
	for _, name := range names {
		cfg := verify.Config{Provider: name, BaseURL: *baseURL, Live: g.live}
		creds, ok := providers.LookupEnv(name)
		if !ok || g.forceFake {
			srv, err := fake.New(name)
			if err != nil {
				return err
			}
			defer srv.Close()
			c := srv.Credentials
			creds = providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID}
			if *baseURL == "" {
				cfg.BaseURL = srv.URL
			}
		}
		cfg.Credentials = creds
		rep, err := verify.Run(ctx, cfg)
		if err != nil {
			return err
		}
		if *format == "json" {
			err = rep.JSON(stdout)
		} else {
			err = rep.Text(stdout)
		}
		if err != nil {
			return err
		}
		contradicted += rep.Count(verify.Contradicted)
	}
	if contradicted > 0 {
		return fmt.Errorf("verify: %d assumptions contradicted", contradicted)
	}
	return nil
}
