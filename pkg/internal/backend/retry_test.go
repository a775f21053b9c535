package backend

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"2abc", 0, false},
		{"-3", 0, false},
		{"+3", 0, false},
		{"1.5", 0, false},
		{"99999999999", 0, false}, // ~3,170 years: garbage, not 2.1 million hours
		{"18446744073709551616", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true}, // a past date means now
		{now.AddDate(3, 0, 0).Format(http.TimeFormat), 0, false},
		{"Mon, 32 Foo 2026 99:00:00 GMT", 0, false},
	} {
		got, ok := RetryAfter(tc.in, now)
		assert.Equal(t, tc.ok, ok, "RetryAfter(%q) ok", tc.in)
		assert.Equal(t, tc.want, got, "RetryAfter(%q)", tc.in)
	}
}

func TestBackoffIsCappedFullJitter(t *testing.T) {
	t.Parallel()
	p := customers.RetryPolicy{Base: 500 * time.Millisecond, MaxWait: 8 * time.Second}
	for n := 1; n <= 8; n++ {
		ceiling := min(p.Base<<(n-1), p.MaxWait)
		var largest time.Duration
		for range 500 {
			d := backoff(p, n)
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.Less(t, d, ceiling, "retry %d", n)
			largest = max(largest, d)
		}
		assert.Greater(t, largest, ceiling/2, "retry %d: waits are not spread over [0, %v)", n, ceiling)
	}
}

func TestJudgeDecidesByOperation(t *testing.T) {
	t.Parallel()
	lost := errors.New("connection reset")
	cases := []struct {
		name  string
		op    customers.Operation
		a     Attempt
		wrote bool
		want  verdict
	}{
		{"refused before sending", customers.OpGet, Attempt{}, false, giveUp},
		{"get, never written", customers.OpGet, Attempt{sent: true, failed: lost}, false, retry},
		{"create, never written", customers.OpCreate, Attempt{sent: true, failed: lost}, false, retry},
		{"create, lost after writing", customers.OpCreate, Attempt{sent: true, failed: lost}, true, ambiguous},
		{"update, lost after writing", customers.OpUpdate, Attempt{sent: true, failed: lost}, true, retry},
		{"create 429", customers.OpCreate, Attempt{sent: true, status: 429}, true, retry},
		{"create 408", customers.OpCreate, Attempt{sent: true, status: 408}, true, retry},
		{"create 503", customers.OpCreate, Attempt{sent: true, status: 503}, true, ambiguous},
		{"delete 502", customers.OpDelete, Attempt{sent: true, status: 502}, true, retry},
		{"get 501", customers.OpGet, Attempt{sent: true, status: 501}, true, giveUp},
		{"get 404", customers.OpGet, Attempt{sent: true, status: 404}, true, giveUp},
		{"create 422", customers.OpCreate, Attempt{sent: true, status: 422}, true, giveUp},
		{"create, unusable 2xx", customers.OpCreate, Attempt{sent: true, status: 201}, true, ambiguous},
		{"get, HTML 200", customers.OpGet, Attempt{sent: true, status: 200, garbled: true}, true, retry},
		{"get, JSON of another shape", customers.OpGet, Attempt{sent: true, status: 200}, true, giveUp},
	}
	for i := range cases {
		tc := &cases[i]
		tc.a.wrote.Store(tc.wrote)
		assert.Equal(t, tc.want, judge(tc.op, &tc.a), tc.name)
	}
}

// script answers each request with the next of its answers and keeps the
// bodies it received.
type script struct {
	mu      sync.Mutex
	answers []doerFunc
	bodies  []string
}

func (s *script) Do(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		s.bodies = append(s.bodies, string(b))
	}
	next := s.answers[0]
	if len(s.answers) > 1 {
		s.answers = s.answers[1:]
	}
	return next(r)
}

// instant is a sleeper that records the waits and never blocks.
func instant(waits *[]time.Duration) customers.Option {
	return customers.WithRetrySleep(func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	})
}

// post is one attempt of a POST of body.
func post(body string) func(context.Context, *Attempt) (struct{}, error) {
	return func(ctx context.Context, a *Attempt) (struct{}, error) {
		return Send(ctx, a, request(http.MethodPost, "https://api.example/customers/1", body), ignoreBody)
	}
}

func TestRetriedRequestIsByteIdentical(t *testing.T) {
	t.Parallel()
	s := &script{answers: []doerFunc{
		answer(503, `busy`, nil),
		answer(429, `slow`, http.Header{"Retry-After": {"2"}}),
		answer(200, `{}`, nil),
	}}
	var waits []time.Duration
	b := newTest(s, nil)
	call := b.Call(customers.OpUpdate, []customers.Option{customers.WithMaxRetries(2), instant(&waits)})
	_, err := Retry(context.Background(), call, post(`{"name":"Ada","metadata":{"a":"1"}}`))
	require.NoError(t, err)
	require.Len(t, s.bodies, 3)
	assert.Equal(t, s.bodies[0], s.bodies[1])
	assert.Equal(t, s.bodies[0], s.bodies[2])
	require.Len(t, waits, 2)
	assert.Equal(t, 2*time.Second, waits[1], "Retry-After was not honoured")
}

