package conformance

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// FaultKind is one misbehaviour the fakes can script, as the fault matrix
// runs it.
type FaultKind struct {
	Name  string
	Fault fake.Fault
	// Applied: the provider acts on the request before the fault hits
	// (a dropped answer, a broken body).
	Applied bool
	// Refused: the provider says it did not act (408, 429): even a create
	// is repeated without a lookup.
	Refused bool
}

// FaultKinds are every fault the fakes can script: statuses that ask for a
// retry, connections dropped before and after the provider acts, and the
// broken bodies of an applied answer.
var FaultKinds = []FaultKind{
	{Name: "429", Fault: fake.Fault{Status: 429, RetryAfter: "1"}, Refused: true},
	{Name: "408", Fault: fake.Fault{Status: 408}, Refused: true},
	{Name: "500", Fault: fake.Fault{Status: 500}},
	{Name: "502", Fault: fake.Fault{Status: 502}},
	{Name: "503", Fault: fake.Fault{Status: 503}},
	{Name: "504", Fault: fake.Fault{Status: 504}},
	{Name: "DropBefore", Fault: fake.Fault{Drop: fake.DropBefore}},
	{Name: "DropAfter", Fault: fake.Fault{Drop: fake.DropAfter}, Applied: true},
	{Name: "TruncatedBody", Fault: fake.Fault{Body: fake.TruncatedBody}, Applied: true},
	{Name: "MalformedJSON", Fault: fake.Fault{Body: fake.MalformedJSON}, Applied: true},
	{Name: "HTMLPage", Fault: fake.Fault{Body: fake.HTMLPage}, Applied: true},
	{Name: "EmptyBody", Fault: fake.Fault{Body: fake.EmptyBody}, Applied: true},
	{Name: "HugeBody", Fault: fake.Fault{Body: fake.HugeBody}, Applied: true},
}

// recorder is an instant sleeper that notes every wait asked for.
type recorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

// matrixCase is one operation of the matrix: how to call it and which spec
// operation the fault targets.
type matrixCase struct {
	op   customers.Operation
	spec string // the fake's operationId the fault is scripted on
	call func(ctx context.Context, env *cellEnv, opts []customers.Option) error
}

// cellEnv is one cell's fake, adapter and target customer.
type cellEnv struct {
	h      Harness
	srv    *fake.Server
	svc    customers.Service
	target *customers.Customer
	sample *customers.CreateParams
	newVal string // the e-mail an update sets
	got    *customers.Customer
}

func testFaults(t *testing.T, h Harness) {
	_, probe := h.start(t)
	caps := probe.Capabilities()
	for _, mc := range matrixCases(h, probe) {
		if !caps.Supports(mc.op) {
			continue
		}
		for _, fk := range FaultKinds {
			t.Run(string(mc.op)+"/"+fk.Name, func(t *testing.T) {
				t.Parallel()
				runCell(t, h, mc, fk)
			})
		}
	}
	t.Run("Exhausted", func(t *testing.T) { t.Parallel(); testExhausted(t, h) })
}

// searchOp is the fake operation a provider's Search (and so reconcile) uses.
func searchOp(h Harness) string {
	if h.SearchOperation != "" {
		return h.SearchOperation
	}
	return "listCustomers"
}

func searchFor(caps customers.Capabilities, c *customers.Customer) *customers.SearchParams {
	if slices.Contains(caps.Search, customers.FieldQuery) {
		return &customers.SearchParams{Query: c.Email}
	}
	return &customers.SearchParams{Email: c.Email}
}

