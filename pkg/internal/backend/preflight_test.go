package backend

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

const hitpayCreate = `{"email":"ada@example.com","name":"Ada Lovelace","phone_number":"5125550142","phone_number_country_code":"1"}`

func newCreate(t testing.TB, body io.Reader) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://api.example/v1/customers", body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Business-Api-Key", "k")
	return req
}

func readAll(t *testing.T, r io.ReadCloser) string {
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

// The check reads the body and leaves the request ready to send, and to
// send again (GetBody), with the same bytes, whatever reader it came with.
func TestPreflightLeavesTheBodyToSend(t *testing.T) {
	t.Parallel()
	p := PreflightFor("hitpay")
	for name, body := range map[string]io.Reader{
		"bytes.Reader (the generated requests)": bytes.NewReader([]byte(hitpayCreate)),
		"a reader net/http cannot rewind":       io.MultiReader(strings.NewReader(hitpayCreate)),
	} {
		req := newCreate(t, body)
		m, fields, err := p.Check(req, "", new(stringBody))
		require.NoError(t, err, name)
		assert.Empty(t, fields, name)
		assert.Equal(t, "createCustomer", m.ID, name)
		assert.Equal(t, hitpayCreate, readAll(t, req.Body), name)
		require.NotNil(t, req.GetBody, name)
		for range 2 {
			again, err := req.GetBody()
			require.NoError(t, err, name)
			assert.Equal(t, hitpayCreate, readAll(t, again), name)
		}
	}
}

// The checked body goes back to the request as a reader net/http knows to
// be in memory, so the headers and the body leave in one write, one TCP
// segment: with a reader of another type net/http flushes the headers
// first, which cost every create and update a second write (and the
// provider a second read).
func TestCheckedRequestLeavesInOneWrite(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"1"}`)
	}))
	defer srv.Close()
	var writes atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countWrites{conn, &writes}, nil
	}}
	defer transport.CloseIdleConnections()
	b := New(Options{Provider: "hitpay", Config: customers.Config{HTTPClient: &http.Client{Transport: transport}},
		Credentials: http.Header{"X-Business-Api-Key": {"k"}}, Preflight: PreflightFor("hitpay")})
	build := func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/customers", strings.NewReader(hitpayCreate))
		req.Header.Set("Content-Type", "application/json")
		return req, err
	}
	created := &customers.Customer{ID: "1"}
	one := One(build, ignoreBody, func(struct{}) *customers.Customer { return created })
	find := func(context.Context) (*customers.Customer, error) { return nil, nil }
	got, err := Create(context.Background(), b.Call(customers.OpCreate, nil), one, find, customers.Lookup{})
	require.NoError(t, err)
	assert.Same(t, created, got)
	assert.EqualValues(t, 1, writes.Load(), "headers and body in one write")
}

// countWrites counts the writes to a connection.
type countWrites struct {
	net.Conn
	n *atomic.Int32
}

func (c countWrites) Write(p []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(p)
}

// Checking a create costs the body read once and the reader handed back:
// no decoding into maps, no copies of the body, no header name rewritten.
func TestPreflightAllocations(t *testing.T) {
	p := PreflightFor("hitpay")
	into := new(stringBody) // an attempt's
	allocs := testing.AllocsPerRun(200, func() {
		req := newCreate(t, bytes.NewReader([]byte(hitpayCreate)))
		if _, _, err := p.Check(req, "", into); err != nil {
			t.Fatal(err)
		}
	})
	base := testing.AllocsPerRun(200, func() { newCreate(t, bytes.NewReader([]byte(hitpayCreate))) })
	// The body as a string (its builder and the reader are the caller's),
	// and GetBody, which marks the attempt's body as taken (see stringBody).
	limit := 2.0
	if raceEnabled {
		limit += 4
	}
	assert.LessOrEqual(t, allocs-base, limit, "the request alone: %v", base)
}

// What the pipeline adds to a HitPay Get around the request and the answer
// (Retry, Send, preflight, buffering, the answer's checks) is a handful of
// allocations.
func TestPipelineAllocations(t *testing.T) {
	const url = "https://api.example/v1/customers/9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	answerBody := []byte(`{"id":"9b2ada28-be3c-47ab-883f-ba72e5d8305d","name":"Ada","email":"ada@example.com"}`)
	reply := func() *http.Response {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(answerBody)), ContentLength: int64(len(answerBody))}
	}
	b := New(Options{
		Provider:    "hitpay",
		Config:      customers.Config{HTTPClient: doerFunc(func(*http.Request) (*http.Response, error) { return reply(), nil })},
		Credentials: http.Header{"X-Business-Api-Key": {"k"}},
		Preflight:   PreflightFor("hitpay"),
	})
	build := func() (*http.Request, error) { return http.NewRequest(http.MethodGet, url, nil) }
	parse := func(*http.Response) (struct{}, error) { return struct{}{}, nil }
	get := func() {
		if _, err := Retry(context.Background(), b.Call(customers.OpGet, nil), func(ctx context.Context, a *Attempt) (struct{}, error) {
			return Send(ctx, a, build, parse)
		}); err != nil {
			t.Fatal(err)
		}
	}
	get()
	base := testing.AllocsPerRun(200, func() { _, _ = build(); _ = reply() })
	allocs := testing.AllocsPerRun(200, get)
	// 4: the attempt (with its answer's reader), the request bound to the
	// context, the body, and this test's closure. It was 19. A get needs no
	// httptrace hook (Call.watchWrites).
	limit := 4.0
	if raceEnabled {
		limit++ // the answer's key check's pooled list
	}
	assert.LessOrEqual(t, allocs-base, limit, "the request and answer alone: %v", base)
}

// An answer is read with one allocation of its size, announced or not (a
// list page comes chunked): io.ReadAll grew a 10 kB page through ten.
func TestReadBodyAllocations(t *testing.T) {
	page := bytes.Repeat([]byte(`{"id":"cus_1","name":"Ann"},`), 400)
	for _, announced := range []int64{-1, int64(len(page))} {
		r := bytes.NewReader(page)
		rsp := &http.Response{Body: io.NopCloser(r), ContentLength: announced}
		allocs := testing.AllocsPerRun(100, func() {
			r.Reset(page)
			if got, err := readBody(rsp); err != nil || len(got) != len(page) {
				t.Fatal(len(got), err)
			}
		})
		limit := 2.0 // the body, and the limit on reading an unannounced one
		if raceEnabled {
			limit += 4
		}
		assert.LessOrEqual(t, allocs, limit, "announced %d", announced)
	}
}

// The credential, User-Agent and Accept values are shared by every request;
// a doer that adds to them changes its own request only.
func TestSharedHeaderValuesStayTheSame(t *testing.T) {
	t.Parallel()
	var seen []http.Header
	b := newTest(doerFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Clone())
		for _, k := range []string{"X-Key", "User-Agent", "Accept"} {
			r.Header.Add(k, "added")
		}
		return answer(200, `{}`, nil)(r)
	}), nil)
	require.NoError(t, call(t, b))
	require.NoError(t, call(t, b))
	require.Len(t, seen, 2)
	assert.Equal(t, seen[0], seen[1])
	assert.Equal(t, []string{secret}, seen[1]["X-Key"])
}

// roundTripFunc is an http.RoundTripper from a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The redirect guard costs a request that is not redirected nothing: the
// variable errors.As needs is declared only when there is an error.
func TestSameHostGuardAllocations(t *testing.T) {
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})}
	guarded := SameHostOnly("acme", client)
	req, err := http.NewRequest(http.MethodGet, "https://api.example/customers/1", nil)
	require.NoError(t, err)
	do := func(d customers.HTTPDoer) func() {
		return func() {
			if _, err := d.Do(req); err != nil {
				t.Fatal(err)
			}
		}
	}
	assert.Equal(t, testing.AllocsPerRun(100, do(client)), testing.AllocsPerRun(100, do(guarded)))
}
