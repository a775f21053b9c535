package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/fake"
)

// serveFlags configure multipay serve.
type serveFlags struct {
	port        int
	seed        int
	state       string
	stateEvery  time.Duration
	journalSize int
	readyFile   string
	allowHosts  []string
	maxBody     int64
	maxRequests int
	readings    []string // name=value (fake.Readings)
}

// serveTimeouts bound how long one connection can hold the server: a client
// that sends its body slowly, or never, is cut off after read.
type serveTimeouts struct {
	read, write, idle time.Duration
}

// defaultServeTimeouts: write covers the body's read, the longest delay
// fault and the answer, since it runs from the end of the headers.
var defaultServeTimeouts = serveTimeouts{
	read:  30 * time.Second,
	write: 30*time.Second + fake.MaxFaultDelay + 30*time.Second,
	idle:  2 * time.Minute,
}

// serveMaxHeaderBytes bounds a request's headers: the providers' are small.
const serveMaxHeaderBytes = 64 << 10

func newServeCmd(a *app) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the fake providers as a local mock server for any language",
		Long: `Serve the built-in fakes on one loopback port, each under its own prefix
(http://127.0.0.1:4010/hitpay, /notchpay, /soap, /useepay), or only --provider's.
Every request and answer is validated against the provider's spec, as in tests.
It prints the base URLs and the credentials the fakes accept (a table on a
terminal, else JSON), logs one line per request on stderr (method, route,
status, fault, duration; -q: none), and runs until interrupted (SIGINT or
SIGTERM), then shuts down gracefully.

Point the other commands at it with MULTIPAY_FAKE_URL=http://127.0.0.1:4010
(or --base-url http://127.0.0.1:4010/<provider>): customers then survive
across commands. --state FILE keeps them across restarts too: a JSON snapshot
loaded at start, written atomically every --state-every and on shutdown.

Control endpoint, per provider, for scripts in any language:
  GET    /_multipay/<provider>/journal   the last --journal-size requests
  POST   /_multipay/<provider>/faults    queue a fault: {"operation":"createCustomer","status":503,"retry_after":"1","times":1}
                                         (also "delay":"250ms", "drop":"before|after",
                                         "body":"truncated|malformed|html|empty|huge")
  GET    /_multipay/<provider>/faults    {"pending": n}
  DELETE /_multipay/<provider>/faults    drop pending faults
  POST   /_multipay/<provider>/seed?n=N  store N realistic customers
POST and DELETE on the control endpoint need Content-Type: application/json.
Faults are bounded: "status" 400-599, "delay" up to 60s, "times" up to 1000000.
A single request can carry its own fault instead, in a header:
  X-Multipay-Fault: status=503;retry-after=1

Only this machine may call it: the Host must be localhost, 127.x.x.x or [::1]
(any port) or a name given by --allow-host (421 otherwise), and a browser's
cross-site request (an Origin of another host, Sec-Fetch-Site: cross-site) is
refused (403). Limits per provider: a request without the provider's key has
its body ignored, bodies over --max-body-bytes are refused, more than
--max-requests at once get 503 with Retry-After: 1. A connection gets 30s to
send its request, 2m to receive the answer, and may idle 2m; headers are
limited to 64 KiB.

Where the providers' sources document two behaviours, --reading name=value
picks the one the fakes play (repeatable; the first value is the default):
` + readingsHelp(),
		Example: `  multipay serve --seed 20 --state fakes.json
  curl -s -X POST http://127.0.0.1:4010/hitpay/v1/customers \
    -H "X-BUSINESS-API-KEY: <the key serve printed>" -H "Content-Type: application/json" \
    -d '{"name":"Ada Lovelace","email":"ada@example.com","phone_number":"91234567","phone_number_country_code":"65"}'
  curl -s -X POST http://127.0.0.1:4010/_multipay/hitpay/faults \
    -H "Content-Type: application/json" -d '{"operation":"createCustomer","status":503}'
  MULTIPAY_FAKE_URL=http://127.0.0.1:4010 multipay customers list -p hitpay
  multipay serve --allow-host fakes.test --max-requests 16 --max-body-bytes 65536`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error { return a.serve(f) },
	}
	fl := cmd.Flags()
	fl.IntVar(&f.port, "port", 4010, "loopback port to listen on (0: any free port)")
	fl.IntVar(&f.seed, "seed", 0, "store this many realistic customers at each fake first")
	fl.StringVar(&f.state, "state", "", "JSON file to load customers from and save them to")
	fl.DurationVar(&f.stateEvery, "state-every", 5*time.Second, "how often to save --state while running")
	fl.IntVar(&f.journalSize, "journal-size", 1000, "requests kept per fake in the journal")
	fl.StringVar(&f.readyFile, "ready-file", "", "write the -o json description here once listening (for scripts)")
	fl.StringArrayVar(&f.allowHosts, "allow-host", nil, "also accept requests for this host name, any port (repeatable; loopback names always work)")
	fl.Int64Var(&f.maxBody, "max-body-bytes", 1<<20, "largest request body a fake accepts")
	fl.IntVar(&f.maxRequests, "max-requests", fake.DefaultMaxConcurrentRequests, "requests each fake serves at once; more get 503")
	fl.StringArrayVar(&f.readings, "reading", nil, "play this documented alternative, e.g. useepay.list=data (repeatable; see above)")
	return cmd
}

