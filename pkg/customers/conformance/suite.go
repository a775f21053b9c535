package conformance

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// mustCreate creates Sample(i) and fails the test on error.
func mustCreate(t *testing.T, h Harness, svc customers.Service, i int) (*customers.Customer, *customers.CreateParams) {
	t.Helper()
	p := h.Sample(i)
	c, err := svc.Create(ctx(t), p)
	require.NoError(t, err, "Create(Sample(%d))", i)
	require.NotEmpty(t, c.ID, "created customer has no id")
	require.Equal(t, h.Provider, c.Provider, "created customer's provider")
	return c, p
}

// compare reports every field of fields whose value in got differs from want.
func compare(t *testing.T, what string, fields []customers.Field, want *customers.CreateParams, got *customers.Customer) {
	t.Helper()
	for _, f := range fields {
		assert.Equal(t, fromParams(f, want), fromCustomer(f, got), "%s: %s", what, f)
	}
}

// requestsSince counts the requests the fake received after mark.
func requestsSince(srv *fake.Server, mark int) int { return len(srv.Journal()) - mark }

func wantKind(t *testing.T, err error, kind error) *customers.Error {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "error %T is not a *customers.Error", err)
	return ce
}

func testCapabilities(t *testing.T, h Harness) {
	_, svc := h.start(t)
	caps := svc.Capabilities()
	assert.Equal(t, h.Provider, svc.Provider(), "Provider()")
	assert.True(t, caps.Supports(customers.OpCreate), "every provider can create customers")
	for _, f := range caps.Required {
		assert.True(t, caps.CanCreate(f), "required field %s is not creatable", f)
	}
	for _, f := range caps.Clear {
		assert.True(t, caps.CanUpdate(f), "clearable field %s is not updatable", f)
	}
	_, isSearcher := svc.(customers.Searcher)
	assert.Equal(t, caps.Supports(customers.OpSearch), isSearcher, "implements Searcher vs Supports(search)")
	_, isBlocker := svc.(customers.Blocker)
	assert.Equal(t, caps.Supports(customers.OpBlock), isBlocker, "implements Blocker vs Supports(block)")
	// The sample must exercise every creatable field, or round-trips prove little.
	p := h.Sample(0)
	for _, f := range caps.Create {
		if f == customers.FieldAddressLine2 {
			continue // part of Address: compared with it
		}
		assert.NotEqual(t, fromParams(f, &customers.CreateParams{}), fromParams(f, p), "Sample leaves creatable field %s empty", f)
	}
}

func testLifecycle(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	caps := svc.Capabilities()
	created, p := mustCreate(t, h, svc, 1)
	assert.False(t, created.CreatedAt.IsZero(), "CreatedAt is zero")
	assert.NotEmpty(t, created.Raw, "Raw is empty")
	_, held := srv.Customer(created.ID)
	require.True(t, held, "the fake does not hold %s after Create", created.ID)
	if caps.Supports(customers.OpGet) {
		got, err := svc.Get(ctx(t), created.ID)
		require.NoError(t, err, "Get")
		require.Equal(t, created.ID, got.ID, "Get returned another customer")
		compare(t, "Get after Create", caps.Create, p, got)
	}
	if caps.Supports(customers.OpUpdate) && len(caps.Update) > 0 {
		next := h.Sample(2)
		f := caps.Update[0]
		u := &customers.UpdateParams{}
		setUpdate(f, u, next)
		upd, err := svc.Update(ctx(t), created.ID, u)
		require.NoError(t, err, "Update %s", f)
		compare(t, "Update", []customers.Field{f}, next, upd)
		// Fields not in the update stay as they were.
		var others []customers.Field
		for _, g := range caps.Create {
			if g != f && (f != customers.FieldName || (g != customers.FieldFirstName && g != customers.FieldLastName)) &&
				(g != customers.FieldName || (f != customers.FieldFirstName && f != customers.FieldLastName)) {
				others = append(others, g)
			}
		}
		compare(t, "fields left out of Update", others, p, upd)
	}
	if caps.Supports(customers.OpDelete) {
		require.NoError(t, svc.Delete(ctx(t), created.ID), "Delete")
		_, held := srv.Customer(created.ID)
		require.False(t, held, "the fake still holds the customer after Delete")
		if caps.Supports(customers.OpGet) {
			_, err := svc.Get(ctx(t), created.ID)
			_ = wantKind(t, err, customers.ErrNotFound)
		}
	}
}

