// Package hitpay is the customers.Service adapter for HitPay (hitpayapp.com),
// over the client generated from specs/hitpay.yaml.
//
// HitPay offers create, get, update, delete and list, and a free-text search
// (Searcher, through the list's keywords filter). Lists and searches page
// with HitPay's cursor (meta.next_cursor), one request per page.
//
// Mapping (facade → HitPay):
//
//	Name        → name (a full name; never split into first and last)
//	Email       → email (required on create; unique per business: a duplicate
//	              alone is customers.ErrConflict, next to other invalid
//	              fields customers.ErrInvalidRequest)
//	Phone       → phone_number + phone_number_country_code (required on
//	              create): "+6591234567" is sent as "91234567" and "65"; read
//	              back as E.164, or as the stored digits when HitPay holds no
//	              usable country code. HitPay takes national numbers of 8 to 15
//	              digits; other numbers are refused before sending. A phone
//	              without "+" of 8 to 15 digits (HitPay's stored form, as
//	              read back) is sent as phone_number alone: no country code
//	              is sent (the spec does not require one), so an Update
//	              keeps the stored one and a Create stores none.
//	BirthDate   → birth_date (YYYY-MM-DD; read back from a date or a timestamp)
//	Gender      → gender (sent as given: HitPay documents free text, with
//	              no list of values; its 2022 backend accepted only "male"
//	              and "female", so an account may still answer 422 for others)
//	Description → remark
//	Address     → address: Line1 → street, City → city, State → state,
//	              PostalCode → postal_code, Country → country (two letters,
//	              read back in upper case). When an address is set, Line1,
//	              City, State and PostalCode are all required (repeat the city
//	              as the state where there is none, as in Singapore).
//	Address.Line2: not supported (HitPay's address has no second line)
//	all other fields: not supported (first/last name, company, external id,
//	billing address, shipping, metadata)
//
// Lengths (spec maxLength; longer is refused before sending): Name, Email,
// Gender, Description, every Address part and a search Query 255 (HitPay's
// remark limit and its backend's columns); e-mails also RFC 5321's (254, 64
// before the @); the id is a UUID.
//
// Update can clear Name, BirthDate, Gender, Description and Address (sent as
// null). Email and Phone can be changed but not cleared. An Address update
// replaces the whole address.
//
// Retries and reconcile: calls are repeated as customers.RetryPolicy says.
// When a create's answer is lost (connection lost after sending, 5xx, an
// unreadable 2xx), the customer is looked up with the keywords search on the
// e-mail sent (HitPay requires one and keeps it unique per business) and
// taken as the call's result when every field the answer carries equals what
// was sent and it was created no earlier than a minute before the call;
// otherwise the create is repeated, and a lookup that fails too ends the
// call with customers.ErrOutcomeUnknown. The rule is create-or-get: HitPay
// holds one customer per e-mail, so when an identical create made at the
// same time by another caller (a twin) is the one that took effect, the
// call whose answer was lost returns that customer, which carries every
// field it asked for (the twin whose answer arrives gets
// customers.ErrConflict, as HitPay answers it).
package hitpay

import (
	"context"
	"iter"
	"net/http"
	"regexp"

	gen "github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Provider is this adapter's provider id.
const Provider = "hitpay"

// DefaultPageSize is the page size List and Search ask for when none is
// given: HitPay's own default.
const DefaultPageSize = 10

// Client is the HitPay adapter. It is safe for concurrent use.
type Client struct {
	b   *adapter.Conn
	gen *gen.Client
}

var (
	_ customers.Service  = (*Client)(nil)
	_ customers.Searcher = (*Client)(nil)
)

// New returns a HitPay adapter authenticating with the business API key,
// sent as "X-BUSINESS-API-KEY: <apiKey>".
func New(apiKey string, opts ...customers.Option) (*Client, error) {
	if err := adapter.RequireCredentials(Provider, adapter.Credential{Name: "APIKey", Value: apiKey}); err != nil {
		return nil, err
	}
	b, c, err := adapter.Connect(backend.Options{
		Provider:    Provider,
		Config:      customers.NewConfig(opts...),
		Credentials: http.Header{"X-Business-Api-Key": {apiKey}},
		Secrets:     []string{apiKey},
		DecodeError: decodeError,
		FieldNames:  fieldNames,
	}, capabilities, idPattern, gen.ServerUrlLive, gen.ServerUrlSandbox, gen.NewClient, gen.WithHTTPClient)
	if err != nil {
		return nil, err
	}
	return &Client{b: b, gen: c}, nil
}

// Generated returns the generated client, for anything the facade does not
// model. Its requests go through the same credentials and checks.
func (c *Client) Generated() *gen.Client { return c.gen }

// Provider returns "hitpay".
func (c *Client) Provider() string { return Provider }

var capabilities = customers.Capabilities{
	Operations: []customers.Operation{customers.OpCreate, customers.OpDelete, customers.OpGet,
		customers.OpList, customers.OpSearch, customers.OpUpdate},
	Create: []customers.Field{customers.FieldAddress, customers.FieldBirthDate, customers.FieldDescription,
		customers.FieldEmail, customers.FieldGender, customers.FieldName, customers.FieldPhone},
	Required: []customers.Field{customers.FieldEmail, customers.FieldPhone},
	Update: []customers.Field{customers.FieldAddress, customers.FieldBirthDate, customers.FieldDescription,
		customers.FieldEmail, customers.FieldGender, customers.FieldName, customers.FieldPhone},
	Clear: []customers.Field{customers.FieldAddress, customers.FieldBirthDate, customers.FieldDescription,
		customers.FieldGender, customers.FieldName},
	Search: []customers.Field{customers.FieldQuery},
}

// idPattern is the spec's pattern for customer ids (a UUID): an id of
// another shape names no HitPay customer.
var idPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Capabilities describes what HitPay supports.
func (c *Client) Capabilities() customers.Capabilities { return capabilities.Clone() }

// Create calls POST /v1/customers. When the answer is lost (see the package
// doc's reconcile rule) the customer is looked up by e-mail before the call
// fails or repeats the create.
func (c *Client) Create(ctx context.Context, p *customers.CreateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Create(ctx, c.b, p, opts, false, createBody, lookupFor, c.Search,
		func(body gen.CreateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewCreateCustomerRequest(c.gen.Server, body)
		},
		gen.ParseCreateCustomerResponse,
		func(r *gen.CreateCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON201) })
}

