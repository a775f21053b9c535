package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/internal/specguard"
	"github.com/multipay/multipay/pkg/providers"
)

// provider is one fake provider's behaviour behind the shared plumbing.
type provider interface {
	// register adds the provider's operations to mux (Go 1.22 patterns).
	register(mux *http.ServeMux)
	// reject answers a request the spec refused, in the provider's own shape.
	reject(w http.ResponseWriter, r *http.Request, kind specguard.RejectKind, err error)
	// writeError answers status with the provider's error body.
	writeError(w http.ResponseWriter, status int, message string)
	// invalidStatus is the status the provider uses for a refused request body.
	invalidStatus() int
	// knowsKey reports whether r carries the provider's credentials, from its
	// headers alone (preauth.go).
	knowsKey(r *http.Request) bool
	// customers is the provider's store, seen through its wire JSON.
	customers() customerStore
	// seed creates one realistic customer, numbered i, bypassing the API.
	seed(i int) (id string, err error)
}

type customerStore interface {
	count() int
	createdCount() int
	ids() []string
	getJSON(id string) (json.RawMessage, bool)
	putJSON(raw []byte) (string, error)
	restoreJSON(raws []json.RawMessage) error
}

// fakes maps each provider (providers.Registry) to its fake.
var fakes = map[string]func(*settings) provider{
	"hitpay":   newHitPay,
	"notchpay": newNotchPay,
	"soap":     newSoap,
	"useepay":  newUseePay,
}

// Providers returns the names of the built-in fakes.
func Providers() []string {
	return slices.Sorted(maps.Keys(fakes))
}

// Credentials are what a fake accepts. Fields a provider does not use are
// ignored. The zero value gets DefaultCredentials.
type Credentials struct {
	APIKey      string // HitPay X-BUSINESS-API-KEY, Notch Pay Authorization, Soap bearer token, UseePay x-api-key
	SyncAccount string // Notch Pay X-Sync: the one connected account the fake knows
	MerchantNo  string // UseePay x-merchant-no
	AppID       string // UseePay x-app-id
}

// DefaultCredentials are the fixed test credentials of each fake (the
// registry's FakeCredentials).
func DefaultCredentials(provider string) Credentials {
	p, ok := providers.Lookup(provider)
	if !ok {
		return Credentials{APIKey: "fake-key"}
	}
	c := p.FakeCredentials
	return Credentials{APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID}
}

type settings struct {
	creds         Credentials
	maxCustomers  int
	maxBody       int64
	maxConcurrent int
	journalSize   int
	now           func() time.Time
	// successStatus overrides the success status per operationId (WithSuccessStatus, status readings).
	successStatus map[string]int
	// readings are the values WithReading chose, by reading name.
	readings map[string]string
	// alternativeOf maps an operation to the one it is an alternative of
	// (x-multipay-alternative-of in the spec).
	alternativeOf map[string]string
	// observe sees each journal entry as it is recorded (WithObserver).
	observe func(Request)
}

// Option configures a fake.
type Option func(*settings)

// WithCredentials sets the credentials the fake accepts.
func WithCredentials(c Credentials) Option { return func(s *settings) { s.creds = c } }

// WithMaxCustomers caps the store; creating more fails with the provider's
// validation error. Default 100000; n <= 0 means no limit.
func WithMaxCustomers(n int) Option { return func(s *settings) { s.maxCustomers = n } }

// WithMaxBodyBytes caps request bodies; a larger body fails with the
// provider's validation error (and consumes no fault). Default 1 MiB; n <= 0
// means no limit.
func WithMaxBodyBytes(n int64) Option { return func(s *settings) { s.maxBody = n } }

// DefaultMaxConcurrentRequests is how many requests a fake serves at once
// unless WithMaxConcurrentRequests says otherwise.
const DefaultMaxConcurrentRequests = 128