func TestAttemptsExhaustedKeepTheLastError(t *testing.T) {
	t.Parallel()
	s := &script{answers: []doerFunc{answer(502, `bad gateway`, nil)}}
	var waits []time.Duration
	b := newTest(s, nil)
	call := b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(3), instant(&waits)})
	_, err := Retry(context.Background(), call, post(`{}`))
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, customers.ErrUnavailable)
	assert.Equal(t, 4, ce.Attempts)
	assert.Equal(t, customers.OpGet, ce.Operation)
	assert.Len(t, s.bodies, 4)
	assert.Contains(t, err.Error(), "after 4 attempts")
}

func TestNoRetriesWhenDisabled(t *testing.T) {
	t.Parallel()
	s := &script{answers: []doerFunc{answer(503, `busy`, nil)}}
	b := newTest(s, nil)
	_, err := Retry(context.Background(), b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(0)}), post(`{}`))
	assert.ErrorIs(t, err, customers.ErrUnavailable)
	assert.Len(t, s.bodies, 1)
}

func TestServerDelayBeyondCapOrDeadlineReturnsAtOnce(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]func() (context.Context, context.CancelFunc){
		"beyond the cap": func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
		"beyond the deadline": func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 3*time.Second)
		},
	} {
		retryAfter := "9" // over the 8 s cap
		if name == "beyond the deadline" {
			retryAfter = "5"
		}
		s := &script{answers: []doerFunc{answer(429, `slow`, http.Header{"Retry-After": {retryAfter}})}}
		var waits []time.Duration
		b := newTest(s, nil)
		base, cancel := setup()
		call := b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(2), instant(&waits)})
		_, err := Retry(base, call, post(`{}`))
		cancel()
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, name)
		assert.ErrorIs(t, err, customers.ErrRateLimited, name)
		assert.Empty(t, waits, name)
		assert.Len(t, s.bodies, 1, name)
		assert.NotZero(t, ce.RetryAfter, name)
	}
}

// A context cancelled while the client waits ends the call at once: the
// sleeper sees the cancellation, no other request goes out, and the error
// names provider and operation and still matches context.Canceled.
func TestCancelDuringBackoffEndsTheWait(t *testing.T) {
	t.Parallel()
	s := &script{answers: []doerFunc{answer(503, `busy`, nil)}}
	b := newTest(s, nil)
	base, cancel := context.WithCancel(context.Background())
	var asked time.Duration
	call := b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(2), customers.WithRetrySleep(func(ctx context.Context, d time.Duration) error {
		asked = d
		cancel()
		<-ctx.Done() // a fake clock: only the context can end this wait
		return ctx.Err()
	})})
	_, err := Retry(base, call, post(`{}`))
	require.ErrorIs(t, err, context.Canceled)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "acme", ce.Provider)
	assert.Equal(t, customers.OpGet, ce.Operation)
	assert.Less(t, asked, customers.DefaultRetryBase)
	assert.Len(t, s.bodies, 1)
}

// The real timer returns within 50 ms of a cancellation, measured on a
// fake-free path only as an upper bound far below the wait asked for.
func TestTimerSleepEndsWithTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sleep(ctx, time.Hour) }()
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the wait outlived its context")
	}
}

func TestTransportFailuresAreTyped(t *testing.T) {
	t.Parallel()
	// A port nothing listens on: every attempt fails before a byte is sent,
	// so even a create is repeated.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	var waits []time.Duration
	b := newTest(&http.Client{}, nil)
	call := b.Call(customers.OpCreate, []customers.Option{customers.WithMaxRetries(2), instant(&waits)})
	creates := 0
	_, err = Create(context.Background(), call, func(ctx context.Context, a *Attempt) (*customers.Customer, error) {
		creates++
		_, err := Send(ctx, a, request(http.MethodPost, "http://"+addr+"/customers?email=ada@example.com", `{}`), ignoreBody)
		return nil, err
	}, func(context.Context) (*customers.Customer, error) {
		assert.Fail(t, "a create that never left needs no lookup")
		return nil, nil
	}, customers.Lookup{})
	var ce *customers.Error
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, customers.ErrUnavailable)
	var ue *url.Error
	assert.ErrorAs(t, err, &ue, "the net/http error is kept")
	assert.Equal(t, 3, creates)
	assert.Equal(t, 3, ce.Attempts)
	assert.NotContains(t, err.Error(), "ada@example.com", "the query string reached the error")
}

