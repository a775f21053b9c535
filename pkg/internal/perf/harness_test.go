package perf

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// serveEnv, when set, makes the test binary a static server of the canned
// answers in the file it names (see TestMain).
const serveEnv = "MULTIPAY_PERF_SERVE"

func TestMain(m *testing.M) {
	if path := os.Getenv(serveEnv); path != "" {
		serveCanned(path)
		return
	}
	if path := os.Getenv(pagesEnv); path != "" {
		servePages(path)
		return
	}
	code := m.Run()
	printTable(os.Stdout)
	os.Exit(code)
}

// exchange is one request the facade sent and the answer it got.
type exchange struct {
	Method, Path, Query string
	Header              map[string]string // credentials: what a hand-written call sets too
	Body                []byte
	Status              int
	ContentType         string
	Answer              []byte
}

// canned is what one provider's benchmarks replay.
type canned struct {
	Provider string
	ID       string
	Ops      map[string]exchange // "create", "get", "update", "list"
	Items    int                 // customers on the list page
	Create   *customers.CreateParams
	Update   *customers.UpdateParams
	List     func(svc customers.Service) func(yield func(*customers.Customer, error) bool)
}

// recorder keeps the last exchange of each request.
type recorder struct {
	mu   sync.Mutex
	last exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	rsp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	answer, _ := io.ReadAll(rsp.Body)
	rsp.Body = io.NopCloser(bytes.NewReader(answer))
	h := map[string]string{}
	for k := range req.Header {
		switch k {
		case "User-Agent", "Accept", "Content-Type":
		default:
			h[k] = req.Header.Get(k)
		}
	}
	r.mu.Lock()
	r.last = exchange{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery, Header: h, Body: body,
		Status: rsp.StatusCode, ContentType: rsp.Header.Get("Content-Type"), Answer: answer}
	r.mu.Unlock()
	return rsp, nil
}

