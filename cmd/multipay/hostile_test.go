package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/cmd/multipay/internal/verify"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// runCLI runs the CLI in this process without credentials (so on fakes) and
// returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for _, v := range credentialVarNames() {
		t.Setenv(v, "")
	}
	if _, set := os.LookupEnv(fakeURLEnv); !set {
		t.Setenv(fakeURLEnv, "")
	}
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, streams{in: strings.NewReader(""), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

const hostile = "\x1b]0;pwned\x07"

// hostileFake is a HitPay fake holding one customer whose name and metadata
// carry a terminal escape sequence.
func hostileFake(t *testing.T) (srv *fake.Server, id string) {
	srv = fake.Start(t, "hitpay")
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	raw, ok := srv.Customer(ids[0])
	require.True(t, ok)
	var c map[string]any
	require.NoError(t, json.Unmarshal(raw, &c))
	c["name"] = "Ada " + hostile
	b, err := json.Marshal(c)
	require.NoError(t, err)
	_, err = srv.Put(b)
	require.NoError(t, err)
	return srv, ids[0]
}

func TestPrintableEscapesControls(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Lovelace, Zürich 東京": "Ada Lovelace, Zürich 東京",
		hostile:                   `\x1b]0;pwned\a`,
		"a\tb\nc\rd\x00":          `a\tb\nc\rd\x00`,
		"del\x7f":                 `del\x7f`,
		"csi\u009b2J":             `csi\u009b2J`,
		"raw\x9b2J":               `raw\x9b2J`, // not UTF-8: an 8-bit CSI for some terminals
	} {
		assert.Equal(t, want, printable(in), "%q", in)
	}
	assert.Equal(t, "a\\x1b\nb", printableLines("a\x1b\nb"))
}

func TestTablesAndErrorsEscapeServerData(t *testing.T) {
	srv, id := hostileFake(t)
	for _, args := range [][]string{
		{"customers", "get", "-p", "hitpay", id},
		{"customers", "list", "-p", "hitpay"},
	} {
		code, out, errOut := runCLI(t, append(args, "--base-url", srv.URL, "-o", "table")...)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, `Ada \x1b]0;pwned\a`, args)
		assert.NotContains(t, out+errOut, "\x1b", args)
	}

	var errOut bytes.Buffer
	a := newApp(streams{err: &errOut})
	a.started = true
	a.report(&customers.Error{Provider: "hitpay", Kind: customers.ErrInvalidRequest, Message: "bad name " + hostile})
	assert.Contains(t, errOut.String(), `bad name \x1b]0;pwned\a`)
	assert.NotContains(t, errOut.String(), "\x1b")
}

func TestDemoVerifyAndServeLogEscapeServerData(t *testing.T) {
	var out bytes.Buffer
	printDemoRun(&out, demoRun{Provider: "hitpay", Steps: []demoStep{{Step: "get", Result: "id " + hostile}}, Error: "get: " + hostile})
	assert.NotContains(t, out.String(), "\x1b")
	assert.Contains(t, out.String(), `FAILED: get: \x1b]0;pwned\a`)

	out.Reset()
	a := newApp(streams{out: &out})
	rep := &verify.Report{Provider: "hitpay", Results: []verify.Result{{ID: "D1", Outcome: verify.Contradicted, Detail: "answer " + hostile}}}
	require.NoError(t, a.printReport(rep))
	assert.NotContains(t, out.String(), "\x1b")
	assert.Contains(t, out.String(), `answer \x1b]0;pwned\a`)

	out.Reset()
	h := logRequests(http.NotFoundHandler(), serveRoutes([]string{"hitpay"}), &out, nil)
	req := httptest.NewRequest(http.MethodGet, "/hitpay/v1/customers", nil)
	req.Header.Set(fake.FaultHeader, "status=503;retry-after=\x1b[2J\a") // a fault header takes no ";"
	h.ServeHTTP(httptest.NewRecorder(), req)
	assert.NotContains(t, out.String(), "\x1b")
	assert.Contains(t, out.String(), `retry-after=\x1b[2J\a`)
}

func TestURLsAreShownWithoutUserInfo(t *testing.T) {
	code, _, errOut := runCLI(t, "customers", "list", "-p", "hitpay", "--retries", "0", "--base-url", "http://ada:s3cret@127.0.0.1:1/hitpay")
	assert.Equal(t, exitUnavailable, code, errOut)
	assert.Contains(t, errOut, "using the HitPay fake of multipay serve at http://xxxxx@127.0.0.1:1/hitpay;")
	assert.Contains(t, errOut, `"http://xxxxx@127.0.0.1:1/hitpay/v1/customers"`, "the transport error's URL")
	assert.NotContains(t, errOut, "s3cret")
	assert.NotContains(t, errOut, "ada")

	t.Setenv(fakeURLEnv, "http://ada:s3cret@127.0.0.1:1")
	code, _, errOut = runCLI(t, "customers", "list", "-p", "hitpay", "--retries", "0")
	assert.Equal(t, exitUnavailable, code, errOut)
	assert.Contains(t, errOut, "at http://xxxxx@127.0.0.1:1/hitpay;")
	assert.NotContains(t, errOut, "s3cret")

	// A URL that does not parse is never shown: where its user info ends is
	// unknown.
	t.Setenv(fakeURLEnv, "http://ada:s3cret@host%zz")
	code, _, errOut = runCLI(t, "customers", "list", "-p", "hitpay")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, "MULTIPAY_FAKE_URL is not a valid URL")
	assert.NotContains(t, errOut, "s3cret")
	t.Setenv(fakeURLEnv, "")
	code, _, errOut = runCLI(t, "customers", "list", "-p", "hitpay", "--base-url", "http://ada:s3cret@host%zz/hitpay")
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, "--base-url is not a valid URL")
	assert.NotContains(t, errOut, "s3cret")

	assert.Equal(t, "(an invalid URL)", displayURL("http://ada:s3cret@host%zz"))
	assert.Equal(t, "https://api.example.com/v1", displayURL("https://api.example.com/v1"))
}

