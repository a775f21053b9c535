package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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

// TestScripts runs the end-to-end scripts in testdata/script against the
// binary, on the built-in fakes.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
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
