package adapter

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Page is one page of a provider's list.
type Page[T any] struct {
	Items []T
	// Next is the cursor or page number of the next page; More says whether
	// there is one.
	Next string
	More bool
}

// Walk describes one paged listing for Iterate.
type Walk[T any] struct {
	Provider string
	Op       customers.Operation
	// ID identifies an item: a provider that serves the same page again (it
	// ignores the page parameter, say) is caught by its first item's ID.
	ID func(T) string
	// First is the cursor (or page number) of the first page.
	First string
	// MaxPages bounds the walk; 0 means DefaultMaxPages.
	MaxPages int
}

// DefaultMaxPages bounds every listing, so a provider that keeps saying
// "more" cannot keep a caller looping for ever.
const DefaultMaxPages = 100_000

// CustomerID identifies a customer for Walk.ID.
func CustomerID(c *customers.Customer) string { return c.ID }

// PaymentID identifies a payment for Walk.ID.
func PaymentID(p *customers.Payment) string { return p.ID }

// Iterate turns a page fetcher into a lazy iterator: one request per page,
// only when the caller reaches it; a break stops it without another request;
// an error (a cancelled context included) is yielded once and ends it. A
// provider that repeats a page or pages without end fails the walk with
// customers.ErrInvalidResponse instead of looping.
//
// Each item is yielded at most once per page boundary: offset paging
// newest-first shifts items onto the next page when customers are created
// mid-walk, so items already yielded by the previous page are skipped. Memory
// stays bounded by one page of ids and a fixed-size cycle guard, however many
// pages are read.
func Iterate[T any](ctx context.Context, w Walk[T], fetch func(ctx context.Context, cursor string) (Page[T], error)) iter.Seq2[T, error] {
	maxPages := w.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return func(yield func(T, error) bool) {
		var zero T
		cursor, previousFirst := w.First, ""
		guard := newCycleGuard(cursor)
		var previous map[string]struct{} // ids of the previous page
		for pages := 0; ; pages++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if pages == maxPages {
				yield(zero, w.broken(fmt.Sprintf("still more after %d pages", maxPages)))
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(page.Items) > 0 {
				first := w.ID(page.Items[0])
				if first != "" && first == previousFirst {
					yield(zero, w.broken("the provider served the same page twice (page "+strconv.Quote(cursor)+")"))
					return
				}
				previousFirst = first
			}
			var current map[string]struct{} // this page's ids, for the next page: none after the last
			if page.More {
				current = make(map[string]struct{}, len(page.Items))
			}
			for _, item := range page.Items {
				id := w.ID(item)
				if id == "" { // as Get treats {}: an item without an id names nothing
					yield(zero, w.broken("a listed item has no id"))
					return
				}
				if _, dup := previous[id]; dup && id != "" {
					continue // shifted here from the previous page by a create
				}
				if current != nil {
					current[id] = struct{}{}
				}
				if !yield(item, nil) {
					return
				}
			}
			previous = current
			// A provider that says "more" but serves an empty page has run
			// out (deletions between pages can do that): stop.
			if !page.More || len(page.Items) == 0 {
				return
			}
			if guard.seen(page.Next) {
				yield(zero, w.broken("the provider's next page ("+strconv.Quote(page.Next)+") was already read: its paging cycles"))
				return
			}
			cursor = page.Next
		}
	}
}

// Pages is the page fetcher of Iterate for one paged operation: each page
// is one call (retried as call's policy says) of the request that request
// builds for the cursor, parsed by parse once the page is seen to hold at
// most max items under each of keys (listed). read turns attempt a's typed
// answer to the cursor's request into a page, or into a.ResponseError when
// it holds none. keys is kept, not copied: pass a package-level slice.
func Pages[R, T any](call backend.Call, request func(cursor string) backend.Request, parse func(*http.Response) (R, error),
	max int, keys []string, read func(a *backend.Attempt, cursor string, r R) (Page[T], error)) func(context.Context, string) (Page[T], error) {
	p := &pager[R, T]{call: call, request: request, parse: parse, max: max, keys: keys, read: read}
	return p.page
}

