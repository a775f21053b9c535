package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/rogpeppe/go-internal/lockedfile"

	"github.com/multipay/multipay/pkg/fake"
)

// fakeStore keeps the built-in fakes' customers between commands, in the
// file format of multipay serve --state. A lock file beside it is held from
// load to save, so concurrent commands run one after the other instead of
// overwriting each other's changes; the save itself is a temporary file
// renamed over the old one, so a reader never sees half a file.
type fakeStore struct {
	path     string
	unlock   func()
	state    serveState
	existed  bool      // the file was there before this command
	announce io.Writer // where a newly created file is announced
}

// fakesPath is the state file of the built-in fakes, in the user's state
// directory as gh finds it: XDG_STATE_HOME, else %LOCALAPPDATA% on Windows,
// else ~/.local/state.
func fakesPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" && runtime.GOOS == "windows" {
		dir = os.Getenv("LOCALAPPDATA")
	}
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", usagef("the built-in fakes need a state directory: set XDG_STATE_HOME or HOME, or pass --fresh")
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "multipay", "fakes.json"), nil
}

// openFakeStore locks and loads the state file (a missing one is empty).
// Call save or release once.
func openFakeStore(announce io.Writer) (*fakeStore, error) {
	s, err := lockFakeStore(announce)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(s.path)
	s.existed = !errors.Is(statErr, fs.ErrNotExist)
	if s.state, err = loadState(s.path); err != nil {
		s.unlock()
		return nil, fmt.Errorf("%w (`multipay fakes reset` starts over)", err)
	}
	return s, nil
}

// lockFakeStore locks the state file without reading it.
func lockFakeStore(announce io.Writer) (*fakeStore, error) {
	path, err := fakesPath()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("the built-in fakes' state: %w", err)
	}
	unlock, err := lockedfile.MutexAt(path + ".lock").Lock()
	if err != nil {
		return nil, fmt.Errorf("the built-in fakes' state: %w", err)
	}
	return &fakeStore{path: path, unlock: unlock, announce: announce}, nil
}

// restore stores name's saved customers in srv.
func (s *fakeStore) restore(name string, srv *fake.Server) error {
	if err := srv.Restore(s.state.Providers[name]); err != nil {
		return fmt.Errorf("%s: %w (`multipay fakes reset -p %s` starts over)", printable(s.path), err, name)
	}
	return nil
}

// save writes srv's customers back as name's if they changed, and unlocks.
// It announces a file it creates: later commands are quiet about it. A nil
// store (a fake that forgets) saves nothing.
func (s *fakeStore) save(name string, srv *fake.Server) error {
	if s == nil {
		return nil
	}
	defer s.unlock()
	return s.keep(name, srv)
}

// keep writes srv's customers back as name's if they changed, keeping the
// lock.
func (s *fakeStore) keep(name string, srv *fake.Server) error {
	customers := srv.Snapshot()
	if slices.EqualFunc(customers, s.state.Providers[name], func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }) {
		return nil
	}
	s.state.Providers[name] = customers
	if err := writeFileAtomic(s.path, s.state); err != nil {
		return fmt.Errorf("saving the built-in fakes' customers: %w", err)
	}
	if !s.existed {
		s.existed = true
		fmt.Fprintf(s.announce, "multipay: the built-in fakes keep their customers in %s; `multipay fakes reset` to start over\n", printable(s.path))
	}
	return nil
}

// release unlocks without saving.
func (s *fakeStore) release() {
	if s != nil {
		s.unlock()
	}
}

// sharedStore is the state file of a command that connects to two
// providers (customers copy): locked once, restored into both built-in
// fakes and saved for both at the end, since a second lock in the same
// process would wait for the first forever. Its methods do nothing on nil
// (the other commands), where each session locks the file itself.
type sharedStore struct {
	store *fakeStore
	fakes map[string]*fake.Server
}

// open returns the shared store, locking the file on first use; a nil
// sharedStore opens a store of the caller's own.
func (p *sharedStore) open(announce io.Writer) (*fakeStore, error) {
	if p == nil {
		return openFakeStore(announce)
	}
	if p.store == nil {
		s, err := openFakeStore(announce)
		if err != nil {
			return nil, err
		}
		p.store = s
	}
	return p.store, nil
}

func (p *sharedStore) add(name string, srv *fake.Server) {
	if p != nil {
		p.fakes[name] = srv
	}
}

// close saves every fake's customers and unlocks the file. Call it before
// the sessions close their fakes.
func (p *sharedStore) close() error {
	if p == nil || p.store == nil {
		return nil
	}
	defer p.store.unlock()
	var errs []error
	for name, srv := range p.fakes {
		errs = append(errs, p.store.keep(name, srv))
	}
	return errors.Join(errs...)
}
