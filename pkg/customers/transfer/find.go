package transfer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
)

// maxScan bounds the search results one lookup reads.
const maxScan = 500

// errNoLookup: the target offers no search to find an earlier copy with.
var errNoLookup = errors.New("the target has no search to find an earlier copy by")

// find looks for an earlier copy of pl at the target: (nil, nil) when the
// search proves there is none.
func (r *runner) find(ctx context.Context, pl plan) (*customers.Customer, error) {
	q, ok := r.criteria(pl)
	if r.search == nil || !ok {
		return nil, &customers.Error{Provider: r.dst.Provider(), Operation: customers.OpSearch,
			Kind: customers.ErrOutcomeUnknown, Message: errNoLookup.Error(),
			Lookup: &customers.Lookup{Search: q}}
	}
	if err := r.pace(ctx); err != nil {
		return nil, err
	}
	scanned := 0
	for c, err := range r.search.Search(ctx, &q) {
		if err != nil {
			return nil, err
		}
		if r.isCopy(c, pl) {
			return c, nil
		}
		if scanned++; scanned == maxScan {
			break
		}
	}
	return nil, nil
}

// criteria picks the most precise search the target honours: the external
// id (carried or the customer's own), else the e-mail, else the phone, else
// free text on the e-mail or the phone's digits.
func (r *runner) criteria(pl plan) (customers.SearchParams, bool) {
	p, can := pl.params, func(f customers.Field) bool { return slices.Contains(r.caps.Search, f) }
	switch {
	case p.ExternalID != "" && can(customers.FieldExternalID):
		return customers.SearchParams{ExternalID: p.ExternalID}, true
	case p.Email != "" && can(customers.FieldEmail):
		return customers.SearchParams{Email: p.Email}, true
	case p.Phone != "" && can(customers.FieldPhone):
		return customers.SearchParams{Phone: p.Phone}, true
	case p.Email != "" && can(customers.FieldQuery):
		return customers.SearchParams{Query: p.Email}, true
	case p.Phone != "" && can(customers.FieldQuery):
		return customers.SearchParams{Query: strings.TrimPrefix(p.Phone, "+")}, true
	}
	return customers.SearchParams{}, false
}

// isCopy reports whether c, found at the target, is pl's copy: it carries
// the source key where the target holds one, and every field sent (as the
// adapters' own create lookup compares them). A target without a carrier
// (HitPay) keeps e-mails unique, so the one customer with every field is it.
func (r *runner) isCopy(c *customers.Customer, pl plan) bool {
	if _, ok := pl.params.Metadata[SourceKey]; ok && c.Metadata[SourceKey] != pl.key {
		return false
	}
	if pl.carriedID && c.ExternalID != pl.key {
		return false
	}
	return adapter.Matches(c, pl.params, time.Time{})
}
