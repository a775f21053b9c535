package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoOnFakes runs the demo in process and checks each provider's steps
// from its JSON output.
func TestDemoOnFakes(t *testing.T) {
	for _, v := range append(credentialVarNames(), fakeURLEnv) {
		t.Setenv(v, "")
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"demo", "-o", "json"}, streams{in: &bytes.Buffer{}, out: &out, err: &errOut})
	require.Equal(t, exitOK, code, errOut.String())
	var runs []demoRun
	require.NoError(t, json.Unmarshal(out.Bytes(), &runs))
	require.Len(t, runs, 4)
	for _, r := range runs {
		results := map[string]string{}
		for _, st := range r.Steps {
			results[st.Step] = st.Result
		}
		assert.Empty(t, r.Error, r.Provider)
		assert.Equal(t, "fake", r.Target)
		assert.Equal(t, "1 match(es)", results["search"], "%s finds the updated customer", r.Provider)
	}
	assert.Equal(t, "42 customers in 5 pages of 10", stepResult(runs[0], "list"))
	assert.Equal(t, "then get: not found, as expected", stepResult(runs[1], "delete"))
	assert.Equal(t, "blocked=true, then unblocked", stepResult(runs[1], "block/unblock"))
	assert.Equal(t, "not supported, refused without a request", stepResult(runs[2], "get"))
	assert.NotContains(t, out.String(), "@example.com", "the demo prints no customer data")
	assert.Contains(t, errOut.String(), "using the built-in Soap fake")
}

func stepResult(r demoRun, step string) string {
	for _, st := range r.Steps {
		if st.Step == step {
			return st.Result
		}
	}
	return ""
}
