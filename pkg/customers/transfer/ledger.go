package transfer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sync"

	"github.com/multipay/multipay/pkg/customers"
)

// State is a customer's step in the ledger.
type State string

// The ledger's states.
const (
	StateStarted State = "started" // the create is about to be sent (synced first)
	StateDone    State = "done"    // the customer is at the target
	StateRefused State = "refused" // the target cannot hold it as it is
	StateFailed  State = "failed"  // the create failed; tried again on the next run
)

// mark is a State in a byte, for the in-memory index (a string would
// triple its size).
type mark uint8

const (
	markNone mark = iota
	markStarted
	markDone
	markRefused
	markFailed
	markSeen // handed out by this run: a repeat in the source is skipped
)

// marks names each mark's State.
var marks = [...]State{markStarted: StateStarted, markDone: StateDone, markRefused: StateRefused, markFailed: StateFailed}

func markOf(s State) mark {
	for m, st := range marks {
		if st == s && st != "" {
			return mark(m)
		}
	}
	return markNone
}

// SyncEvery is how many entries after a "started" one may wait for an
// fsync (they are written at once; only power loss can drop them).
const SyncEvery = 256

// ledgerVersion is the header's format number.
const ledgerVersion = 1

// Ledger is the append-only record of a copy (see the package doc). It is
// safe for concurrent use.
type Ledger struct {
	path string
	f    *os.File

	mu      sync.Mutex // guards writes and the counters below
	written uint64     // entries written
	unsync  int        // entries written since the last fsync
	err     error      // the first write error: the ledger is unusable after it

	syncMu sync.Mutex // one fsync at a time; the others wait and share it
	synced uint64     // entries covered by the last fsync

	states   map[digest]mark // replayed: the last state of each key
	replayed map[State]int
}

type header struct {
	Ledger int    `json:"multipay_ledger"`
	To     string `json:"to"`
}

type entry struct {
	Key    string            `json:"src"`
	State  State             `json:"state"`
	Target string            `json:"dst,omitempty"`
	Fields []customers.Field `json:"fields,omitempty"`
	Kind   string            `json:"kind,omitempty"`
}

// digest identifies a key in memory: 16 bytes of FNV-128a.
type digest [16]byte

func digestOf(key string) digest {
	h := fnv.New128a()
	_, _ = io.WriteString(h, key)
	var d digest
	h.Sum(d[:0])
	return d
}

// OpenLedger opens or creates the ledger at path for copies into the
// provider to. An existing ledger is replayed; one written for another
// target is refused. A last line cut short by a kill is dropped.
func OpenLedger(path, to string) (*Ledger, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("transfer: ledger: %w", err)
	}
	l := &Ledger{path: path, f: f, states: map[digest]mark{}, replayed: map[State]int{}}
	if err := l.replay(to); err != nil {
		_ = f.Close()
		return nil, err
	}
	return l, nil
}

// replay reads the entries, truncates a cut last line and writes the
// header of a new ledger.
func (l *Ledger) replay(to string) error {
	r := bufio.NewReader(l.f)
	var good int64
	first := true
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) { // a last line without its newline was never synced
			break
		}
		if err != nil {
			return fmt.Errorf("transfer: ledger %s: %w", l.path, err)
		}
		if first {
			var h header
			if json.Unmarshal(line, &h) != nil || h.Ledger != ledgerVersion {
				return fmt.Errorf("transfer: %s is not a ledger of this version", l.path)
			}
			if h.To != to {
				return fmt.Errorf("transfer: ledger %s records a copy into %s, not %s", l.path, h.To, to)
			}
			first = false
		} else if err := l.apply(line); err != nil {
			return fmt.Errorf("transfer: ledger %s line %d is damaged (%v)", l.path, n, err)
		}
		good += int64(len(line))
	}
	if err := l.f.Truncate(good); err != nil {
		return fmt.Errorf("transfer: ledger: %w", err)
	}
	if _, err := l.f.Seek(good, io.SeekStart); err != nil {
		return fmt.Errorf("transfer: ledger: %w", err)
	}
	for _, m := range l.states {
		l.replayed[marks[m]]++
	}
	if first {
		return l.write(header{Ledger: ledgerVersion, To: to}, true)
	}
	return nil
}

func (l *Ledger) apply(line []byte) error {
	var e entry
	if err := json.Unmarshal(line, &e); err != nil {
		return err
	}
	switch e.State {
	case StateStarted, StateDone, StateRefused:
	case StateFailed:
		if e.Kind == customers.ErrOutcomeUnknown.Error() {
			e.State = StateStarted // the create may have taken effect: look first
		}
	default:
		return fmt.Errorf("unknown state %q", e.State)
	}
	l.states[digestOf(e.Key)] = markOf(e.State)
	return nil
}

// Replayed counts the customers by their last state when the ledger was
// opened (a failed create with an unknown outcome counts as started).
func (l *Ledger) Replayed() map[State]int {
	out := make(map[State]int, len(l.replayed))
	for s, n := range l.replayed {
		out[s] = n
	}
	return out
}

// Path is the ledger's file.
func (l *Ledger) Path() string { return l.path }

// errLedgerUsed: the replayed states went to an earlier run.
var errLedgerUsed = errors.New("transfer: this ledger served a run already: open it again to resume")

// takeStates hands the replayed states to a run, which owns them from
// then: a second run on the same Ledger would not know what the first did.
func (l *Ledger) takeStates() (map[digest]mark, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.states == nil {
		return nil, errLedgerUsed
	}
	s := l.states
	l.states = nil
	return s, nil
}

func (l *Ledger) started(key string) error {
	return l.write(entry{Key: key, State: StateStarted}, true)
}

func (l *Ledger) done(key, target string) error {
	return l.write(entry{Key: key, State: StateDone, Target: target}, false)
}

func (l *Ledger) refused(key string, fields []customers.Field) error {
	return l.write(entry{Key: key, State: StateRefused, Fields: fields}, false)
}

func (l *Ledger) failed(key string, err error) error {
	return l.write(entry{Key: key, State: StateFailed, Kind: kindOf(err)}, false)
}

// write appends v as one line (one write call); durable waits until it is
// fsynced.
func (l *Ledger) write(v any, durable bool) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	l.mu.Lock()
	if l.err == nil {
		_, l.err = l.f.Write(b)
	}
	l.written++
	l.unsync++
	seq, err, due := l.written, l.err, l.unsync >= SyncEvery
	l.mu.Unlock()
	if err != nil {
		return fmt.Errorf("transfer: ledger: %w", err)
	}
	if durable || due {
		return l.syncTo(seq)
	}
	return nil
}

// syncTo returns once the first seq entries are fsynced: a caller that finds
// a sync already past its entry returns without its own (group commit).
func (l *Ledger) syncTo(seq uint64) error {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	if l.synced >= seq {
		return nil
	}
	l.mu.Lock()
	upTo := l.written
	l.unsync = 0
	l.mu.Unlock()
	if err := l.f.Sync(); err != nil {
		l.mu.Lock()
		l.err = err
		l.mu.Unlock()
		return fmt.Errorf("transfer: ledger: %w", err)
	}
	l.synced = upTo
	return nil
}

// Close fsyncs and closes the ledger.
func (l *Ledger) Close() error {
	l.mu.Lock()
	seq := l.written
	l.mu.Unlock()
	return errors.Join(l.syncTo(seq), l.f.Close())
}

// readEntries returns every entry of the ledger at path (tests, reports).
func readEntries(path string) ([]entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []entry
	lines := bytes.Split(b, []byte("\n"))
	for _, line := range lines[1:] {
		if len(line) == 0 {
			continue
		}
		var e entry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
