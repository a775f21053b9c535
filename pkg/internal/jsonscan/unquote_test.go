package jsonscan

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unquoteSeeds hold every escape, surrogate pairs and lone halves, invalid
// UTF-8, Go escapes JSON forbids, and strings cut short.
var unquoteSeeds = []string{
	`""`, `"abc"`, `"\u00e9t\u00C9"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`,
	`"\"\\\/\b\f\n\r\t"`, `"\'"`, `"\x41"`, `"\a"`, `"\u12"`, `"\u12G4"`, "\"\xff\xfe\"", "\"a\xe2\x82\"",
	"\"\x01\"", `"a"b"`, `"a\"`, `"`, `abc`, `"\`, `"abc" `, `1`, `-0.5e+3`, `01`, `1.`, `.5`, `-`, `1e`, `2E-7`,
}

func TestUnquoteMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range unquoteSeeds {
		assertUnquoteAsJSON(t, []byte(in))
	}
	s, ok := Unquote([]byte(`"\ud83d\ude00 \/"`))
	require.True(t, ok)
	require.Equal(t, "\U0001F600 /", s, "a surrogate pair and \\/")
}

func TestIsNumberMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range unquoteSeeds {
		assertNumberAsJSON(t, []byte(in))
	}
	assert.True(t, IsNumber("-12.5E+03"))
	assert.False(t, IsNumber("+5"), "a plus sign")
}

// FuzzUnquote holds Unquote and IsNumber to encoding/json on any input.
func FuzzUnquote(f *testing.F) {
	for _, s := range unquoteSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		assertUnquoteAsJSON(t, b)
		assertNumberAsJSON(t, b)
	})
}

// assertUnquoteAsJSON checks that Unquote accepts exactly the strings
// json.Unmarshal accepts, with no white space around, and decodes them alike.
func assertUnquoteAsJSON(t *testing.T, b []byte) {
	var want string
	wantOK := len(b) > 0 && b[0] == '"' && b[len(b)-1] == '"' && json.Unmarshal(b, &want) == nil
	got, ok := Unquote(b)
	require.Equal(t, wantOK, ok, "%q accepted", b)
	require.Equal(t, want, got, "%q", b)
}

func assertNumberAsJSON(t *testing.T, b []byte) {
	last := byte(0)
	if len(b) > 0 {
		last = b[len(b)-1]
	}
	want := (last >= '0' && last <= '9') && (b[0] == '-' || b[0] >= '0' && b[0] <= '9') && json.Valid(b)
	require.Equal(t, want, IsNumber(b), "%q is a number", b)
	require.Equal(t, want, IsNumber(string(b)), "%q is a number (string)", b)
}
