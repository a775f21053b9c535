package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/fake"
)

// testFakes builds the served fakes of names, as serve does.
func testFakes(t *testing.T, names ...string) map[string]*fake.Server {
	t.Helper()
	return testFakesWith(t, names)
}

// testFakesWith is testFakes with more fake options.
func testFakesWith(t *testing.T, names []string, opts ...fake.Option) map[string]*fake.Server {
	t.Helper()
	fakes, _, err := startFakes(names, serveFlags{journalSize: 10, maxBody: 1 << 20, maxRequests: 8}, opts...)
	require.NoError(t, err)
	return fakes
}

// A web page can point its own name at 127.0.0.1 (DNS rebinding) or call
// the server from another site: before, both read the credentials and
// queued faults. Only loopback names and --allow-host ones pass.
func TestServeAdmitsOnlyThisMachine(t *testing.T) {
	t.Parallel()
	fakes := testFakes(t, "hitpay")
	h := newHostGuard([]string{"fakes.test", "Box.Local:8080"}).wrap(serveMux(describeServe("http://127.0.0.1:4010", fakes), fakes))
	key := fakes["hitpay"].Credentials.APIKey
	for _, tc := range []struct {
		name, host, target string
		header             map[string]string
		want               int
	}{
		{"rebound index", "attacker.example", "/", nil, http.StatusMisdirectedRequest},
		{"rebound index with port", "attacker.example:4010", "/", nil, http.StatusMisdirectedRequest},
		{"rebound API", "attacker.example:4010", "/hitpay/v1/customers", map[string]string{"X-BUSINESS-API-KEY": key}, http.StatusMisdirectedRequest},
		{"rebound control", "attacker.example", "/_multipay/hitpay/journal", nil, http.StatusMisdirectedRequest},
		{"lookalike", "localhost.attacker.example", "/", nil, http.StatusMisdirectedRequest},
		{"public IP", "93.184.216.34", "/", nil, http.StatusMisdirectedRequest},
		{"no host", "", "/", nil, http.StatusMisdirectedRequest},
		{"127.0.0.1", "127.0.0.1:4010", "/", nil, http.StatusOK},
		{"127.3.2.1 without port", "127.3.2.1", "/", nil, http.StatusOK},
		{"localhost", "LocalHost:1", "/", nil, http.StatusOK},
		{"[::1]", "[::1]:4010", "/", nil, http.StatusOK},
		{"[::1] without port", "[::1]", "/", nil, http.StatusOK},
		{"allowed name", "fakes.test:4010", "/", nil, http.StatusOK},
		{"allowed name given with a port", "box.local", "/", nil, http.StatusOK},
		{"cross-site origin", "127.0.0.1:4010", "/_multipay/hitpay/journal", map[string]string{"Origin": "https://attacker.example"}, http.StatusForbidden},
		{"null origin", "127.0.0.1:4010", "/", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"cross-site API", "127.0.0.1:4010", "/hitpay/v1/customers", map[string]string{"X-BUSINESS-API-KEY": key, "Origin": "http://attacker.example"}, http.StatusForbidden},
		{"Sec-Fetch-Site", "127.0.0.1:4010", "/hitpay/v1/customers", map[string]string{"X-BUSINESS-API-KEY": key, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"local page", "127.0.0.1:4010", "/hitpay/v1/customers", map[string]string{"X-BUSINESS-API-KEY": key, "Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-site"}, http.StatusOK},
		{"allowed page", "127.0.0.1:4010", "/", map[string]string{"Origin": "https://fakes.test"}, http.StatusOK},
	} {
		req := httptest.NewRequest(http.MethodGet, tc.target, nil)
		req.Host = tc.host
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, tc.want, rec.Code, "%s: %s", tc.name, rec.Body)
		if tc.want != http.StatusOK {
			assert.NotContains(t, rec.Body.String(), key, tc.name)
			assert.Contains(t, rec.Body.String(), "multipay serve: ", tc.name)
		}
	}
}

// A control request a cross-site page could send (text/plain) changes nothing.
func TestServeControlNeedsJSON(t *testing.T) {
	t.Parallel()
	fakes := testFakes(t, "hitpay")
	h := newHostGuard(nil).wrap(serveMux(describeServe("http://127.0.0.1:4010", fakes), fakes))
	req := httptest.NewRequest(http.MethodPost, "/_multipay/hitpay/faults", strings.NewReader(`{"status":503}`))
	req.Host = "127.0.0.1:4010"
	req.Header.Set("Content-Type", "text/plain")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "%s", rec.Body)
	assert.Zero(t, fakes["hitpay"].Faults.Pending())
}

// startTestServe serves the hitpay fake over loopback with timeouts t.
func startTestServe(t *testing.T, timeouts serveTimeouts) (addr string, key string) {
	t.Helper()
	fakes := testFakes(t, "hitpay")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := newServeServer(newHostGuard(nil).wrap(serveMux(describeServe("http://"+ln.Addr().String(), fakes), fakes)), timeouts)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String(), fakes["hitpay"].Credentials.APIKey
}

