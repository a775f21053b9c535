package adapter

import (
	"context"
	"fmt"
	"net/http"
	"regexp"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Conn is an adapter's connection: the backend its calls go through, and
// what the shared checks need to know of its provider.
type Conn struct {
	*backend.Backend
	Provider string
	Caps     customers.Capabilities
	IDs      *regexp.Regexp // the spec's pattern of customer ids (CheckID)
}

// Connect builds what every adapter needs: its Conn for o (with the
// provider's spec preflight; routes from caps unless o names them) and the
// generated client (newClient, sending through the backend with withDoer)
// on the server that o.Config selects.
func Connect[C any, O any, D any](o backend.Options, caps customers.Capabilities, ids *regexp.Regexp, live, sandbox string,
	newClient func(server string, opts ...O) (*C, error), withDoer func(D) O) (*Conn, *C, error) {
	base, err := BaseURL(o.Provider, o.Config, live, sandbox)
	if err != nil {
		return nil, nil, err
	}
	if err := backend.CheckBaseURL(o.Provider, base, o.Config.InsecurePlaintextHTTP); err != nil {
		return nil, nil, err
	}
	if err := backend.CheckHTTPClient(o.Provider, o.Config.HTTPClient); err != nil {
		return nil, nil, err
	}
	if o.Preflight == nil {
		o.Preflight = backend.PreflightFor(o.Provider)
	}
	if o.Routes == nil {
		o.Routes = Routes(caps.Operations, nil)
	}
	for op, ids := range o.Routes { // a typo here would refuse every call of op
		for _, id := range ids {
			if !o.Preflight.HasOperation(id) {
				return nil, nil, fmt.Errorf("%s: route of %s names %q, which the spec does not have", o.Provider, op, id)
			}
		}
	}
	conn := &Conn{Backend: backend.New(o), Provider: o.Provider, Caps: caps, IDs: ids}
	c, err := newClient(base, withDoer(any(conn.Backend).(D)))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.Provider, err)
	}
	return conn, c, nil
}

// Routes is backend.Options.Routes for a provider offering ops: each
// reaches the spec operation of the same job (every spec names them
// alike), or the one named in other.
func Routes(ops []customers.Operation, other map[customers.Operation]string) map[customers.Operation][]string {
	out := make(map[customers.Operation][]string, len(ops))
	for _, op := range ops {
		id, ok := other[op]
		if !ok {
			id = operationIDs[op]
		}
		out[op] = []string{id}
	}
	return out
}

// operationIDs are the specs' operationIds of the facade operations.
var operationIDs = map[customers.Operation]string{
	customers.OpCreate: "createCustomer", customers.OpGet: "getCustomer", customers.OpUpdate: "updateCustomer",
	customers.OpDelete: "deleteCustomer", customers.OpList: "listCustomers", customers.OpSearch: "listCustomers",
	customers.OpBlock: "blockCustomer", customers.OpUnblock: "unblockCustomer",
	customers.OpListPaymentMethods: "listCustomerPaymentMethods", customers.OpListPayments: "listCustomerPayments",
}

// One makes op, which answers one customer, on the customer id: the id is
// checked first (CheckID), then the request build makes is sent as the
// call's retry policy says, parsed by parse, and its customer read by pick.
func One[R any](ctx context.Context, c *Conn, op customers.Operation, id string, opts []customers.Option,
	build backend.Request, parse func(*http.Response) (R, error), pick func(R) *customers.Customer) (*customers.Customer, error) {
	if err := CheckID(c.Provider, op, id, c.IDs); err != nil {
		return nil, err
	}
	return backend.Retry(ctx, c.Call(op, opts), backend.One(build, parse, pick))
}

// Update makes an update of the customer id: u is checked against the
// capabilities (CheckUpdate), then the id (CheckID), then body converts u,
// all before anything is sent; each attempt sends request of that body.
func Update[B, R any](ctx context.Context, c *Conn, id string, u *customers.UpdateParams, opts []customers.Option,
	body func(*customers.UpdateParams) (B, error), request func(B) (*http.Request, error),
	parse func(*http.Response) (R, error), pick func(R) *customers.Customer) (*customers.Customer, error) {
	if err := CheckUpdate(c.Provider, c.Caps, u); err != nil {
		return nil, err
	}
	if err := CheckID(c.Provider, customers.OpUpdate, id, c.IDs); err != nil {
		return nil, err
	}
	w, err := body(u)
	if err != nil {
		return nil, err
	}
	return backend.Retry(ctx, c.Call(customers.OpUpdate, opts), backend.One(func() (*http.Request, error) { return request(w) }, parse, pick))
}

// Create makes a create of p: p is checked against the capabilities
// (CheckCreate) and, when marked, given a fresh Marker, then body converts
// it, all before anything is sent; each attempt sends request of that body.
// A lost answer is reconciled by search with lookupFor's lookup (Reconcile).
func Create[B, R any](ctx context.Context, c *Conn, p *customers.CreateParams, opts []customers.Option, marked bool,
	body func(*customers.CreateParams) (B, error), lookupFor func(*customers.CreateParams) customers.Lookup, search Search,
	request func(B) (*http.Request, error), parse func(*http.Response) (R, error), pick func(R) *customers.Customer) (*customers.Customer, error) {
	if err := CheckCreate(c.Provider, c.Caps, p); err != nil {
		return nil, err
	}
	sent, marker := p, Marker("")
	if marked {
		marker = NewMarker()
		var err error
		if sent, err = marker.Mark(c.Provider, p); err != nil {
			return nil, err
		}
	}
	w, err := body(sent)
	if err != nil {
		return nil, err
	}
	lookup := lookupFor(p)
	return backend.Create(ctx, c.Call(customers.OpCreate, opts), backend.One(func() (*http.Request, error) { return request(w) }, parse, pick),
		Reconcile(search, lookup, p, marker, opts), lookup)
}
