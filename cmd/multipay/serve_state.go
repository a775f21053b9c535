package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/multipay/multipay/pkg/fake"
)

// serveState is the --state file: each fake's customers in its wire JSON.
type serveState struct {
	Version   int                          `json:"version"`
	Providers map[string][]json.RawMessage `json:"providers"`
}

// loadState reads --state; a missing file is an empty state.
func loadState(path string) (serveState, error) {
	st := serveState{Version: 1, Providers: map[string][]json.RawMessage{}}
	if path == "" {
		return st, nil
	}
	b, err := readFileAtMost(path, maxStateBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &st)
	}
	if err != nil {
		return st, fmt.Errorf("serve: --state %s: %w", path, err)
	}
	return st, nil
}

func saveState(path string, fakes map[string]*fake.Server) error {
	st := serveState{Version: 1, Providers: map[string][]json.RawMessage{}}
	for name, s := range fakes {
		st.Providers[name] = s.Snapshot()
	}
	return writeFileAtomic(path, st)
}

// keepState saves --state every f.stateEvery until the returned stop, which
// saves once more (after the server stopped taking requests).
func keepState(f serveFlags, fakes map[string]*fake.Server, errOut io.Writer) (stop func() error) {
	if f.state == "" {
		return func() error { return nil }
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(f.stateEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := saveState(f.state, fakes); err != nil {
					fmt.Fprintf(errOut, "multipay: serve: saving --state: %v\n", err)
				}
			}
		}
	})
	return func() error {
		close(done)
		wg.Wait()
		return saveState(f.state, fakes)
	}
}
