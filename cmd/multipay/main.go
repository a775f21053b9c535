// Command multipay manages customers at HitPay, Notch Pay, Soap and UseePay
// through one interface, and runs the built-in fake providers as a local mock
// server (multipay serve). Without credentials every command runs against the
// fakes, so it works on a laptop with no accounts.
//
//	multipay demo                                   # a customer life cycle at every provider
//	multipay providers                              # what each provider supports
//	multipay customers create -p soap --email ada@example.com --first-name Ada --last-name Lovelace
//	multipay customers list -p hitpay --limit 5 -o json
//	multipay serve                                  # the fakes on http://127.0.0.1:4010/<provider>
//
// Run multipay --help for the commands, credentials and exit codes.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

// streams are the process's standard files, replaceable in tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, std streams) int {
	a := newApp(std)
	root := newRootCmd(a)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	a.usage = cmd.CommandPath() // the command that failed, for its --help
	return a.report(err)
}