// WithMaxConcurrentRequests bounds the requests a fake serves at once, and
// so the request bodies it holds (each at most WithMaxBodyBytes); one more
// gets the provider's 503 with Retry-After: 1. n <= 0 means no limit.
func WithMaxConcurrentRequests(n int) Option { return func(s *settings) { s.maxConcurrent = n } }

// WithObserver calls observe with each journal entry as it is recorded:
// before the answer goes out, on the request's goroutine, with the fault
// that hit the request whether a header asked for it or the control
// endpoint queued it. observe must not keep or change r.Fault's array.
func WithObserver(observe func(r Request)) Option { return func(s *settings) { s.observe = observe } }

// WithClock sets the fake's clock for created and updated timestamps.
func WithClock(now func() time.Time) Option { return func(s *settings) { s.now = now } }

// Request is one request the fake received, as recorded in its journal.
type Request struct {
	Time      time.Time // when it arrived (the wall clock, UTC: WithClock is for stored timestamps)
	RequestID string    // the RequestIDHeader the fake answered with ("" when it never answered)
	Operation string    // operationId, "" when no operation matched
	Method    string
	Path      string
	Route     string        // the spec's path template ("/customers/{id}"), "" when none matched
	Status    int           // status answered (0 when the connection was dropped)
	Duration  time.Duration // from arrival to the answer (or the drop)
	Applied   bool          // the provider logic ran and answered 2xx: its effect is stored
	Fault     []string      // the parts of the fault that hit it ("delay 1s", "status 503"), nil for none
}

// RequestIDHeader carries the id a fake gives each request in its answer, as
// the journal records it, so a client's log line can be matched to an entry.
const RequestIDHeader = "X-Request-Id"

// Violation is a breach of the provider's spec seen by the fake's guard.
type Violation struct {
	Operation string
	Response  bool // true: the fake's answer broke the spec (a bug in the fake or the spec)
	Status    int
	Message   string
}

// Server is a fake provider. Its Handler serves the provider's customer API as
// our spec describes it, with every request and response validated against
// that spec.
type Server struct {
	Provider    string
	URL         string // set when listening (Start, New)
	Credentials Credentials
	Faults      *Faults

	impl    provider
	st      *settings
	ops     []string // the spec's operationIds, sorted
	guard   *specguard.Guard
	handler http.Handler
	maxBody int64         // <= 0: no limit
	slots   chan struct{} // one per request being served; nil: no limit
	httpSrv *httptest.Server

	journal *ring

	mu       sync.Mutex
	nextSeed int
}

// NewHandler builds a fake without listening; serve Handler yourself.
func NewHandler(providerName string, opts ...Option) (*Server, error) {
	mk, ok := fakes[providerName]
	if !ok {
		return nil, fmt.Errorf("fake: unknown provider %q (have %v)", providerName, Providers())
	}
	st := &settings{maxCustomers: 100000, maxBody: 1 << 20, maxConcurrent: DefaultMaxConcurrentRequests, now: time.Now}
	for _, o := range opts {
		o(st)
	}
	if st.creds == (Credentials{}) {
		st.creds = DefaultCredentials(providerName)
	}
	doc := specs.MustLoadShared(providerName)
	ops, alternativeOf := operationsOf(doc)
	st.alternativeOf = alternativeOf
	if err := st.applyReadings(providerName); err != nil {
		return nil, err
	}
	impl := mk(st)
	s := &Server{Provider: providerName, Credentials: st.creds, Faults: &Faults{}, impl: impl, st: st, ops: ops,
		maxBody: st.maxBody, journal: newRing(st.journalSize)}
	if st.maxConcurrent > 0 {
		s.slots = make(chan struct{}, st.maxConcurrent)
	}
	mux := http.NewServeMux()
	impl.register(mux)
	g, err := specguard.New(doc, withSuccessStatus(mux, st), specguard.WithReject(impl.reject))
	if err != nil {
		return nil, err
	}
	s.guard = g
	s.handler = http.HandlerFunc(s.serve)
	return s, nil
}