func matrixCases(h Harness, svc customers.Service) []matrixCase {
	cases := []matrixCase{
		{customers.OpCreate, "createCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			c, err := e.svc.Create(ctx, e.sample, opts...)
			e.got = c
			return err
		}},
		{customers.OpGet, "getCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			c, err := e.svc.Get(ctx, e.target.ID, opts...)
			e.got = c
			return err
		}},
		{customers.OpUpdate, "updateCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			c, err := e.svc.Update(ctx, e.target.ID, &customers.UpdateParams{Email: customers.Set(e.newVal)}, opts...)
			e.got = c
			return err
		}},
		{customers.OpDelete, "deleteCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			return e.svc.Delete(ctx, e.target.ID, opts...)
		}},
		{customers.OpList, "listCustomers", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			return drain(e.svc.List(ctx, &customers.ListParams{PageSize: 50}, opts...))
		}},
		{customers.OpSearch, searchOp(h), func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
			s, _ := e.svc.(customers.Searcher)
			return drain(s.Search(ctx, searchFor(e.svc.Capabilities(), e.target), opts...))
		}},
	}
	if _, ok := svc.(customers.Blocker); ok {
		cases = append(cases,
			matrixCase{customers.OpBlock, "blockCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
				c, err := e.svc.(customers.Blocker).Block(ctx, e.target.ID, opts...)
				e.got = c
				return err
			}},
			matrixCase{customers.OpUnblock, "unblockCustomer", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
				c, err := e.svc.(customers.Blocker).Unblock(ctx, e.target.ID, opts...)
				e.got = c
				return err
			}})
	}
	if _, ok := svc.(customers.PaymentLister); ok {
		cases = append(cases,
			matrixCase{customers.OpListPaymentMethods, "listCustomerPaymentMethods", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
				_, err := e.svc.(customers.PaymentLister).ListPaymentMethods(ctx, e.target.ID, opts...)
				return err
			}},
			matrixCase{customers.OpListPayments, "listCustomerPayments", func(ctx context.Context, e *cellEnv, opts []customers.Option) error {
				return drain(e.svc.(customers.PaymentLister).ListPayments(ctx, e.target.ID, nil, opts...))
			}})
	}
	return cases
}

