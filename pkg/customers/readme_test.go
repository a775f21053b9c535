package customers_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's usage section must be the compiled Example, so it cannot rot.
func TestReadmeShowsTheExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	src, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	_, usage, ok := strings.Cut(string(readme), "## Usage")
	require.True(t, ok, "README has no Usage section")
	_, block, _ := strings.Cut(usage, "```go\n")
	block, _, _ = strings.Cut(block, "```")

	_, body, ok := strings.Cut(string(src), "func Example() {\n")
	require.True(t, ok, "example_test.go has no func Example")
	body, _, _ = strings.Cut(body, "\t// Output:")
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	want := strings.Join(lines, "\n") + "\n"
	assert.Equal(t, want, block, "README usage differs from func Example in pkg/customers/example_test.go; paste this into the README:\n%s", want)
}
