package fake

import "sync"

// DefaultJournalSize is how many requests a fake's journal keeps unless
// WithJournalSize says otherwise: enough for any test to read its whole
// history, small enough for a long-running `multipay serve`.
const DefaultJournalSize = 10000

// WithJournalSize bounds the journal to the last n requests (a ring: older
// entries are dropped). n <= 0 keeps DefaultJournalSize.
func WithJournalSize(n int) Option { return func(s *settings) { s.journalSize = n } }

// ring is the bounded journal: the last len(buf) requests in arrival order.
type ring struct {
	mu    sync.Mutex
	buf   []Request
	next  int    // where the next entry goes
	total uint64 // entries ever added
}

func newRing(size int) *ring {
	if size <= 0 {
		size = DefaultJournalSize
	}
	return &ring{buf: make([]Request, 0, size)}
}

func (j *ring) add(r Request) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.total++
	if len(j.buf) < cap(j.buf) {
		j.buf = append(j.buf, r)
		return
	}
	j.buf[j.next] = r
	j.next = (j.next + 1) % len(j.buf)
}

// snapshot returns the kept entries, oldest first, and how many were ever added.
func (j *ring) snapshot() ([]Request, uint64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Request, 0, len(j.buf))
	out = append(out, j.buf[j.next:]...)
	out = append(out, j.buf[:j.next]...)
	return out, j.total
}
