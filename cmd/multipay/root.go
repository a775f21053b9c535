package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

// commands are the top-level commands, in help order. To add one (multipay
// verify, say), write a func(*app) *cobra.Command in its own file and list
// it here.
var commands = []func(*app) *cobra.Command{
	newCustomersCmd,
	newProvidersCmd,
	newDemoCmd,
	newServeCmd,
	newVerifyCmd,
	newVersionCmd,
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "multipay",
		Short: "Customers at HitPay, Notch Pay, Soap and UseePay through one interface",
		Long: `multipay manages customers at HitPay, Notch Pay, Soap and UseePay through one
interface, and runs the built-in fake providers as a local mock server.

` + credentialsHelp + "\n" + exitCodesHelp(),
		Example: `  multipay demo
  multipay customers create -p hitpay --name "Ada Lovelace" --email ada@example.com --phone +6591234567
  multipay serve &  export MULTIPAY_FAKE_URL=http://127.0.0.1:4010
  multipay customers list -p hitpay -o json`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs, // also makes unknown commands an error
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.started = true
			a.ctx = cmd.Context()
			a.usage = cmd.CommandPath()
			return a.validateGlobals()
		},
	}
	root.SetIn(a.std.in)
	root.SetOut(a.std.out)
	root.SetErr(a.std.err)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		a.usage = cmd.CommandPath()
		return usageError{err.Error()}
	})
	f := root.PersistentFlags()
	f.StringVarP(&a.provider, "provider", "p", "", "provider: "+strings.Join(providers.Names, ", "))
	f.StringVar(&a.env, "env", "", "sandbox or live (needs credentials; default: sandbox with credentials, else a fake)")
	f.StringVar(&a.baseURL, "base-url", "", "the provider's API base URL, e.g. a multipay serve URL such as http://127.0.0.1:4010/hitpay")
	f.StringVarP(&a.output, "output", "o", "", "output format: table or json (default: table on a terminal, else json)")
	f.BoolVar(&a.debug, "debug", false, "log each request (operation, route, status, duration, attempt) to stderr; never credentials or customer data")
	f.BoolVarP(&a.quiet, "quiet", "q", false, "no notes on stderr (which fake is used, retry waits, progress, serve's request log); errors still print")
	f.IntVar(&a.retries, "retries", customers.DefaultMaxRetries, "how many times a failed call is repeated (0: never); creates are reconciled, never duplicated")
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	return root
}

func (a *app) validateGlobals() error {
	if a.retries < 0 {
		return usagef("--retries %d: want 0 or more", a.retries)
	}
	switch a.output {
	case "", "table", "json":
	default:
		return usagef("--output %q: want table or json", a.output)
	}
	switch a.env {
	case "", "sandbox", "live":
	default:
		return usagef("--env %q: want sandbox or live", a.env)
	}
	if a.baseURL != "" {
		if err := checkURL("--base-url", a.baseURL); err != nil {
			return err
		}
	}
	if a.provider != "" && !isProvider(a.provider) {
		return usagef("unknown provider %q (have %s)", a.provider, strings.Join(providers.Names, ", "))
	}
	return nil
}

func isProvider(name string) bool {
	for _, n := range providers.Names {
		if n == name {
			return true
		}
	}
	return false
}

const credentialsHelp = `Credentials come from the environment: HITPAY_API_KEY; NOTCHPAY_API_KEY
(+ NOTCHPAY_SYNC_ID); SOAP_API_KEY; USEEPAY_MERCHANT_NO + USEEPAY_API_KEY +
USEEPAY_APP_ID. With them, commands use the provider's sandbox (--env live for
production). Without them, commands use a built-in fake and say so on stderr:
an in-process one that forgets everything when the command ends, or the
"multipay serve" at --base-url or MULTIPAY_FAKE_URL (its root URL), which
keeps customers across commands. Partial credentials, or --env without
credentials, are errors. Secrets are never printed.
`

func exitCodesHelp() string {
	var b strings.Builder
	b.WriteString("Exit codes:\n  0    ok\n  1    other error\n  2    usage: bad flags, arguments or credentials configuration\n")
	kinds := slices.SortedFunc(slices.Values(exitKinds), func(x, y exitKind) int { return x.code - y.code })
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-4d %s\n", k.code, k.what)
	}
	return b.String()
}

// exactID checks the one customer-id argument.
func (a *app) exactID(cmd *cobra.Command, args []string) error {
	a.usage = cmd.CommandPath()
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return usagef("%s needs exactly one customer id, got %d argument(s)", cmd.CommandPath(), len(args))
	}
	return nil
}
