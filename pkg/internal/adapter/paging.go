package adapter

import (
	"context"
	"iter"
)

// Page is one page of a provider's list.
type Page[T any] struct {
	Items []T
	// Next is the cursor or page number of the next page; More says whether
	// there is one.
	Next string
	More bool
}

// Iterate turns a page fetcher into a lazy iterator: one request per page,
// only when the caller reaches it; a break stops it without another request;
// an error (a cancelled context included) is yielded once and ends it.
func Iterate[T any](ctx context.Context, first string, fetch func(ctx context.Context, cursor string) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := first
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			// A provider that says "more" but serves an empty page, or the
			// same cursor again, would loop for ever: stop.
			if !page.More || len(page.Items) == 0 || page.Next == cursor {
				return
			}
			cursor = page.Next
		}
	}
}

// Fail returns an iterator that yields err once.
func Fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// PageSize clamps a requested page size to the provider's range.
func PageSize(requested, def, limit int) int {
	switch {
	case requested <= 0:
		return def
	case limit > 0 && requested > limit:
		return limit
	default:
		return requested
	}
}

// BaseURL picks the server: an explicit base URL wins, then the environment.
func BaseURL(explicit string, env string, live, sandbox string) string {
	switch {
	case explicit != "":
		return explicit
	case env == "sandbox":
		return sandbox
	default:
		return live
	}
}
