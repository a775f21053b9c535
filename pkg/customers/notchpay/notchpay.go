// Package notchpay is the customers.Service adapter for Notch Pay
// (notchpay.co), over the client generated from specs/notchpay.yaml.
//
// Notch Pay offers the whole life cycle (create, get, update, delete, list)
// plus free-text search, blocking and unblocking a customer, and listing a
// customer's saved payment methods and past payments: the adapter implements
// customers.Searcher, customers.Blocker and customers.PaymentLister.
//
// Credentials: the public key is sent as the whole Authorization header (no
// "Bearer"); Credentials.SyncAccount, when set, is sent as X-Sync to act on a
// connected account's customers. An X-Sync account Notch Pay does not know is
// answered 404 "Sync account not found", reported as customers.ErrUnauthorized.
// Test keys select the sandbox: the environment option changes nothing.
//
// Mapping (facade → Notch Pay):
//
//	Name           → name
//	Email          → email (create needs Email or Phone; Notch Pay does not
//	                 deduplicate, so two customers may share an e-mail)
//	Phone          → phone: E.164 sent as international digits without "+"
//	                 ("+237600000000" → "237600000000"); read back as E.164
//	                 (the value may arrive as a JSON string or number); digits
//	                 that do not form a possible number are returned as sent.
//	                 A phone without "+" is refused: Notch Pay stores digits
//	                 with their country code, so national digits sent would
//	                 be read as another country's number
//	Company        → company_name
//	Metadata       → metadata: string values are sent as JSON strings; values
//	                 Notch Pay returns that are not strings (numbers, booleans,
//	                 objects set elsewhere) come back as their JSON text
//	                 (12 → "12", true → "true", {"a":1} → `{"a":1}`)
//	Address        → address {address_line1 ← Line1, address_line2 ← Line2,
//	                 city, state, postal_code, country}; Country must be ISO
//	                 3166-1 alpha-2 ("CM"; "cm" is sent as "CM"), else refused
//	                 before sending
//	BillingAddress → billing (same shape)
//	Blocked        ← blocked (read only; change it with Block and Unblock)
//	CreatedAt      ← created_at, UpdatedAt ← updated_at (any layout Notch Pay uses)
//	FirstName, LastName, Gender, BirthDate, Description, ExternalID,
//	Shipping: not supported (Create and Update refuse them)
//
// Lengths (spec maxLength; longer is refused before sending): Name 128 and
// Email 240 (Notch Pay's older API reference), Company, every address part
// and a search Query 255, metadata values 500, the id 128, a payments Status
// filter 64; e-mails also RFC 5321's (254, 64 before the @).
//
// Update sends only the fields set or cleared (Notch Pay's update is
// partial). Setting Address or BillingAddress replaces the whole address.
// Name, Company, Metadata, Address and BillingAddress can be cleared (sent as
// null); Email and Phone cannot, since a customer needs one of them.
//
// List and Search page with page/limit (default 30, at most 100 per page)
// until current_page reaches last_page. Search sends Query as Notch Pay's
// free-text search over name, e-mail and phone.
//
// ListPayments returns Payment.ID = the payment's id ("pay_…"); the merchant's
// reference and everything else is in Payment.Raw.
//
// Retries and reconcile: calls are repeated as customers.RetryPolicy says,
// waiting as long as Notch Pay asks (Retry-After, else on a 429 the
// X-RateLimit-Reset epoch second, else "Try again in N seconds" in the
// message). When a create's answer is lost (connection lost after sending,
// 5xx, an unreadable 2xx), the customer is looked up with the free-text
// search on the e-mail sent (or the phone's digits when no e-mail was sent).
// Notch Pay allows duplicates, so every create also sends a random token in
// its metadata (key "multipay_create", adapter.MarkerKey; left out of
// Customer.Metadata on read, kept in Customer.Raw; refused in the caller's
// own metadata) and a match must carry this call's token, besides every
// field sent and a creation time no earlier than a minute before the call:
// an identical create made at the same time by another caller (a twin)
// carries another token and is never taken as this call's. No match: the
// create is repeated; a failed lookup: customers.ErrOutcomeUnknown.
package notchpay

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"

	gen "github.com/multipay/multipay/gen/notchpay"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// Provider is this adapter's provider id.
const Provider = "notchpay"

// Page sizes of Notch Pay's paged lists.
const (
	defaultPageSize = 30
	maxPageSize     = 100
)