func testRoundTrip(t *testing.T, h Harness) {
	_, svc := h.start(t)
	caps := svc.Capabilities()
	created, p := mustCreate(t, h, svc, 3)
	compare(t, "Create", caps.Create, p, created)
	if caps.Supports(customers.OpGet) {
		got, err := svc.Get(ctx(t), created.ID)
		require.NoError(t, err)
		compare(t, "Get", caps.Create, p, got)
	}
}

func testUpdateEveryField(t *testing.T, h Harness) {
	_, svc := h.start(t)
	caps := svc.Capabilities()
	if !caps.Supports(customers.OpUpdate) {
		return
	}
	created, _ := mustCreate(t, h, svc, 4)
	next := h.Sample(5)
	u := &customers.UpdateParams{}
	for _, f := range caps.Update {
		setUpdate(f, u, next)
	}
	upd, err := svc.Update(ctx(t), created.ID, u)
	require.NoError(t, err, "Update every field")
	compare(t, "Update", caps.Update, next, upd)
	if caps.Supports(customers.OpGet) {
		got, err := svc.Get(ctx(t), created.ID)
		require.NoError(t, err)
		compare(t, "Get after Update", caps.Update, next, got)
	}
}

func testClear(t *testing.T, h Harness) {
	_, svc := h.start(t)
	caps := svc.Capabilities()
	if len(caps.Clear) == 0 {
		return
	}
	created, p := mustCreate(t, h, svc, 6)
	// A customer must keep one field of each required-one-of group: clear
	// all but the group's first field.
	var clearing []customers.Field
	for _, f := range caps.Clear {
		keep := false
		for _, group := range caps.RequiredOneOf {
			if len(group) > 0 && group[0] == f && !slices.ContainsFunc(group, func(g customers.Field) bool { return !caps.CanClear(g) }) {
				keep = true
			}
		}
		if !keep {
			clearing = append(clearing, f)
		}
	}
	u := &customers.UpdateParams{}
	for _, f := range clearing {
		clearUpdate(f, u)
	}
	upd, err := svc.Update(ctx(t), created.ID, u)
	require.NoError(t, err, "Update clearing %v", clearing)
	empty := &customers.CreateParams{}
	compare(t, "cleared", clearing, empty, upd)
	var kept []customers.Field
	for _, f := range caps.Create {
		if !slices.Contains(clearing, f) && f != customers.FieldName && f != customers.FieldAddressLine2 {
			kept = append(kept, f)
		}
	}
	compare(t, "kept while clearing others", kept, p, upd)
	if caps.Supports(customers.OpGet) {
		got, err := svc.Get(ctx(t), created.ID)
		require.NoError(t, err)
		compare(t, "Get after clearing", clearing, empty, got)
	}
}

func testNotSupported(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	caps := svc.Capabilities()
	created, _ := mustCreate(t, h, svc, 7)
	mark := len(srv.Journal())
	check := func(what string, err error, names ...customers.Field) {
		t.Helper()
		ce := wantKind(t, err, customers.ErrNotSupported)
		assert.Equal(t, h.Provider, ce.Provider, "%s: error names provider", what)
		for _, n := range names {
			assert.Contains(t, ce.Error(), string(n), "%s: error does not name %s", what, n)
		}
		assert.Zero(t, requestsSince(srv, mark), "%s: request(s) reached the provider", what)
	}
	if !caps.Supports(customers.OpGet) {
		_, err := svc.Get(ctx(t), created.ID)
		check("Get", err)
	}
	if !caps.Supports(customers.OpDelete) {
		check("Delete", svc.Delete(ctx(t), created.ID))
	}
	if !caps.Supports(customers.OpList) {
		for _, err := range svc.List(ctx(t), nil) {
			check("List", err)
		}
	}
	all := everything()
	for _, f := range allFields {
		if !caps.CanCreate(f) {
			p := h.Sample(8)
			setCreate(f, p, all)
			_, err := svc.Create(ctx(t), p)
			check("Create with "+string(f), err, f)
		}
		if caps.Supports(customers.OpUpdate) && !caps.CanUpdate(f) {
			u := &customers.UpdateParams{}
			setUpdate(f, u, all)
			_, err := svc.Update(ctx(t), created.ID, u)
			check("Update setting "+string(f), err, f)
		}
		if caps.Supports(customers.OpUpdate) && caps.CanUpdate(f) && !caps.CanClear(f) {
			u := &customers.UpdateParams{}
			clearUpdate(f, u)
			_, err := svc.Update(ctx(t), created.ID, u)
			check("Update clearing "+string(f), err, f)
		}
	}
}