// New starts a fake on a loopback port. Close it when done.
func New(providerName string, opts ...Option) (*Server, error) {
	s, err := NewHandler(providerName, opts...)
	if err != nil {
		return nil, err
	}
	s.httpSrv = httptest.NewServer(s.handler)
	s.URL = s.httpSrv.URL
	return s, nil
}

// Start starts a fake for a test and stops it when the test ends. At the end
// the test fails if any answer of the fake broke the spec.
func Start(t testing.TB, providerName string, opts ...Option) *Server {
	t.Helper()
	s, err := New(providerName, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		for _, v := range s.Violations() {
			if v.Response {
				t.Errorf("fake %s answered outside its spec: %s %d: %s", providerName, v.Operation, v.Status, v.Message)
			}
		}
	})
	return s
}

// Handler returns the fake's http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops a listening fake.
func (s *Server) Close() {
	if s.httpSrv != nil {
		s.httpSrv.CloseClientConnections()
		s.httpSrv.Close()
	}
}

// Violations returns every spec breach seen so far: requests the spec refused
// (a client bug, or a test sending bad input on purpose) and answers that
// broke it (a fake or spec bug).
func (s *Server) Violations() []Violation {
	vs := s.guard.Violations()
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation{Operation: v.Operation, Response: v.Response, Status: v.Status, Message: v.Err.Error()}
	}
	return out
}

// Journal returns the requests received so far, in order: all of them, or
// the last WithJournalSize of them (DefaultJournalSize unless set).
func (s *Server) Journal() []Request {
	entries, _ := s.journal.snapshot()
	return entries
}

// Count returns the number of stored customers.
func (s *Server) Count() int { return s.impl.customers().count() }

// Created returns how many customers were created through the API, so a test
// can assert that a retried call created nothing twice.
func (s *Server) Created() int { return s.impl.customers().createdCount() }

// IDs returns the ids of stored customers in creation order.
func (s *Server) IDs() []string { return s.impl.customers().ids() }

// Customer returns a stored customer in the provider's wire JSON.
func (s *Server) Customer(id string) (json.RawMessage, bool) { return s.impl.customers().getJSON(id) }

// Put stores a customer given in the provider's wire JSON (it must carry its
// id), bypassing the provider's rules. For seeding odd data.
func (s *Server) Put(raw json.RawMessage) (string, error) { return s.impl.customers().putJSON(raw) }

