package customers_test

import (
	"os"
	"strings"
	"testing"
)

// The README's usage section must be the compiled Example, so it cannot rot.
func TestReadmeShowsTheExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, usage, ok := strings.Cut(string(readme), "## Usage")
	if !ok {
		t.Fatal("README has no Usage section")
	}
	_, block, _ := strings.Cut(usage, "```go\n")
	block, _, _ = strings.Cut(block, "```")

	_, body, ok := strings.Cut(string(src), "func Example() {\n")
	if !ok {
		t.Fatal("example_test.go has no func Example")
	}
	body, _, _ = strings.Cut(body, "\t// Output:")
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	want := strings.Join(lines, "\n") + "\n"
	if block != want {
		t.Errorf("README usage differs from func Example in pkg/customers/example_test.go; paste this into the README:\n%s", want)
	}
}