// Credentials authenticate with Notch Pay.
//
// Printing, logging or encoding them shows no secret: fmt's verbs,
// json.Marshal, slog's handlers and encoding.TextMarshaler users all get the
// redacted form, while the fields stay readable in code. One gap is left: a
// struct of your own that holds Credentials in an unexported field, printed
// with fmt (%v, %+v, any verb), shows the values, because fmt cannot call
// methods through an unexported field. Keep credentials in exported fields,
// or out of printed structs.
type Credentials struct {
	// APIKey is the account's public key (pk_… or pk_test.…), sent as
	// "Authorization: <APIKey>". Required.
	APIKey string
	// SyncAccount is the id of a connected account to act on, sent as
	// "X-Sync: <SyncAccount>". Optional.
	SyncAccount string
}

// String prints the credentials with every value redacted, so printing them
// by accident leaks nothing.
func (c Credentials) String() string {
	return adapter.CredentialsString("notchpay.Credentials", c.fields()...)
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
	return []adapter.Credential{{Name: "APIKey", Value: c.APIKey}, {Name: "SyncAccount", Value: c.SyncAccount}}
}

// idPattern is the spec's pattern for customer ids, which Notch Pay says
// to treat as opaque: an id of another shape names no Notch Pay customer.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Client is the Notch Pay adapter. It is safe for concurrent use.
type Client struct {
	b   *adapter.Conn
	gen *gen.Client
}

var (
	_ customers.Service       = (*Client)(nil)
	_ customers.Searcher      = (*Client)(nil)
	_ customers.Blocker       = (*Client)(nil)
	_ customers.PaymentLister = (*Client)(nil)
)

