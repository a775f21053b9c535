// Command multipay manages customers at HitPay, Notch Pay, Soap and UseePay
// through one interface. Without credentials it runs against the built-in
// fake providers, so every command works on a laptop with no accounts.
//
// Usage:
//
//	multipay demo                          # a customer life cycle at every provider
//	multipay capabilities                  # what each provider supports
//	multipay -provider soap create -email ada@example.com -first-name Ada -last-name Lovelace
//	multipay -provider hitpay list -limit 5
//
// Credentials come from the environment: HITPAY_API_KEY, NOTCHPAY_API_KEY
// (+ NOTCHPAY_SYNC_ID), SOAP_API_KEY, USEEPAY_MERCHANT_NO + USEEPAY_API_KEY +
// USEEPAY_APP_ID. With them set, the real provider's sandbox is used unless
// -live is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("multipay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	g := globals{}
	fs.StringVar(&g.provider, "provider", "", "provider: hitpay, notchpay, soap or useepay (default: all, for demo and capabilities)")
	fs.BoolVar(&g.live, "live", false, "use the live servers instead of the sandbox when credentials are set")
	fs.BoolVar(&g.forceFake, "fake", false, "use the built-in fake providers even when credentials are set")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: multipay [-provider name] [-live] [-fake] <demo|capabilities|create|get|update|delete|list|search> [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cmd, rest := "demo", []string(nil)
	if fs.NArg() > 0 {
		cmd, rest = fs.Arg(0), fs.Args()[1:]
	}
	var err error
	switch cmd {
	case "demo":
		err = demo(ctx, g, stdout)
	case "capabilities":
		err = capabilities(g, stdout)
	case "create", "get", "update", "delete", "list", "search":
		err = crud(ctx, g, cmd, rest, stdout, stderr)
	case "verify":
		err = verifyCmd(ctx, g, rest, stdout, stderr)
	default:
		fs.Usage()
		return 2
	}
	if err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(stderr, "multipay:", err)
			return 2
		}
		fmt.Fprintln(stderr, "multipay:", err)
		return 1
	}
	return 0
}

type globals struct {
	provider  string
	live      bool
	forceFake bool
}

type usageError string

func (e usageError) Error() string { return string(e) }
