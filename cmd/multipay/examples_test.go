package main

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every example command — in each command's --help and in the README's
// shell blocks — must be run, as written, by a script in testdata/script:
// `exec multipay …` (it must succeed) for a multipay command, `http …`
// followed by a check of its status for a curl. The scripts assert what the
// command does, so an example that stops working fails them, and an example
// that is added or changed without a script fails this test. Before, the
// root's create example was refused (hitpay needs a phone) while the
// README's was accepted, and nothing noticed.
//
// Placeholders match the scripts' variables: <id>, <the key serve printed>,
// $KEY, customer ids and http://127.0.0.1:4010 stand for what a script got
// from the fake ($ID, $KEY, $URL). A script may add serve's --port 0 and
// --ready-file F, which it needs to run serve at all. Other programs (make,
// go, jq, export) are not this CLI's examples and are skipped.
func TestEveryExampleRunsInAScript(t *testing.T) {
	covered := scriptCommands(t)
	examples := append(helpExamples(newRootCmd(newApp(streams{}))), readmeExamples(t, "../../README.md")...)
	require.NotEmpty(t, examples)
	checked := 0
	for _, ex := range examples {
		for _, c := range ex.commands() {
			checked++
			if !slices.ContainsFunc(covered, c.coveredBy) {
				t.Errorf("%s: %s\n\tis not run by any script in testdata/script (want %s)", ex.source, ex.text, c.want())
			}
		}
	}
	t.Logf("%d example commands checked", checked)
}

// An example is one command line of a help text or the README.
type example struct {
	source, text string
}

// helpExamples are the Example lines of cmd and its subcommands; a line
// ending in \ continues on the next.
func helpExamples(cmd *cobra.Command) []example {
	var out []example
	for _, line := range joinContinued(strings.Split(cmd.Example, "\n")) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, example{cmd.CommandPath() + " --help", line})
		}
	}
	for _, sub := range cmd.Commands() {
		out = append(out, helpExamples(sub)...)
	}
	return out
}

// readmeExamples are the command lines of path's sh and console blocks (in
// a console block, the lines after "$ ").
func readmeExamples(t *testing.T, path string) []example {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []example
	lang, inBlock := "", false
	var block []string
	for i, line := range strings.Split(string(b), "\n") {
		if fence, ok := strings.CutPrefix(line, "```"); ok {
			if inBlock {
				for _, cmd := range joinContinued(block) {
					out = append(out, example{fmt.Sprintf("%s (block ending line %d)", filepath.Base(path), i+1), cmd})
				}
			}
			lang, inBlock, block = fence, !inBlock, nil
			continue
		}
		switch {
		case !inBlock:
		case lang == "sh" || lang == "bash" || lang == "shell":
			block = append(block, line)
		case lang == "console":
			if cmd, ok := strings.CutPrefix(line, "$ "); ok {
				block = append(block, cmd)
			} else if n := len(block); n > 0 && strings.HasSuffix(block[n-1], "\\") {
				block = append(block, line) // a continuation
			}
		}
	}
	return slices.DeleteFunc(out, func(e example) bool { return strings.TrimSpace(e.text) == "" })
}

func joinContinued(lines []string) []string {
	var out []string
	cur := ""
	for _, l := range lines {
		if s, ok := strings.CutSuffix(strings.TrimRight(l, " "), "\\"); ok {
			cur += s + " "
			continue
		}
		out = append(out, cur+l)
		cur = ""
	}
	return out
}

// command is one simple command of an example, or of a script, in the form
// they are compared in.
type command struct {
	kind  string            // "multipay" or "http"
	canon string            // arguments, placeholders made alike
	env   map[string]string // variables the example sets before it (NAME=value cmd)
	stdin string            // what the example pipes in (echo '…' | multipay …)
	// stdinFile is the file the example redirects stdin from (< FILE) and,
	// on a script's side, the file its stdin command named.
	stdinFile string

	// On a script's side only: whether it succeeds (exec, or http followed
	// by a status check), and what it can see.
	ok     bool
	scrEnv map[string]string
	scrIn  string
}

// want says what a script should run, in its syntax.
func (c command) want() string {
	if c.kind == "http" {
		return "http " + scriptQuote(c.canon) + ", then stderr 'HTTP <status>'"
	}
	w := "exec multipay " + scriptQuote(c.canon)
	for k, v := range c.env {
		w = "env " + k + "=" + scriptQuote(v) + " before " + w
	}
	if c.stdin != "" {
		w = "stdin FILE (holding " + c.stdin + ") then " + w
	}
	if c.stdinFile != "" {
		w = "stdin " + c.stdinFile + " then " + w
	}
	return w
}

