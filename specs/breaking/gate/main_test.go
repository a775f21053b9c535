package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The gate as make breaking runs it, on temp copies: a planted break fails it
// until CHANGELOG.md records it.
func TestGateFailsUntilChangelogRecordsTheBreak(t *testing.T) {
	spec, err := os.ReadFile("../../hitpay.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	base := filepath.Join(dir, "base")
	require.NoError(t, os.Mkdir(base, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(base, "hitpay.yaml"), spec, 0o644))

	// Planted: an optional request field of create becomes required.
	planted := strings.Replace(string(spec), "required: [email, phone_number]", "required: [email, phone_number, remark]", 1)
	require.NotEqual(t, string(spec), planted, "the plant did not apply")
	rev := filepath.Join(dir, "hitpay.yaml")
	require.NoError(t, os.WriteFile(rev, []byte(planted), 0o644))
	changelog := filepath.Join(dir, "CHANGELOG.md")

	assert.Equal(t, 0, run(base, changelog, []string{filepath.Join(base, "hitpay.yaml")}), "an unchanged spec passes")
	assert.Equal(t, 1, run(base, changelog, []string{rev}), "no CHANGELOG.md: the break fails")

	// A record for another rule does not cover it.
	require.NoError(t, os.WriteFile(changelog, []byte("## Unreleased\n- `hitpay:new-required-request-property`: wrong rule.\n"), 0o644))
	assert.Equal(t, 1, run(base, changelog, []string{rev}), "recorded under another rule id: still failing")

	require.NoError(t, os.WriteFile(changelog, []byte("## Unreleased\n- `hitpay:request-property-became-required`: remark is required now.\n"), 0o644))
	assert.Equal(t, 0, run(base, changelog, []string{rev}), "recorded: the gate passes")
}
