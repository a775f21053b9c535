// Package useepay is the customers.Service adapter for UseePay (Open API
// V2.0, openapi.useepay.com), over the client generated from
// specs/useepay.yaml.
//
// UseePay documents create, get, update and list, and list filters by e-mail,
// phone and the merchant's own id, which Search uses. It has no delete:
// Delete fails with customers.ErrNotSupported before any request.
//
// Mapping (facade → UseePay):
//
//	Name           → name (required on create; cannot be cleared)
//	FirstName      → first_name
//	LastName       → last_name
//	Email          → email (Email or Phone is required on create)
//	Phone          → phone: sent as E.164 with "+" ("+8613800138000"); read
//	                 back "+…" as is and anything else (national digits such
//	                 as "13800138000", which UseePay's docs show) exactly as
//	                 UseePay returned it: no country code is guessed. A phone
//	                 without "+" (UseePay's field is free text of at most 32
//	                 characters) is sent unchanged, so such a phone read back
//	                 is accepted back in Create, Update and Search
//	Description    → description
//	ExternalID     → merchant_customer_id (required on create; unique per
//	                 merchant: a duplicate is customers.ErrConflict; cannot be
//	                 changed: UseePay documents no update of it)
//	Address        → address {line1, line2, city, state, postcode ← PostalCode,
//	                 country (ISO 3166-1 alpha-2, upper case)}
//	Shipping       → shipping {name, first_name, last_name, phone (as Phone), shipping_method ← Method, address (as Address)}
//	Metadata       → metadata (string values)
//	CreatedAt      ← create_at
//	UpdatedAt      ← modify_at
//	Gender, BirthDate, Company, BillingAddress: not supported
//
// Lengths (spec maxLength, UseePay documents none for customers; longer is
// refused before sending): ExternalID 64 (as UseePay's merchant_order_id),
// Email 254 and 64 before the @ (RFC 5321), phones 32, metadata values 500,
// the id 64, every other text field 255.
//
// Update sends only the fields it sets or clears; an Address, Shipping or
// Metadata that is set replaces the stored one as a whole (UseePay does not
// document merging), so send complete values. Clear sends null for the fields
// UseePay's update accepts null for: every field it updates except Name.
// UseePay keeps an e-mail or a phone on every customer, so an update that
// clears both fails with customers.ErrInvalidRequest before any request.
//
// List and Search page with page_num (from 0) and page_size (at most 100; with
// no PageSize the page_size parameter is left out and UseePay's default
// applies) and continue while has_more is true. Search matches exactly; a
// Phone criterion is sent in the same form Create stores (E.164, or without
// "+" unchanged), so it finds customers whose phone was stored that way.
//
// Retries and reconcile: calls are repeated as customers.RetryPolicy says.
// When a create's answer is lost (connection lost after sending, 5xx, an
// unreadable 2xx), the customer is looked up with the list filter on the
// merchant_customer_id sent (unique at UseePay), else on the e-mail, else on
// the phone, and taken as the call's result when every field it carries
// equals what was sent and it was created no earlier than a minute before
// the call; otherwise the create is repeated, and a lookup that fails too
// ends the call with customers.ErrOutcomeUnknown. The rule is create-or-get:
// merchant_customer_id is required and unique, so when an identical create
// made at the same time by another caller (a twin) is the one that took
// effect, the call whose answer was lost returns that customer, which
// carries every field it asked for (the twin whose answer arrives gets
// customers.ErrConflict, as UseePay answers already_exists).
package useepay

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"

	gen "github.com/multipay/multipay/gen/useepay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Provider is this adapter's provider id.
const Provider = "useepay"

// MaxPageSize is the largest page_size UseePay is asked for.
const MaxPageSize = 100

// Credentials are the three values UseePay expects on every request, from the
// UseePay merchant center.
//
// Printing, logging or encoding them shows no secret: fmt's verbs,
// json.Marshal, slog's handlers and encoding.TextMarshaler users all get the
// redacted form, while the fields stay readable in code. One gap is left: a
// struct of your own that holds Credentials in an unexported field, printed
// with fmt (%v, %+v, any verb), shows the values, because fmt cannot call
// methods through an unexported field. Keep credentials in exported fields,
// or out of printed structs.
type Credentials struct {
	MerchantNo string // sent as x-merchant-no, e.g. "500000000007245"
	APIKey     string // sent as x-api-key ("UseePay_SK_…")
	AppID      string // sent as x-app-id: the approved site domain or app name
}

// String prints the credentials with every value redacted: all three are
// treated as secrets, so printing them by accident leaks nothing.
func (c Credentials) String() string {
	return adapter.CredentialsString("useepay.Credentials", c.fields()...)
}