// lookupFor is how a create's customer is found again: HitPay keeps e-mails
// unique per business and requires one, so the keywords search by e-mail
// finds at most the one customer.
func lookupFor(p *customers.CreateParams) customers.Lookup {
	return adapter.NewLookup(customers.SearchParams{Query: p.Email})
}

// Get calls GET /v1/customers/{customer_id}. HitPay documents 201 for this
// read; 200 and 201 are both accepted.
func (c *Client) Get(ctx context.Context, id string, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.One(ctx, c.b, customers.OpGet, id, opts,
		func() (*http.Request, error) { return gen.NewGetCustomerRequest(c.gen.Server, id) },
		gen.ParseGetCustomerResponse,
		func(r *gen.GetCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON200, r.JSON201) })
}

// Update calls PATCH /v1/customers/{customer_id}. Cleared fields are sent as
// null.
func (c *Client) Update(ctx context.Context, id string, p *customers.UpdateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Update(ctx, c.b, id, p, opts, updateBody,
		func(body gen.UpdateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewUpdateCustomerRequest(c.gen.Server, id, body)
		},
		gen.ParseUpdateCustomerResponse,
		func(r *gen.UpdateCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON200) })
}

// Delete calls DELETE /v1/customers/{customer_id}. HitPay answers 204; any
// 2xx counts as success and its body is ignored (HitPay's reference shows a
// body "1" that a 204 cannot carry).
func (c *Client) Delete(ctx context.Context, id string, opts ...customers.Option) error {
	if err := adapter.CheckID(Provider, customers.OpDelete, id, idPattern); err != nil {
		return err
	}
	return backend.Delete(ctx, c.b.Call(customers.OpDelete, opts), func() (*http.Request, error) { return gen.NewDeleteCustomerRequest(c.gen.Server, id) })
}

// List calls GET /v1/customers, following meta.next_cursor until it is null.
// p.PageSize sets per_page (default 10; HitPay publishes no maximum).
func (c *Client) List(ctx context.Context, p *customers.ListParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	size := 0
	if p != nil {
		size = p.PageSize
	}
	return c.pages(ctx, customers.OpList, size, nil, opts)
}

// Search calls GET /v1/customers with keywords = p.Query: HitPay matches it
// against name, email and phone number. Only Query is honoured; results page
// like List.
func (c *Client) Search(ctx context.Context, p *customers.SearchParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	if err := adapter.CheckSearch(Provider, capabilities, p); err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	keywords := p.Query
	return c.pages(ctx, customers.OpSearch, p.PageSize, &keywords, opts)
}

// pages iterates over GET /v1/customers, one cursor page of the requested
// size per request.
func (c *Client) pages(ctx context.Context, op customers.Operation, requested int, keywords *string, opts []customers.Option) iter.Seq2[*customers.Customer, error] {
	size, err := adapter.PageSize(Provider, op, requested, DefaultPageSize, 0)
	if err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	request := func(cursor string) backend.Request {
		params := &gen.ListCustomersParams{PerPage: &size, Keywords: keywords}
		if cursor != "" {
			params.Cursor = &cursor
		}
		return func() (*http.Request, error) { return gen.NewListCustomersRequest(c.gen.Server, params) }
	}
	read := func(a *backend.Attempt, _ string, r *gen.ListCustomersResponse) (page adapter.Page[*customers.Customer], err error) {
		// A page without meta cannot say whether another follows.
		if r.JSON200 == nil || r.JSON200.Meta == nil {
			return page, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		page.Items = adapter.Items(r.Body, "data", r.JSON200.Data, toCustomer)
		page.Next = r.JSON200.Meta.NextCursor
		page.More = page.Next != ""
		return page, nil
	}
	return adapter.Iterate(ctx, adapter.Walk[*customers.Customer]{Provider: Provider, Op: op, ID: adapter.CustomerID},
		adapter.Pages(c.b.Call(op, opts), request, gen.ParseListCustomersResponse, size, listKeys, read))
}

// listKeys are the keys a page's items come under (adapter.Pages keeps the slice).
var listKeys = []string{"data"}