// Seed stores n realistic customers directly and returns their ids. Seed
// numbers keep growing across calls (also concurrent ones), so seeded
// e-mails, phones and external ids never repeat. Seed(0) stores nothing; a
// negative n is an error and stores nothing.
func (s *Server) Seed(n int) ([]string, error) {
	if n < 0 {
		return nil, fmt.Errorf("fake: Seed(%d): n must not be negative", n)
	}
	ids := make([]string, 0, n)
	s.mu.Lock()
	base := max(s.nextSeed, s.Count())
	s.nextSeed = base + n
	s.mu.Unlock()
	for i := range n {
		id, err := s.impl.seed(base + i)
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// record adds r to the journal, with its duration up to now.
func (s *Server) record(r Request) {
	if !r.Time.IsZero() {
		r.Duration = time.Since(r.Time)
	}
	s.journal.add(r)
	if s.st.observe != nil {
		s.st.observe(r)
	}
}

// serve runs faults and limits around the validating guard. The journal
// entry of a request is recorded before the first byte of its answer goes
// out, so a client that got its answer finds the entry already there.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	trimSlash(r)
	op, route := s.guard.RouteOf(r)
	entry := Request{Time: time.Now().UTC(), RequestID: "req_" + randomAlnum(20), Operation: op,
		Method: r.Method, Path: r.URL.Path, Route: route}
	w.Header().Set(RequestIDHeader, entry.RequestID)
	if !s.acquire() {
		entry.Status = http.StatusServiceUnavailable
		s.record(entry)
		w.Header().Set("Retry-After", "1")
		s.impl.writeError(w, http.StatusServiceUnavailable, http.StatusText(http.StatusServiceUnavailable)) // the provider's own 503
		return
	}
	defer s.release()
	// The body limit comes before the faults: a request it refuses takes no
	// fault, which would be consumed without ever happening. A request
	// without the key is not worth reading: the provider refuses it anyway.
	if !s.impl.knowsKey(r) {
		r.Body = http.NoBody
	} else if !s.readBody(w, r, &entry) {
		return
	}
	fault, faulty, err := headerFault(r)
	if err != nil {
		entry.Status = http.StatusBadRequest
		s.record(entry)
		http.Error(w, FaultHeader+": "+err.Error(), http.StatusBadRequest)
		return
	}
	if !faulty {
		fault, faulty = s.Faults.take(op, s.st.baseOp(op))
	}
	if faulty && s.faultBefore(w, r, fault, &entry) {
		return
	}

	rec := httptest.NewRecorder()
	s.guard.ServeHTTP(rec, r)
	res := rec.Result()
	entry.Status = res.StatusCode
	entry.Applied = res.StatusCode >= 200 && res.StatusCode <= 299 && op != ""
	if faulty && fault.Drop == DropAfter {
		entry.Status = 0
		s.record(entry)
		hijackClose(w)
		return
	}
	a := answer{status: res.StatusCode, body: rec.Body.Bytes()}
	copyHeader(w.Header(), res.Header)
	if faulty {
		a = mangle(w.Header(), a, fault.Body)
	}
	entry.Status = a.status
	s.record(entry)
	a.send(w)
}

// trimSlash ignores a trailing slash, as Laravel (HitPay, Notch Pay) and
// Rails (Soap) do and as the spec router matches: GET /v1/customers/ is the
// list. It is also why the adapters refuse an empty customer id.
func trimSlash(r *http.Request) {
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		r.URL.Path, r.URL.RawPath = strings.TrimRight(p, "/"), ""
		if r.URL.Path == "" {
			r.URL.Path = "/"
		}
	}
}

