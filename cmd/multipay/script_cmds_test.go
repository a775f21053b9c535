package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/multipay/multipay/pkg/providers"
)

// scriptCmds are the scripts' own commands, beyond testscript's.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exitcode":  cmdExitCode,
	"json":      cmdJSON,
	"getjson":   cmdGetJSON,
	"http":      cmdHTTP,
	"waitfile":  cmdWaitFile,
	"waitlines": cmdWaitLines,
	"readme":    cmdReadme,
}

func credentialVarNames() []string {
	var out []string
	for _, v := range providers.Env {
		for _, n := range []string{v.APIKey, v.SyncAccount, v.MerchantNo, v.AppID} {
			if n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// exitcode N prog args...: run prog and require exit code N.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// json [-lines N] FILE: FILE (or stdout) is one JSON document, or N JSON Lines.
func cmdJSON(ts *testscript.TestScript, neg bool, args []string) {
	lines := -1
	if len(args) == 3 && args[0] == "-lines" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		lines, args = n, args[2:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: json [-lines N] file")
	}
	err := checkJSON(readScriptFile(ts, args[0]), lines)
	if (err == nil) == neg {
		ts.Fatalf("json %s: %v (negated: %v)", args[0], err, neg)
	}
}

func checkJSON(text string, lines int) error {
	if lines < 0 {
		var v any
		return json.Unmarshal([]byte(text), &v)
	}
	n := 0
	for line := range strings.Lines(text) {
		if !json.Valid([]byte(line)) {
			return fmt.Errorf("line %d is not JSON: %q", n+1, line)
		}
		n++
	}
	if n != lines {
		return fmt.Errorf("%d JSON lines, want %d", n, lines)
	}
	return nil
}

// getjson FILE PATH VAR: set VAR to the string at PATH (dot-separated keys,
// numbers index arrays) of the JSON in FILE (or stdout).
func cmdGetJSON(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: getjson file path var")
	}
	var v any
	ts.Check(json.Unmarshal([]byte(readScriptFile(ts, args[0])), &v))
	for _, key := range strings.Split(args[1], ".") {
		switch node := v.(type) {
		case map[string]any:
			v = node[key]
		case []any:
			i, err := strconv.Atoi(key)
			ts.Check(err)
			v = node[i]
		}
	}
	s, ok := v.(string)
	if !ok {
		ts.Fatalf("%s: %v is not a string", args[1], v)
	}
	ts.Setenv(args[2], s)
}

func readScriptFile(ts *testscript.TestScript, name string) string {
	if name == "stdout" || name == "stderr" {
		return ts.ReadFile(name)
	}
	b, err := os.ReadFile(ts.MkAbs(name))
	ts.Check(err)
	return string(b)
}

// http [-H 'Name: value']... METHOD URL [BODY]: a curl-like request. The
// body goes to stdout, "HTTP <status>" and the Retry-After header to stderr;
// a connection closed without an answer is "HTTP 599".
func cmdHTTP(ts *testscript.TestScript, neg bool, args []string) {
	h := http.Header{}
	for len(args) > 1 && args[0] == "-H" {
		k, v, _ := strings.Cut(args[1], ":")
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		args = args[2:]
	}
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: http [-H 'k: v']... METHOD URL [BODY]")
	}
	var body io.Reader
	if len(args) == 3 {
		body = strings.NewReader(args[2])
		h.Set("Content-Type", "application/json")
	}
	req, err := http.NewRequest(args[0], args[1], body)
	ts.Check(err)
	req.Header = h
	res, err := http.DefaultClient.Do(req)
	if err != nil { // a dropped connection: curl's "empty reply"
		fmt.Fprintf(ts.Stderr(), "HTTP 599\n%v\n", err)
		return
	}
	defer func() { _ = res.Body.Close() }()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, res.Body)
	ts.Check(err)
	fmt.Fprint(ts.Stdout(), buf.String())
	fmt.Fprintf(ts.Stderr(), "HTTP %d\n", res.StatusCode)
	if ra := res.Header.Get("Retry-After"); ra != "" {
		fmt.Fprintf(ts.Stderr(), "Retry-After: %s\n", ra)
	}
}

// waitfile FILE: wait up to 20 s for FILE to exist.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile file")
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
	}
	ts.Fatalf("%s did not appear", args[0])
}

// waitlines FILE N: wait until FILE holds at least N lines (a ledger
// growing in a background command).
func cmdWaitLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitlines file n")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && bytes.Count(b, []byte("\n")) >= n {
			return
		}
	}
	ts.Fatalf("%s did not reach %d lines", args[0], n)
}

// readme HEADING FILE: write the first sh block under the README's ## HEADING
// to FILE, so that a script runs the README's commands as written.
func cmdReadme(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: readme heading file")
	}
	b, err := os.ReadFile("../../README.md")
	ts.Check(err)
	_, section, _ := strings.Cut(string(b), "\n## "+args[0]+"\n")
	_, block, _ := strings.Cut(section, "```sh\n")
	block, _, ok := strings.Cut(block, "```")
	if !ok {
		ts.Fatalf("README: no sh block under ## %s", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(block), 0o644))
}