func drain[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// newCell starts a fake with one customer (the target of by-id operations)
// and a second sample ready to create.
func newCell(t *testing.T, h Harness) *cellEnv {
	t.Helper()
	srv, svc := h.start(t)
	target, _ := mustCreate(t, h, svc, 1)
	return &cellEnv{h: h, srv: srv, svc: svc, target: target, sample: h.Sample(2),
		newVal: fmt.Sprintf("changed.%d@example.com", time.Now().UnixNano()%1e9)}
}

// matrixOptions are a cell's call options: an instant, recording sleeper and
// a logger whose output the cell scans for secrets and customer data.
func matrixOptions(maxRetries int) ([]customers.Option, *recorder, *bytes.Buffer) {
	rec, logs := &recorder{}, &bytes.Buffer{}
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := []customers.Option{customers.WithRetrySleep(rec.sleep), customers.WithLogger(logger),
		customers.WithMaxRetries(maxRetries)}
	return opts, rec, logs
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

func runCell(t *testing.T, h Harness, mc matrixCase, fk FaultKind) {
	e := newCell(t, h)
	f := fk.Fault
	f.Operation = mc.spec
	createdBefore, mark := e.srv.Created(), len(e.srv.Journal())
	e.srv.Faults.Add(f)
	opts, rec, logs := matrixOptions(customers.DefaultMaxRetries)

	err := mc.call(ctx(t), e, opts)
	journal := e.srv.Journal()[mark:]
	report(t, h, mc.op, fk, err, len(journal), rec.waits)

	require.NoError(t, err, "one %s fault on %s must be absorbed by a retry or a reconcile", fk.Name, mc.op)
	assert.Zero(t, e.srv.Faults.Pending(), "the fault was never hit")
	assertRequests(t, mc, fk, journal, searchOp(h))
	if fk.Name == "429" {
		assert.Contains(t, rec.waits, time.Second, "Retry-After: 1 was not honoured")
	}
	switch mc.op {
	case customers.OpCreate:
		assert.Equal(t, createdBefore+1, e.srv.Created(), "duplicate or missing create")
		require.NotNil(t, e.got)
		ids := e.srv.IDs()
		assert.Equal(t, ids[len(ids)-1], e.got.ID, "the call returned another customer than the one created")
	case customers.OpUpdate:
		raw, ok := e.srv.Customer(e.target.ID)
		require.True(t, ok)
		assert.Contains(t, strings.ToLower(string(raw)), e.newVal, "lost update")
		require.NotNil(t, e.got)
		assert.True(t, strings.EqualFold(e.newVal, e.got.Email))
	case customers.OpDelete:
		_, ok := e.srv.Customer(e.target.ID)
		assert.False(t, ok, "the customer survived its delete")
	}
	assertNoLeak(t, e, logs.String())
}

// assertRequests checks what the fake saw: a repeat for every fault on a
// repeatable operation; for a create, one lookup after an ambiguous failure
// and a second create only when the first did not take effect.
func assertRequests(t *testing.T, mc matrixCase, fk FaultKind, journal []fake.Request, lookupOp string) {
	t.Helper()
	count := func(op string) int {
		n := 0
		for _, r := range journal {
			if r.Operation == op {
				n++
			}
		}
		return n
	}
	if mc.op == customers.OpDelete && fk.Fault.Body != fake.NormalBody && len(journal) > 0 && journal[0].Status != 0 {
		// Any 2xx ends a delete, whatever its body. (A 204 has no body to
		// cut: the fake drops it instead, and the repeat's 404 is success.)
		assert.Equal(t, 1, count(mc.spec), "requests of %s", mc.spec)
		return
	}
	if mc.op != customers.OpCreate {
		assert.Equal(t, 2, count(mc.spec), "requests of %s", mc.spec)
		return
	}
	wantCreates, wantLookups := 2, 1
	switch {
	case fk.Refused:
		wantLookups = 0
	case fk.Applied:
		wantCreates = 1
	}
	assert.Equal(t, wantCreates, count("createCustomer"), "create requests")
	assert.Equal(t, wantLookups, count(lookupOp), "lookup requests")
}

// assertNoLeak scans the cell's log for the API key and the customers' data.
func assertNoLeak(t *testing.T, e *cellEnv, logs string) {
	t.Helper()
	for _, s := range sensitive(e.srv.Credentials, e.sample, e.target) {
		assert.NotContains(t, logs, s, "the log holds a secret or customer data")
	}
}

// sensitive lists what must never reach a log or an error message.
func sensitive(creds fake.Credentials, p *customers.CreateParams, c *customers.Customer) []string {
	var out []string
	add := func(vs ...string) {
		for _, v := range vs {
			if len(v) >= 4 {
				out = append(out, v)
			}
		}
	}
	add(creds.APIKey, creds.MerchantNo, creds.AppID, creds.SyncAccount)
	add(p.Name, p.FirstName, p.LastName, p.Email, p.Phone, strings.TrimPrefix(p.Phone, "+"))
	add(c.Name, c.FirstName, c.LastName, c.Email, c.Phone)
	for _, a := range []*customers.Address{p.Address, p.BillingAddress, c.Address} {
		if a != nil {
			add(a.Line1, a.Line2)
		}
	}
	return out
}

// report logs the cell's outcome in one line, so that
// `go test -v -run Faults ./pkg/customers/... | grep 'fault cell'` prints the
// matrix.
func report(t *testing.T, h Harness, op customers.Operation, fk FaultKind, err error, requests int, waits []time.Duration) {
	outcome := "ok"
	if err != nil {
		outcome = sentinelOf(err)
	}
	t.Logf("fault cell | %s | %s | %s | %s | %d requests | waits %v", h.Provider, op, fk.Name, outcome, requests, waits)
}

func sentinelOf(err error) string {
	for _, k := range []error{customers.ErrOutcomeUnknown, customers.ErrNotFound, customers.ErrUnauthorized,
		customers.ErrInvalidRequest, customers.ErrConflict, customers.ErrRateLimited, customers.ErrUnavailable,
		customers.ErrNotSupported, customers.ErrInvalidResponse, context.Canceled, context.DeadlineExceeded} {
		if errorsIs(err, k) {
			return k.Error()
		}
	}
	return "untyped: " + err.Error()
}