func testInvalid(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	caps := svc.Capabilities()
	created, _ := mustCreate(t, h, svc, 9)
	mark := len(srv.Journal())
	check := func(what string, err error, field customers.Field) {
		t.Helper()
		ce := wantKind(t, err, customers.ErrInvalidRequest)
		if field != "" {
			assert.Contains(t, ce.Fields, string(field), "%s: error fields do not name %s", what, field)
		}
		assert.Equal(t, h.Provider, ce.Provider, "%s: error names provider", what)
		assert.Zero(t, requestsSince(srv, mark), "%s: request(s) reached the provider", what)
	}
	if caps.CanCreate(customers.FieldEmail) {
		p := h.Sample(10)
		p.Email = "not-an-email"
		_, err := svc.Create(ctx(t), p)
		check("Create with a bad email", err, customers.FieldEmail)
	}
	if caps.CanCreate(customers.FieldPhone) {
		p := h.Sample(11)
		p.Phone = "+12345" // no possible number; without "+" it is a stored form at UseePay
		_, err := svc.Create(ctx(t), p)
		check("Create with a bad phone", err, customers.FieldPhone)
	}
	for _, f := range caps.Required {
		p := h.Sample(12)
		setCreate(f, p, &customers.CreateParams{})
		_, err := svc.Create(ctx(t), p)
		check("Create without "+string(f), err, f)
	}
	for _, group := range caps.RequiredOneOf {
		p := h.Sample(13)
		for _, f := range group {
			setCreate(f, p, &customers.CreateParams{})
		}
		_, err := svc.Create(ctx(t), p)
		check(fmt.Sprintf("Create without any of %v", group), err, "")
	}
	if caps.Supports(customers.OpUpdate) {
		_, err := svc.Update(ctx(t), created.ID, &customers.UpdateParams{})
		check("empty Update", err, "")
		_, err = svc.Update(ctx(t), created.ID, nil)
		check("nil Update", err, "")
	}
	_, err := svc.Create(ctx(t), nil)
	check("nil Create", err, "")
}

// otherID returns an id of the same shape as id that no customer has.
func otherID(id string) string {
	b := []byte(id)
	for i := len(b) - 1; i >= 0; i-- {
		switch c := b[i]; {
		case c >= '0' && c <= '8', c >= 'a' && c <= 'e', c >= 'A' && c <= 'Y':
			b[i]++
			return string(b)
		case c == '9':
			b[i] = '0'
			return string(b)
		}
	}
	return id + "0"
}

// errorsEnv is the fake and customer the error tests share.
type errorsEnv struct {
	h       Harness
	srv     *fake.Server
	svc     customers.Service
	caps    customers.Capabilities
	created *customers.Customer
}

func testErrors(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	e := &errorsEnv{h: h, srv: srv, svc: svc, caps: svc.Capabilities()}
	e.created, _ = mustCreate(t, h, svc, 14)
	testRefusals(t, e)
	testFaultSentinels(t, e)
}

// testRefusals: answers that refuse the call map to their sentinels.
func testRefusals(t *testing.T, e *errorsEnv) {
	h, srv, svc, caps := e.h, e.srv, e.svc, e.caps
	missing := otherID(e.created.ID)

	t.Run("NotFound", func(t *testing.T) {
		if caps.Supports(customers.OpGet) {
			_, err := svc.Get(ctx(t), missing)
			ce := wantKind(t, err, customers.ErrNotFound)
			assert.Equal(t, 404, ce.StatusCode, "not found: status")
			assert.NotEmpty(t, ce.Raw, "not found: raw body")
		}
		if caps.Supports(customers.OpUpdate) && len(caps.Update) > 0 {
			u := &customers.UpdateParams{}
			setUpdate(caps.Update[0], u, h.Sample(15))
			_, err := svc.Update(ctx(t), missing, u)
			_ = wantKind(t, err, customers.ErrNotFound)
		}
		if caps.Supports(customers.OpDelete) {
			_ = wantKind(t, svc.Delete(ctx(t), missing), customers.ErrNotFound)
		}
	})

	t.Run("Unauthorized", func(t *testing.T) {
		bad := srv.Credentials
		bad.APIKey = "wrong-" + bad.APIKey
		other := h.Connect(t, srv, bad)
		_, err := other.Create(ctx(t), h.Sample(16))
		ce := wantKind(t, err, customers.ErrUnauthorized)
		assert.NotContains(t, ce.Error(), bad.APIKey, "the error reveals the API key")
		assert.NotContains(t, string(ce.Raw), bad.APIKey, "the error's raw body reveals the API key")
		assert.Equal(t, 1, srv.Count(), "customers the fake holds after an unauthorized create")
	})

	if h.Unique != "" {
		t.Run("Conflict", func(t *testing.T) {
			p := h.Sample(17)
			src := h.Sample(14)
			setCreate(h.Unique, p, src)
			_, err := svc.Create(ctx(t), p)
			_ = wantKind(t, err, customers.ErrConflict)
		})
	}

}