// GoString is String: %#v must not print the secrets either.
func (c Credentials) GoString() string { return c.String() }

// Format prints String for every verb, so no fmt verb reaches the values.
func (c Credentials) Format(s fmt.State, verb rune) { adapter.FormatCredentials(s, verb, c) }

// LogValue logs the credentials redacted.
func (c Credentials) LogValue() slog.Value { return adapter.CredentialsLogValue(c.fields()...) }

// MarshalJSON encodes the credentials redacted, so json.Marshal (of them, or of a
// struct holding them) and slog's JSON handler print no secret.
func (c Credentials) MarshalJSON() ([]byte, error) { return adapter.CredentialsJSON(c.fields()...) }

// MarshalText is String, for encoders that use encoding.TextMarshaler
// (encoding/xml, YAML libraries).
func (c Credentials) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c Credentials) fields() []adapter.Credential {
	return []adapter.Credential{{Name: "MerchantNo", Value: c.MerchantNo}, {Name: "APIKey", Value: c.APIKey}, {Name: "AppID", Value: c.AppID}}
}

// Client is the UseePay adapter. It is safe for concurrent use.
type Client struct {
	b   *adapter.Conn
	gen *gen.Client
}

var (
	_ customers.Service  = (*Client)(nil)
	_ customers.Searcher = (*Client)(nil)
)