// acquire takes a slot to serve a request in, false when all are taken.
func (s *Server) acquire() bool {
	if s.slots == nil {
		return true
	}
	select {
	case s.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s *Server) release() {
	if s.slots != nil {
		<-s.slots
	}
}

// readBody buffers the request body within the size limit. It answers the
// request itself (and returns false) when the body breaks off or is too large.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, entry *Request) bool {
	if r.Body == nil {
		return true
	}
	rd := io.Reader(r.Body)
	if s.maxBody > 0 {
		rd = io.LimitReader(r.Body, s.maxBody+1)
	}
	body, err := io.ReadAll(rd)
	if err != nil {
		s.record(*entry)
		hijackClose(w)
		return false
	}
	if s.maxBody > 0 && int64(len(body)) > s.maxBody {
		entry.Status = s.impl.invalidStatus()
		s.record(*entry)
		s.impl.writeError(w, s.impl.invalidStatus(), fmt.Sprintf("The request body exceeds %d bytes.", s.maxBody))
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// faultBefore plays the part of fault that comes before the provider acts (a
// delay, a dropped connection, an error status). It returns true when it
// answered the request.
func (s *Server) faultBefore(w http.ResponseWriter, r *http.Request, fault Fault, entry *Request) bool {
	entry.Fault = describe(fault)
	if fault.Delay > 0 {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			s.record(*entry)
			return true
		}
	}
	switch {
	case fault.Drop == DropBefore:
		s.record(*entry) // before the drop: the client may look as soon as it sees it
		hijackClose(w)
		return true
	case fault.Status != 0:
		entry.Status = fault.Status
		s.record(*entry)
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		s.impl.writeError(w, fault.Status, http.StatusText(fault.Status))
		return true
	}
	return false
}

// answer is what serve sends once the journal entry is recorded.
type answer struct {
	status int    // status sent; 0 drops the connection without an answer
	body   []byte // the body to send
	cut    bool   // send half the body, then close the connection
	huge   bool   // send a HugeBodySize body instead of body
}

// send writes a to the client (after its headers were set on w).
func (a answer) send(w http.ResponseWriter) {
	if a.status == 0 {
		hijackClose(w)
		return
	}
	w.WriteHeader(a.status)
	if a.huge {
		writeHugeBody(w)
		return
	}
	if !a.cut {
		_, _ = w.Write(a.body)
		return
	}
	_, _ = w.Write(a.body[:len(a.body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	closeConn(w, "") // the answer has begun: a bare close cannot be mistaken for a retryable one
}

// mangle turns the answer a into the one body fault f sends, adjusting the
// headers h (already a copy of the answer's). The status it returns is the one
// the client sees: 200 for a 204 or 304 given a body, 0 for a dropped
// connection.
func mangle(h http.Header, a answer, f Body) answer {
	status := a.status
	if status == http.StatusNoContent || status == http.StatusNotModified {
		status = http.StatusOK // these cannot carry the faulty body
	}
	switch f {
	case TruncatedBody:
		if len(a.body) == 0 {
			return answer{} // nothing to cut: drop the answer instead
		}
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		return answer{status: a.status, body: a.body, cut: true}
	case MalformedJSON:
		h.Set("Content-Type", "application/json")
		h.Del("Content-Length")
		return answer{status: status, body: []byte(`{"id": "cus_broken", "name": "unterminated`)}
	case HTMLPage:
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Del("Content-Length")
		return answer{status: status, body: []byte("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")}
	case EmptyBody:
		h.Del("Content-Length")
		return answer{status: status, body: []byte{}}
	case HugeBody:
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(HugeBodySize))
		return answer{status: status, huge: true}
	default: // no body fault (a delay, say): the answer as it was
		return a
	}
}

// hugeChunk is the padding HugeBody answers are written in; shared, never written to.
var hugeChunk = bytes.Repeat([]byte("x"), 32<<10)

// writeHugeBody streams a JSON body of HugeBodySize bytes in small writes:
// many clients asking for one must not cost a copy each.
func writeHugeBody(w io.Writer) {
	const open, end = `{"padding":"`, `"}`
	if _, err := io.WriteString(w, open); err != nil {
		return
	}
	for left := HugeBodySize - len(open) - len(end); left > 0; left -= len(hugeChunk) {
		if _, err := w.Write(hugeChunk[:min(left, len(hugeChunk))]); err != nil {
			return // the client went away
		}
	}
	_, _ = io.WriteString(w, end)
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

// hijackClose drops the client's connection without an answer. It first
// sends the start of a status line: a connection closed with no byte at all
// is retried by Go's transport for an idempotent request on a reused
// connection, which would hide the fault.
func hijackClose(w http.ResponseWriter) { closeConn(w, "HTTP/1.1 ") }

// closeConn writes prefix (possibly nothing) on the raw connection and closes it.
func closeConn(w http.ResponseWriter, prefix string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_, _ = buf.WriteString(prefix)
	_ = buf.Flush()
	_ = conn.Close()
}

func describe(f Fault) []string {
	var parts []string
	if f.Delay > 0 {
		parts = append(parts, "delay "+f.Delay.String())
	}
	if f.Status != 0 {
		parts = append(parts, "status "+strconv.Itoa(f.Status))
	}
	switch f.Drop {
	case DropBefore:
		parts = append(parts, "drop before")
	case DropAfter:
		parts = append(parts, "drop after")
	}
	if f.Body != NormalBody {
		parts = append(parts, "body fault "+bodyName(f.Body))
	}
	if len(parts) == 0 {
		parts = append(parts, "no effect") // it matched, and was used up, but changes nothing
	}
	return parts
}
