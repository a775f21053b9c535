package transfer

import (
	"context"
	"errors"
	"iter"
	"sync"

	"golang.org/x/time/rate"

	"github.com/multipay/multipay/pkg/customers"
)

// Options control a copy. The zero value copies with DefaultConcurrency
// workers, no rate limit and no ledger.
type Options struct {
	// Ledger records the run so that it can be resumed. It serves one run:
	// open it again (OpenLedger) to resume. nil runs without one (earlier copies are then found only by LookupFirst or a
	// conflict at a target with unique e-mails).
	Ledger *Ledger
	// DropFields are fields the caller accepts to lose: they are left out
	// of every copy, so a customer holding one the target cannot store is
	// copied without it instead of refused. A field the target stores but
	// would refuse as it is (an address without the parts HitPay needs)
	// can be dropped too.
	DropFields []customers.Field
	// DropUnsupported drops every field the target cannot store.
	DropUnsupported bool
	// DryRun sends nothing and writes no ledger: each customer the copy
	// would create is reported as Planned, with what it would drop.
	DryRun bool
	// LookupFirst looks every customer up at the target before creating
	// it, to find copies made by an earlier run whose ledger is lost: one
	// more request per customer.
	LookupFirst bool
	// Concurrency is how many customers are in flight at once (0:
	// DefaultConcurrency). Results come in completion order.
	Concurrency int
	// Rate caps the requests sent to the target per second (0: no cap).
	// 429 answers and Retry-After are handled below, by each call's retry
	// policy.
	Rate float64
	// MaxAttempts bounds the creates of one customer in a run whose outcome
	// stayed unknown (0: 3); each is preceded by a lookup.
	MaxAttempts int
}

// DefaultConcurrency is the number of workers when Options.Concurrency is 0.
const DefaultConcurrency = 8

// Outcome is what happened to one customer.
type Outcome string

// The outcomes.
const (
	Copied  Outcome = "copied"  // created at the target by this run
	Skipped Outcome = "skipped" // already at the target (ledger, or found there)
	Refused Outcome = "refused" // holds fields the target cannot store, or lacks ones it needs
	Failed  Outcome = "failed"  // the target refused or failed; tried again on the next run
	Planned Outcome = "planned" // dry run: would be created
)

// Result is one source customer's outcome. It holds ids, never customer data.
type Result struct {
	Key      string  // "<provider>:<source id>"
	SourceID string  // the source's id
	TargetID string  // the target's id, when known (not for ledger skips)
	Outcome  Outcome //
	// Refused lists fields the target cannot store; Missing those it
	// requires and the customer lacks; Dropped those dropped as asked.
	Refused []customers.Field
	Missing []customers.Field
	Dropped []customers.Field
	// Err is the failure of a Failed customer (a *customers.Error where the
	// facade returned one); Kind names the sentinel it matches.
	Err  error
	Kind string
}

// Run copies everything src yields into dst and returns the tally. The
// error is what ended the run early (the source failing, the context, the
// ledger); the report is valid up to that point.
func Run(ctx context.Context, src Source, dst customers.Service, opts Options) (*Report, error) {
	rep := NewReport(dst.Provider(), opts.DryRun)
	for r, err := range Copy(ctx, src, dst, opts) {
		if err != nil {
			rep.Finish()
			return rep, err
		}
		rep.Add(r)
	}
	rep.Finish()
	return rep, nil
}

// Copy copies the customers src yields into dst, yielding each customer's
// Result as it completes (unordered when Concurrency > 1). An error ends
// the sequence: the source failed, the context ended (the ledger is then
// consistent: resume with the same ledger) or the ledger could not be
// written. Breaking the loop stops the copy the same way.
func Copy(ctx context.Context, src Source, dst customers.Service, opts Options) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		r := newRunner(dst, opts)
		r.cancel = cancel
		results := r.start(ctx, src)
		for res := range results {
			if !yield(res, nil) {
				cancel()
				for range results { // let the workers finish
				}
				return
			}
		}
		if err := r.fatal(ctx); err != nil {
			yield(Result{}, err)
		}
	}
}

type runner struct {
	dst     customers.Service
	search  customers.Searcher // nil: the target cannot be searched
	caps    customers.Capabilities
	opts    Options
	planner planner
	limit   *rate.Limiter // nil: no rate (Options.Rate)

	cancel context.CancelFunc // ends the run's context, on the first error
	mu     sync.Mutex
	err    error // the first error that ends the run
}

func newRunner(dst customers.Service, opts Options) *runner {
	caps := dst.Capabilities()
	r := &runner{dst: dst, caps: caps, opts: opts, planner: newPlanner(caps, opts), limit: newLimiter(opts.Rate)}
	if s, ok := dst.(customers.Searcher); ok && caps.Supports(customers.OpSearch) {
		r.search = s
	}
	if r.opts.Concurrency <= 0 {
		r.opts.Concurrency = DefaultConcurrency
	}
	if r.opts.MaxAttempts <= 0 {
		r.opts.MaxAttempts = 3
	}
	return r
}

// job is one customer handed to a worker, with its ledger state from an
// earlier run.
type job struct {
	c     *customers.Customer
	prior mark
}

