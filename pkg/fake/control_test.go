package fake

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFaultHeader(t *testing.T) {
	f, err := ParseFaultHeader("status=503; retry-after=1;delay=5ms;drop=before;body=html")
	require.NoError(t, err)
	assert.Equal(t, 503, f.Status)
	assert.Equal(t, "1", f.RetryAfter)
	assert.Equal(t, DropBefore, f.Drop)
	assert.Equal(t, HTMLPage, f.Body)
	assert.EqualValues(t, 5e6, f.Delay)

	for _, bad := range []string{"status=abc", "status=42", "drop=sideways", "body=xml", "delay=soon", "colour=red"} {
		_, err := ParseFaultHeader(bad)
		assert.Error(t, err, bad)
	}
}

func TestFaultHeaderAnswersOneRequest(t *testing.T) {
	srv := Start(t, "hitpay")
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v1/customers", nil)
	require.NoError(t, err)
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set(FaultHeader, "status=503;retry-after=1")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, 503, res.StatusCode)
	assert.Equal(t, "1", res.Header.Get("Retry-After"))

	req.Header.Set(FaultHeader, "status=oops")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Zero(t, srv.Faults.Pending(), "a header fault is not queued")
}

func control(t *testing.T, h http.Handler, method, target, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
	}
	return rec.Code, out
}

func TestControlHandler(t *testing.T) {
	srv := Start(t, "soap")
	h := srv.ControlHandler()

	code, out := control(t, h, http.MethodPost, "/faults", `{"operation":"createCustomer","status":503,"times":2}`)
	assert.Equal(t, http.StatusCreated, code)
	assert.EqualValues(t, 2, out["pending"])
	code, _ = control(t, h, http.MethodPost, "/faults", `{"drop":"never"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	code, _ = control(t, h, http.MethodDelete, "/faults", "")
	assert.Equal(t, http.StatusNoContent, code)
	assert.Zero(t, srv.Faults.Pending())

	code, out = control(t, h, http.MethodPost, "/seed?n=3", "")
	assert.Equal(t, http.StatusOK, code)
	assert.Len(t, out["ids"], 3)
	assert.Equal(t, 3, srv.Count())
	code, _ = control(t, h, http.MethodPost, "/seed?n=-1", "")
	assert.Equal(t, http.StatusBadRequest, code)

	srv.record(Request{Operation: "searchCustomers", Method: "GET", Path: "/api/v1/customers/search", Status: 200})
	code, out = control(t, h, http.MethodGet, "/journal", "")
	assert.Equal(t, http.StatusOK, code)
	assert.EqualValues(t, 1, out["total"])
	entry := out["entries"].([]any)[0].(map[string]any)
	assert.Equal(t, "searchCustomers", entry["operation"])
}

// A web page can send a cross-site POST as text/plain or a form without a
// CORS preflight: no state-changing control request may accept one.
func TestControlRefusesNonJSONWrites(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	h := srv.ControlHandler()
	for _, tc := range []struct{ method, target, contentType, body string }{
		{http.MethodPost, "/faults", "text/plain", `{"status":503}`},
		{http.MethodPost, "/faults", "", `{"status":503}`},
		{http.MethodPost, "/seed?n=2", "application/x-www-form-urlencoded", "a=b"},
		{http.MethodPost, "/seed?n=2", "multipart/form-data; boundary=x", ""},
		{http.MethodDelete, "/faults", "text/plain", ""},
	} {
		srv.Faults.Add(Fault{Status: 503})
		req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", tc.contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "%+v: %s", tc, rec.Body)
		assert.Contains(t, rec.Body.String(), "Content-Type: application/json", "%+v", tc)
		assert.Equal(t, 1, srv.Faults.Pending(), "%+v changed the fault queue", tc)
		assert.Zero(t, srv.Count(), "%+v seeded", tc)
		srv.Faults.Clear()
	}
	req := httptest.NewRequest(http.MethodPost, "/faults", strings.NewReader(`{"status":503}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusCreated, rec.Code, "JSON with a charset: %s", rec.Body)
}