// New returns a Notch Pay adapter authenticating with creds.APIKey, sent as
// "Authorization: <APIKey>", and with "X-Sync: <SyncAccount>" when
// creds.SyncAccount is set.
func New(creds Credentials, opts ...customers.Option) (*Client, error) {
	if err := adapter.RequireCredentials(Provider, adapter.Credential{Name: "APIKey", Value: creds.APIKey}); err != nil {
		return nil, err
	}
	secrets, headers := []string{creds.APIKey}, http.Header{"Authorization": {creds.APIKey}}
	if creds.SyncAccount != "" {
		secrets = append(secrets, creds.SyncAccount)
		headers["X-Sync"] = []string{creds.SyncAccount}
	}
	b, c, err := adapter.Connect(backend.Options{
		Provider:    Provider,
		Config:      customers.NewConfig(opts...),
		Credentials: headers,
		Secrets:     secrets,
		DecodeError: decodeError,
		RetryDelay:  retryDelay,
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

// Provider returns "notchpay".
func (c *Client) Provider() string { return Provider }

var capabilities = customers.Capabilities{
	Operations: []customers.Operation{customers.OpBlock, customers.OpCreate, customers.OpDelete,
		customers.OpGet, customers.OpList, customers.OpListPaymentMethods, customers.OpListPayments,
		customers.OpSearch, customers.OpUnblock, customers.OpUpdate},
	Create: []customers.Field{customers.FieldAddress, customers.FieldAddressLine2, customers.FieldBillingAddress,
		customers.FieldCompany, customers.FieldEmail, customers.FieldMetadata, customers.FieldName, customers.FieldPhone},
	RequiredOneOf: [][]customers.Field{{customers.FieldEmail, customers.FieldPhone}},
	Update: []customers.Field{customers.FieldAddress, customers.FieldAddressLine2, customers.FieldBillingAddress,
		customers.FieldCompany, customers.FieldEmail, customers.FieldMetadata, customers.FieldName, customers.FieldPhone},
	Clear: []customers.Field{customers.FieldAddress, customers.FieldBillingAddress, customers.FieldCompany,
		customers.FieldMetadata, customers.FieldName},
	Search:      []customers.Field{customers.FieldQuery},
	MaxPageSize: maxPageSize,
}

// Capabilities describes what Notch Pay supports.
func (c *Client) Capabilities() customers.Capabilities { return capabilities.Clone() }

// Create calls POST /customers.
func (c *Client) Create(ctx context.Context, p *customers.CreateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Create(ctx, c.b, p, opts, true, createBody, lookupFor, c.Search,
		func(body gen.CreateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewCreateCustomerRequest(c.gen.Server, body)
		},
		gen.ParseCreateCustomerResponse,
		func(r *gen.CreateCustomerResponse) *customers.Customer {
			return customerFrom(r.HTTPResponse, r.Body, r.JSON201)
		})
}

// lookupFor is how a create's customer is found again: Notch Pay's free-text
// search by the e-mail sent, or by the phone's digits when no e-mail was
// sent. Notch Pay allows duplicates, so the match also needs this call's
// marker and a creation time no earlier than the call (adapter.Reconcile).
func lookupFor(p *customers.CreateParams) customers.Lookup {
	q := p.Email
	if q == "" {
		q, _ = wirePhone(customers.OpCreate, p.Phone)
	}
	return adapter.NewLookup(customers.SearchParams{Query: q})
}

// Get calls GET /customers/{id}.
func (c *Client) Get(ctx context.Context, id string, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.One(ctx, c.b, customers.OpGet, id, opts,
		func() (*http.Request, error) { return gen.NewGetCustomerRequest(c.gen.Server, id) },
		gen.ParseGetCustomerResponse,
		func(r *gen.GetCustomerResponse) *customers.Customer {
			return customerFrom(r.HTTPResponse, r.Body, r.JSON200, r.JSON202)
		})
}

// Update calls POST /customers/{id}.
func (c *Client) Update(ctx context.Context, id string, p *customers.UpdateParams, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.Update(ctx, c.b, id, p, opts, updateBody,
		func(body gen.UpdateCustomerJSONRequestBody) (*http.Request, error) {
			return gen.NewUpdateCustomerRequest(c.gen.Server, id, body)
		},
		gen.ParseUpdateCustomerResponse,
		func(r *gen.UpdateCustomerResponse) *customers.Customer {
			return customerFrom(r.HTTPResponse, r.Body, r.JSON200, r.JSON202)
		})
}

// Delete calls DELETE /customers/{id}. Any 2xx counts as success whatever
// its body (the reference answers 202 with "customer": [], the guide 200), so
// a deleted customer is never reported as a failure.
func (c *Client) Delete(ctx context.Context, id string, opts ...customers.Option) error {
	if err := adapter.CheckID(Provider, customers.OpDelete, id, idPattern); err != nil {
		return err
	}
	return backend.Delete(ctx, c.b.Call(customers.OpDelete, opts), func() (*http.Request, error) { return gen.NewDeleteCustomerRequest(c.gen.Server, id) })
}

// List calls GET /customers, one page per request (PageSize default 30, at
// most 100).
func (c *Client) List(ctx context.Context, p *customers.ListParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	size := 0
	if p != nil {
		size = p.PageSize
	}
	return c.pages(ctx, customers.OpList, nil, size, opts)
}

// Search calls GET /customers?search=<Query>, paged as List. Notch Pay
// matches the text against name, e-mail and phone.
func (c *Client) Search(ctx context.Context, p *customers.SearchParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
	if err := adapter.CheckSearch(Provider, capabilities, p); err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	query := p.Query
	return c.pages(ctx, customers.OpSearch, &query, p.PageSize, opts)
}

func (c *Client) pages(ctx context.Context, op customers.Operation, search *string, size int, opts []customers.Option) iter.Seq2[*customers.Customer, error] {
	limit, err := adapter.PageSize(Provider, op, size, defaultPageSize, maxPageSize)
	if err != nil {
		return adapter.Fail[*customers.Customer](err)
	}
	request := func(cursor string) backend.Request {
		page, _ := strconv.Atoi(cursor)
		params := &gen.ListCustomersParams{Limit: &limit, Page: &page, Search: search}
		return func() (*http.Request, error) { return gen.NewListCustomersRequest(c.gen.Server, params) }
	}
	read := func(a *backend.Attempt, cursor string, r *gen.ListCustomersResponse) (adapter.Page[*customers.Customer], error) {
		if r.JSON200 == nil || r.JSON200.Items == nil {
			return adapter.Page[*customers.Customer]{}, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		items := adapter.Items(r.Body, "items", r.JSON200.Items, toCustomer)
		next, more := nextPage(cursor, r.JSON200.CurrentPage, r.JSON200.LastPage, len(items), limit)
		return adapter.Page[*customers.Customer]{Items: items, Next: next, More: more}, nil
	}
	return adapter.Iterate(ctx, adapter.Walk[*customers.Customer]{Provider: Provider, Op: op, ID: adapter.CustomerID, First: "1"},
		adapter.Pages(c.b.Call(op, opts), request, gen.ParseListCustomersResponse, limit, listKeys, read))
}

// Block calls POST /customers/{id}/block and returns the blocked customer.
func (c *Client) Block(ctx context.Context, id string, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.One(ctx, c.b, customers.OpBlock, id, opts,
		func() (*http.Request, error) { return gen.NewBlockCustomerRequest(c.gen.Server, id) },
		gen.ParseBlockCustomerResponse,
		func(r *gen.BlockCustomerResponse) *customers.Customer {
			return customerFrom(r.HTTPResponse, r.Body, r.JSON200, r.JSON202)
		})
}

// Unblock calls POST /customers/{id}/unblock and returns the unblocked customer.
func (c *Client) Unblock(ctx context.Context, id string, opts ...customers.Option) (*customers.Customer, error) {
	return adapter.One(ctx, c.b, customers.OpUnblock, id, opts,
		func() (*http.Request, error) { return gen.NewUnblockCustomerRequest(c.gen.Server, id) },
		gen.ParseUnblockCustomerResponse,
		func(r *gen.UnblockCustomerResponse) *customers.Customer {
			return customerFrom(r.HTTPResponse, r.Body, r.JSON200, r.JSON202)
		})
}

// ListPaymentMethods calls GET /customers/{id}/payment_methods (one request:
// the list is not paged).
func (c *Client) ListPaymentMethods(ctx context.Context, customerID string, opts ...customers.Option) ([]customers.PaymentMethod, error) {
	if err := adapter.CheckID(Provider, customers.OpListPaymentMethods, customerID, idPattern); err != nil {
		return nil, err
	}
	return backend.Retry(ctx, c.b.Call(customers.OpListPaymentMethods, opts), func(ctx context.Context, a *backend.Attempt) ([]customers.PaymentMethod, error) {
		r, err := backend.Send(ctx, a,
			func() (*http.Request, error) {
				return gen.NewListCustomerPaymentMethodsRequest(c.gen.Server, customerID)
			},
			gen.ParseListCustomerPaymentMethodsResponse)
		if err != nil {
			return nil, err
		}
		if r.JSON200 == nil || r.JSON200.Items == nil {
			return nil, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		return adapter.Items(r.Body, "items", r.JSON200.Items, toPaymentMethod), nil
	})
}

// ListPayments calls GET /customers/{id}/payments, one page per request
// (PageSize default 30, at most 100), with status=<Status> when set. The
// payments are read from `payments`, or from `items` when that is absent (a
// page with neither key is empty).
func (c *Client) ListPayments(ctx context.Context, customerID string, p *customers.PaymentListParams, opts ...customers.Option) iter.Seq2[*customers.Payment, error] {
	var status *string
	size := 0
	if p != nil {
		size, status = p.PageSize, adapter.OptString(p.Status)
	}
	op := customers.OpListPayments
	limit, err := adapter.PageSize(Provider, op, size, defaultPageSize, maxPageSize)
	if err != nil {
		return adapter.Fail[*customers.Payment](err)
	}
	if err := adapter.CheckID(Provider, op, customerID, idPattern); err != nil {
		return adapter.Fail[*customers.Payment](err)
	}
	request := func(cursor string) backend.Request {
		page, _ := strconv.Atoi(cursor)
		params := &gen.ListCustomerPaymentsParams{Limit: &limit, Page: &page, Status: status}
		return func() (*http.Request, error) {
			return gen.NewListCustomerPaymentsRequest(c.gen.Server, customerID, params)
		}
	}
	read := func(a *backend.Attempt, cursor string, r *gen.ListCustomerPaymentsResponse) (adapter.Page[*customers.Payment], error) {
		if r.JSON200 == nil {
			return adapter.Page[*customers.Payment]{}, a.ResponseError(r.HTTPResponse, r.Body, nil)
		}
		list, key := paymentsOf(r.JSON200)
		items := adapter.Items(r.Body, key, list, toPayment)
		next, more := nextPage(cursor, r.JSON200.CurrentPage, r.JSON200.LastPage, len(items), limit)
		return adapter.Page[*customers.Payment]{Items: items, Next: next, More: more}, nil
	}
	return adapter.Iterate(ctx, adapter.Walk[*customers.Payment]{Provider: Provider, Op: op, ID: adapter.PaymentID, First: "1"},
		adapter.Pages(c.b.Call(op, opts), request, gen.ParseListCustomerPaymentsResponse, limit, paymentKeys, read))
}

// listKeys and paymentKeys are the keys a page's items come under
// (adapter.Pages keeps the slice): payments may come under either.
var (
	listKeys    = []string{"items"}
	paymentKeys = []string{"payments", "items"}
)
