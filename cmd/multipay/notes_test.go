package main

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/fake"
)

// runApp runs the CLI with a, whose terminal detection the test has set.
func runApp(a *app, args ...string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	if err := root.ExecuteContext(context.Background()); err != nil {
		return a.report(err)
	}
	return exitOK
}

// A call waiting for a retry says so on a terminal: before, a 503 with
// Retry-After was a silent pause. Not in a pipe, and not with -q, which also
// silences the fake's notice.
func TestRetryWaitsAreNotedOnATerminal(t *testing.T) {
	for _, v := range credentialVarNames() {
		t.Setenv(v, "")
	}
	t.Setenv(fakeURLEnv, "")
	srv := fake.Start(t, "hitpay")
	for _, tc := range []struct {
		name     string
		tty      bool
		flags    []string
		wantNote bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"terminal with -q", true, []string{"-q"}, false},
	} {
		srv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 503, RetryAfter: "1"})
		var out, errOut bytes.Buffer
		a := newApp(streams{in: &bytes.Buffer{}, out: &out, err: &errOut})
		a.ttyErr = tc.tty
		args := append([]string{"customers", "list", "-p", "hitpay", "--base-url", srv.URL}, tc.flags...)
		require.Equal(t, exitOK, runApp(a, args...), "%s: %s", tc.name, errOut.String())
		note := "multipay: waiting 1s (hitpay answered 503; attempt 2 of 3)…\n"
		if tc.wantNote {
			assert.Contains(t, errOut.String(), note, tc.name)
		} else {
			assert.NotContains(t, errOut.String(), "waiting", tc.name)
		}
		if slices.Contains(tc.flags, "-q") {
			assert.Empty(t, errOut.String(), "-q leaves no notes")
		} else {
			assert.Contains(t, errOut.String(), "multipay: using the HitPay fake of multipay serve", tc.name)
		}
	}
}