// reconcileCall is a create through a backend answering answers in turn.
func reconcileCall(t *testing.T, answers ...doerFunc) (Call, *script) {
	t.Helper()
	s := &script{answers: answers}
	var waits []time.Duration
	b := newTest(s, nil)
	return b.Call(customers.OpCreate, []customers.Option{customers.WithMaxRetries(2), instant(&waits)}), s
}

// createOnce is one attempt of a create that answers "cus_new".
func createOnce(ctx context.Context, a *Attempt) (*customers.Customer, error) {
	if _, err := post(`{"email":"ada@example.com"}`)(ctx, a); err != nil {
		return nil, err
	}
	return &customers.Customer{ID: "cus_new"}, nil
}

func TestCreateReconcile(t *testing.T) {
	t.Parallel()
	existing := &customers.Customer{ID: "cus_found"}
	t.Run("found", func(t *testing.T) {
		t.Parallel()
		call, s := reconcileCall(t, answer(503, `busy`, nil))
		c, err := Create(context.Background(), call, createOnce, func(context.Context) (*customers.Customer, error) { return existing, nil }, customers.Lookup{})
		require.NoError(t, err)
		assert.Equal(t, "cus_found", c.ID)
		assert.Len(t, s.bodies, 1, "a create that took effect must not be repeated")
	})
	t.Run("absent", func(t *testing.T) {
		t.Parallel()
		call, s := reconcileCall(t, answer(503, `busy`, nil), answer(201, `{}`, nil))
		lookups := 0
		c, err := Create(context.Background(), call, createOnce, func(context.Context) (*customers.Customer, error) { lookups++; return nil, nil }, customers.Lookup{})
		require.NoError(t, err)
		assert.Equal(t, "cus_new", c.ID)
		assert.Equal(t, 1, lookups)
		assert.Len(t, s.bodies, 2)
	})
	t.Run("lookup fails", func(t *testing.T) {
		t.Parallel()
		call, s := reconcileCall(t, answer(200, `<html>`, http.Header{"Content-Type": {"text/html"}}))
		lookupErr := &customers.Error{Provider: "acme", Operation: customers.OpSearch, Kind: customers.ErrUnavailable}
		want := customers.Lookup{Search: customers.SearchParams{Email: "ada@example.com"}}
		_, err := Create(context.Background(), call, createOnce, func(context.Context) (*customers.Customer, error) { return nil, lookupErr }, want)
		var ce *customers.Error
		require.ErrorAs(t, err, &ce)
		assert.ErrorIs(t, err, customers.ErrOutcomeUnknown)
		assert.Equal(t, customers.OpCreate, ce.Operation)
		require.NotNil(t, ce.Lookup)
		assert.Equal(t, want, *ce.Lookup)
		assert.NotContains(t, err.Error(), "ada@example.com")
		assert.Len(t, s.bodies, 1)
	})
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		call, s := reconcileCall(t, answer(422, `taken`, nil))
		_, err := Create(context.Background(), call, createOnce, func(context.Context) (*customers.Customer, error) {
			assert.Fail(t, "a refused create needs no lookup")
			return nil, nil
		}, customers.Lookup{})
		assert.ErrorIs(t, err, customers.ErrConflict)
		assert.Len(t, s.bodies, 1)
	})
}

// A 2xx JSON answer under a missing or wrong Content-Type is decoded: the
// provider acted, and refusing it would report a success as a failure.
func TestJSONUnderWrongContentTypeIsDecoded(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"", "text/plain", "text/html; charset=utf-8"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = []string{ct}
			_, _ = w.Write([]byte(`{"id":"cus_1"}`))
		}))
		b := newTest(srv.Client(), nil)
		got, err := Send(context.Background(), firstAttempt(b, customers.OpGet), request(http.MethodGet, srv.URL+"/customers/1", ""),
			func(r *http.Response) (string, error) { return r.Header.Get("Content-Type"), nil })
		srv.Close()
		require.NoError(t, err, ct)
		assert.Equal(t, "application/json", got, ct)
	}
}