// readingsHelp lists the fakes' readings for serve --help, one a line.
func readingsHelp() string {
	var b strings.Builder
	for _, r := range fake.Readings() {
		fmt.Fprintf(&b, "  %-16s %-10s %s\n", r.Name, strings.Join(r.Values, "|"), r.About)
	}
	return b.String()
}

func (a *app) serve(f serveFlags) error {
	if f.port < 0 || f.port > 65535 || f.seed < 0 || f.journalSize < 1 || f.stateEvery <= 0 || f.maxBody < 1 || f.maxRequests < 1 {
		return usagef("serve: --port must be 0-65535, --seed >= 0, --journal-size, --max-body-bytes and --max-requests >= 1, --state-every > 0")
	}
	var fired *firedFaults // the faults the fakes ran, for the request log
	var observe []fake.Option
	if !a.quiet {
		fired = &firedFaults{}
		observe = append(observe, fake.WithObserver(fired.note))
	}
	fakes, others, err := startFakes(a.selected(), f, observe...)
	if err != nil {
		return err
	}
	ln, err := listen(f.port)
	if err != nil {
		return err
	}
	info := describeServe("http://"+ln.Addr().String(), fakes)
	if err := a.announceServe(info, f.readyFile); err != nil {
		_ = ln.Close()
		return err
	}
	handler := newHostGuard(f.allowHosts).wrap(serveMux(info, fakes))
	if !a.quiet {
		handler = logRequests(handler, serveRoutes(a.selected()), a.std.err, fired)
	}
	var inflight handling
	srv := newServeServer(inflight.track(handler), defaultServeTimeouts)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	stopSaving := keepState(a, f, fakes, others)

	select {
	case err = <-errc:
	case <-a.ctx.Done():
		a.notef("serve: shutting down")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(ctx)
		inflight.wait(ctx)
		cancel()
	}
	if saveErr := stopSaving(); saveErr != nil {
		err = errors.Join(err, saveErr)
	}
	reportViolations(a, fakes)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// listen takes the loopback port; a port in use is a usage error that says
// what to do, not a provider that is unavailable.
func listen(port int) (net.Listener, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, usagef("serve: %s is in use; try --port 0", addr)
	case err != nil:
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

func newServeServer(h http.Handler, t serveTimeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       t.read, // net/http lifts it once the body is in: a delay fault outlasts it
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
		MaxHeaderBytes:    serveMaxHeaderBytes,
	}
}

// handling counts the requests being handled. http.Server.Shutdown does not
// wait for a hijacked connection (a fault that drops it), so without this
// its handler could still be writing the request's log line at exit.
type handling struct{ wg sync.WaitGroup }

func (h *handling) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.wg.Add(1)
		defer h.wg.Done()
		next.ServeHTTP(w, r)
	})
}

// wait returns once every request tracked is handled, or when ctx is done.
func (h *handling) wait(ctx context.Context) {
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// startFakes builds the fakes (not listening: serve mounts their handlers),
// restores --state and seeds. It returns the --state customers of the
// providers not served, to be saved again untouched.
func startFakes(names []string, f serveFlags, extra ...fake.Option) (map[string]*fake.Server, map[string][]json.RawMessage, error) {
	saved, err := loadState(f.state)
	if err != nil {
		return nil, nil, err
	}
	opts := []fake.Option{fake.WithJournalSize(f.journalSize),
		fake.WithMaxBodyBytes(f.maxBody), fake.WithMaxConcurrentRequests(f.maxRequests)}
	opts = append(opts, extra...)
	for _, r := range f.readings {
		o, err := fake.ParseReading(r)
		if err != nil {
			return nil, nil, usagef("serve: --reading: %v", err)
		}
		opts = append(opts, o)
	}
	fakes := map[string]*fake.Server{}
	for _, name := range names {
		s, err := fake.NewHandler(name, opts...)
		if err != nil {
			return nil, nil, err
		}
		if err := s.Restore(saved.Providers[name]); err != nil {
			return nil, nil, fmt.Errorf("serve: --state %s: %w", f.state, err)
		}
		if _, err := s.Seed(f.seed); err != nil {
			return nil, nil, err
		}
		fakes[name] = s
		delete(saved.Providers, name)
	}
	return fakes, saved.Providers, nil
}

func serveMux(info serveInfo, fakes map[string]*fake.Server) http.Handler {
	mux := http.NewServeMux()
	for name, s := range fakes {
		mux.Handle("/"+name+"/", http.StripPrefix("/"+name, s.Handler()))
		mux.Handle("/_multipay/"+name+"/", http.StripPrefix("/_multipay/"+name, s.ControlHandler()))
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = writeJSON(w, info)
	})
	return mux
}

// statusWriter remembers the status, and whether the connection was taken
// over (a fault that drops it). It passes Hijack and Flush through: the
// fakes' connection faults need them.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// reportViolations lists answers of the fakes that broke their spec: a bug
// in a fake or a spec, worth a report.
func reportViolations(a *app, fakes map[string]*fake.Server) {
	for name, s := range fakes {
		for _, v := range s.Violations() {
			if v.Response {
				fmt.Fprintf(a.std.err, "multipay: serve: %s answered outside its spec: %s %d: %s\n", name, printable(v.Operation), v.Status, printable(oneLine(v.Message)))
			}
		}
	}
}