// A client that never finishes its body is cut off after the read timeout:
// before, only ReadHeaderTimeout was set and such connections stayed open.
func TestServeCutsOffAnUnfinishedBody(t *testing.T) {
	t.Parallel()
	addr, key := startTestServe(t, serveTimeouts{read: 150 * time.Millisecond, write: time.Second, idle: time.Second})
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	start := time.Now()
	_, err = io.WriteString(conn, "POST /hitpay/v1/customers HTTP/1.1\r\nHost: "+addr+"\r\nX-BUSINESS-API-KEY: "+key+
		"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(3*time.Second)))
	_, err = io.ReadAll(conn)
	require.NoError(t, err, "the server must close the connection, not leave it open")
	assert.Less(t, time.Since(start), 2*time.Second, "cut off after the read timeout")
}

// The read timeout guards the request only: a delay fault longer than it
// still gets the provider's answer. Oversized headers are refused: before,
// net/http's default took 1 MB of them.
func TestServeTimeoutsSpareDelayFaults(t *testing.T) {
	t.Parallel()
	addr, key := startTestServe(t, serveTimeouts{read: 100 * time.Millisecond, write: 2 * time.Second, idle: time.Second})
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader(`{"email":"` + strings.ToLower(method) + `@example.com","phone_number":"91234567"}`)
		}
		req, err := http.NewRequest(method, "http://"+addr+"/hitpay/v1/customers", body)
		require.NoError(t, err)
		req.Header.Set("X-BUSINESS-API-KEY", key)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(fake.FaultHeader, "delay=300ms")
		rsp, err := http.DefaultClient.Do(req)
		require.NoError(t, err, method)
		b, err := io.ReadAll(rsp.Body)
		_ = rsp.Body.Close()
		require.NoError(t, err, method)
		want := map[string]int{http.MethodGet: http.StatusOK, http.MethodPost: http.StatusCreated}[method]
		assert.Equal(t, want, rsp.StatusCode, "%s delayed past the read timeout: %s", method, b)
		assert.Contains(t, string(b), `"email"`, "%s delayed past the read timeout: the provider's answer", method)
	}

	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	require.NoError(t, err)
	req.Header.Set("X-Padding", strings.Repeat("x", 2*serveMaxHeaderBytes) /* net/http allows 4 KiB over */)
	rsp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = rsp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, rsp.StatusCode)
}

