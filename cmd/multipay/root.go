package main

import (
	"cmp"
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
	newFakesCmd,
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
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.started = true
			a.ctx = cmd.Context()
			return a.validateGlobals()
		},
	}
	root.SetIn(a.std.in)
	root.SetOut(a.std.out)
	root.SetErr(a.std.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	f := root.PersistentFlags()
	f.StringVarP(&a.provider, "provider", "p", "", "provider: "+strings.Join(providers.Names, ", "))
	f.StringVar(&a.env, "env", "", "sandbox or live (needs credentials; default: sandbox with credentials, else a fake)")
	f.StringVar(&a.baseURL, "base-url", "", "the provider's API base URL, e.g. a multipay serve URL such as http://127.0.0.1:4010/hitpay")
	f.StringVarP(&a.output, "output", "o", "", "output format: table or json (default: table on a terminal, else json)")
	f.BoolVar(&a.fresh, "fresh", false, "use an empty built-in fake that forgets its customers when the command ends, even with credentials")
	f.BoolVar(&a.debug, "debug", false, "log each request (operation, route, status, duration, attempt) to stderr; never credentials or customer data")
	f.BoolVarP(&a.quiet, "quiet", "q", false, "no notes on stderr (which fake is used, retry waits, progress, serve's request log); errors still print")
	f.IntVar(&a.retries, "retries", customers.DefaultMaxRetries, "how many times a failed call is repeated (0: never); creates are reconciled, never duplicated")
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	checkArgs(root)
	a.registerCompletions(root)
	return root
}

// checkArgs makes every argument error a usage error that says what is
// wrong: a command that groups others calls an argument an unknown command
// and suggests the nearest ones, as cobra does for the root only; another
// names the count it accepts and its usage line.
func checkArgs(cmd *cobra.Command) {
	if cmd.HasSubCommands() {
		cmd.Args = unknownCommand
		for _, sub := range cmd.Commands() {
			checkArgs(sub)
		}
		return
	}
	if accepts := cmd.Args; accepts != nil {
		cmd.Args = func(cmd *cobra.Command, args []string) error {
			if err := accepts(cmd, args); err != nil {
				return usagef("%v (usage: %s)", err, cmd.UseLine())
			}
			return nil
		}
	}
}

// unknownCommand refuses any argument to a command that only groups others.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	cmd.SuggestionsMinimumDistance = cmp.Or(cmd.SuggestionsMinimumDistance, 2) // cobra's default, which it sets on the root only
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		msg += `; did you mean "` + strings.Join(near, `" or "`) + `"?`
	}
	return usageError{msg}
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
	if a.fresh && (a.env != "" || a.baseURL != "") {
		return usagef("--fresh is for the built-in fakes: drop --env and --base-url")
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
production). Without them, commands use a fake and say so on stderr: the
"multipay serve" at --base-url or MULTIPAY_FAKE_URL (its root URL), else a
built-in one that keeps its customers in your state directory between
commands ("multipay fakes --help"; --fresh for an empty one that forgets).
Partial credentials, or --env without credentials, are errors. Secrets are
never printed.
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
	if err := cobra.ExactArgs(1)(cmd, args); err != nil {
		return err
	}
	if strings.TrimSpace(args[0]) == "" {
		return usagef("the customer id is empty")
	}
	return nil
}