// pager holds what Pages was given: one allocation a listing.
type pager[R, T any] struct {
	call    backend.Call
	request func(cursor string) backend.Request
	parse   func(*http.Response) (R, error)
	max     int
	keys    []string
	read    func(a *backend.Attempt, cursor string, r R) (Page[T], error)
}

func (p *pager[R, T]) page(ctx context.Context, cursor string) (Page[T], error) {
	build := p.request(cursor)
	return backend.Retry(ctx, p.call, func(ctx context.Context, a *backend.Attempt) (Page[T], error) {
		r, err := backend.Send(ctx, a, build, p.listed)
		if err != nil {
			return Page[T]{}, err
		}
		return p.read(a, cursor, r)
	})
}

// listed refuses a page holding more than max items under any of keys
// before it is decoded, so a hostile page (8 MiB of {} is 2.8 million
// items) costs a scan of its bytes, not a decoded value per item. The error
// makes the page customers.ErrInvalidResponse.
func (p *pager[R, T]) listed(rsp *http.Response) (R, error) {
	if b, ok := rsp.Body.(interface{ Bytes() []byte }); ok {
		if key, n := longestList(b.Bytes(), p.keys); n > p.max {
			var zero R
			return zero, fmt.Errorf("the page holds %d items under %q, more than the %d asked for", n, key, p.max)
		}
	}
	return p.parse(rsp)
}

// cycleGuard detects a cursor sequence that repeats, in constant memory: the
// last few cursors catch short cycles at once, and Brent's algorithm (one
// saved cursor, moved at powers of two) catches a cycle of any length within
// twice its length.
type cycleGuard struct {
	recent     [8]string
	n          int
	saved      string
	power, lam int
}

func newCycleGuard(first string) cycleGuard {
	g := cycleGuard{saved: first, power: 1}
	g.remember(first)
	return g
}

func (g *cycleGuard) remember(c string) {
	g.recent[g.n%len(g.recent)] = c
	g.n++
}

// seen records cursor c and reports whether the walk has been there before.
func (g *cycleGuard) seen(c string) bool {
	for i := range min(g.n, len(g.recent)) {
		if g.recent[i] == c {
			return true
		}
	}
	g.remember(c)
	g.lam++
	if c == g.saved {
		return true
	}
	if g.lam == g.power {
		g.saved, g.power, g.lam = c, g.power*2, 0
	}
	return false
}

func (w Walk[T]) broken(msg string) error {
	return &customers.Error{Provider: w.Provider, Operation: w.Op, Kind: customers.ErrInvalidResponse, Message: msg}
}

// Fail returns an iterator that yields err once.
func Fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// PageSize returns the page size to ask the provider for: def when none was
// requested (0), the request itself when the provider serves it. A negative
// size, or one above the provider's maximum (limit, 0 for none), is refused
// with ErrInvalidRequest on PageSize rather than changed silently: the caller
// would otherwise get pages of another size than it asked for.
func PageSize(provider string, op customers.Operation, requested, def, limit int) (int, error) {
	switch {
	case requested == 0:
		return def, nil
	case requested < 0:
		return 0, Refuse(provider, op, "PageSize", "must not be negative (0 asks for the provider's default)")
	case limit > 0 && requested > limit:
		return 0, Refuse(provider, op, "PageSize", fmt.Sprintf("must be at most %d at %s", limit, provider))
	default:
		return requested, nil
	}
}

// BaseURL picks the server: an explicit base URL wins, then the
// environment. An environment other than Live or Sandbox is an error rather
// than a silent fall back to live traffic.
func BaseURL(provider string, cfg customers.Config, live, sandbox string) (string, error) {
	switch {
	case cfg.BaseURL != "":
		return cfg.BaseURL, nil
	case cfg.Environment == customers.Sandbox:
		return sandbox, nil
	case cfg.Environment == customers.Live || cfg.Environment == "":
		return live, nil
	default:
		return "", fmt.Errorf("%s: unknown environment %q (use customers.Live or customers.Sandbox)", provider, cfg.Environment)
	}
}
