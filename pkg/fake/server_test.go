package fake

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hitpayDo sends method path with the HitPay fake's credentials and, unless
// body is "", a JSON body.
func hitpayDo(t *testing.T, client *http.Client, srv *Server, method, path, body string) (*http.Response, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return client.Do(req)
}

// lastEntry is the newest journal entry.
func lastEntry(t *testing.T, srv *Server) Request {
	t.Helper()
	j := srv.Journal()
	require.NotEmpty(t, j, "journal")
	return j[len(j)-1]
}

// assertJournaled checks the newest journal entry: the status answered (0: the
// connection was dropped), whether the operation was applied, and a fault
// naming fault. It returns the entry for further checks.
func assertJournaled(t *testing.T, srv *Server, status int, applied bool, fault string) Request {
	t.Helper()
	e := lastEntry(t, srv)
	assert.Equal(t, status, e.Status, "journal status: %+v", e)
	assert.Equal(t, applied, e.Applied, "journal applied: %+v", e)
	assert.Contains(t, strings.Join(e.Fault, "; "), fault, "journal fault: %+v", e)
	return e
}

// A client that has its answer's headers finds its request in the journal:
// the entry is recorded before the answer goes out, also when a large body
// makes the server send the headers early.
func TestJournalBeforeAnswer(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	_, err := srv.Seed(40)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		fault *Fault
	}{
		{"plain answer", nil},
		{"answer with a delay fault", &Fault{Operation: "listCustomers", Delay: time.Millisecond}},
		{"answer with a body fault", &Fault{Operation: "listCustomers", Body: EmptyBody}},
	} {
		misses := 0
		for range 20 {
			if tc.fault != nil {
				srv.Faults.Add(*tc.fault)
			}
			before := len(srv.Journal())
			rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodGet, "/v1/customers?per_page=40", "")
			require.NoError(t, err)
			got := len(srv.Journal()) // before reading the body
			_, _ = io.Copy(io.Discard, rsp.Body)
			_ = rsp.Body.Close()
			if got != before+1 {
				misses++
			}
		}
		assert.Zero(t, misses, "%s: answers of 20 that reached the client before their journal entry", tc.name)
	}
}

// A request the body limit refuses takes no fault: the fault stays queued for
// the next request, which it really hits, and the journal says so.
func TestBodyLimitConsumesNoFault(t *testing.T) {
	t.Parallel()
	big := `{"email":"` + strings.Repeat("a", 100) + `@example.com","phone_number":"91234567"}`
	const small = `{"email":"a@b.co","phone_number":"91234567"}` // under 50 bytes
	for _, tc := range []struct {
		name       string
		fault      Fault
		wantStatus int // of the small request, in the journal; 0: dropped
		clientErr  bool
	}{
		{"status", Fault{Status: http.StatusServiceUnavailable}, http.StatusServiceUnavailable, false},
		{"drop before", Fault{Drop: DropBefore}, 0, true},
		{"drop after", Fault{Drop: DropAfter}, 0, true},
		{"html page", Fault{Body: HTMLPage}, http.StatusCreated, false},
		{"delay", Fault{Delay: time.Millisecond}, http.StatusCreated, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, "hitpay", WithMaxBodyBytes(50))
			tc.fault.Operation = "createCustomer"
			srv.Faults.Add(tc.fault)

			rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodPost, "/v1/customers", big)
			require.NoError(t, err, "oversized body: want the limit's 422, not a client error")
			b, _ := io.ReadAll(rsp.Body)
			_ = rsp.Body.Close()
			assert.Equal(t, http.StatusUnprocessableEntity, rsp.StatusCode, "oversized body: status")
			assert.Contains(t, string(b), "50 bytes", "oversized body: the limit's message")
			e := lastEntry(t, srv)
			assert.Equal(t, http.StatusUnprocessableEntity, e.Status, "oversized body journalled as %+v", e)
			assert.Empty(t, e.Fault, "oversized body journalled as %+v", e)
			assert.False(t, e.Applied, "oversized body journalled as %+v", e)
			assert.Equal(t, 1, srv.Faults.Pending(), "faults pending after the oversized body")

			rsp, err = hitpayDo(t, http.DefaultClient, srv, http.MethodPost, "/v1/customers", small)
			assert.Equal(t, tc.clientErr, err != nil, "small body: client error %v", err)
			if err == nil {
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
			}
			e = lastEntry(t, srv)
			assert.Equal(t, tc.wantStatus, e.Status, "small body journalled as %+v", e)
			assert.NotEmpty(t, e.Fault, "small body journalled as %+v, want the fault", e)
			assert.Zero(t, srv.Faults.Pending(), "faults pending after the small body")
		})
	}
}