// testFaultSentinels: without retries, each scripted failure shows its own
// sentinel (the retry behaviour itself is the fault matrix's job).
func testFaultSentinels(t *testing.T, e *errorsEnv) {
	h, srv, svc, caps, created := e.h, e.srv, e.svc, e.caps, e.created
	t.Run("RateLimited", func(t *testing.T) {
		srv.Faults.Add(fake.Fault{Operation: "createCustomer", Status: 429, RetryAfter: "7"})
		_, err := svc.Create(ctx(t), h.Sample(18), once)
		ce := wantKind(t, err, customers.ErrRateLimited)
		assert.Equal(t, 7*time.Second, ce.RetryAfter, "rate limited: RetryAfter")
		assert.Equal(t, 429, ce.StatusCode, "rate limited: status")
		assert.Equal(t, 1, ce.Attempts, "rate limited: attempts")
	})

	update := func(i int) *customers.UpdateParams {
		u := &customers.UpdateParams{}
		setUpdate(caps.Update[0], u, h.Sample(i))
		return u
	}

	t.Run("Unavailable", func(t *testing.T) {
		srv.Faults.Add(fake.Fault{Operation: "updateCustomer", Status: 503})
		_, err := svc.Update(ctx(t), created.ID, update(19), once)
		ce := wantKind(t, err, customers.ErrUnavailable)
		assert.Equal(t, 503, ce.StatusCode, "status")
	})

	t.Run("CallOptionsApplyToOneCall", func(t *testing.T) {
		var logs lockedWriter
		logs.w = &bytes.Buffer{}
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		rateLimited := fake.Fault{Operation: "updateCustomer", Status: 429, RetryAfter: "0"} // retried at once
		srv.Faults.Add(rateLimited)
		mark := len(srv.Journal())
		_, err := svc.Update(ctx(t), created.ID, update(20), once, customers.WithLogger(logger))
		ce := wantKind(t, err, customers.ErrRateLimited)
		assert.Equal(t, 1, ce.Attempts, "WithMaxRetries(0) for this call: attempts")
		logged := logs.String()
		assert.Contains(t, logged, "multipay request", "WithLogger for this call: nothing logged")

		srv.Faults.Add(rateLimited)
		_, err = svc.Update(ctx(t), created.ID, update(21))
		require.NoError(t, err, "the next call, without options, must have the client's retries back")
		assert.Len(t, srv.Journal()[mark:], 3, "requests: one for the first call, two for the next")
		assert.Equal(t, logged, logs.String(), "the next call logged to the first call's logger")
	})

	for i, bf := range []struct {
		name string
		body fake.Body
	}{{"HTMLPage", fake.HTMLPage}, {"MalformedJSON", fake.MalformedJSON}, {"EmptyBody", fake.EmptyBody}, {"HugeBody", fake.HugeBody}} {
		t.Run("InvalidResponse/"+bf.name, func(t *testing.T) {
			srv.Faults.Add(fake.Fault{Operation: "updateCustomer", Body: bf.body})
			mark := len(srv.Journal())
			_, err := svc.Update(ctx(t), created.ID, update(30+i), once)
			if j := srv.Journal()[mark:]; assert.Len(t, j, 1, "requests the fault was meant to hit") {
				assert.True(t, j[0].Applied, "the fault was meant to hit an applied update: %+v", j[0])
			}
			ce := wantKind(t, err, customers.ErrInvalidResponse)
			assert.GreaterOrEqual(t, ce.StatusCode, 200, "status, want the 2xx the provider sent")
			assert.LessOrEqual(t, ce.StatusCode, 299, "status, want the 2xx the provider sent")
			assert.LessOrEqual(t, len(ce.Raw), customers.MaxRawBody, "raw body not capped")
			assert.Empty(t, ce.Raw, "the error keeps a 2xx body, which can be a customer")
		})
	}

	t.Run("DroppedConnection", func(t *testing.T) {
		srv.Faults.Add(fake.Fault{Operation: "updateCustomer", Drop: fake.DropBefore})
		_, err := svc.Update(ctx(t), created.ID, update(40), once)
		ce := wantKind(t, err, customers.ErrUnavailable)
		var ue *url.Error
		assert.ErrorAs(t, err, &ue, "a dropped connection: want ErrUnavailable wrapping the *url.Error")
		assert.Equal(t, 1, ce.Attempts, "a dropped connection: attempts")
		assert.Equal(t, customers.OpUpdate, ce.Operation, "a dropped connection: operation")
	})
}

