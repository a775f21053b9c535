package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/fake"
)

// routes names a request by its route, as the specs write it
// (/hitpay/v1/customers/{customer_id}): the raw path holds ids, and
// anything a client cares to send.
type routes struct{ mux *http.ServeMux }

// noRoute names a request no route matches.
const noRoute = "(no route)"

// serveRoutes are the routes of serve's handler: each served provider's
// spec operations under its prefix, its control endpoint, and the index.
func serveRoutes(names []string) routes {
	mux := http.NewServeMux()
	nothing := http.NotFoundHandler()
	mux.Handle("GET /{$}", nothing)
	for _, name := range names {
		doc := specs.MustLoadShared(name)
		base := ""
		if len(doc.Servers) > 0 {
			if u, err := url.Parse(doc.Servers[0].URL); err == nil {
				base = strings.TrimSuffix(u.Path, "/")
			}
		}
		for path, item := range doc.Paths.Map() {
			for method := range item.Operations() {
				mux.Handle(method+" /"+name+base+path, nothing)
			}
		}
		for _, control := range []string{"journal", "faults", "seed"} {
			mux.Handle("/_multipay/"+name+"/"+control, nothing)
		}
	}
	return routes{mux}
}

// of returns r's route: its pattern's path, or noRoute. A trailing slash is
// ignored, as the fakes ignore it.
func (rs routes) of(r *http.Request) string {
	path := r.URL.Path
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	probe := &http.Request{Method: r.Method, Host: r.Host, URL: &url.URL{Path: path}}
	_, pattern := rs.mux.Handler(probe)
	if pattern == "" {
		return noRoute
	}
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p // without its method
	}
	return strings.TrimSuffix(pattern, "{$}")
}

// firedFaults holds the faults the fakes ran, by request id, until that
// request's log line takes them: a fault queued on the control endpoint
// shows nowhere in the request itself.
type firedFaults struct{ byID sync.Map }

// note is the fakes' observer (fake.WithObserver).
func (f *firedFaults) note(r fake.Request) {
	if len(r.Fault) > 0 && r.RequestID != "" {
		f.byID.Store(r.RequestID, strings.Join(r.Fault, ", "))
	}
}

// take returns and forgets the fault that hit the request the fake gave id.
func (f *firedFaults) take(id string) string {
	if f == nil || id == "" {
		return ""
	}
	v, ok := f.byID.LoadAndDelete(id)
	if !ok {
		return ""
	}
	return v.(string)
}

// logRequests writes one line per request, as stripe-mock does: method,
// route, status ("dropped" for a connection closed unanswered), the fault
// (the X-Multipay-Fault asked for, else the one queued on the control
// endpoint that hit it, from fired), and duration. Never the raw path or
// query (ids, search terms), headers or bodies (credentials, customer data).
func logRequests(next http.Handler, rs routes, w io.Writer, fired *firedFaults) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		status := fmt.Sprint(sw.status)
		if sw.hijacked {
			status = "dropped"
		}
		line := fmt.Sprintf("multipay: serve: %s %s %s", printable(r.Method), rs.of(r), status)
		queued := fired.take(sw.Header().Get(fake.RequestIDHeader))
		if fault := faultAsked(r); fault != "" {
			line += " fault " + fault
		} else if queued != "" {
			line += " fault " + printable(queued)
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %.1fms\n", line, float64(time.Since(start).Microseconds())/1000)
	})
}

// faultAsked is r's X-Multipay-Fault header, escaped, when it is one the
// fakes take ("invalid" otherwise: its text is anything a client sent).
func faultAsked(r *http.Request) string {
	v := r.Header.Get(fake.FaultHeader)
	if v == "" {
		return ""
	}
	if _, err := fake.ParseFaultHeader(v); err != nil {
		return "(invalid)"
	}
	return printable(v)
}
