package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

func TestExitCodesAreDistinct(t *testing.T) {
	seen := map[int]bool{exitOK: true, exitError: true, exitUsage: true}
	for _, k := range exitKinds {
		assert.False(t, seen[k.code], "code %d used twice", k.code)
		seen[k.code] = true
		wrapped := fmt.Errorf("soap create: %w", &customers.Error{Kind: k.kind})
		if errors.Is(k.kind, context.Canceled) {
			wrapped = fmt.Errorf("x: %w", context.Canceled)
		}
		assert.Equal(t, k.code, exitCodeOf(wrapped), k.what)
	}
	assert.Equal(t, exitUnavailable, exitCodeOf(&net.OpError{Op: "dial", Err: errors.New("refused")}))
	assert.Equal(t, exitError, exitCodeOf(errors.New("anything else")))
}

func TestReportIsOneLine(t *testing.T) {
	var errOut bytes.Buffer
	a := newApp(streams{err: &errOut})
	a.started = true
	code := a.report(errors.New("first\n\n  second\nthird"))
	assert.Equal(t, exitError, code)
	assert.Equal(t, "multipay: first; second; third\n", errOut.String())
}

func TestUpdateParamsFromFlagsAndData(t *testing.T) {
	var in customerInput
	fs := pflag.NewFlagSet("update", pflag.ContinueOnError)
	in.register(fs, true)
	require.NoError(t, fs.Parse([]string{"--email", "new@example.com", "--clear", "gender,billing-address",
		"--data", `{"phone": null, "address": {"line1": "1 Main St", "country": "us"}}`, "--metadata", "k=v"}))
	u, err := in.updateParams(strings.NewReader(""))
	require.NoError(t, err)
	email, ok := u.Email.Value()
	assert.True(t, ok)
	assert.Equal(t, "new@example.com", email)
	assert.True(t, u.Gender.IsClear())
	assert.True(t, u.BillingAddress.IsClear())
	assert.True(t, u.Phone.IsClear())
	addr, _ := u.Address.Value()
	assert.Equal(t, "1 Main St", addr.Line1)
	md, _ := u.Metadata.Value()
	assert.Equal(t, map[string]string{"k": "v"}, md)
	assert.True(t, u.Name.IsUnchanged())
}

func TestCreateParamsRefuseUnknownFields(t *testing.T) {
	var in customerInput
	fs := pflag.NewFlagSet("create", pflag.ContinueOnError)
	in.register(fs, false)
	require.NoError(t, fs.Parse([]string{"--data", "-", "--shipping-line1", "2 Side St"}))
	p, err := in.createParams(strings.NewReader(`{"birth_date": "1990-05-17", "shipping": {"name": "Ada"}}`))
	require.NoError(t, err)
	assert.Equal(t, customers.NewDate(1990, 5, 17), p.BirthDate)
	require.NotNil(t, p.Shipping)
	assert.Equal(t, "Ada", p.Shipping.Name)
	assert.Equal(t, "2 Side St", p.Shipping.Address.Line1)

	_, err = in.createParams(strings.NewReader(`{"emial": "x"}`))
	var ue usageError
	assert.ErrorAs(t, err, &ue)
}

func TestLookupEnvReportsMissingVariables(t *testing.T) {
	t.Setenv("USEEPAY_API_KEY", "k")
	t.Setenv("USEEPAY_MERCHANT_NO", "")
	t.Setenv("USEEPAY_APP_ID", "app")
	_, missing, partial := lookupEnv("useepay")
	assert.True(t, partial)
	assert.Equal(t, []string{"USEEPAY_MERCHANT_NO"}, missing)

	t.Setenv("HITPAY_API_KEY", "")
	_, missing, partial = lookupEnv("hitpay")
	assert.False(t, partial)
	assert.Equal(t, []string{"HITPAY_API_KEY"}, missing)
}

func TestObjectFlagsTakeJSONAndParts(t *testing.T) {
	var in customerInput
	fs := pflag.NewFlagSet("create", pflag.ContinueOnError)
	in.register(fs, false)
	require.NoError(t, fs.Parse([]string{"--address", `{"line1": "1 Main St", "city": "Austin"}`, "--address-city", "Dallas",
		"--shipping", `{"name": "Ada"}`}))
	p, err := in.createParams(strings.NewReader(""))
	require.NoError(t, err)
	assert.Equal(t, &customers.Address{Line1: "1 Main St", City: "Dallas"}, p.Address)
	assert.Equal(t, "Ada", p.Shipping.Name)

	fs = pflag.NewFlagSet("create", pflag.ContinueOnError)
	in = customerInput{}
	in.register(fs, false)
	require.NoError(t, fs.Parse([]string{"--billing-address", "[1]"}))
	_, err = in.createParams(strings.NewReader(""))
	assert.ErrorContains(t, err, "--billing-address: not a JSON object")
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var errOut bytes.Buffer
	a := newApp(streams{out: &bytes.Buffer{}, err: &errOut})
	a.output = "json"
	seq := func(yield func(*customers.Customer, error) bool) {
		for i := range 45 {
			if !yield(&customers.Customer{ID: fmt.Sprint(i)}, nil) {
				return
			}
		}
	}
	require.NoError(t, a.printCustomers(seq, 0, 20))
	assert.Empty(t, errOut.String(), "stderr is not a terminal")

	a.ttyErr = true
	require.NoError(t, a.printCustomers(seq, 0, 20))
	assert.Contains(t, errOut.String(), "\r40 customers…")
	assert.True(t, strings.HasSuffix(errOut.String(), "\r\033[K"), "the progress line is cleared")
}

// TestReadmeListsEveryExitCode keeps the README's exit codes in step with
// the table behind --help.
func TestReadmeListsEveryExitCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "**Exit codes**")
	require.True(t, ok, "README has no exit codes paragraph")
	section, _, _ = strings.Cut(section, "\n\n")
	section = strings.Join(strings.Fields(section), " ")
	for _, k := range exitKinds {
		assert.Contains(t, section, fmt.Sprintf(" %d %s", k.code, strings.TrimRight(strings.Fields(k.what)[0], ":,")), k.what)
	}
}

// The transfer progress line: done/total, share, rate and ETA when the
// total is known (import from a file), done and rate otherwise.
func TestProgressLine(t *testing.T) {
	assert.Equal(t, "1200/5000 customers 24%, 600/s, ETA 6s", progressLine(1200, 5000, 2*time.Second))
	assert.Equal(t, "1200 customers, 600/s", progressLine(1200, -1, 2*time.Second))
}

// Stdin redirected from a file is counted and rewound; a pipe is not.
func TestLineCount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	require.NoError(t, os.WriteFile(path, []byte("{}\n{}\n{}\n"), 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, 3, lineCount(f))
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Len(t, b, 9, "rewound")
	assert.Equal(t, -1, lineCount(strings.NewReader("{}\n")))
}
