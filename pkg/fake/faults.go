package fake

import (
	"math"
	"sync"
	"time"
)

// Drop says when a Fault closes the connection without an answer.
type Drop int

const (
	// NoDrop answers normally.
	NoDrop Drop = iota
	// DropBefore closes the connection before the request is applied: the
	// provider's state is unchanged.
	DropBefore
	// DropAfter applies the request, then closes the connection without
	// answering: the client cannot know that its call succeeded.
	DropAfter
)

// Body replaces the answer's body after the request was applied.
type Body int

const (
	// NormalBody keeps the provider's answer.
	NormalBody Body = iota
	// TruncatedBody sends the headers and half the body, then closes the
	// connection (Content-Length promises more).
	TruncatedBody
	// MalformedJSON sends a JSON content type with a body that is not JSON.
	MalformedJSON
	// HTMLPage sends a gateway's HTML error page with the answer's status.
	HTMLPage
	// EmptyBody sends the status and headers with no body.
	EmptyBody
	// HugeBody sends a valid JSON body of HugeBodySize bytes.
	HugeBody
)

// HugeBodySize is the size of a HugeBody answer: larger than any client
// should accept.
const HugeBodySize = 16 << 20

// Fault is a scripted misbehaviour. Zero fields do nothing, so a Fault can
// combine a delay with a status, or a delay with a dropped connection.
type Fault struct {
	// Operation limits the fault to one operationId ("createCustomer"); empty
	// matches every request.
	Operation string
	// Times is how many matching requests the fault applies to; 0 means 1.
	Times int

	// Delay waits before handling (cut short if the client goes away).
	Delay time.Duration
	// Status, if set, answers with this status and the provider's own error
	// body without applying the request. RetryAfter sets the Retry-After header.
	Status     int
	RetryAfter string
	// Drop closes the connection before or after applying the request.
	Drop Drop
	// Body replaces the body of an answer to an applied request.
	Body Body
}

// Faults is the queue of scripted faults of a Server. It is safe for
// concurrent use.
type Faults struct {
	mu    sync.Mutex
	queue []*pendingFault
}

type pendingFault struct {
	Fault
	left int
}

// Add schedules f for the next matching requests, after any already queued.
func (q *Faults) Add(f Fault) {
	n := f.Times
	if n <= 0 {
		n = 1
	}
	q.mu.Lock()
	q.queue = append(q.queue, &pendingFault{Fault: f, left: n})
	q.mu.Unlock()
}

// Clear drops every pending fault.
func (q *Faults) Clear() {
	q.mu.Lock()
	q.queue = nil
	q.mu.Unlock()
}

// Pending returns how many fault applications are still queued, at most
// math.MaxInt (Add takes any Times).
func (q *Faults) Pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, p := range q.queue {
		if p.left > math.MaxInt-n {
			return math.MaxInt
		}
		n += p.left
	}
	return n
}

// take returns the first pending fault that matches op, or base (the
// operation op is an alternative of), consuming one use.
func (q *Faults) take(op, base string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, p := range q.queue {
		if p.Operation != "" && p.Operation != op && p.Operation != base {
			continue
		}
		p.left--
		if p.left == 0 {
			q.queue = append(q.queue[:i], q.queue[i+1:]...)
		}
		return p.Fault, true
	}
	return Fault{}, false
}
