package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/multipay/multipay/pkg/customers"
)

// app is the state every command shares: streams and the global flags.
type app struct {
	ctx      context.Context // the command's: cancelled on SIGINT and SIGTERM
	std      streams
	ttyIn    bool // stdin is a terminal: questions can be asked
	ttyOut   bool // stdout is a terminal: tables by default
	ttyErr   bool // stderr is a terminal: progress lines
	colorOut bool // style stdout (a terminal, NO_COLOR unset)
	provider string
	env      string
	baseURL  string
	output   string
	debug    bool
	quiet    bool // -q: no notes on stderr, errors only
	retries  int
	script   script       // --json, --jq
	fresh    bool         // --fresh: an empty built-in fake that forgets
	pair     *sharedStore // the built-in fakes' state of a command on two providers

	// started is set once a command's own code runs: an error before that
	// (flags, arguments, unknown command) is a usage error.
	started bool
	usage   string // the failing command's "multipay x --help" hint
}

func newApp(std streams) *app {
	return &app{std: std, ttyIn: isTerminal(std.in), ttyOut: isTerminal(std.out), ttyErr: isTerminal(std.err), colorOut: color(std.out)}
}

// notef prints a note on stderr: what the command uses or waits for, never
// its result. -q silences notes; errors and warnings are not notes.
func (a *app) notef(format string, args ...any) {
	if !a.quiet {
		fmt.Fprintf(a.std.err, "multipay: "+format+"\n", args...)
	}
}

// retryNotes is the option that says on a terminal's stderr why a call
// waits before another attempt; nil when stderr is not a terminal or -q.
func (a *app) retryNotes() customers.Option {
	if !a.ttyErr || a.quiet {
		return nil
	}
	return customers.WithRetryNotice(func(n customers.RetryNotice) { a.notef("%s", retryNote(n)) })
}

// retryNote is "waiting 2s (notchpay answered 503; attempt 2 of 3)…".
func retryNote(n customers.RetryNotice) string {
	why := fmt.Sprintf("%s answered %d", n.Provider, n.StatusCode)
	if n.StatusCode == 0 {
		why = "the connection to " + n.Provider + " failed"
	}
	return fmt.Sprintf("waiting %s (%s; attempt %d of %d)…", n.Wait.Round(100*time.Millisecond), why, n.Attempt, n.MaxAttempts)
}

// usageError is bad command-line input or configuration: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// report prints err as one line on stderr and returns its exit code.
func (a *app) report(err error) int {
	code := exitCodeOf(err)
	var ue usageError
	if !a.started || errors.As(err, &ue) {
		code = exitUsage
	}
	line := printable(oneLine(errorText(err)))
	if !strings.HasPrefix(line, "multipay ") { // a message naming the command ("multipay customers get needs…")
		line = "multipay: " + line
	}
	fmt.Fprintln(a.std.err, line)
	if code == exitUsage {
		fmt.Fprintf(a.std.err, "Run '%s --help' for usage.\n", cmp.Or(a.usage, "multipay"))
	}
	return code
}

// errorText is err's message as facadeErrorText renders it, with the URL of
// a transport error shown as displayURL shows it: net/http masks the
// password only, and a user name can be a key too. It replaces text because
// wrapping (fmt.Errorf) has already formatted the URL.
func errorText(err error) string {
	text := facadeErrorText(err)
	var ue *url.Error
	if errors.As(err, &ue) && ue.URL != "" {
		return strings.ReplaceAll(text, ue.URL, displayURL(ue.URL))
	}
	return text
}

var newlines = regexp.MustCompile(`[ \t]*\n\s*`)

// oneLine joins a multi-line message (cobra's suggestions, a provider's
// message) so that every error is one line on stderr.
func oneLine(s string) string { return newlines.ReplaceAllString(strings.TrimSpace(s), "; ") }

// isTerminal reports whether w is a terminal (not a pipe, file or buffer).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// color reports whether to style output for w: a terminal, and NO_COLOR
// (https://no-color.org) unset.
func color(w any) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