func TestVerifyReportShowsBaseURLWithoutUserInfo(t *testing.T) {
	srv := fake.Start(t, "soap")
	base := strings.Replace(srv.URL, "http://", "http://ada:s3cret@", 1)
	code, out, errOut := runCLI(t, "verify", "-p", "soap", "--base-url", base, "-o", "table")
	require.Equal(t, exitOK, code, errOut)
	heading, _, _ := strings.Cut(out, "\n")
	assert.Contains(t, heading, "against http://xxxxx@127.0.0.1")
	assert.NotContains(t, out+errOut, "s3cret", "the details quote the base URL too")
	_, out, errOut = runCLI(t, "verify", "-p", "soap", "--base-url", base, "-o", "json")
	assert.NotContains(t, out+errOut, "s3cret")
	assert.NotContains(t, out+errOut, "ada:", "the user name")
}

func TestInputReadsAreBounded(t *testing.T) {
	padded := func(size int) string { // a valid JSON object of size bytes
		obj := `{"name": "Ada"}`
		return obj + strings.Repeat(" ", size-len(obj))
	}
	dir := t.TempDir()
	big, fits := filepath.Join(dir, "big.json"), filepath.Join(dir, "fits.json")
	require.NoError(t, os.WriteFile(big, []byte(padded(maxInputBytes+1)), 0o600))
	require.NoError(t, os.WriteFile(fits, []byte(padded(maxInputBytes)), 0o600))

	doc, err := readData("data", "@"+fits, nil)
	require.NoError(t, err)
	assert.Equal(t, "Ada", doc["name"])
	for _, c := range []struct{ flag, value string }{{"data", "@" + big}, {"address", "@" + big}, {"data", "-"}} {
		stdin := strings.NewReader(padded(maxInputBytes + 1))
		_, err := readData(c.flag, c.value, stdin)
		var ue usageError
		require.ErrorAs(t, err, &ue, c)
		assert.EqualError(t, err, "--"+c.flag+": larger than the 1 MiB limit", c)
	}
	// An endless stdin (a FIFO fed from /dev/zero) stops at the bound.
	_, err = readData("data", "-", iotest.OneByteReader(zeros{}))
	assert.EqualError(t, err, "--data: larger than the 1 MiB limit")
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestServeStateReadIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(maxStateBytes+1)) // sparse: nothing is written
	require.NoError(t, f.Close())
	_, err = loadState(path)
	assert.ErrorContains(t, err, "--state")
	assert.ErrorContains(t, err, "larger than the 64 MiB limit")

	_, err = loadState(filepath.Join(t.TempDir(), "missing.json"))
	assert.NoError(t, err, "a missing state file is an empty state")
}

// TestErrorsDoNotEchoInputValues feeds a recognisable value to each kind of
// customer input and checks that no error quotes it: stderr ends up in CI
// logs and terminals' scrollback.
func TestErrorsDoNotEchoInputValues(t *testing.T) {
	const id = "9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	for name, args := range map[string][]string{
		"date flag":          {"customers", "create", "-p", "hitpay", "--email", "a@example.com", "--birth-date", "SECRET-99"},
		"date in --data":     {"customers", "create", "-p", "hitpay", "--data", `{"birth_date": "SECRET-99"}`},
		"date in update":     {"customers", "update", "-p", "hitpay", id, "--data", `{"birth_date": "SECRET-99"}`},
		"not JSON":           {"customers", "create", "-p", "hitpay", "--data", `{"name": SECRET}`},
		"JSON not object":    {"customers", "create", "-p", "hitpay", "--data", `"SECRET"`},
		"JSON wrong type":    {"customers", "create", "-p", "hitpay", "--data", `{"email": ["SECRET"]}`},
		"address not JSON":   {"customers", "create", "-p", "hitpay", "--address", `SECRET`},
		"shipping wrong":     {"customers", "update", "-p", "hitpay", id, "--shipping", `{"name": {"x": "SECRET"}}`},
		"metadata":           {"customers", "create", "-p", "hitpay", "--metadata", "SECRET"},
		"metadata in JSON":   {"customers", "update", "-p", "hitpay", id, "--data", `{"metadata": {"k": ["SECRET"]}}`},
		"phone":              {"customers", "create", "-p", "hitpay", "--email", "a@example.com", "--phone", "SECRET"},
		"email":              {"customers", "create", "-p", "soap", "--email", "SECRET", "--first-name", "A", "--last-name", "B"},
		"search email":       {"customers", "search", "-p", "soap", "--email", "SECRET"},
		"search phone":       {"customers", "search", "-p", "soap", "--phone", "SECRET"},
		"id":                 {"customers", "get", "-p", "hitpay", "SECRET"},
		"id at another fake": {"customers", "get", "-p", "notchpay", "SECRET"},
	} {
		code, _, errOut := runCLI(t, args...)
		assert.NotEqual(t, exitOK, code, name)
		assert.NotContains(t, errOut, "SECRET", name)
		assert.Contains(t, errOut, "multipay: ", name)
	}
}
