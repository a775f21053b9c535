// Package soap is the customers.Service adapter for Soap (paywithsoap.com),
// over the client generated from specs/soap.yaml.
//
// Soap documents create, update and search only: Get, Delete and List fail with
// customers.ErrNotSupported before any request. Read a customer back with
// Search (by e-mail and/or phone).
//
// Mapping (facade → Soap):
//
//	FirstName   → first_name (required on create)
//	LastName    → last_name (required on create)
//	Email       → email (required on create; unique per merchant)
//	Phone       → phone_number: only North American numbers (+1 and ten digits,
//	              any that libphonenumber calls possible, Soap's own examples
//	              123-456-7890 and 555-123-4567 included); Soap stores the ten
//	              digits, read back as +1XXXXXXXXXX (ten digits that make no
//	              possible number, "0000000000", read back as stored). Ten
//	              digits without "+", Soap's stored form, are sent unchanged
//	              (Create, Update, Search), so every phone read back is
//	              accepted back
//	BirthDate   → date_of_birth (YYYY-MM-DD)
//	ExternalID  → internal_id (create only: Soap rejects it on update)
//	Name        ← first_name + " " + last_name (read only; a full name is never split)
//	all other fields: not supported (no address, metadata, company, gender, …)
//
// Lengths (spec maxLength, Soap documents none; longer is refused before
// sending): FirstName and LastName 255, Email 254 and 64 before the @ (RFC
// 5321), ExternalID 128, the id 64.
//
// Soap documents no way to clear a field, so Update refuses Clear.
//
// Retries and reconcile: calls are repeated as customers.RetryPolicy says.
// When a create's answer is lost (connection lost after sending, 5xx, an
// unreadable 2xx), the customer is looked up with Soap's search by the e-mail
// and phone sent (both unique at Soap) and taken as the call's result when
// every field the search result carries equals what was sent (the search
// returns no birth date) and it was created no earlier than a minute before
// the call; otherwise the create is repeated, and a lookup that fails too
// ends the call with customers.ErrOutcomeUnknown. The rule is create-or-get:
// Soap holds one customer per e-mail and phone, so when an identical create
// made at the same time by another caller (a twin) is the one that took
// effect, the call whose answer was lost returns that customer, which
// carries every field it asked for (the twin whose answer arrives gets
// customers.ErrConflict, as Soap answers it).
package soap

