package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/cmd/multipay/internal/verify"
	"github.com/multipay/multipay/pkg/customers"
)

func newVerifyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the behaviours the specs assume against a provider account (or a fake)",
		Long: `Run the behaviours our specs assume (success statuses, error bodies, clearing with
null, paging, create paths, auth forms: every DECISION marked inferred) against the
provider's sandbox with its credentials from the environment (--env live for
production, --base-url for another server such as multipay serve), or against the
built-in fake without credentials. Each assumption is reported confirmed,
contradicted or not checkable, with the redacted request and answer that decided
it. Only customers tagged as test data are created, and deleted where the
provider allows. Exits 1 when an assumption is contradicted.`,
		Example: "  multipay verify -p notchpay\n  HITPAY_API_KEY=… multipay verify -p hitpay -o json",
		Args:    cobra.ExactArgs(0),
		RunE:    func(*cobra.Command, []string) error { return a.verify() },
	}
}

func (a *app) verify() error {
	contradicted := 0
	var reports []*verify.Report
	for _, name := range a.selected() {
		t, err := a.resolve(name, false)
		if err != nil {
			return err
		}
		rep, err := verify.Run(a.ctx, verify.Config{Provider: name, BaseURL: t.url, Live: t.env == customers.Live, Credentials: t.cfg})
		if t.fake != nil {
			t.fake.Close()
		}
		if err != nil {
			return err
		}
		contradicted += rep.Count(verify.Contradicted)
		rep.BaseURL = displayURL(rep.BaseURL)
		if a.jsonOut() {
			reports = append(reports, rep)
		} else if err := a.printReport(rep); err != nil {
			return err
		}
	}
	if a.jsonOut() {
		if err := writeJSON(a.std.out, reports); err != nil {
			return err
		}
	}
	if contradicted > 0 {
		return fmt.Errorf("verify: %d assumption(s) contradicted", contradicted)
	}
	return nil
}

// printReport prints rep's text with the provider's answers made printable.
func (a *app) printReport(rep *verify.Report) error {
	var b strings.Builder
	if err := rep.Text(&b); err != nil {
		return err
	}
	_, err := io.WriteString(a.std.out, printableLines(b.String()))
	return err
}
