package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/require"
)

// TestMain lets the scripts run "exec multipay …": testscript puts this test
// binary on their PATH under that name, and it runs main when so invoked.
func TestMain(m *testing.M) {
	testscript.Main(ownStateDir{m}, map[string]func(){"multipay": main})
}

// ownStateDir runs the tests with the built-in fakes' state in a temporary
// directory, never the user's.
type ownStateDir struct{ m *testing.M }

func (s ownStateDir) Run() int {
	dir, err := os.MkdirTemp("", "multipay-state-")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := os.Setenv("XDG_STATE_HOME", dir); err != nil {
		panic(err)
	}
	return s.m.Run()
}

// scriptBinEnv names a multipay binary the scripts run instead of this test
// binary. make test sets it to a plain `go build`: race-built, each of the
// scripts' ~230 runs costs four times the CPU (init and the fakes' spec
// loading under the detector), most of cmd/multipay's test time. The
// in-process tests here keep -race, and make test-scripts-race (CI) runs
// the scripts on this race-built test binary.
const scriptBinEnv = "MULTIPAY_SCRIPT_BIN"

// TestScripts runs the end-to-end scripts in testdata/script against the
// binary, on the built-in fakes.
func TestScripts(t *testing.T) {
	binDir := scriptBinDir(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			if binDir != "" {
				env.Setenv("PATH", binDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			}
			for _, v := range credentialVarNames() {
				env.Setenv(v, "")
			}
			env.Setenv(fakeURLEnv, "")
			// The built-in fakes keep their customers here, one file per script.
			env.Setenv("XDG_STATE_HOME", filepath.Join(env.WorkDir, ".state"))
			env.Setenv("NO_COLOR", "1")
			// Under -race each run of the binary would sleep 1 s at exit
			// (the race runtime's default); races are still reported.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			if home := os.Getenv("HOME"); home != "" {
				env.Setenv("HOME", home)
			}
			return nil
		},
		Cmds: scriptCmds,
	})
}

// scriptBinDir is the directory of $MULTIPAY_SCRIPT_BIN, which must be a
// multipay binary: otherwise the scripts would quietly find this test
// binary's copy further down the PATH.
func scriptBinDir(t *testing.T) string {
	bin := os.Getenv(scriptBinEnv)
	if bin == "" {
		return ""
	}
	require.Equal(t, "multipay", strings.TrimSuffix(filepath.Base(bin), ".exe"), "%s must name a binary called multipay", scriptBinEnv)
	require.FileExists(t, bin, scriptBinEnv)
	dir, err := filepath.Abs(filepath.Dir(bin))
	require.NoError(t, err)
	t.Logf("scripts run %s", bin)
	return dir
}