// coveredBy reports whether the script command s runs example command c.
func (c command) coveredBy(s command) bool {
	if !s.ok || s.kind != c.kind || s.canon != c.canon {
		return false
	}
	for k, v := range c.env {
		if s.scrEnv[k] != v {
			return false
		}
	}
	if c.stdinFile != "" && s.stdinFile != c.stdinFile {
		return false
	}
	return c.stdin == "" || strings.TrimSpace(s.scrIn) == strings.TrimSpace(c.stdin)
}

// placeholder stands for any value a script got at run time.
const placeholder = "\x02"

// wordSep separates the words of a canonical command: a space can be in a word.
const wordSep = "\x1f"

// scriptQuote shows canonical words as a script would write them.
func scriptQuote(canon string) string {
	words := strings.Split(canon, wordSep)
	for i, w := range words {
		w = strings.ReplaceAll(w, placeholder, "$X")
		if strings.ContainsAny(w, " |{}'\"") {
			w = "'" + strings.ReplaceAll(w, "'", "''") + "'"
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

var (
	angleHole = regexp.MustCompile(`<[^<>]+>|…`)
	varHole   = regexp.MustCompile(`\$(\w+|\{\w+\})`)
	idHole    = regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\bcus_\w+`)
)

// alike replaces the parts of a word that stand for run-time values.
func alike(word string) string {
	word = strings.ReplaceAll(word, "http://127.0.0.1:4010", placeholder)
	return idHole.ReplaceAllString(word, placeholder)
}

// commands splits an example line into the commands to look for: each
// segment of a pipeline or list that runs multipay or curl, once per
// alternative of an a|b|c word.
func (e example) commands() []command {
	var out []command
	for _, words := range expandAlternatives(shellWords(e.text)) {
		for _, seg := range splitOperators(words) {
			out = append(out, exampleCommand(seg.words, seg.stdin)...)
		}
	}
	return out
}

type segment struct {
	words []string
	stdin string
}

// splitOperators splits at ; & && || and |, keeping what an echo pipes in.
func splitOperators(words []string) []segment {
	var out []segment
	cur := segment{}
	for _, w := range words {
		switch w {
		case opPipe:
			next := segment{}
			if len(cur.words) == 2 && cur.words[0] == "echo" {
				next.stdin = cur.words[1]
			}
			out, cur = append(out, cur), next
		case opList:
			out, cur = append(out, cur), segment{}
		default:
			cur.words = append(cur.words, w)
		}
	}
	return append(out, cur)
}

// exampleCommand is the multipay or curl command of one segment, if any.
func exampleCommand(words []string, stdin string) []command {
	env := map[string]string{}
	for len(words) > 0 && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`).MatchString(words[0]) {
		k, v, _ := strings.Cut(words[0], "=")
		if !slices.Contains(credentialVarNames(), k) { // a real account's: the script runs it on the fake
			env[k] = alike(v)
		}
		words = words[1:]
	}
	if len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/multipay" {
		words = append([]string{"multipay"}, words[3:]...)
	}
	words, inFile := withoutRedirects(words)
	if len(words) == 0 {
		return nil
	}
	switch words[0] {
	case "multipay":
		return []command{{kind: "multipay", canon: canonWords(words[1:]), env: env, stdin: stdin, stdinFile: inFile}}
	case "curl":
		return []command{{kind: "http", canon: curlCanon(words[1:]), env: env}}
	}
	return nil // make, go, jq, export: not this CLI's examples
}

// withoutRedirects drops "> FILE" (a script copies stdout itself) and
// "< FILE", returning FILE: the script must feed it with "stdin FILE".
func withoutRedirects(words []string) (out []string, inFile string) {
	for i := 0; i < len(words); i++ {
		switch words[i] {
		case ">", ">>":
			i++
		case "<":
			if i+1 < len(words) {
				inFile = words[i+1]
			}
			i++
		default:
			out = append(out, words[i])
		}
	}
	return out, inFile
}

func canonWords(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = alike(w)
	}
	return strings.Join(out, wordSep)
}

// curlCanon is a curl command as the scripts' http command spells it:
// METHOD URL, the headers (sorted; the JSON Content-Type of a body is
// implied), BODY.
func curlCanon(args []string) string {
	method, url, body := "", "", ""
	var headers []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-X" || a == "--request":
			i++
			method = args[i]
		case a == "-H" || a == "--header":
			i++
			headers = append(headers, args[i])
		case a == "-d" || a == "--data":
			i++
			body = args[i]
		case strings.HasPrefix(a, "-"): // -s, -i, -si: how curl prints, not what it sends
		default:
			url = a
		}
	}
	if method == "" {
		method = "GET"
		if body != "" {
			method = "POST"
		}
	}
	return httpCanon(method, url, headers, body)
}

