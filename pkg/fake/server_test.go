package fake

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
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
	if err != nil {
		t.Fatal(err)
	}
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
	if len(j) == 0 {
		t.Fatal("empty journal")
	}
	return j[len(j)-1]
}

// A client that has its answer's headers finds its request in the journal:
// the entry is recorded before the answer goes out, also when a large body
// makes the server send the headers early.
func TestJournalBeforeAnswer(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	if _, err := srv.Seed(40); err != nil {
		t.Fatal(err)
	}
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
			if err != nil {
				t.Fatal(err)
			}
			got := len(srv.Journal()) // before reading the body
			_, _ = io.Copy(io.Discard, rsp.Body)
			_ = rsp.Body.Close()
			if got != before+1 {
				misses++
			}
		}
		if misses > 0 {
			t.Errorf("%s: %d of 20 answers reached the client before their journal entry", tc.name, misses)
		}
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
			if err != nil {
				t.Fatalf("oversized body: client error %v, want the limit's 422", err)
			}
			b, _ := io.ReadAll(rsp.Body)
			_ = rsp.Body.Close()
			if rsp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "50 bytes") {
				t.Errorf("oversized body: %d %s, want the limit's 422", rsp.StatusCode, b)
			}
			if e := lastEntry(t, srv); e.Status != http.StatusUnprocessableEntity || e.Fault != "" || e.Applied {
				t.Errorf("oversized body journalled as %+v, want status 422 without fault", e)
			}
			if n := srv.Faults.Pending(); n != 1 {
				t.Errorf("%d faults pending after the oversized body, want 1", n)
			}

			rsp, err = hitpayDo(t, http.DefaultClient, srv, http.MethodPost, "/v1/customers", small)
			if tc.clientErr != (err != nil) {
				t.Errorf("small body: client error %v, want error %v", err, tc.clientErr)
			}
			if err == nil {
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
			}
			e := lastEntry(t, srv)
			if e.Status != tc.wantStatus || e.Fault == "" {
				t.Errorf("small body journalled as %+v, want status %d with the fault", e, tc.wantStatus)
			}
			if n := srv.Faults.Pending(); n != 0 {
				t.Errorf("%d faults pending after the small body, want 0", n)
			}
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
			if err != nil {
				t.Fatal(err)
			}
			srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: tc.body})
			rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodDelete, "/v1/customers/"+ids[0], "")
			if tc.clientErr != (err != nil) {
				t.Fatalf("client error %v, want error %v", err, tc.clientErr)
			}
			if err == nil {
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
				if rsp.StatusCode != tc.want {
					t.Errorf("client got %d, want %d", rsp.StatusCode, tc.want)
				}
			}
			if e := lastEntry(t, srv); e.Status != tc.want || !e.Applied || e.Fault == "" {
				t.Errorf("journalled %+v, want status %d, applied, with the fault", e, tc.want)
			}
			if srv.Count() != 0 {
				t.Errorf("%d customers left: the delete must still apply", srv.Count())
			}
		})
	}
	// A truncation with something to cut sends the status line: it is journalled.
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(1)
	if err != nil {
		t.Fatal(err)
	}
	srv.Faults.Add(Fault{Operation: "getCustomer", Body: TruncatedBody})
	if rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodGet, "/v1/customers/"+ids[0], ""); err == nil {
		if _, err := io.ReadAll(rsp.Body); err == nil {
			t.Error("a truncated body was read whole")
		}
		_ = rsp.Body.Close()
	}
	if e := lastEntry(t, srv); e.Status != http.StatusOK {
		t.Errorf("truncated get journalled as %+v, want status 200", e)
	}
}

// Seed(0) stores nothing; a negative n is an error that stores nothing and
// leaves the seed numbers alone, so later seeds stay unique.
func TestSeedCounts(t *testing.T) {
	t.Parallel()
	for _, provider := range Providers() {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, provider)
			if _, err := srv.Seed(2); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				n       int
				wantErr bool
			}{{0, false}, {-1, true}, {-100, true}} {
				ids, err := srv.Seed(tc.n)
				if (err != nil) != tc.wantErr || len(ids) != 0 {
					t.Errorf("Seed(%d) = %v, %v; want no ids and error %v", tc.n, ids, err, tc.wantErr)
				}
			}
			if _, err := srv.Seed(2); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, id := range srv.IDs() {
				raw, _ := srv.Customer(id)
				if e := emailOf(raw); seen[e] {
					t.Errorf("two seeded customers share %q", e)
				} else {
					seen[e] = true
				}
			}
			if srv.Count() != 4 {
				t.Errorf("%d customers, want 4", srv.Count())
			}
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
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, rsp.Body)
				_ = rsp.Body.Close()
				return rsp.StatusCode
			}
			if st := send(http.MethodGet, "/v1/customers", ""); st != http.StatusOK {
				t.Errorf("bodiless GET: %d, want 200", st)
			}
			for i := range tc.creates {
				body := `{"email":"c` + string(rune('a'+i)) + `@example.com","phone_number":"91234567"}`
				if st := send(http.MethodPost, "/v1/customers", body); st != http.StatusCreated {
					t.Errorf("create %d: %d, want 201", i, st)
				}
			}
			if st := send(http.MethodPost, "/v1/customers", padded); st != tc.padded {
				t.Errorf("create with a %d-byte body: %d, want %d", len(padded), st, tc.padded)
			}
		})
	}
}

// A trailing slash is ignored, as HitPay's Laravel does: /v1/customers/ is
// the list, answered inside the spec.
func TestTrailingSlashIsIgnored(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	if _, err := srv.Seed(3); err != nil {
		t.Fatal(err)
	}
	rsp, err := hitpayDo(t, http.DefaultClient, srv, http.MethodGet, "/v1/customers/", "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"data":[{`) {
		t.Fatalf("GET /v1/customers/: %d %s", rsp.StatusCode, body)
	}
	if e := lastEntry(t, srv); e.Operation != "listCustomers" || e.Status != http.StatusOK {
		t.Errorf("journal %+v", e)
	}
}