// start runs the reader and the workers; the channel closes when all are
// done.
func (r *runner) start(ctx context.Context, src Source) <-chan Result {
	jobs := make(chan job)
	results := make(chan Result, r.opts.Concurrency)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(jobs)
		r.read(ctx, src, jobs, results)
	})
	for range r.opts.Concurrency {
		wg.Go(func() {
			for j := range jobs {
				res, err := r.one(ctx, j)
				if err != nil {
					r.stop(err)
					continue
				}
				results <- res
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// read walks the source, skipping customers the ledger (or this run) has
// seen done, and hands the others to the workers.
func (r *runner) read(ctx context.Context, src Source, jobs chan<- job, results chan<- Result) {
	seen := map[digest]mark{}
	if r.opts.Ledger != nil {
		states, err := r.opts.Ledger.takeStates()
		if err != nil {
			r.stop(err)
			return
		}
		seen = states
	}
	for c, err := range src.Customers(ctx) {
		if err != nil {
			r.stop(err)
			return
		}
		key := keyOf(c)
		d := digestOf(key)
		prior, ok := seen[d]
		if ok && (prior == markDone || prior == markSeen) {
			select {
			case results <- Result{Key: key, SourceID: c.ID, Outcome: Skipped}:
			case <-ctx.Done():
				return
			}
			continue
		}
		seen[d] = markSeen
		select {
		case jobs <- job{c: c, prior: prior}:
		case <-ctx.Done():
			return
		}
	}
}

// stop ends the run with err: the reader and the workers see the context
// end and stop taking customers.
func (r *runner) stop(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// fatal is the error that ended the run, if any: the context's when it
// ended first.
func (r *runner) fatal(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	return ctx.Err()
}

// one copies one customer. Its error ends the run (context, ledger);
// everything else is the Result.
func (r *runner) one(ctx context.Context, j job) (Result, error) {
	pl := r.planner.plan(j.c)
	res := Result{Key: pl.key, SourceID: j.c.ID, Dropped: pl.dropped}
	led := r.opts.Ledger
	if !pl.ok() {
		res.Outcome, res.Refused, res.Missing = Refused, pl.refused, pl.missing
		if led != nil && !r.opts.DryRun {
			return res, led.refused(pl.key, append(pl.refused, pl.missing...))
		}
		return res, nil
	}
	if r.opts.DryRun {
		res.Outcome = Planned
		return res, nil
	}
	// unsure: a create of this customer may have taken effect unseen (an
	// earlier run's started entry, or this run's create with an unknown
	// outcome) until a lookup proves otherwise. A failure then is recorded
	// as an unknown outcome, so that the next run looks before creating.
	unsure := j.prior == markStarted
	lookFirst := unsure || r.opts.LookupFirst
	for attempt := 1; ; attempt++ {
		if lookFirst {
			found, err := r.find(ctx, pl)
			if err != nil {
				return r.failed(ctx, res, err, unsure)
			}
			if found != nil {
				return r.done(res, Skipped, found.ID)
			}
			unsure = false
		}
		if led != nil {
			if err := led.started(pl.key); err != nil {
				return res, err
			}
		}
		if err := r.pace(ctx); err != nil {
			return res, err
		}
		c, err := r.dst.Create(ctx, pl.params)
		switch {
		case err == nil:
			return r.done(res, Copied, c.ID)
		case errors.Is(err, customers.ErrConflict) && r.search != nil:
			// A target with unique e-mails (or external ids) holds one
			// already: the copy if every field matches.
			found, ferr := r.find(ctx, pl)
			if ferr == nil && found != nil {
				return r.done(res, Skipped, found.ID)
			}
		case errors.Is(err, customers.ErrOutcomeUnknown):
			if attempt < r.opts.MaxAttempts && ctx.Err() == nil {
				lookFirst = true
				continue
			}
			unsure = true
		}
		// Any other failure of a create means it took no effect: the
		// adapters reconcile lost answers and report ErrOutcomeUnknown
		// when they cannot tell.
		return r.failed(ctx, res, err, unsure)
	}
}

func (r *runner) done(res Result, o Outcome, id string) (Result, error) {
	res.Outcome, res.TargetID = o, id
	if r.opts.Ledger != nil {
		return res, r.opts.Ledger.done(res.Key, id)
	}
	return res, nil
}

// failed records a failed customer; a context that ended is the run's end,
// not the customer's failure (its "started" entry stays for the resume).
// unsure marks an error whose create may have taken effect: it is
// recorded, and reported, as ErrOutcomeUnknown.
func (r *runner) failed(ctx context.Context, res Result, err error, unsure bool) (Result, error) {
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if unsure && !errors.Is(err, customers.ErrOutcomeUnknown) {
		err = &customers.Error{Provider: r.dst.Provider(), Operation: customers.OpCreate, Kind: customers.ErrOutcomeUnknown,
			Message: "an earlier create may have taken effect and the lookup failed", Err: err}
	}
	res.Outcome, res.Err, res.Kind = Failed, err, kindOf(err)
	if r.opts.Ledger != nil {
		return res, r.opts.Ledger.failed(res.Key, err)
	}
	return res, nil
}

// sentinels are the facade's error kinds, in match order.
var sentinels = []error{customers.ErrOutcomeUnknown, customers.ErrNotFound, customers.ErrUnauthorized,
	customers.ErrInvalidRequest, customers.ErrConflict, customers.ErrRateLimited, customers.ErrUnavailable,
	customers.ErrNotSupported, customers.ErrInvalidResponse, context.DeadlineExceeded, context.Canceled}

// kindOf names the sentinel err matches ("" for none).
func kindOf(err error) string {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return "other"
}

// newLimiter paces requests at most rate a second, one at a time (burst 1);
// nil for no rate.
func newLimiter(r float64) *rate.Limiter {
	if r <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(r), 1)
}

// pace waits for the next request's turn under Options.Rate.
func (r *runner) pace(ctx context.Context) error {
	if r.limit == nil {
		return nil
	}
	return r.limit.Wait(ctx)
}