// Out-of-range faults are refused with a 400 naming the field, from the
// control endpoint and the header alike: a delay would park a request for
// ages, times near MaxInt overflowed the pending count, and a 1xx status is
// no answer at all.
func TestFaultBounds(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	h := srv.ControlHandler()
	for _, tc := range []struct{ spec, field string }{
		{`{"delay":"1000000h"}`, "delay"},
		{`{"delay":"61s"}`, "delay"},
		{`{"times":9223372036854775807}`, "times"},
		{`{"times":1000001}`, "times"},
		{`{"times":-1}`, "times"},
		{`{"status":100}`, "status"},
		{`{"status":101}`, "status"},
		{`{"status":200}`, "status"},
		{`{"status":600}`, "status"},
	} {
		code, out := control(t, h, http.MethodPost, "/faults", tc.spec)
		assert.Equal(t, http.StatusBadRequest, code, tc.spec)
		assert.Contains(t, out["error"], tc.field, tc.spec)
	}
	assert.Zero(t, srv.Faults.Pending())
	for _, tc := range []struct{ header, field string }{
		{"delay=1000000h", "delay"}, {"status=101", "status"}, {"status=100", "status"},
	} {
		_, err := ParseFaultHeader(tc.header)
		if assert.Error(t, err, tc.header) {
			assert.Contains(t, err.Error(), tc.field, tc.header)
		}
	}

	code, out := control(t, h, http.MethodPost, "/faults", `{"times":1000000,"delay":"60s","status":599}`)
	assert.Equal(t, http.StatusCreated, code, "the bounds themselves: %v", out)
	code, out = control(t, h, http.MethodPost, "/faults", `{"times":1000000,"status":400}`)
	assert.Equal(t, http.StatusCreated, code, "the bounds themselves: %v", out)
	assert.EqualValues(t, 2_000_000, out["pending"])

	var q Faults
	q.Add(Fault{Times: math.MaxInt})
	q.Add(Fault{Times: math.MaxInt})
	assert.Equal(t, math.MaxInt, q.Pending(), "the Go API's pending count saturates")
}

func TestSnapshotRestoreRoundTrip(t *testing.T) {
	for _, p := range Providers() {
		t.Run(p, func(t *testing.T) {
			a := Start(t, p)
			_, err := a.Seed(4)
			require.NoError(t, err)
			b := Start(t, p)
			require.NoError(t, b.Restore(a.Snapshot()))
			assert.Equal(t, a.IDs(), b.IDs())
			first, _ := a.Customer(a.IDs()[0])
			again, _ := b.Customer(a.IDs()[0])
			assertSameCustomer(t, first, again)
		})
	}
}

// assertSameCustomer compares wire JSON, timestamps as instants: a restored
// timestamp may lose the fake's layout ("…19.030Z" comes back "…19.03Z").
func assertSameCustomer(t *testing.T, want, got json.RawMessage) {
	t.Helper()
	var w, g map[string]any
	require.NoError(t, json.Unmarshal(want, &w))
	require.NoError(t, json.Unmarshal(got, &g))
	for _, k := range []string{"created_at", "updated_at", "createdAt", "updatedAt", "create_time", "update_time"} {
		ws, wok := w[k].(string)
		gs, gok := g[k].(string)
		if !wok || !gok {
			continue
		}
		wt, err1 := time.Parse(time.RFC3339Nano, ws)
		gt, err2 := time.Parse(time.RFC3339Nano, gs)
		if err1 == nil && err2 == nil {
			assert.True(t, wt.Equal(gt), "%s: %s vs %s", k, ws, gs)
			delete(w, k)
			delete(g, k)
		}
	}
	assert.Equal(t, w, g)
}