func connect(tb testing.TB, provider, base string, creds fake.Credentials, opts ...customers.Option) customers.Service {
	tb.Helper()
	svc, err := providers.New(provider, providers.Config{APIKey: creds.APIKey, SyncAccount: creds.SyncAccount,
		MerchantNo: creds.MerchantNo, AppID: creds.AppID,
		Options: append([]customers.Option{customers.WithBaseURL(base)}, opts...)})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// sample sets every field the provider stores on create.
func sample(caps customers.Capabilities) *customers.CreateParams {
	addr := &customers.Address{Line1: "1 Raffles Place", City: "Singapore", State: "Singapore", PostalCode: "048616", Country: "SG"}
	if caps.CanCreate(customers.FieldAddressLine2) {
		addr.Line2 = "#20-01"
	}
	all := &customers.CreateParams{
		Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace", Email: "ada.lovelace@example.com",
		Phone: "+15125550142", BirthDate: customers.NewDate(1990, 5, 17), Gender: "female", Company: "Analytical Engines Ltd",
		Description: "VIP", ExternalID: "crm-0001", Address: addr, BillingAddress: addr,
		Shipping: &customers.Shipping{Name: "Ada Lovelace", Phone: "+15125550143", Address: addr},
		Metadata: map[string]string{"source": "bench"},
	}
	return all.Only(caps.Create...)
}

// pageSize is the list page the benchmarks read.
const pageSize = 10

// capture runs each operation once against the provider's fake and keeps
// the exchanges, so the static server answers exactly what the provider would.
func capture(tb testing.TB, provider string) *canned {
	tb.Helper()
	srv := fake.Start(tb, provider)
	rec := &recorder{}
	svc := connect(tb, provider, srv.URL, srv.Credentials, customers.WithHTTPClient(&http.Client{Transport: rec}))
	caps := svc.Capabilities()
	ctx := context.Background()
	c := &canned{Provider: provider, Ops: map[string]exchange{}, Create: sample(caps)}
	if _, err := srv.Seed(pageSize + 5); err != nil {
		tb.Fatal(err)
	}
	created, err := svc.Create(ctx, c.Create)
	if err != nil {
		tb.Fatal(err)
	}
	c.ID = created.ID
	c.Ops["create"] = rec.last
	if slices.Contains(caps.Operations, customers.OpGet) { // Soap has no get
		if _, err := svc.Get(ctx, c.ID); err != nil {
			tb.Fatal(err)
		}
		c.Ops["get"] = rec.last
	}
	if caps.CanUpdate(customers.FieldName) {
		c.Update = &customers.UpdateParams{Name: customers.Set("Ada King")}
	} else {
		c.Update = &customers.UpdateParams{Email: customers.Set("ada.king@example.com")}
	}
	if _, err := svc.Update(ctx, c.ID, c.Update); err != nil {
		tb.Fatal(err)
	}
	c.Ops["update"] = rec.last
	if slices.Contains(caps.Operations, customers.OpList) {
		c.List = func(svc customers.Service) func(func(*customers.Customer, error) bool) {
			return svc.List(ctx, &customers.ListParams{PageSize: pageSize})
		}
	} else { // Soap lists nothing; its search answers every match at once
		email := c.Create.Email
		c.List = func(svc customers.Service) func(func(*customers.Customer, error) bool) {
			return svc.(customers.Searcher).Search(ctx, &customers.SearchParams{Email: email})
		}
	}
	for _, err := range c.List(svc) {
		if err != nil {
			tb.Fatal(err)
		}
		c.Items++
		if c.Items == pageSize {
			break
		}
	}
	c.Ops["list"] = rec.last
	return c
}

// serveCanned is the static server: it answers each method and path with
// the canned answer, prints its URL and serves until stdin closes.
func serveCanned(path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var exs []exchange
	if err := json.Unmarshal(raw, &exs); err != nil {
		panic(err)
	}
	routes := map[string]exchange{}
	for _, e := range exs {
		routes[e.Method+" "+e.Path] = e
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		e, ok := routes[r.Method+" "+r.URL.Path]
		if !ok {
			http.Error(w, "no canned answer", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", e.ContentType)
		w.WriteHeader(e.Status)
		_, _ = w.Write(e.Answer)
	})}
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("http://%s\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
}

// startStatic runs the static server for exs in a child process.
func startStatic(tb testing.TB, exs []exchange) string {
	tb.Helper()
	return startChild(tb, serveEnv, exs)
}

// startChild runs this test binary as a server in another process (env
// names what it serves, v is written to the file it reads) and returns its
// URL; the child ends when the test does.
func startChild(tb testing.TB, env string, v any) string {
	tb.Helper()
	f, err := os.CreateTemp(tb.TempDir(), "canned-*.json")
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.NewEncoder(f).Encode(v); err != nil {
		tb.Fatal(err)
	}
	_ = f.Close()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), env+"="+f.Name(), "GOMAXPROCS=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSpace(line)
}

// meter measures this process's CPU time and allocations over a loop.
type meter struct {
	cpu            time.Duration
	mallocs, bytes uint64
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startMeter() meter {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return meter{cpu: cpuTime(), mallocs: ms.Mallocs, bytes: ms.TotalAlloc}
}

// result is one benchmark run, per operation.
type result struct {
	ns, cpu, bytes, allocs float64
}

func (m meter) stop(b *testing.B) result { return m.stopAfter(b, b.N) }

// stopAfter is stop for a benchmark that did n operations whatever b.N is.
func (m meter) stopAfter(b *testing.B, ops int) result {
	cpu := cpuTime()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	n := float64(ops)
	r := result{
		ns:     float64(b.Elapsed().Nanoseconds()) / n,
		cpu:    float64((cpu - m.cpu).Nanoseconds()) / n,
		bytes:  float64(ms.TotalAlloc-m.bytes) / n,
		allocs: float64(ms.Mallocs-m.mallocs) / n,
	}
	b.ReportMetric(r.cpu, "cpu-ns/op")
	return r
}

// results keeps every run for the closing table: key "provider/op" → side → runs.
var (
	resultsMu sync.Mutex
	results   = map[string]map[string][]result{}
	order     []string
)

func record(key, side string, r result) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if results[key] == nil {
		results[key] = map[string][]result{}
		order = append(order, key)
	}
	results[key][side] = append(results[key][side], r)
}

// last returns the latest run of key's side (zero when none).
func last(key, side string) (result, bool) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	rs := results[key][side]
	if len(rs) == 0 {
		return result{}, false
	}
	return rs[len(rs)-1], true
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	sort.Float64s(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// printTable writes one line per provider and operation: the facade's
// medians and their ratios to the raw call's medians.
func printTable(w io.Writer) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	defer func() { // the paging, concurrency and fake figures, with or without a table
		for _, line := range extraLines {
			fmt.Fprintln(w, line)
		}
	}()
	if len(order) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%-24s %4s %10s %10s %8s %8s | %6s %6s %6s\n", "facade vs raw", "runs", "cpu-ns/op", "B/op", "allocs", "ns/op", "×cpu", "×B", "×alloc")
	for _, key := range order {
		f, r := results[key]["facade"], results[key]["raw"]
		if len(f) == 0 || len(r) == 0 {
			continue
		}
		cpu, bytes, allocs, ns := func(x result) float64 { return x.cpu }, func(x result) float64 { return x.bytes },
			func(x result) float64 { return x.allocs }, func(x result) float64 { return x.ns }
		fmt.Fprintf(w, "%-24s %4d %10.0f %10.0f %8.1f %8.0f | %6.2f %6.2f %6.2f\n", key, len(f),
			median(f, cpu), median(f, bytes), median(f, allocs), median(f, ns),
			median(f, cpu)/median(r, cpu), median(f, bytes)/median(r, bytes), median(f, allocs)/median(r, allocs))
		fmt.Fprintf(w, "%-24s %4d %10.0f %10.0f %8.1f %8.0f |\n", "  raw", len(r),
			median(r, cpu), median(r, bytes), median(r, allocs), median(r, ns))
	}
}

// extraLines are figures other benchmarks add under the table.
var extraLines []string

func note(format string, args ...any) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	extraLines = append(extraLines, fmt.Sprintf(format, args...))
}
