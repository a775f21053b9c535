package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// stateOf is the --state of the fakes' customers and, untouched, those of
// the providers this serve does not run (others).
func stateOf(fakes map[string]*fake.Server, others map[string][]json.RawMessage) serveState {
	st := serveState{Version: stateVersion, Providers: maps.Clone(others)}
	if st.Providers == nil {
		st.Providers = map[string][]json.RawMessage{}
	}
	for name, s := range fakes {
		st.Providers[name] = s.Snapshot()
	}
	return st
}

// saveState writes the state of fakes and others to path.
func saveState(path string, fakes map[string]*fake.Server, others map[string][]json.RawMessage) error {
	return writeFileAtomic(path, stateOf(fakes, others))
}

// customerCount is how many customers st holds.
func (st serveState) customerCount() int {
	n := 0
	for _, cs := range st.Providers {
		n += len(cs)
	}
	return n
}

// keepState saves --state every f.stateEvery when it changed, with a note
// each time, until the returned stop, which saves once more (after the
// server stopped taking requests).
func keepState(a *app, f serveFlags, fakes map[string]*fake.Server, others map[string][]json.RawMessage) (stop func() error) {
	if f.state == "" {
		return func() error { return nil }
	}
	last, _ := json.Marshal(stateOf(fakes, others)) // as loaded: not worth a write
	save := func(always bool) error {
		st := stateOf(fakes, others)
		now, err := json.Marshal(st)
		if err == nil && !always && bytes.Equal(now, last) {
			return nil
		}
		if err == nil {
			err = writeFileAtomic(f.state, st)
		}
		if err != nil {
			return fmt.Errorf("serve: saving --state: %w", err)
		}
		last = now
		a.notef("serve: saved %d customers to %s", st.customerCount(), printable(f.state))
		return nil
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
				if err := save(false); err != nil {
					fmt.Fprintf(a.std.err, "multipay: %s\n", printable(err.Error()))
				}
			}
		}
	})
	return func() error {
		close(done)
		wg.Wait()
		return save(true)
	}
}