// serve was silent unless --debug, and logged raw paths, ids included. Now
// each request is one line by default: method, the spec's route, status,
// the fault that hit it (asked for in the header or queued on the control
// endpoint), duration; a path holding %1b or %0a cannot forge a line, since
// only routes are logged.
func TestServeLogsOneLinePerRequestByRoute(t *testing.T) {
	t.Parallel()
	fired := &firedFaults{}
	fakes := testFakesWith(t, []string{"hitpay"}, fake.WithObserver(fired.note))
	id, err := fakes["hitpay"].Seed(1)
	require.NoError(t, err)
	var log bytes.Buffer
	h := logRequests(serveMux(describeServe("http://127.0.0.1:4010", fakes), fakes), serveRoutes([]string{"hitpay"}), &log, fired)
	key := fakes["hitpay"].Credentials.APIKey
	for _, tc := range []struct {
		method, target, fault, want string
	}{
		{http.MethodPost, "/_multipay/hitpay/faults", "", `POST /_multipay/hitpay/faults 201 `}, // queues the fault the next line shows
		{http.MethodGet, "/hitpay/v1/customers/" + id[0], "", `GET /hitpay/v1/customers/{customer_id} 429 fault status 429 \d+\.\dms\n$`},
		{http.MethodGet, "/hitpay/v1/customers/" + id[0], "", `GET /hitpay/v1/customers/{customer_id} 200 \d+\.\dms\n$`},
		{http.MethodGet, "/hitpay/v1/customers/", "", `GET /hitpay/v1/customers 200 `},
		{http.MethodDelete, "/hitpay/v1/customers/" + id[0], "status=503;retry-after=1", `DELETE /hitpay/v1/customers/{customer_id} 503 fault status=503;retry-after=1 \d+\.\dms\n$`},
		{http.MethodGet, "/hitpay/v1/customers", "status=2", `GET /hitpay/v1/customers 400 fault \(invalid\) `},
		{http.MethodGet, "/_multipay/hitpay/journal", "", `GET /_multipay/hitpay/journal 200 `},
		{http.MethodGet, "/", "", `GET / 200 `},
		{http.MethodGet, "/hitpay/%1b[2J%0amultipay:%20serve:%20GET%20/forged%20200%0d%c2%9b31m%7f%ff\\x1b", "", `GET \(no route\) 404 `},
	} {
		log.Reset()
		var body io.Reader
		if strings.HasSuffix(tc.target, "/faults") {
			body = strings.NewReader(`{"operation":"get","status":429}`)
		}
		req := httptest.NewRequest(tc.method, tc.target, body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-BUSINESS-API-KEY", key)
		if tc.fault != "" {
			req.Header.Set(fake.FaultHeader, tc.fault)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		line := log.String()
		assert.Equal(t, 1, strings.Count(line, "\n"), "one line: %q", line)
		assert.Regexp(t, `^multipay: serve: `+tc.want, line)
		assert.NotContains(t, line, id[0], "no ids")
		assert.NotContains(t, line, key)
	}
	pending := 0
	fired.byID.Range(func(any, any) bool { pending++; return true })
	assert.Zero(t, pending, "every fired fault was taken by its line")

	assert.Equal(t, "plain /path-ü", printable("plain /path-ü"))
	for _, c := range []string{"\x00", "\x1b", "\n", "\r", "\x7f", "\u0085", "\u009b", "\xff"} {
		assert.NotContains(t, printable("a"+c+"b"), c)
	}
}

// writeState writes a --state file in dir and returns its path.
func writeState(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

// A hand-edited --state file was taken silently: any version, unknown
// providers (their customers dropped at the next save), repeated or odd ids.
// Now each is refused, naming the entry.
func TestServeRefusesABadStateFile(t *testing.T) {
	t.Parallel()
	src := testFakes(t, "hitpay")["hitpay"]
	_, err := src.Seed(2)
	require.NoError(t, err)
	snap := src.Snapshot()
	good, other := string(snap[0]), string(snap[1])
	id := src.IDs()[0]
	for _, tc := range []struct{ name, state, want string }{
		{"version", `{"version":999,"providers":{}}`, "version 999 is not 1"},
		{"no version", `{"providers":{}}`, "version 0 is not 1"},
		{"unknown provider", `{"version":1,"providers":{"paypal":[{"id":"x"}]}}`, `provider "paypal" is not one of`},
		{"unknown key", `{"version":1,"providers":{},"extra":1}`, `unknown field "extra"`},
		{"duplicate id", `{"version":1,"providers":{"hitpay":[` + good + `,` + other + `,` + good + `]}}`, `hitpay customer 2 (id "` + id + `"): the id of customer 0 again`},
		{"path id", `{"version":1,"providers":{"hitpay":[` + strings.Replace(good, id, "../../etc", 1) + `]}}`, `hitpay customer 0 (id "../../etc"): an id is`},
	} {
		path := writeState(t, tc.state)
		_, _, err := startFakes([]string{"hitpay"}, serveFlags{state: path, journalSize: 10, maxBody: 1 << 20, maxRequests: 8})
		if assert.Error(t, err, tc.name) {
			assert.Contains(t, err.Error(), "--state "+path+": ", tc.name)
			assert.Contains(t, err.Error(), tc.want, tc.name)
		}
	}
}

// Serving some providers keeps the others' saved customers: before, a
// serve -p hitpay rewrote the file without the rest.
func TestServeStateKeepsProvidersNotServed(t *testing.T) {
	t.Parallel()
	soap := testFakes(t, "soap")["soap"]
	_, err := soap.Seed(2)
	require.NoError(t, err)
	b, err := json.Marshal(serveState{Version: 1, Providers: map[string][]json.RawMessage{"soap": soap.Snapshot()}})
	require.NoError(t, err)
	path := writeState(t, string(b))

	f := serveFlags{state: path, journalSize: 10, maxBody: 1 << 20, maxRequests: 8}
	fakes, others, err := startFakes([]string{"hitpay"}, f)
	require.NoError(t, err)
	_, err = fakes["hitpay"].Seed(1)
	require.NoError(t, err)
	require.NoError(t, saveState(path, fakes, others))

	st, err := loadState(path)
	require.NoError(t, err)
	assert.Len(t, st.Providers["hitpay"], 1)
	assert.Len(t, st.Providers["soap"], 2, "soap's customers survive a serve without soap")
}

// A busy port exited 9, "provider unavailable", with no hint: it is the
// command line's to change, so a usage error that says how.
func TestServeOnABusyPortSaysTryPort0(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = ln.Close() }()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	require.NoError(t, err)
	var out, errOut bytes.Buffer
	a := newApp(streams{in: &bytes.Buffer{}, out: &out, err: &errOut})
	assert.Equal(t, exitUsage, runApp(a, "serve", "-p", "hitpay", "--port", port))
	assert.Contains(t, errOut.String(), "multipay: serve: 127.0.0.1:"+port+" is in use; try --port 0\n")
	assert.Empty(t, out.String())
}

// http.Server.Shutdown returns with a dropped (hijacked) connection's
// handler still running; serve waits for it, or its log line could be lost
// at exit (serve.txtar's drop=before line, once in a few runs).
func TestServeShutdownWaitsForDroppedRequests(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var logged strings.Builder
	drop := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		<-release
		logged.WriteString("dropped")
	})
	var inflight handling
	srv := newServeServer(inflight.track(drop), defaultServeTimeouts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/")
	if err == nil {
		_ = res.Body.Close()
	}
	require.Error(t, err, "the connection should drop")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx), "Shutdown does not wait for a hijacked connection")
	waited := make(chan struct{})
	go func() { inflight.wait(ctx); close(waited) }()
	assert.Never(t, func() bool { return isClosed(waited) }, 50*time.Millisecond, 5*time.Millisecond, "wait returned before the handler did")
	close(release)
	<-waited
	assert.Equal(t, "dropped", logged.String())
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