// The journal records the status a body fault really sent for a 204: none
// (0) when a truncation had nothing to cut and dropped the connection, 200
// when a faulty body replaced the empty one.
func TestJournalStatusOfBodyFaultsOnNoContent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		body      Body
		want      int
		clientErr bool
	}{
		{"truncated", TruncatedBody, 0, true},
		{"malformed JSON", MalformedJSON, http.StatusOK, false},
		{"HTML page", HTMLPage, http.StatusOK, false},
		{"empty body", EmptyBody, http.StatusOK, false},
		{"huge body", HugeBody, http.StatusOK, false},
		{"no body fault", NormalBody, http.StatusNoContent, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, "hitpay")
			ids, err := srv.Seed(1)
			require.NoError(t, err)
			srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: tc.body})
			rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodDelete, "/v1/customers/"+ids[0], "")
			require.Equal(t, tc.clientErr, err != nil, "client error %v", err)
			if err == nil {
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
				assert.Equal(t, tc.want, rsp.StatusCode, "status the client got")
			}
			e := lastEntry(t, srv)
			assert.Equal(t, tc.want, e.Status, "journalled %+v", e)
			assert.True(t, e.Applied, "journalled %+v, want applied", e)
			assert.NotEmpty(t, e.Fault, "journalled %+v, want the fault", e)
			assert.Zero(t, srv.Count(), "customers left: the delete must still apply")
		})
	}
	// A truncation with something to cut sends the status line: it is journalled.
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	srv.Faults.Add(Fault{Operation: "getCustomer", Body: TruncatedBody})
	if rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodGet, "/v1/customers/"+ids[0], ""); err == nil {
		_, err := io.ReadAll(rsp.Body)
		assert.Error(t, err, "a truncated body was read whole")
		_ = rsp.Body.Close()
	}
	e := lastEntry(t, srv)
	assert.Equal(t, http.StatusOK, e.Status, "truncated get journalled as %+v", e)
}

// Seed(0) stores nothing; a negative n is an error that stores nothing and
// leaves the seed numbers alone, so later seeds stay unique.
func TestSeedCounts(t *testing.T) {
	t.Parallel()
	for _, provider := range Providers() {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, provider)
			_, err := srv.Seed(2)
			require.NoError(t, err)
			for _, tc := range []struct {
				n       int
				wantErr bool
			}{{0, false}, {-1, true}, {-100, true}} {
				ids, err := srv.Seed(tc.n)
				if tc.wantErr {
					assert.ErrorContains(t, err, "must not be negative", "Seed(%d)", tc.n)
				} else {
					assert.NoError(t, err, "Seed(%d)", tc.n)
				}
				assert.Empty(t, ids, "Seed(%d)", tc.n)
			}
			_, err = srv.Seed(2)
			require.NoError(t, err)
			seen := map[string]bool{}
			for _, id := range srv.IDs() {
				raw, _ := srv.Customer(id)
				e := emailOf(raw)
				assert.False(t, seen[e], "two seeded customers share %q", e)
				seen[e] = true
			}
			assert.Equal(t, 4, srv.Count(), "customers")
		})
	}
}

// WithMaxCustomers and WithMaxBodyBytes take n <= 0 as no limit.
func TestOptionsWithoutLimit(t *testing.T) {
	t.Parallel()
	// Valid JSON larger than the default limit of 1 MiB.
	padded := `{"email":"pad@example.com","phone_number":"91234567"` + strings.Repeat(" ", 1<<20+10) + `}`
	for _, tc := range []struct {
		name    string
		opts    []Option
		creates int // small creates that must all succeed
		padded  int // status of the padded create
	}{
		{"defaults", nil, 3, http.StatusUnprocessableEntity},
		{"no customer limit", []Option{WithMaxCustomers(0)}, 3, http.StatusUnprocessableEntity},
		{"negative customer limit", []Option{WithMaxCustomers(-1)}, 3, http.StatusUnprocessableEntity},
		{"no body limit", []Option{WithMaxBodyBytes(0)}, 3, http.StatusCreated},
		{"negative body limit", []Option{WithMaxBodyBytes(-1)}, 3, http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, "hitpay", tc.opts...)
			send := func(method, path, body string) int {
				rsp, err := hitpayDo(t, http.DefaultClient, srv, method, path, body)
				require.NoError(t, err)
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
				return rsp.StatusCode
			}
			assert.Equal(t, http.StatusOK, send(http.MethodGet, "/v1/customers", ""), "bodiless GET")
			for i := range tc.creates {
				body := `{"email":"c` + string(rune('a'+i)) + `@example.com","phone_number":"91234567"}`
				assert.Equal(t, http.StatusCreated, send(http.MethodPost, "/v1/customers", body), "create %d", i)
			}
			assert.Equal(t, tc.padded, send(http.MethodPost, "/v1/customers", padded), "create with a %d-byte body", len(padded))
		})
	}
}

// A trailing slash is ignored, as HitPay's Laravel does: /v1/customers/ is
// the list, answered inside the spec.
func TestTrailingSlashIsIgnored(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	_, err := srv.Seed(3)
	require.NoError(t, err)
	rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodGet, "/v1/customers/", "")
	require.NoError(t, err)
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	require.Equal(t, http.StatusOK, rsp.StatusCode, "GET /v1/customers/: %s", body)
	require.Contains(t, string(body), `"data":[{`, "GET /v1/customers/")
	e := lastEntry(t, srv)
	assert.Equal(t, "listCustomers", e.Operation, "journal %+v", e)
	assert.Equal(t, http.StatusOK, e.Status, "journal %+v", e)
}
