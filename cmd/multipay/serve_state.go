package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/multipay/multipay/pkg/fake"
)

// serveState is the --state file: each fake's customers in its wire JSON.
type serveState struct {
	Version   int                          `json:"version"`
	Providers map[string][]json.RawMessage `json:"providers"`
}

// stateVersion is the --state layout this multipay reads and writes.
const stateVersion = 1

// loadState reads --state; a missing file is an empty state. It refuses a
// file it could not save again whole: another version, unknown keys, or a
// provider it has no fake for (the fakes refuse bad customers in Restore).
func loadState(path string) (serveState, error) {
	st := serveState{Version: stateVersion, Providers: map[string][]json.RawMessage{}}
	if path == "" {
		return st, nil
	}
	b, err := readFileAtMost(path, maxStateBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err == nil {
		err = decodeState(b, &st)
	}
	if err != nil {
		return st, fmt.Errorf("serve: --state %s: %w", path, err)
	}
	return st, nil
}

func decodeState(b []byte, st *serveState) error {
	st.Version = 0 // a file without one is not this layout
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(st); err != nil {
		return err
	}
	if st.Version != stateVersion {
		return fmt.Errorf("version %d is not %d, the one this multipay reads", st.Version, stateVersion)
	}
	for name := range st.Providers {
		if !slices.Contains(fake.Providers(), name) {
			return fmt.Errorf("provider %q is not one of %v: refusing the file rather than dropping its customers at the next save", name, fake.Providers())
		}
	}
	if st.Providers == nil {
		st.Providers = map[string][]json.RawMessage{}
	}
	return nil
}

// saveState writes the fakes' customers and, untouched, those of the
// providers this serve does not run (others).
func saveState(path string, fakes map[string]*fake.Server, others map[string][]json.RawMessage) error {
	st := serveState{Version: stateVersion, Providers: maps.Clone(others)}
	if st.Providers == nil {
		st.Providers = map[string][]json.RawMessage{}
	}
	for name, s := range fakes {
		st.Providers[name] = s.Snapshot()
	}
	return writeFileAtomic(path, st)
}

// keepState saves --state every f.stateEvery until the returned stop, which
// saves once more (after the server stopped taking requests).
func keepState(f serveFlags, fakes map[string]*fake.Server, others map[string][]json.RawMessage, errOut io.Writer) (stop func() error) {
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
				if err := saveState(f.state, fakes, others); err != nil {
					fmt.Fprintf(errOut, "multipay: serve: saving --state: %v\n", err)
				}
			}
		}
	})
	return func() error {
		close(done)
		wg.Wait()
		return saveState(f.state, fakes, others)
	}
}
