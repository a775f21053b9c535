package customers

import (
	"context"
	"iter"
)

// Service manages customers at one provider. Every adapter package
// (customers/hitpay, customers/notchpay, customers/soap, customers/useepay)
// implements it; the providers package builds one by name.
//
// Methods that the provider lacks, and fields it cannot store, fail before any
// network call with an error matching ErrNotSupported. Bad input fails before
// any network call with an error matching ErrInvalidRequest.
//
// Every method that calls the provider takes trailing options that apply to
// that call only, over the client's configuration (see Option).
type Service interface {
	// Provider returns the provider's id: "hitpay", "notchpay", "soap" or "useepay".
	Provider() string
	// Capabilities describes what the provider supports.
	Capabilities() Capabilities
	// Create creates a customer.
	Create(ctx context.Context, p *CreateParams, opts ...Option) (*Customer, error)
	// Get retrieves a customer by the provider's id.
	Get(ctx context.Context, id string, opts ...Option) (*Customer, error)
	// Update changes only the fields p sets or clears.
	Update(ctx context.Context, id string, p *UpdateParams, opts ...Option) (*Customer, error)
	// Delete deletes a customer.
	Delete(ctx context.Context, id string, opts ...Option) error
	// List iterates over all customers lazily, one provider page at a time.
	// The iteration stops cleanly on break; an error is yielded once and ends it.
	List(ctx context.Context, p *ListParams, opts ...Option) iter.Seq2[*Customer, error]
}

// Searcher is implemented by providers that can look customers up by
// something other than their id. Check for it with a type assertion:
//
//	if s, ok := svc.(customers.Searcher); ok { … }
//
// Which SearchParams fields a provider honours is in Capabilities().Search;
// setting another one fails with ErrNotSupported.
type Searcher interface {
	Search(ctx context.Context, p *SearchParams, opts ...Option) iter.Seq2[*Customer, error]
}

// Blocker is implemented by providers that can block a customer from paying
// (Notch Pay).
type Blocker interface {
	Block(ctx context.Context, id string, opts ...Option) (*Customer, error)
	Unblock(ctx context.Context, id string, opts ...Option) (*Customer, error)
}

// PaymentLister is implemented by providers that list a customer's saved
// payment methods and past payments (Notch Pay).
type PaymentLister interface {
	ListPaymentMethods(ctx context.Context, customerID string, opts ...Option) ([]PaymentMethod, error)
	ListPayments(ctx context.Context, customerID string, p *PaymentListParams, opts ...Option) iter.Seq2[*Payment, error]
}