// A body labelled JSON is not scanned before it is decoded; one that then
// fails to decode because it is not JSON at all is garbled as before: a read
// is repeated, and the error says the body is not JSON.
func TestJSONLabelledGarbageIsGarbledAfterTheDecode(t *testing.T) {
	t.Parallel()
	jsonLabel := http.Header{"Content-Type": {"application/json"}}
	s := &script{answers: []doerFunc{answer(200, `<html>busy</html>`, jsonLabel), answer(200, `{"id":"1"}`, jsonLabel)}}
	b := newTest(s, nil)
	var waits []time.Duration
	get := func(ctx context.Context, a *Attempt) (string, error) {
		return Send(ctx, a, request(http.MethodGet, "https://api.example/customers/1", ""), func(rsp *http.Response) (string, error) {
			var v struct{ ID string }
			err := json.NewDecoder(rsp.Body).Decode(&v)
			return v.ID, err
		})
	}
	id, err := Retry(context.Background(), b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(1), instant(&waits)}), get)
	require.NoError(t, err)
	assert.Equal(t, "1", id)
	assert.Len(t, waits, 1, "the garbled answer was repeated")

	s = &script{answers: []doerFunc{answer(200, `<html>busy</html>`, jsonLabel)}}
	b = newTest(s, nil)
	_, err = Retry(context.Background(), b.Call(customers.OpGet, []customers.Option{customers.WithMaxRetries(0)}), get)
	require.ErrorIs(t, err, customers.ErrInvalidResponse)
	require.ErrorIs(t, err, errGarbled)
}

// A call bounds its context by Config.Timeout, unless the caller's own
// deadline comes first: then the context is used as it is, at no cost.
func TestCallTimeoutYieldsToAnEarlierDeadline(t *testing.T) {
	call := Call{timeout: time.Minute}
	ctx, cancel := call.bounded(context.Background())
	dl, ok := ctx.Deadline()
	cancel()
	require.True(t, ok)
	assert.WithinDuration(t, time.Now().Add(time.Minute), dl, 5*time.Second)

	early, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	ctx, cancel = call.bounded(early)
	cancel()
	assert.Same(t, early, ctx, "the caller's earlier deadline stands")
	assert.NoError(t, early.Err(), "cancelling the call does not cancel the caller's context")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, c := call.bounded(early); c() }))
}

// A delete whose connection is lost after the request went out may have
// deleted the customer: the 404 of the repeated attempt is success. (Only
// a delete and a create watch whether a request went out.)
func TestDeleteLostAfterSendingThenNotFoundIsSuccess(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 { // read the request, then drop the connection unanswered
			conn, _, err := http.NewResponseController(w).Hijack()
			if assert.NoError(t, err) {
				_ = conn.Close()
			}
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	var waits []time.Duration
	b := newTest(srv.Client(), nil)
	call := b.Call(customers.OpDelete, []customers.Option{customers.WithMaxRetries(1), instant(&waits)})
	require.NoError(t, Delete(context.Background(), call, request(http.MethodDelete, srv.URL+"/customers/1", "")))
	assert.EqualValues(t, 2, calls.Load())
}

// net/http's write goroutine can run the trace hooks after Do has returned
// (the conformance matrix caught it under -race): the attempt's record of
// a write must be safe to read meanwhile. Fails under -race without it.
func TestLateWriteHookIsNotARace(t *testing.T) {
	t.Parallel()
	var late sync.WaitGroup
	lost := doerFunc(func(r *http.Request) (*http.Response, error) {
		trace := httptrace.ContextClientTrace(r.Context())
		if trace == nil || trace.WroteRequest == nil {
			return nil, errors.New("no write hook installed")
		}
		late.Add(1)
		go func() { defer late.Done(); trace.WroteRequest(httptrace.WroteRequestInfo{}) }()
		return nil, errors.New("connection reset")
	})
	b := newTest(lost, slog.New(slog.DiscardHandler)) // a logged call watches writes
	var waits []time.Duration
	_, err := Retry(context.Background(), b.Call(customers.OpUpdate, []customers.Option{customers.WithMaxRetries(1), instant(&waits)}), post(`{}`))
	late.Wait()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "no write hook", "the test needs the hook the transport calls")
	assert.Len(t, waits, 1, "an update lost in transport is retried")
}

// A create whose context ends after an attempt the provider refused (429)
// stops as every other operation does: no wait is announced for another
// attempt that cannot be made, and the error says why it stopped.
func TestCreateStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	s := &script{answers: []doerFunc{func(r *http.Request) (*http.Response, error) {
		cancel() // the caller gives up while the answer comes back
		return answer(http.StatusTooManyRequests, `slow`, nil)(r)
	}}}
	notices := 0
	var waits []time.Duration
	call := newTest(s, nil).Call(customers.OpCreate, []customers.Option{customers.WithMaxRetries(2), instant(&waits),
		customers.WithRetryNotice(func(customers.RetryNotice) { notices++ })})
	_, err := Create(ctx, call, createOnce, func(context.Context) (*customers.Customer, error) {
		assert.Fail(t, "a 429 needs no lookup")
		return nil, nil
	}, customers.Lookup{})
	require.ErrorIs(t, err, customers.ErrRateLimited)
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, notices, "a wait announced after the context ended")
	assert.Empty(t, waits)
	assert.Len(t, s.bodies, 1)
}