// New returns a UseePay adapter. All three credentials are required; they are
// sent as the headers x-merchant-no, x-api-key and x-app-id.
func New(creds Credentials, opts ...customers.Option) (*Client, error) {
	if err := adapter.RequireCredentials(Provider, creds.fields()...); err != nil {
		return nil, err
	}
	b, c, err := adapter.Connect(backend.Options{
		Provider:    Provider,
		Config:      customers.NewConfig(opts...),
		Credentials: http.Header{"X-Merchant-No": {creds.MerchantNo}, "X-Api-Key": {creds.APIKey}, "X-App-Id": {creds.AppID}},
		Secrets:     []string{creds.APIKey, creds.MerchantNo, creds.AppID},
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

// Provider returns "useepay".
func (c *Client) Provider() string { return Provider }

var capabilities = customers.Capabilities{
	Operations: []customers.Operation{customers.OpCreate, customers.OpGet, customers.OpList,
		customers.OpSearch, customers.OpUpdate},
	Create: []customers.Field{customers.FieldAddress, customers.FieldAddressLine2, customers.FieldDescription,
		customers.FieldEmail, customers.FieldExternalID, customers.FieldFirstName, customers.FieldLastName,
		customers.FieldMetadata, customers.FieldName, customers.FieldPhone, customers.FieldShipping},
	Required:      []customers.Field{customers.FieldExternalID, customers.FieldName},
	RequiredOneOf: [][]customers.Field{{customers.FieldEmail, customers.FieldPhone}},
	Update: []customers.Field{customers.FieldAddress, customers.FieldAddressLine2, customers.FieldDescription,
		customers.FieldEmail, customers.FieldFirstName, customers.FieldLastName,
		customers.FieldMetadata, customers.FieldName, customers.FieldPhone, customers.FieldShipping},
	Clear: []customers.Field{customers.FieldAddress, customers.FieldDescription, customers.FieldEmail,
		customers.FieldFirstName, customers.FieldLastName, customers.FieldMetadata, customers.FieldPhone,
		customers.FieldShipping},
	Search:      []customers.Field{customers.FieldEmail, customers.FieldExternalID, customers.FieldPhone},
	MaxPageSize: MaxPageSize,
}

// Capabilities describes what UseePay supports.
func (c *Client) Capabilities() customers.Capabilities { return capabilities.Clone() }

// idPattern is the spec's pattern for customer ids. Checking it here keeps an
// id such as "create" from reaching another endpoint's path.
var idPattern = regexp.MustCompile(`^cus_[A-Za-z0-9]+$`)

// succeeded reports whether a 2xx answer carries a customer and no error:
// UseePay bodies have inline code/message fields, null on success, and a
// failure can come back with status 200 and the customer echoed.
func succeeded(cu *gen.Customer) bool { return cu.Id != "" && cu.Code == "" }

// customerOf is the first typed answer that succeeded (see succeeded); nil
// when none did.
func customerOf(raw []byte, answers ...*gen.Customer) *customers.Customer {
	return adapter.FirstOf(raw, succeeded, toCustomer, answers...)
}

// Create calls POST /api/v1/customers/create.
func (c *Client) Create(ctx context.Context, p *customers.CreateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Create(ctx, c.b, p, opts, false, createBody, lookupFor, c.Search,
		func(body gen.CreateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewCreateCustomerRequest(c.gen.Server, body)
		},
		gen.ParseCreateCustomerResponse,
		func(r *gen.CreateCustomerResponse) *customers.Customer {
			return customerOf(r.Body, r.JSON200, r.JSON201)
		})
}

// lookupFor is how a create's customer is found again: the list filter on
// merchant_customer_id (unique at UseePay) when one was sent, else on the
// e-mail, else on the phone.
func lookupFor(p *customers.CreateParams) customers.Lookup {
	switch {
	case p.ExternalID != "":
		return adapter.NewLookup(customers.SearchParams{ExternalID: p.ExternalID})
	case p.Email != "":
		return adapter.NewLookup(customers.SearchParams{Email: p.Email})
	default:
		return adapter.NewLookup(customers.SearchParams{Phone: p.Phone})
	}
}

// Get calls GET /api/v1/customers/{customer_id}.
func (c *Client) Get(ctx context.Context, id string, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.One(ctx, c.b, customers.OpGet, id, opts,
		func() (*http.Request, error) { return gen.NewGetCustomerRequest(c.gen.Server, id) },
		gen.ParseGetCustomerResponse,
		func(r *gen.GetCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON200) })
}

// Update calls POST /api/v1/customers/{customer_id} (UseePay updates with
// POST).
func (c *Client) Update(ctx context.Context, id string, p *customers.UpdateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Update(ctx, c.b, id, p, opts, updateBody,
		func(body gen.UpdateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewUpdateCustomerRequest(c.gen.Server, id, body)
		},
		gen.ParseUpdateCustomerResponse,
		func(r *gen.UpdateCustomerResponse) *customers.Customer { return customerOf(r.Body, r.JSON200) })
}

// Delete is not offered by UseePay.
func (c *Client) Delete(context.Context, string, ...customers.Option) error {
	return customers.NotSupported(Provider, customers.OpDelete)
}

// List calls GET /api/v1/customers, one page_num after the other while
// has_more is true.
func (c *Client) List(ctx context.Context, p *customers.ListParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	size := 0
	if p != nil {
		size = p.PageSize
	}
	return c.pages(ctx, customers.OpList, gen.ListCustomersParams{}, size, opts)
}

// Search calls GET /api/v1/customers with the filters email, phone
// and merchant_customer_id; several criteria must all match. It pages like
// List.
func (c *Client) Search(ctx context.Context, p *customers.SearchParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	if err := adapter.CheckSearch(Provider, capabilities, p); err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	params := gen.ListCustomersParams{Email: adapter.OptString(p.Email), MerchantCustomerId: adapter.OptString(p.ExternalID)}
	w := wire{op: customers.OpSearch}
	if params.Phone = w.optPhone(string(customers.FieldPhone), p.Phone); w.err != nil {
		return adapter.Fail[*customers.Customer](w.err)
	}
	return c.pages(ctx, customers.OpSearch, params, p.PageSize, opts)
}

// pages iterates over GET /api/v1/customers with the given filters. The
// cursor is the page_num.
func (c *Client) pages(ctx context.Context, op customers.Operation, filters gen.ListCustomersParams, requested int, opts []customers.Option) iter.Seq2[*customers.Customer, error] {
	size, err := adapter.PageSize(Provider, op, requested, 0, MaxPageSize)
	if err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	request := func(cursor string) backend.Request {
		params := filters
		num, _ := strconv.Atoi(cursor) // cursors are the page numbers read makes
		params.PageNum = &num
		if size > 0 {
			params.PageSize = &size
		}
		return func() (*http.Request, error) { return gen.NewListCustomersRequest(c.gen.Server, &params) }
	}
	read := func(a *backend.Attempt, cursor string, r *gen.ListCustomersResponse) (page adapter.Page[*customers.Customer], err error) {
		// A page needs its list (items, or the SDK's data) to be a page.
		if r.JSON200 == nil || r.JSON200.Items == nil && r.JSON200.Data == nil {
			return page, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		list, key := r.JSON200.Items, "items"
		if len(list) == 0 && len(r.JSON200.Data) > 0 {
			list, key = r.JSON200.Data, "data"
		}
		num, _ := strconv.Atoi(cursor)
		more := r.JSON200.HasMore != nil && *r.JSON200.HasMore
		return adapter.Page[*customers.Customer]{Items: adapter.Items(r.Body, key, list, toCustomer), Next: strconv.Itoa(num + 1), More: more}, nil
	}
	return adapter.Iterate(ctx, adapter.Walk[*customers.Customer]{Provider: Provider, Op: op, ID: adapter.CustomerID, First: "0"},
		adapter.Pages(c.b.Call(op, opts), request, gen.ParseListCustomersResponse, cmp.Or(size, MaxPageSize), listKeys, read))
}

// listKeys are the keys a page's items come under (adapter.Pages keeps the slice).
var listKeys = []string{"items", "data"}
