package adapter

import (
	"context"
	"iter"
	"strings"
	"time"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// ClockSkew is how much earlier than the call's start a provider's
// created_at may be and still name the customer the call created: the
// provider's clock and ours differ. Customers older than that are never
// taken as ours, however well they match (Notch Pay allows duplicates).
const ClockSkew = time.Minute

// maxReconcileScan bounds how many search results a reconcile reads: a
// lookup by e-mail, phone or external id finds a handful.
const maxReconcileScan = 500

// NewLookup returns what a caller needs to look up, later, a customer whose
// create has an unknown outcome: the search q and the call's start.
func NewLookup(q customers.SearchParams) customers.Lookup {
	return customers.Lookup{Search: q, CreatedAfter: time.Now().Add(-ClockSkew)}
}

// Search is an adapter's Search method (customers.Searcher).
type Search func(context.Context, *customers.SearchParams, ...customers.Option) iter.Seq2[*customers.Customer, error]

// Reconcile returns the lookup of backend.Create: it runs search with
// l.Search and the create's call options, and returns the first customer
// that carries every field p set, was created at or after l.CreatedAfter
// and, when marker is not empty, holds that marker in its metadata (the
// twin of a concurrent identical create holds another); (nil, nil) when the
// search ends without one.
//
// Without a marker the rule is create-or-get: the providers that use it
// (HitPay, Soap, UseePay) keep a key unique, so the one customer with every
// field sent is the customer the call asked for, whichever identical call
// made it.
func Reconcile(search Search, l customers.Lookup, p *customers.CreateParams, marker Marker, opts []customers.Option) backend.Reconcile {
	return func(ctx context.Context) (*customers.Customer, error) {
		q := l.Search
		scanned := 0
		for c, err := range search(ctx, &q, opts...) {
			if err != nil {
				return nil, err
			}
			if Matches(c, p, l.CreatedAfter) && marker.carriedBy(c.Raw) {
				return c, nil
			}
			if scanned++; scanned == maxReconcileScan {
				break
			}
		}
		return nil, nil
	}
}

// Matches reports whether c carries every field p set and was created at or
// after since (a customer without a creation time passes that test). A field
// the lookup's answer leaves empty cannot be compared and is skipped (Soap's
// search results carry no birth date); every field it carries must equal
// what was sent. Values compare as the providers store them: e-mails and
// countries without regard to case, phones by their digits (a provider may
// return national digits).
func Matches(c *customers.Customer, p *customers.CreateParams, since time.Time) bool {
	if !c.CreatedAt.IsZero() && c.CreatedAt.Before(since) {
		return false
	}
	return same(p.Name, c.Name) && same(p.FirstName, c.FirstName) && same(p.LastName, c.LastName) &&
		sameFold(p.Email, c.Email) && samePhone(p.Phone, c.Phone) &&
		(p.BirthDate.IsZero() || c.BirthDate.IsZero() || p.BirthDate == c.BirthDate) &&
		same(p.Gender, c.Gender) && same(p.Company, c.Company) && same(p.Description, c.Description) &&
		same(p.ExternalID, c.ExternalID) &&
		sameAddress(p.Address, c.Address) && sameAddress(p.BillingAddress, c.BillingAddress) &&
		sameShipping(p.Shipping, c.Shipping) && sameMetadata(p.Metadata, c.Metadata)
}

// same compares a sent value with the one read back; either side empty
// means there is nothing to compare.
func same(sent, got string) bool {
	return sent == "" || got == "" || strings.TrimSpace(sent) == strings.TrimSpace(got)
}

func sameFold(sent, got string) bool {
	return sent == "" || got == "" || strings.EqualFold(strings.TrimSpace(sent), strings.TrimSpace(got))
}

// samePhone compares digits: the stored number may come back in national
// form, so it matches when the sent digits end with it.
func samePhone(sent, got string) bool {
	s, g := phone.Digits(sent), phone.Digits(got)
	return s == "" || g == "" || s == g || len(g) >= 6 && strings.HasSuffix(s, g)
}

func sameAddress(sent, got *customers.Address) bool {
	if sent == nil || sent.IsZero() {
		return true
	}
	if got == nil {
		return false
	}
	same := func(s, g string) bool {
		return s == "" || strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(g))
	}
	return same(sent.Line1, got.Line1) && same(sent.Line2, got.Line2) && same(sent.City, got.City) &&
		same(sent.State, got.State) && same(sent.PostalCode, got.PostalCode) && same(sent.Country, got.Country)
}

func sameShipping(sent, got *customers.Shipping) bool {
	if sent == nil || got == nil {
		return true
	}
	return same(sent.Name, got.Name) && same(sent.FirstName, got.FirstName) && same(sent.LastName, got.LastName) &&
		samePhone(sent.Phone, got.Phone) && sameAddress(sent.Address, got.Address)
}

func sameMetadata(sent, got map[string]string) bool {
	if len(got) == 0 {
		return true
	}
	for k, v := range sent {
		if g, ok := got[k]; !ok || g != v {
			return false
		}
	}
	return true
}