func httpCanon(method, url string, headers []string, body string) string {
	var hs []string
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if body != "" && k == "content-type" && v == "application/json" {
			continue
		}
		hs = append(hs, alike(k+": "+v))
	}
	slices.Sort(hs)
	return strings.Join(append([]string{method, alike(url)}, append(hs, alike(body))...), wordSep)
}

// Shell operators, as words of their own.
const (
	opPipe = "\x00|"
	opList = "\x00;" // ; & && ||: the commands run one after the other
)

// altSep separates the alternatives of an a|b|c word.
const altSep = "\x01"

// shellWords splits a line as sh would, with quotes removed, $VAR and
// <placeholder> made placeholders (not inside single quotes), # comments
// dropped, operators as opPipe and opList, and a|b inside a word (a synopsis,
// not a pipe) kept as alternatives.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !inWord:
			flush()
			return words
		case c == '\'':
			inWord = true
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				j = len(line) - i - 1
			}
			w.WriteString(line[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			j := i + 1
			for ; j < len(line) && line[j] != '"'; j++ {
				if line[j] == '\\' && j+1 < len(line) {
					j++
				}
			}
			w.WriteString(holes(strings.ReplaceAll(line[i+1:min(j, len(line))], `\"`, `"`)))
			i = j
		case c == '|' && inWord && i+1 < len(line) && line[i+1] != ' ':
			w.WriteString(altSep)
		case c == '|' || c == ';' || c == '&':
			flush()
			op := opList
			if c == '|' && (i+1 >= len(line) || line[i+1] != '|') {
				op = opPipe
			}
			if i+1 < len(line) && (line[i+1] == '|' || line[i+1] == '&') {
				i++
			}
			words = append(words, op)
		case c == '\\' && i+1 < len(line):
			inWord = true
			i++
			w.WriteByte(line[i])
		default:
			inWord = true
			j := i
			for j < len(line) && !strings.ContainsRune(" \t'\"|;&\\", rune(line[j])) {
				j++
			}
			w.WriteString(holes(line[i:j]))
			i = j - 1
		}
	}
	flush()
	return words
}

// holes makes $VAR and <placeholder> placeholders.
func holes(s string) string {
	return varHole.ReplaceAllString(angleHole.ReplaceAllString(s, placeholder), placeholder)
}

// expandAlternatives turns a line with a|b words into one line per
// alternative (of the first such word, recursively).
func expandAlternatives(words []string) [][]string {
	for i, w := range words {
		if !strings.Contains(w, altSep) {
			continue
		}
		var out [][]string
		for _, alt := range strings.Split(w, altSep) {
			line := slices.Clone(words)
			line[i] = alt
			out = append(out, expandAlternatives(line)...)
		}
		return out
	}
	return [][]string{words}
}

// scriptCommands are the multipay and http commands of every script, with
// the variables and stdin each one sees and whether it must succeed.
func scriptCommands(t *testing.T) []command {
	t.Helper()
	files, err := filepath.Glob("testdata/script/*.txtar")
	require.NoError(t, err)
	var out []command
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		require.NoError(t, err)
		out = append(out, commandsOfScript(ar)...)
	}
	return out
}

func commandsOfScript(ar *txtar.Archive) []command {
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	env, stdin, stdinFile := map[string]string{}, "", ""
	var out []command
	sc := bufio.NewScanner(strings.NewReader(string(ar.Comment)))
	for sc.Scan() {
		words := scriptWords(sc.Text())
		if len(words) == 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].kind == "http" && words[0] == "stderr" && len(words) > 1 &&
			regexp.MustCompile(`^HTTP \d`).MatchString(words[1]) {
			out[n-1].ok = true // the status is checked
		}
		ok := true
		if words[0] == "!" || words[0] == "?" {
			ok, words = false, words[1:]
		}
		if len(words) > 2 && words[0] == "exitcode" {
			ok, words = words[1] == "0", append([]string{"exec"}, words[2:]...)
		}
		switch {
		case words[0] == "env" && len(words) == 2:
			k, v, _ := strings.Cut(words[1], "=")
			env[k] = alike(v)
		case words[0] == "stdin" && len(words) == 2:
			stdin, stdinFile = files[words[1]], words[1]
			continue // for the next command only
		case words[0] == "exec" && len(words) > 1 && words[1] == "multipay":
			out = append(out, command{kind: "multipay", canon: canonWords(withoutHarnessFlags(words[2:])), ok: ok,
				scrEnv: maps.Clone(env), scrIn: stdin, stdinFile: stdinFile})
		case words[0] == "http" && ok:
			out = append(out, httpCommand(words[1:]))
		}
		stdin, stdinFile = "", ""
	}
	return out
}