// Restore refuses, all or none and naming the customer, what a fake never
// saves: before, duplicate ids were merged (last won), any id was taken and
// unknown fields vanished at the next save.
func TestRestoreRefusesWhatNoFakeSaves(t *testing.T) {
	t.Parallel()
	for _, p := range Providers() {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			src := Start(t, p)
			_, err := src.Seed(2)
			require.NoError(t, err)
			saved := src.Snapshot()
			with := func(i int, key string, v any) json.RawMessage {
				var m map[string]any
				require.NoError(t, json.Unmarshal(saved[i], &m))
				m[key] = v
				b, err := json.Marshal(m)
				require.NoError(t, err)
				return b
			}
			id := src.IDs()[0]
			idKey := "id"
			for _, tc := range []struct {
				name      string
				customers []json.RawMessage
				want      string
			}{
				{"duplicate id", []json.RawMessage{saved[0], saved[1], saved[0]}, `customer 2 (id "` + id + `"): the id of customer 0 again`},
				{"path in id", []json.RawMessage{saved[0], with(1, idKey, "../../etc")}, `customer 1 (id "../../etc"): an id is`},
				{"escape in id", []json.RawMessage{with(0, idKey, "cus_\x1b[2J")}, `customer 0 (id "cus_\x1b[2J"): an id is`},
				{"no id", []json.RawMessage{with(0, idKey, "")}, `customer 0 (id ""): an id is`},
				{"unknown field", []json.RawMessage{saved[0], with(1, "favourite_colour", "red")}, `customer 1 (id "` + src.IDs()[1] + `"): field "favourite_colour" is not one the fake keeps`},
			} {
				dst := Start(t, p)
				err := dst.Restore(tc.customers)
				if assert.Error(t, err, tc.name) {
					assert.Contains(t, err.Error(), "restore "+p+" "+tc.want, tc.name)
				}
				assert.Zero(t, dst.Count(), "%s: stored part of a refused state", tc.name)
			}
			dst := Start(t, p)
			require.NoError(t, dst.Restore(saved[:1]))
			err = dst.Restore(saved)
			if assert.Error(t, err, "restoring over a stored customer") {
				assert.Contains(t, err.Error(), `customer 0 (id "`+id+`"): already stored`)
			}
			assert.Equal(t, 1, dst.Count())
		})
	}
}

// A fault for an operation the fake does not have would wait forever: the
// control endpoint refuses it, naming the valid names, and takes the facade's
// names (as `multipay providers` prints them) for the spec's operationIds.
func TestControlFaultOperationNames(t *testing.T) {
	t.Parallel()
	srv := Start(t, "soap")
	h := srv.ControlHandler()
	for _, bad := range []string{"create_customer", "delete", "CreateCustomer"} {
		code, out := control(t, h, http.MethodPost, "/faults", `{"operation":"`+bad+`","status":503}`)
		assert.Equal(t, http.StatusBadRequest, code, bad)
		assert.Contains(t, out["error"], `unknown operation "`+bad+`"`)
		assert.Contains(t, out["error"], "createCustomer, searchCustomers, updateCustomer")
		assert.Contains(t, out["error"], "create, search, update")
	}
	assert.Zero(t, srv.Faults.Pending(), "nothing queued")

	code, _ := control(t, h, http.MethodPost, "/faults", `{"operation":"create","status":503}`)
	require.Equal(t, http.StatusCreated, code)
	res := rawDo(t, srv, http.MethodPost, "/api/v1/customers", `{"email":"a@example.com","first_name":"A","last_name":"B"}`)
	assert.Equal(t, http.StatusServiceUnavailable, res.status, "the alias fired on createCustomer")
	code, _ = control(t, h, http.MethodPost, "/faults", `{"operation":"search","status":502}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, http.StatusBadGateway, rawDo(t, srv, http.MethodGet, "/api/v1/customers/search?email=a@example.com", "").status)

	// Notch Pay has no search operation: search is its list; update covers the PUT too.
	np := Start(t, "notchpay")
	code, _ = control(t, np.ControlHandler(), http.MethodPost, "/faults", `{"operation":"search","status":503}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, http.StatusServiceUnavailable, rawDo(t, np, http.MethodGet, "/customers?search=x", "").status)
	ids, err := np.Seed(1)
	require.NoError(t, err)
	code, _ = control(t, np.ControlHandler(), http.MethodPost, "/faults", `{"operation":"update","status":503}`)
	require.Equal(t, http.StatusCreated, code)
	assert.Equal(t, http.StatusServiceUnavailable, rawDo(t, np, http.MethodPut, "/customers/"+ids[0], `{"name":"x"}`).status)
}