import (
	"context"
	"iter"
	"net/http"
	"regexp"

	gen "github.com/multipay/multipay/gen/soap"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Provider is this adapter's provider id.
const Provider = "soap"

// maxSearchResults bounds one search answer: Soap keeps e-mails and phones
// unique, so a search by them finds at most a few customers, and an answer
// with more than this is refused (customers.ErrInvalidResponse) before it
// is decoded.
const maxSearchResults = 100

// Client is the Soap adapter. It is safe for concurrent use.
type Client struct {
	b   *adapter.Conn
	gen *gen.Client
}

var (
	_ customers.Service  = (*Client)(nil)
	_ customers.Searcher = (*Client)(nil)
)

// New returns a Soap adapter authenticating with apiKey, sent as
// "Authorization: Bearer <apiKey>".
func New(apiKey string, opts ...customers.Option) (*Client, error) {
	if err := adapter.RequireCredentials(Provider, adapter.Credential{Name: "APIKey", Value: apiKey}); err != nil {
		return nil, err
	}
	b, c, err := adapter.Connect(backend.Options{
		Provider:    Provider,
		Config:      customers.NewConfig(opts...),
		Credentials: http.Header{"Authorization": {"Bearer " + apiKey}},
		Secrets:     []string{apiKey},
		DecodeError: decodeError,
		FieldNames:  fieldNames,
		Routes:      adapter.Routes(capabilities.Operations, map[customers.Operation]string{customers.OpSearch: "searchCustomers"}),
	}, capabilities, idPattern, gen.ServerUrlLive, gen.ServerUrlSandbox, gen.NewClient, gen.WithHTTPClient)
	if err != nil {
		return nil, err
	}
	return &Client{b: b, gen: c}, nil
}

// Generated returns the generated client, for anything the facade does not
// model. Its requests go through the same credentials and checks.
func (c *Client) Generated() *gen.Client { return c.gen }

// Provider returns "soap".
func (c *Client) Provider() string { return Provider }

var capabilities = customers.Capabilities{
	Operations: []customers.Operation{customers.OpCreate, customers.OpSearch, customers.OpUpdate},
	Create: []customers.Field{customers.FieldBirthDate, customers.FieldEmail, customers.FieldExternalID,
		customers.FieldFirstName, customers.FieldLastName, customers.FieldPhone},
	Required: []customers.Field{customers.FieldEmail, customers.FieldFirstName, customers.FieldLastName},
	Update: []customers.Field{customers.FieldBirthDate, customers.FieldEmail, customers.FieldFirstName,
		customers.FieldLastName, customers.FieldPhone},
	Search: []customers.Field{customers.FieldEmail, customers.FieldPhone},
}

// Capabilities describes what Soap supports.
func (c *Client) Capabilities() customers.Capabilities { return capabilities.Clone() }

// Create calls POST /api/v1/customers.
func (c *Client) Create(ctx context.Context, p *customers.CreateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Create(ctx, c.b, p, opts, false, createBody, lookupFor, c.Search,
		func(body gen.CreateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewCreateCustomerRequest(c.gen.Server, body)
		},
		gen.ParseCreateCustomerResponse,
		func(r *gen.CreateCustomerResponse) *customers.Customer {
			return customerOf(r.Body, r.JSON201, r.JSON200)
		})
}

// lookupFor is how a create's customer is found again: Soap's search by the
// e-mail and phone sent (both unique at Soap).
func lookupFor(p *customers.CreateParams) customers.Lookup {
	return adapter.NewLookup(customers.SearchParams{Email: p.Email, Phone: p.Phone})
}

// Get is not offered by Soap.
func (c *Client) Get(context.Context, string, ...customers.Option) (*customers.Customer, error) {
	return nil, customers.NotSupported(Provider, customers.OpGet)
}

// idPattern is the spec's pattern for customer ids: an id of another
// shape names no Soap customer.
var idPattern = regexp.MustCompile(`^cus_[A-Za-z0-9]+$`)

// Update calls PATCH /api/v1/customers/{id}.
func (c *Client) Update(ctx context.Context, id string, p *customers.UpdateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Update(ctx, c.b, id, p, opts, updateBody,
		func(body gen.UpdateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewUpdateCustomerRequest(c.gen.Server, id, body)
		},
		gen.ParseUpdateCustomerResponse,
		func(r *gen.UpdateCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON200) })
}

// Delete is not offered by Soap.
func (c *Client) Delete(context.Context, string, ...customers.Option) error {
	return customers.NotSupported(Provider, customers.OpDelete)
}

// List is not offered by Soap; use Search.
func (c *Client) List(context.Context, *customers.ListParams, ...customers.Option) iter.Seq2[*customers.Customer, error] {
	return adapter.Fail[*customers.Customer](customers.NotSupported(Provider, customers.OpList))
}

// Search calls GET /api/v1/customers/search with email and/or phone_number
// (both must match when both are set). Soap answers every match at once
// (at most maxSearchResults).
func (c *Client) Search(ctx context.Context, p *customers.SearchParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	if err := adapter.CheckSearch(Provider, capabilities, p); err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	// One allocation for the parameters and the values they point at: the
	// search runs when iterated, after the caller may reuse p.
	q := &struct {
		params        gen.SearchCustomersParams
		email, digits string
	}{email: p.Email}
	params := &q.params
	if p.Email != "" {
		params.Email = &q.email
	}
	if p.Phone != "" {
		digits, err := nanp(customers.OpSearch, p.Phone)
		if err != nil {
			return adapter.Fail[*customers.Customer](err)
		}
		q.digits = digits
		params.PhoneNumber = &q.digits
	}
	request := func(string) backend.Request {
		return func() (*http.Request, error) { return gen.NewSearchCustomersRequest(c.gen.Server, params) }
	}
	read := func(a *backend.Attempt, _ string, r *gen.SearchCustomersResponse) (page adapter.Page[*customers.Customer], err error) {
		if r.JSON200 == nil {
			return page, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		return adapter.Page[*customers.Customer]{Items: adapter.Items(r.Body, "results", r.JSON200.Results, toCustomer)}, nil
	}
	return adapter.Iterate(ctx, adapter.Walk[*customers.Customer]{Provider: Provider, Op: customers.OpSearch, ID: adapter.CustomerID},
		adapter.Pages(c.b.Call(customers.OpSearch, opts), request, gen.ParseSearchCustomersResponse, maxSearchResults, searchKeys, read))
}

// searchKeys are the keys a page's items come under (adapter.Pages keeps the slice).
var searchKeys = []string{"results"}