// once is the call option of a call that is not retried, so each scripted
// fault shows as the call's error.
var once = customers.WithMaxRetries(0)

func seedAndList(t *testing.T, srv *fake.Server, n int) []string {
	t.Helper()
	ids, err := srv.Seed(n)
	require.NoError(t, err)
	return ids
}

func listRequests(srv *fake.Server, mark int) int {
	n := 0
	for _, r := range srv.Journal()[mark:] {
		if r.Operation == "listCustomers" {
			n++
		}
	}
	return n
}

func testPaging(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	if !svc.Capabilities().Supports(customers.OpList) {
		return
	}
	want := seedAndList(t, srv, 260)
	mark := len(srv.Journal())
	params := &customers.ListParams{PageSize: 25}
	var got []string
	for c, err := range svc.List(ctx(t), params) {
		require.NoError(t, err)
		require.Equal(t, h.Provider, c.Provider, "listed customer's provider")
		require.NotEmpty(t, c.ID, "listed customer has no id")
		got = append(got, c.ID)
	}
	require.Equal(t, want, got, "listed ids, want the seeded ones in order")
	assert.Equal(t, 25, params.PageSize, "List changed the caller's params")
	assert.Contains(t, []int{11, 12}, listRequests(srv, mark),
		"requests paging 260 customers by 25, want 11 (12 if the provider needs an empty last page)")
}

func testPagingConcurrent(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	if !svc.Capabilities().Supports(customers.OpList) {
		return
	}
	seeded := seedAndList(t, srv, 250)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := svc.Create(context.Background(), h.Sample(100000+w*1000+i)); err != nil {
					errs <- err
					return
				}
				if i >= 40 {
					return
				}
			}
		}()
	}
	seen := map[string]int{}
	for c, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 20}) {
		require.NoError(t, err)
		seen[c.ID]++
	}
	close(stop)
	wg.Wait()
	close(errs)
	require.NoError(t, <-errs, "concurrent writer") // errs is closed: nil unless a writer failed
	for id, n := range seen {
		assert.LessOrEqual(t, n, 1, "times %s was listed", id)
	}
	for _, id := range seeded {
		assert.Equal(t, 1, seen[id], "times seeded %s was listed", id)
	}
}

func testBreak(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	if !svc.Capabilities().Supports(customers.OpList) {
		return
	}
	seedAndList(t, srv, 60)
	mark := len(srv.Journal())
	n := 0
	for _, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 10}) {
		require.NoError(t, err)
		n++
		if n == 15 {
			break
		}
	}
	assert.Equal(t, 2, listRequests(srv, mark), "list requests sent when breaking after 15 of 60 customers")

	// A failing page is yielded once, then the iteration ends.
	srv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 503})
	errCount, items := 0, 0
	for c, err := range svc.List(ctx(t), &customers.ListParams{PageSize: 10}, once) {
		if err != nil {
			errCount++
			_ = wantKind(t, err, customers.ErrUnavailable)
			continue
		}
		if c != nil {
			items++
		}
	}
	assert.Equal(t, 1, errCount, "errors yielded by a failing first page")
	assert.Zero(t, items, "items yielded by a failing first page")
}

func testCancelled(t *testing.T, h Harness) {
	srv, svc := h.start(t)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	mark := len(srv.Journal())
	_, err := svc.Create(c, h.Sample(22))
	assert.ErrorIs(t, err, context.Canceled, "Create with a cancelled context:")
	if svc.Capabilities().Supports(customers.OpList) {
		n := 0
		for _, err := range svc.List(c, nil) {
			n++
			assert.ErrorIs(t, err, context.Canceled, "List with a cancelled context yielded")
		}
		assert.Equal(t, 1, n, "List with a cancelled context yielded values, want 1 error")
	}
	assert.Zero(t, requestsSince(srv, mark), "request(s) sent with a cancelled context")

	// A deadline that expires while the provider is slow.
	srv.Faults.Add(fake.Fault{Operation: "createCustomer", Delay: 2 * time.Second})
	short, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	_, err = svc.Create(short, h.Sample(42))
	assert.ErrorIs(t, err, context.DeadlineExceeded, "Create past its deadline:")
}