// Scripts write retry_after as a number and status as a string: both forms
// are taken, within the same bounds.
func TestControlFaultNumberAndStringForms(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	h := srv.ControlHandler()
	code, out := control(t, h, http.MethodPost, "/faults", `{"operation":"listCustomers","status":"503","retry_after":1}`)
	require.Equal(t, http.StatusCreated, code, "%v", out)
	res := rawDo(t, srv, http.MethodGet, "/v1/customers", "")
	assert.Equal(t, http.StatusServiceUnavailable, res.status)
	assert.Equal(t, "1", res.header.Get("Retry-After"))

	for _, body := range []string{
		`{"status":"42"}`, `{"status":"600"}`, `{"status":"five"}`, `{"status":503.5}`,
		`{"retry_after":-1}`, `{"retry_after":1.5}`, `{"retry_after":true}`,
		`{"delay":"61s"}`, `{"times":1000001}`, `{"colour":"red"}`,
	} {
		code, _ := control(t, h, http.MethodPost, "/faults", body)
		assert.Equal(t, http.StatusBadRequest, code, body)
	}
	assert.Zero(t, srv.Faults.Pending())
}

// A journal entry carries when it arrived, its route, status, duration and the
// request id the answer's header gave the client; fault is a JSON array, and
// limit keeps the newest entries.
func TestControlJournalEntries(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	h := srv.ControlHandler()
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	before := time.Now().UTC().Truncate(time.Millisecond)
	first := rawDo(t, srv, http.MethodGet, "/customers/"+ids[0], "")
	srv.Faults.Add(Fault{Operation: "getCustomer", Status: 503, Delay: time.Millisecond})
	faulted := rawDo(t, srv, http.MethodGet, "/customers/"+ids[0], "")
	require.Equal(t, http.StatusServiceUnavailable, faulted.status)
	rawDo(t, srv, http.MethodGet, "/customers", "")

	code, out := control(t, h, http.MethodGet, "/journal?limit=2", "")
	require.Equal(t, http.StatusOK, code)
	assert.EqualValues(t, 3, out["total"])
	entries := out["entries"].([]any)
	require.Len(t, entries, 2, "the newest 2")
	e := entries[0].(map[string]any)
	assert.Equal(t, "getCustomer", e["operation"])
	assert.Equal(t, "/customers/{id}", e["route"])
	assert.Equal(t, "/customers/"+ids[0], e["path"])
	assert.EqualValues(t, 503, e["status"])
	assert.Equal(t, []any{"delay 1ms", "status 503"}, e["fault"], "an array, not a string holding one")
	assert.GreaterOrEqual(t, e["duration_ms"].(float64), 1.0, "the delay is part of the duration")
	assert.Equal(t, faulted.header.Get(RequestIDHeader), e["request_id"])
	at, err := time.Parse(time.RFC3339, e["time"].(string))
	require.NoError(t, err, "time is RFC 3339")
	assert.True(t, strings.HasSuffix(e["time"].(string), "Z"), "UTC: %s", e["time"])
	assert.False(t, at.Before(before), "time %s is when the request arrived", at)
	assert.Equal(t, "listCustomers", entries[1].(map[string]any)["operation"])

	code, out = control(t, h, http.MethodGet, "/journal", "")
	require.Equal(t, http.StatusOK, code)
	all := out["entries"].([]any)
	require.Len(t, all, 3)
	assert.Equal(t, first.header.Get(RequestIDHeader), all[0].(map[string]any)["request_id"])
	assert.NotEqual(t, all[0].(map[string]any)["request_id"], all[1].(map[string]any)["request_id"], "ids differ")
	assert.NotContains(t, all[0], "fault", "no fault, no key")

	code, out = control(t, h, http.MethodGet, "/journal?limit=0", "")
	require.Equal(t, http.StatusOK, code)
	assert.Empty(t, out["entries"])
	code, _ = control(t, h, http.MethodGet, "/journal?limit=many", "")
	assert.Equal(t, http.StatusBadRequest, code)
}