// httpCommand reads the scripts' http [-H 'k: v']... METHOD URL [BODY].
func httpCommand(args []string) command {
	var headers []string
	for len(args) > 1 && args[0] == "-H" {
		headers, args = append(headers, args[1]), args[2:]
	}
	body := ""
	if len(args) == 3 {
		body = args[2]
	}
	if len(args) < 2 {
		return command{}
	}
	return command{kind: "http", canon: httpCanon(args[0], args[1], headers, body)}
}

// withoutHarnessFlags drops what a script needs to run serve at all: a
// free port and the file that says it listens.
func withoutHarnessFlags(args []string) []string {
	if !slices.Contains(args, "serve") {
		return args
	}
	var out []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--port" && i+1 < len(args) && args[i+1] == "0", args[i] == "--ready-file" && i+1 < len(args):
			i++
		case strings.HasPrefix(args[i], "&") && strings.HasSuffix(args[i], "&"): // &name&: in the background
		default:
			out = append(out, args[i])
		}
	}
	return out
}

// scriptWords splits a testscript line: single quotes only (two of them
// inside quotes are one), $VAR a placeholder outside them, # at the start a comment,
// [condition] prefixes dropped.
func scriptWords(line string) []string {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "#") {
		return nil
	}
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			w.WriteByte('\'')
			i++
		case c == '\'':
			quoted, inWord = !quoted, true
		case !quoted && (c == ' ' || c == '\t'):
			if inWord {
				words = append(words, w.String())
			}
			w.Reset()
			inWord = false
		case !quoted && c == '$':
			inWord = true
			m := varHole.FindString(line[i:])
			if m == "" {
				w.WriteByte(c)
				continue
			}
			w.WriteString(placeholder)
			i += len(m) - 1
		default:
			inWord = true
			w.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	for len(words) > 0 && strings.HasPrefix(words[0], "[") {
		words = words[1:]
	}
	return words
}

// The parsing the check stands on.
func TestExampleParsing(t *testing.T) {
	t.Parallel()
	cmds := example{text: `echo '{"a":1}' | multipay customers create -p soap --data -  # stdin`}.commands()
	require.Len(t, cmds, 1)
	assert.Equal(t, command{kind: "multipay", canon: strings.Join([]string{"customers", "create", "-p", "soap", "--data", "-"}, wordSep), env: map[string]string{}, stdin: `{"a":1}`}, cmds[0])

	cmds = example{text: `multipay customers block|unblock -p notchpay <id>; multipay version`}.commands()
	var canons []string
	for _, c := range cmds {
		canons = append(canons, strings.ReplaceAll(c.canon, wordSep, " "))
	}
	assert.Equal(t, []string{"customers block -p notchpay \x02", "version", "customers unblock -p notchpay \x02", "version"}, canons)

	cmds = example{text: `multipay providers --jq '.[] | select(.x)' | jq -r .email`}.commands()
	require.Len(t, cmds, 1, "a quoted | is no pipe; jq is not ours")
	assert.Equal(t, "providers --jq '.[] | select(.x)'", scriptQuote(cmds[0].canon))

	curl := example{text: `curl -s -X POST http://127.0.0.1:4010/hitpay/v1/customers -H "X-KEY: <the key>" -H "Content-Type: application/json" -d '{"n":1}'`}.commands()
	require.Len(t, curl, 1)
	script := commandsOfScript(txtar.Parse([]byte("http -H 'X-KEY: '$KEY POST $URL/hitpay/v1/customers '{\"n\":1}'\nstderr 'HTTP 201'\n")))
	require.Len(t, script, 1)
	assert.True(t, curl[0].coveredBy(script[0]), "%q vs %q", curl[0].canon, script[0].canon)

	env := example{text: `MULTIPAY_FAKE_URL=http://127.0.0.1:4010 multipay customers get -p hitpay 89d66d61-5e76-4e11-a1a8-83713e6d00cd`}.commands()
	script = commandsOfScript(txtar.Parse([]byte("exec multipay customers get -p hitpay $ID\nenv MULTIPAY_FAKE_URL=$URL\nexec multipay customers get -p hitpay $ID\n! exec multipay version\n")))
	require.Len(t, script, 3)
	assert.False(t, env[0].coveredBy(script[0]), "the variable is not set yet")
	assert.True(t, env[0].coveredBy(script[1]))
	assert.False(t, example{text: "multipay version"}.commands()[0].coveredBy(script[2]), "a failing run covers nothing")
}
