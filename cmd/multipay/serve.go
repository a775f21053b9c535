package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
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
}

func newServeCmd(a *app) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the fake providers as a local mock server for any language",
		Long: `Serve the built-in fakes on one loopback port, each under its own prefix
(http://127.0.0.1:4010/hitpay, /notchpay, /soap, /useepay), or only --provider's.
Every request and answer is validated against the provider's spec, as in tests.
It prints the base URLs and the credentials the fakes accept (-o json for
scripts), and runs until interrupted (SIGINT or SIGTERM), then shuts down
gracefully.

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
A single request can carry its own fault instead, in a header:
  X-Multipay-Fault: status=503;retry-after=1`,
		Example: `  multipay serve --seed 20 --state fakes.json
  curl -s -X POST http://127.0.0.1:4010/hitpay/v1/customers \
    -H "X-BUSINESS-API-KEY: <the key serve printed>" -H "Content-Type: application/json" \
    -d '{"name":"Ada Lovelace","email":"ada@example.com"}'
  MULTIPAY_FAKE_URL=http://127.0.0.1:4010 multipay customers list -p hitpay`,
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
	return cmd
}

func (a *app) serve(f serveFlags) error {
	if f.port < 0 || f.port > 65535 || f.seed < 0 || f.journalSize < 1 || f.stateEvery <= 0 {
		return usagef("serve: --port must be 0-65535, --seed >= 0, --journal-size >= 1, --state-every > 0")
	}
	fakes, err := startFakes(a.selected(), f)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(f.port)))
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	info := describeServe("http://"+ln.Addr().String(), fakes)
	if err := a.announceServe(info, f.readyFile); err != nil {
		_ = ln.Close()
		return err
	}
	handler := serveMux(info, fakes)
	if a.debug {
		handler = logRequests(handler, a.std.err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	stopSaving := keepState(f, fakes, a.std.err)

	select {
	case err = <-errc:
	case <-a.ctx.Done():
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(ctx)
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

// startFakes builds the fakes (not listening: serve mounts their handlers),
// restores --state and seeds.
func startFakes(names []string, f serveFlags) (map[string]*fake.Server, error) {
	saved, err := loadState(f.state)
	if err != nil {
		return nil, err
	}
	fakes := map[string]*fake.Server{}
	for _, name := range names {
		s, err := fake.NewHandler(name, fake.WithJournalSize(f.journalSize))
		if err != nil {
			return nil, err
		}
		if err := s.Restore(saved.Providers[name]); err != nil {
			return nil, fmt.Errorf("serve: --state %s: %w", f.state, err)
		}
		if _, err := s.Seed(f.seed); err != nil {
			return nil, err
		}
		fakes[name] = s
	}
	return fakes, nil
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

// logRequests logs method, path (no query: it can hold search terms) and
// status; never headers or bodies, which hold credentials and customer data.
func logRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		mu.Lock()
		fmt.Fprintf(w, "multipay: serve: %s %s %d %s\n", r.Method, printable(r.URL.Path), sw.status, time.Since(start).Round(time.Millisecond))
		mu.Unlock()
	})
}

// statusWriter remembers the status. It passes Hijack and Flush through:
// the fakes' connection faults need them.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// reportViolations lists answers of the fakes that broke their spec: a bug
// in a fake or a spec, worth a report.
func reportViolations(a *app, fakes map[string]*fake.Server) {
	for name, s := range fakes {
		for _, v := range s.Violations() {
			if v.Response {
				fmt.Fprintf(a.std.err, "multipay: serve: %s answered outside its spec: %s %d: %s\n", name, v.Operation, v.Status, printable(oneLine(v.Message)))
			}
		}
	}
}
