package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/notchpay"
	"github.com/multipay/multipay/pkg/flex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notchPayClient returns a generated client that sends key as Authorization
// (raw, no Bearer) and, when sync is not empty, X-Sync.
func notchPayClient(t *testing.T, srv *Server, key, sync string) *notchpay.Client {
	t.Helper()
	opts := []notchpay.ClientOption{notchpay.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		if key != "" {
			req.Header.Set("Authorization", key)
		}
		if sync != "" {
			req.Header.Set("X-Sync", sync)
		}
		return nil
	})}
	c, err := notchpay.NewClient(srv.URL, opts...)
	require.NoError(t, err)
	return c
}

func notchPayDefault(t *testing.T, srv *Server) *notchpay.Client {
	return notchPayClient(t, srv, srv.Credentials.APIKey, "")
}

// notchPayStart starts the fake and a client with its key, as most tests here begin.
func notchPayStart(t *testing.T, opts ...Option) (*Server, *notchpay.Client) {
	t.Helper()
	srv := Start(t, "notchpay", opts...)
	return srv, notchPayDefault(t, srv)
}

func npPhone(s string) *notchpay.PhoneInput { p := notchpay.PhoneInput(s); return &p }

func npStr(s string) *string { return &s }
func npInt(i int) *int       { return &i }

var notchPayStampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)

// notchPayClock is a settable clock for WithClock.
type notchPayClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *notchPayClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *notchPayClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func notchPayCreate(t *testing.T, c *notchpay.Client, body notchpay.CreateCustomerJSONRequestBody) notchpay.Customer {
	t.Helper()
	res, err := c.CreateCustomer(context.Background(), body)
	p := parsed(t, res, err, notchpay.ParseCreateCustomerResponse)
	require.Equal(t, http.StatusCreated, p.StatusCode(), "create: %s", p.Body)
	require.NotNil(t, p.JSON201, "create: %s", p.Body)
	require.NotNil(t, p.JSON201.Customer, "create: %s", p.Body)
	return *p.JSON201.Customer
}

func npGet[T any](t *testing.T, v T) T {
	t.Helper()
	require.NotZero(t, v, "field not set")
	return v
}

// npObj returns a present object field, failing the test when it is absent.
func npObj[T any](t *testing.T, o flex.Object[T]) T {
	t.Helper()
	v, ok := o.Value()
	require.True(t, ok, "object field absent")
	return v
}

// npMeta decodes stored metadata, which the generated model keeps as raw JSON.
func npMeta(t *testing.T, o flex.Object[json.RawMessage]) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(npObj(t, o), &m))
	return m
}

func notchPayNoViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		assert.False(t, v.Response, "response violation: %+v", v)
	}
}

func TestNotchPayLifecycle(t *testing.T) {
	t.Parallel()
	clock := &notchPayClock{t: time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)}
	srv, c := notchPayStart(t, WithClock(clock.now))
	ctx := context.Background()

	created := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{
		Email:       npStr("john@example.com"),
		Phone:       npPhone("+237600000000"),
		Name:        npStr("John Doe"),
		CompanyName: npStr("ACME Inc"),
		Metadata:    map[string]any{"user_id": "12345"},
		Address:     &notchpay.Address{Country: npStr("CM"), City: npStr("Douala"), AddressLine1: npStr("123 Main St")},
		Billing:     &notchpay.Address{Country: npStr("CM"), City: npStr("Yaoundé")},
	})
	assert.Regexp(t, `^cus_[A-Za-z0-9]{16}$`, created.Id, "id")
	assert.Equal(t, "237600000000", string(npGet(t, created.Phone)), "phone: digits without +")
	assert.Equal(t, "john@example.com", npGet(t, created.Email), "email")
	assert.Equal(t, "John Doe", npGet(t, created.Name), "name")
	assert.Equal(t, "ACME Inc", npGet(t, created.CompanyName), "company_name")
	assert.False(t, created.Blocked.Bool(), "blocked")
	assert.True(t, created.Sandbox.Bool(), "sandbox")
	assert.Equal(t, "Douala", npGet(t, npObj(t, created.Address).City), "address city")
	assert.Equal(t, "12345", npMeta(t, created.Metadata)["user_id"], "metadata user_id")
	wantCreated := time.Date(2024, 5, 6, 7, 8, 9, 123000000, time.UTC)
	assert.WithinDuration(t, wantCreated, npGet(t, created.CreatedAt).Time, 0, "created_at")
	raw, ok := srv.Customer(created.Id)
	require.True(t, ok, "not stored")
	var wire map[string]any
	_ = json.Unmarshal(raw, &wire)
	for _, k := range []string{"created_at", "updated_at"} {
		assert.Regexp(t, notchPayStampRE, wire[k], "stored %s, want layout 2006-01-02T15:04:05.000Z", k)
	}
	assert.Equal(t, "237600000000", wire["phone"], "stored phone")

	// Get.
	res, err := c.GetCustomer(ctx, created.Id)
	got := parsed(t, res, err, notchpay.ParseGetCustomerResponse)
	require.NotNil(t, got.JSON200, "get: %d %s", got.StatusCode(), got.Body)
	require.Equal(t, 200, got.JSON200.Code, "get code")
	require.Equal(t, "OK", *got.JSON200.Status, "get status")
	require.Equal(t, created.Id, got.JSON200.Customer.Id, "get id")

	// Partial update: rename, clear the company and the billing address,
	// leave everything else alone.
	clock.advance(time.Hour)
	body := notchpay.UpdateCustomerJSONRequestBody{
		Name:        nullable.NewNullableWithValue("John Smith"),
		CompanyName: nullable.NewNullNullable[string](),
		Billing:     nullable.NewNullNullable[notchpay.Address](),
	}
	res, err = c.UpdateCustomer(ctx, created.Id, body)
	up := parsed(t, res, err, notchpay.ParseUpdateCustomerResponse)
	require.NotNil(t, up.JSON202, "update: %d %s", up.StatusCode(), up.Body) // the reference's 202 (reading notchpay.update)
	require.NotNil(t, up.JSON202.Customer, "update: %s", up.Body)
	u := *up.JSON202.Customer
	assert.Equal(t, "John Smith", npGet(t, u.Name), "name")
	assert.Empty(t, u.CompanyName, "company_name cleared")
	assert.False(t, u.Billing.IsPresent(), "billing cleared")
	assert.Equal(t, "john@example.com", npGet(t, u.Email), "unsent email")
	assert.Equal(t, "237600000000", string(npGet(t, u.Phone)), "unsent phone")
	assert.Equal(t, "Douala", npGet(t, npObj(t, u.Address).City), "unsent address city")
	assert.Equal(t, "12345", npMeta(t, u.Metadata)["user_id"], "unsent metadata user_id")
	assert.WithinDuration(t, wantCreated, npGet(t, u.CreatedAt).Time, 0, "created_at")
	assert.WithinDuration(t, wantCreated.Add(time.Hour), npGet(t, u.UpdatedAt).Time, 0, "updated_at")

	// Update email, phone, metadata and address: values replace.
	res, err = c.UpdateCustomer(ctx, created.Id, notchpay.UpdateCustomerJSONRequestBody{
		Email:    npStr("john.smith@example.com"),
		Phone:    npPhone("237 690 11 22 33"),
		Metadata: nullable.NewNullableWithValue(map[string]any{"plan": "premium"}),
		Address:  nullable.NewNullableWithValue(notchpay.Address{City: npStr("Kribi")}),
	})
	up = parsed(t, res, err, notchpay.ParseUpdateCustomerResponse, "update 2")
	require.NotNil(t, up.JSON202, "update 2: %s", up.Body)
	u = *up.JSON202.Customer
	assert.Equal(t, "john.smith@example.com", npGet(t, u.Email), "update 2 email")
	assert.Equal(t, "237690112233", string(npGet(t, u.Phone)), "update 2 phone")
	assert.Equal(t, "John Smith", npGet(t, u.Name), "update 2 name")
	assert.Equal(t, map[string]any{"plan": "premium"}, npMeta(t, u.Metadata), "update 2 metadata")
	a := npObj(t, u.Address)
	assert.Equal(t, "Kribi", npGet(t, a.City), "replaced address city")
	assert.Empty(t, a.Country, "replaced address keeps no country")

	// Block and unblock.
	res, err = c.BlockCustomer(ctx, created.Id)
	bl := parsed(t, res, err, notchpay.ParseBlockCustomerResponse, "block")
	require.NotNil(t, bl.JSON200, "block: %s", bl.Body)
	require.True(t, bl.JSON200.Customer.Blocked.Bool(), "blocked")
	require.Equal(t, "Customer blocked successfully", bl.JSON200.Message, "block message")
	res, err = c.UnblockCustomer(ctx, created.Id)
	ub := parsed(t, res, err, notchpay.ParseUnblockCustomerResponse, "unblock")
	require.NotNil(t, ub.JSON200, "unblock: %s", ub.Body)
	require.False(t, ub.JSON200.Customer.Blocked.Bool(), "blocked after unblock")

	// A customer created through the API has no methods and no payments.
	res, err = c.ListCustomerPaymentMethods(ctx, created.Id)
	pm := parsed(t, res, err, notchpay.ParseListCustomerPaymentMethodsResponse, "payment methods")
	require.NotNil(t, pm.JSON200, "payment methods: %s", pm.Body)
	require.NotNil(t, pm.JSON200.Items, "payment methods: items, not null")
	require.Empty(t, pm.JSON200.Items, "payment methods")
	res, err = c.ListCustomerPayments(ctx, created.Id, nil)
	pay := parsed(t, res, err, notchpay.ParseListCustomerPaymentsResponse, "payments")
	require.NotNil(t, pay.JSON200, "payments: %s", pay.Body)
	require.NotNil(t, pay.JSON200.Payments, "payments: payments, not null")
	require.Equal(t, 0, *pay.JSON200.Totals, "payments totals")
	require.Equal(t, 1, *pay.JSON200.LastPage, "payments last_page")

	// Delete, then it is gone.
	res, err = c.DeleteCustomer(ctx, created.Id)
	del := parsed(t, res, err, notchpay.ParseDeleteCustomerResponse, "delete")
	require.NotNil(t, del.JSON200, "delete: %s", del.Body)
	require.NotNil(t, del.JSON200.Customer, "delete: %s", del.Body)
	require.Equal(t, "[]", string(*del.JSON200.Customer), "deleted customer")
	res, err = c.GetCustomer(ctx, created.Id)
	got = parsed(t, res, err, notchpay.ParseGetCustomerResponse, "get after delete")
	require.NotNil(t, got.JSON404, "get after delete: %d %s", got.StatusCode(), got.Body)
	require.Equal(t, "Customer not found", got.JSON404.Message, "get after delete")
	assert.Zero(t, srv.Count(), "count")
	assert.Equal(t, 1, srv.Created(), "created")
	notchPayNoViolations(t, srv)
}

func TestNotchPayCreateRules(t *testing.T) {
	t.Parallel()
	srv, c := notchPayStart(t)

	// Phone only and e-mail only are both enough; a name is optional.
	po := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Phone: npPhone("237690112233")})
	assert.Empty(t, po.Email, "phone only: email null")
	assert.Empty(t, po.Name, "phone only: name null")
	assert.False(t, po.Metadata.IsPresent(), "phone only: metadata")
	assert.False(t, po.Address.IsPresent(), "phone only: address")
	eo := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Email: npStr("only@example.com")})
	assert.Empty(t, eo.Phone, "email only: phone null")
	// Duplicates are allowed: Notch Pay does not deduplicate.
	dup := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Email: npStr("only@example.com")})
	assert.NotEqual(t, eo.Id, dup.Id, "duplicate got the same id")
	assert.Equal(t, 3, srv.Count(), "count")
	notchPayNoViolations(t, srv)
}

func TestNotchPayErrors(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	ctx := context.Background()
	good := notchPayDefault(t, srv)
	id := notchPayCreate(t, good, notchpay.CreateCustomerJSONRequestBody{Email: npStr("a@example.com")}).Id
	key := srv.Credentials.APIKey

	type want struct {
		status  int
		message string
		fields  []string // keys of errors
	}
	cases := []struct {
		name string
		do   func(*notchpay.Client) (*http.Response, error)
		c    *notchpay.Client
		want want
	}{
		{"missing key", func(c *notchpay.Client) (*http.Response, error) { return c.ListCustomers(ctx, nil) },
			notchPayClient(t, srv, "", ""), want{401, "API key is missing", nil}},
		{"missing key with sync", func(c *notchpay.Client) (*http.Response, error) { return c.GetCustomer(ctx, id) },
			notchPayClient(t, srv, "", srv.Credentials.SyncAccount), want{401, "API key is missing", nil}},
		{"wrong key", func(c *notchpay.Client) (*http.Response, error) { return c.GetCustomer(ctx, id) },
			notchPayClient(t, srv, "pk_test.wrong", ""), want{401, "Invalid API key", nil}},
		{"bearer key", func(c *notchpay.Client) (*http.Response, error) { return c.ListCustomers(ctx, nil) },
			notchPayClient(t, srv, "Bearer "+key, ""), want{401, "Invalid API key", nil}},
		{"wrong key before validation", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Email: npStr("not-an-email")})
		}, notchPayClient(t, srv, "pk_test.wrong", ""), want{401, "Invalid API key", nil}},
		{"unknown sync account", func(c *notchpay.Client) (*http.Response, error) { return c.ListCustomers(ctx, nil) },
			notchPayClient(t, srv, key, "acct_other"), want{404, "Sync account not found", nil}},
		{"unknown sync account on create", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Email: npStr("x@example.com")})
		}, notchPayClient(t, srv, key, "acct_other"), want{404, "Sync account not found", nil}},
		{"get unknown", func(c *notchpay.Client) (*http.Response, error) { return c.GetCustomer(ctx, "cus_nope") },
			good, want{404, "Customer not found", nil}},
		{"get impossible id", func(c *notchpay.Client) (*http.Response, error) { return c.GetCustomer(ctx, "cus nope!") },
			good, want{404, "Customer not found", nil}},
		{"update unknown", func(c *notchpay.Client) (*http.Response, error) {
			return c.UpdateCustomer(ctx, "cus_nope", notchpay.UpdateCustomerJSONRequestBody{Name: nullable.NewNullableWithValue("x")})
		}, good, want{404, "Customer not found", nil}},
		{"update unknown with empty body", func(c *notchpay.Client) (*http.Response, error) {
			return c.UpdateCustomerWithBody(ctx, "cus_nope", "application/json", strings.NewReader(`{}`))
		}, good, want{404, "Customer not found", nil}},
		{"payments unknown with bad page", func(c *notchpay.Client) (*http.Response, error) {
			return c.ListCustomerPayments(ctx, "cus_nope", &notchpay.ListCustomerPaymentsParams{Page: npInt(0)})
		}, good, want{404, "Customer not found", nil}},
		{"delete unknown", func(c *notchpay.Client) (*http.Response, error) { return c.DeleteCustomer(ctx, "cus_nope") },
			good, want{404, "Customer not found", nil}},
		{"block unknown", func(c *notchpay.Client) (*http.Response, error) { return c.BlockCustomer(ctx, "cus_nope") },
			good, want{404, "Customer not found", nil}},
		{"unblock unknown", func(c *notchpay.Client) (*http.Response, error) { return c.UnblockCustomer(ctx, "cus_nope") },
			good, want{404, "Customer not found", nil}},
		{"methods unknown", func(c *notchpay.Client) (*http.Response, error) { return c.ListCustomerPaymentMethods(ctx, "cus_nope") },
			good, want{404, "Customer not found", nil}},
		{"payments unknown", func(c *notchpay.Client) (*http.Response, error) { return c.ListCustomerPayments(ctx, "cus_nope", nil) },
			good, want{404, "Customer not found", nil}},
		{"create without contact", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Name: npStr("Only A Name")})
		}, good, want{422, "Validation failed", []string{"email", "phone"}}},
		{"create bad email", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Email: npStr("not-an-email")})
		}, good, want{422, "Validation failed", []string{"email"}}},
		{"create bad phone", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Phone: npPhone("call me")})
		}, good, want{422, "Validation failed", []string{"phone"}}},
		{"create bad country and bad email", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(`{"email":"not-an-email","address":{"country":"cm"}}`))
		}, good, want{422, "Validation failed", []string{"address.country", "email"}}},
		{"create unknown field", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(`{"email":"c@example.com","street":"x"}`))
		}, good, want{422, "Validation failed", []string{"street"}}},
		{"create empty body", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(``))
		}, good, want{422, "Validation failed", []string{"email", "phone"}}},
		{"create malformed JSON", func(c *notchpay.Client) (*http.Response, error) {
			return c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(`{"email":`))
		}, good, want{400, "Invalid JSON payload", nil}},
		{"update empty object", func(c *notchpay.Client) (*http.Response, error) {
			return c.UpdateCustomerWithBody(ctx, id, "application/json", strings.NewReader(`{}`))
		}, good, want{422, "Validation failed", []string{"body"}}},
		{"update null email", func(c *notchpay.Client) (*http.Response, error) {
			return c.UpdateCustomerWithBody(ctx, id, "application/json", strings.NewReader(`{"email":null}`))
		}, good, want{422, "Validation failed", []string{"email"}}},
		{"update bad phone", func(c *notchpay.Client) (*http.Response, error) {
			return c.UpdateCustomer(ctx, id, notchpay.UpdateCustomerJSONRequestBody{Phone: npPhone("12")})
		}, good, want{422, "Validation failed", []string{"phone"}}},
		{"list limit too large", func(c *notchpay.Client) (*http.Response, error) {
			return c.ListCustomers(ctx, &notchpay.ListCustomersParams{Limit: npInt(101)})
		}, good, want{400, "Invalid request parameters", []string{"limit"}}},
		{"payments page zero", func(c *notchpay.Client) (*http.Response, error) {
			return c.ListCustomerPayments(ctx, id, &notchpay.ListCustomerPaymentsParams{Page: npInt(0)})
		}, good, want{400, "Invalid request parameters", []string{"page"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := tc.do(tc.c)
			require.NoError(t, err)
			defer func() { _ = res.Body.Close() }()
			require.Equal(t, tc.want.status, res.StatusCode, "status")
			assert.Equal(t, "application/json", res.Header.Get("Content-Type"), "content type")
			var e notchpay.NotchPayError
			require.NoError(t, json.NewDecoder(res.Body).Decode(&e))
			assert.Equal(t, tc.want.status, e.Code, "body code")
			assert.Equal(t, http.StatusText(tc.want.status), e.Status, "body status")
			assert.Equal(t, tc.want.message, e.Message, "body message")
			for _, f := range tc.want.fields {
				assert.NotEmpty(t, e.Errors[f], "no error for field %q in %v", f, e.Errors)
			}
			assert.Len(t, e.Errors, len(tc.want.fields), "errors, want fields %v", tc.want.fields)
			assert.NotContains(t, fmt.Sprint(e), key, "error body reveals the key")
		})
	}
	t.Run("create without contact message", func(t *testing.T) {
		t.Parallel()
		res, err := good.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Name: npStr("x")})
		p := parsed(t, res, err, notchpay.ParseCreateCustomerResponse)
		require.NotNil(t, p.JSON422, "%s", p.Body)
		assert.Equal(t, []string{"The email field is required when phone is not present."}, p.JSON422.Errors["email"], "email errors")
	})
	t.Run("right sync account", func(t *testing.T) {
		t.Parallel()
		c := notchPayClient(t, srv, key, srv.Credentials.SyncAccount)
		res, err := c.GetCustomer(ctx, id)
		p := parsed(t, res, err, notchpay.ParseGetCustomerResponse)
		require.NotNil(t, p.JSON200, "%d %s", p.StatusCode(), p.Body)
		require.Equal(t, id, p.JSON200.Customer.Id)
	})
	notchPayNoViolations(t, srv)
}

func TestNotchPayLimits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "notchpay", WithMaxCustomers(2))
		_, err := srv.Seed(2)
		require.NoError(t, err)
		res, err := notchPayDefault(t, srv).CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Email: npStr("full@example.com")})
		p := parsed(t, res, err, notchpay.ParseCreateCustomerResponse)
		require.NotNil(t, p.JSON422, "%d %s", p.StatusCode(), p.Body)
		require.Equal(t, 422, p.JSON422.Code, "code")
		require.NotEmpty(t, p.JSON422.Message, "message")
		assert.Equal(t, 2, srv.Count(), "count")
		assert.Zero(t, srv.Created(), "created")
		notchPayNoViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "notchpay", WithMaxBodyBytes(64))
		res, err := notchPayDefault(t, srv).CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{
			Email: npStr("big@example.com"), Name: npStr(strings.Repeat("x", 100)),
		})
		p := parsed(t, res, err, notchpay.ParseCreateCustomerResponse)
		require.NotNil(t, p.JSON422, "%d %s", p.StatusCode(), p.Body)
		require.Contains(t, p.JSON422.Message, "64 bytes")
		assert.Zero(t, srv.Count(), "count")
	})
}

func TestNotchPayListAndSearch(t *testing.T) {
	t.Parallel()
	srv, c := notchPayStart(t)
	ctx := context.Background()
	ids, err := srv.Seed(45)
	require.NoError(t, err)
	list := func(p *notchpay.ListCustomersParams) *notchpay.CustomerList {
		t.Helper()
		res, err := c.ListCustomers(ctx, p)
		l := parsed(t, res, err, notchpay.ParseListCustomersResponse, "list")
		require.NotNil(t, l.JSON200, "list: %s", l.Body)
		return l.JSON200
	}

	// Defaults: limit 30, page 1.
	l := list(nil)
	require.Len(t, l.Items, 30, "page 1")
	require.Equal(t, []int{45, 2, 1, 30, 200}, []int{*l.Totals, *l.LastPage, *l.CurrentPage, *l.Selected, *l.Code},
		"page 1: totals, last_page, current_page, selected, code")
	for i, it := range l.Items {
		require.Equal(t, ids[i], it.Id, "item %d (creation order)", i)
	}
	l = list(&notchpay.ListCustomersParams{Page: npInt(2)})
	require.Len(t, l.Items, 15, "page 2")
	require.Equal(t, 15, *l.Selected, "page 2 selected")
	require.Equal(t, ids[30], l.Items[0].Id, "page 2 first item")
	l = list(&notchpay.ListCustomersParams{Page: npInt(9), Limit: npInt(10)})
	require.NotNil(t, l.Items, "past the end: items, not null")
	require.Empty(t, l.Items, "past the end")
	require.Equal(t, []int{0, 5, 9}, []int{*l.Selected, *l.LastPage, *l.CurrentPage}, "past the end: selected, last_page, current_page")

	// Search: case-insensitive over name, e-mail and phone.
	seeded, _ := srv.Customer(ids[7])
	var s7 notchpay.Customer
	_ = json.Unmarshal(seeded, &s7)
	email := npGet(t, s7.Email)
	l = list(&notchpay.ListCustomersParams{Search: npStr(strings.ToUpper(email))})
	require.Len(t, l.Items, 1, "search by email %q", email)
	require.Equal(t, ids[7], l.Items[0].Id, "search by email %q", email)
	require.Equal(t, 1, *l.Totals, "search by email %q: totals", email)
	phone := string(npGet(t, s7.Phone))
	for _, q := range []string{phone, "+" + phone} {
		l = list(&notchpay.ListCustomersParams{Search: npStr(q)})
		require.Len(t, l.Items, 1, "search by phone %q", q)
		require.Equal(t, ids[7], l.Items[0].Id, "search by phone %q", q)
	}
	first := strings.Fields(npGet(t, s7.Name))[0]
	l = list(&notchpay.ListCustomersParams{Search: npStr(strings.ToLower(first)), Limit: npInt(100)})
	require.Positive(t, *l.Totals, "search by name %q: totals", first)
	require.Less(t, *l.Totals, 45, "search by name %q: totals", first)
	for _, it := range l.Items {
		assert.Contains(t, npGet(t, it.Name), first, "search by name %q matched", first)
	}
	l = list(&notchpay.ListCustomersParams{Search: npStr("nobody-matches-this")})
	require.Empty(t, l.Items, "empty search")
	require.Equal(t, []int{0, 1, 1}, []int{*l.Totals, *l.LastPage, *l.CurrentPage}, "empty search: totals, last_page, current_page")
	notchPayNoViolations(t, srv)
}

func TestNotchPaySeededPayments(t *testing.T) {
	t.Parallel()
	srv, c := notchPayStart(t)
	ctx := context.Background()
	ids, err := srv.Seed(3)
	require.NoError(t, err)
	id := ids[1]
	raw, _ := srv.Customer(id)
	var cust notchpay.Customer
	_ = json.Unmarshal(raw, &cust)

	res, err := c.ListCustomerPaymentMethods(ctx, id)
	pm := parsed(t, res, err, notchpay.ParseListCustomerPaymentMethodsResponse, "methods")
	require.NotNil(t, pm.JSON200, "methods: %s", pm.Body)
	require.Len(t, pm.JSON200.Items, 1, "methods")
	m := pm.JSON200.Items[0]
	assert.Regexp(t, `^pm_`, m.Id, "method id")
	assert.Equal(t, "Mobile Money", npGet(t, m.Type), "method type")
	assert.Equal(t, "cm.mtn", npGet(t, m.Channel), "method channel")
	assert.Equal(t, npGet(t, cust.Phone), npGet(t, m.Phone), "method phone")
	assert.True(t, npGet(t, m.CreatedAt).Valid(), "method created_at valid")

	payments := func(p *notchpay.ListCustomerPaymentsParams) *notchpay.CustomerPaymentList {
		t.Helper()
		res, err := c.ListCustomerPayments(ctx, id, p)
		l := parsed(t, res, err, notchpay.ParseListCustomerPaymentsResponse, "payments")
		require.NotNil(t, l.JSON200, "payments: %s", l.Body)
		return l.JSON200
	}
	all := payments(nil)
	require.Len(t, all.Payments, 3, "payments")
	require.Equal(t, []int{3, 1, 3}, []int{*all.Totals, *all.LastPage, *all.Selected}, "payments: totals, last_page, selected")
	for _, p := range all.Payments {
		assert.Regexp(t, `^pay_`, p.Id, "payment id")
		assert.Equal(t, "XAF", npGet(t, p.Currency), "payment %s currency", p.Id)
		assert.Positive(t, p.Amount.Float64(), "payment %s amount", p.Id)
		assert.Equal(t, id, npGet(t, p.Customer), "payment %s customer", p.Id)
		assert.NotEmpty(t, npGet(t, p.Reference), "payment %s reference", p.Id)
	}
	page2 := payments(&notchpay.ListCustomerPaymentsParams{Limit: npInt(2), Page: npInt(2)})
	require.Len(t, page2.Payments, 1, "page 2")
	require.Equal(t, []int{2, 2}, []int{*page2.LastPage, *page2.CurrentPage}, "page 2: last_page, current_page")
	require.Equal(t, all.Payments[2].Id, page2.Payments[0].Id, "page 2 payment")
	done := payments(&notchpay.ListCustomerPaymentsParams{Status: npStr("complete")})
	require.Len(t, done.Payments, 1, "complete")
	require.Equal(t, "complete", npGet(t, done.Payments[0].Status), "complete: status")
	require.Equal(t, m.Id, npGet(t, done.Payments[0].PaymentMethod), "complete: payment_method")
	require.True(t, npGet(t, done.Payments[0].CompletedAt).Valid(), "complete: completed_at valid")
	none := payments(&notchpay.ListCustomerPaymentsParams{Status: npStr("expired")})
	require.Empty(t, none.Payments, "expired")
	require.Equal(t, 0, *none.Totals, "expired: totals")

	// Deleting the customer removes its extras: the lists answer 404.
	res, err = c.DeleteCustomer(ctx, id)
	require.NoError(t, err)
	_ = res.Body.Close()
	res, err = c.ListCustomerPayments(ctx, id, nil)
	p := parsed(t, res, err, notchpay.ParseListCustomerPaymentsResponse)
	require.NotNil(t, p.JSON404, "payments of a deleted customer: %d", p.StatusCode())
	notchPayNoViolations(t, srv)
}

func TestNotchPayPagingConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv, c := notchPayStart(t)
	ctx := context.Background()
	seeded, err := srv.Seed(260)
	require.NoError(t, err)

	var wg sync.WaitGroup
	var writeErrs atomic.Int32
	stop := make(chan struct{})
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				select {
				case <-stop:
					return
				default:
				}
				res, err := c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{
					Email: npStr(fmt.Sprintf("writer%d.%d@example.com", w, i)),
				})
				if err != nil {
					writeErrs.Add(1)
					return
				}
				if res.StatusCode != http.StatusCreated {
					writeErrs.Add(1)
				}
				_ = res.Body.Close()
			}
		}()
	}

	seen := map[string]int{}
	for page := 1; ; page++ {
		res, err := c.ListCustomers(ctx, &notchpay.ListCustomersParams{Limit: npInt(25), Page: npInt(page)})
		l := parsed(t, res, err, notchpay.ParseListCustomersResponse, "page %d", page)
		require.NotNil(t, l.JSON200, "page %d", page)
		for _, it := range l.JSON200.Items {
			seen[it.Id]++
		}
		if *l.JSON200.CurrentPage >= *l.JSON200.LastPage {
			break
		}
	}
	close(stop)
	wg.Wait()
	require.Zero(t, writeErrs.Load(), "writer errors")
	for id, n := range seen {
		assert.Equal(t, 1, n, "times %s listed", id)
	}
	for _, id := range seeded {
		assert.Equal(t, 1, seen[id], "times seeded %s listed", id)
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPayFaults(t *testing.T) {
	t.Parallel()
	srv, c := notchPayStart(t)
	ctx := context.Background()
	body := notchpay.CreateCustomerJSONRequestBody{Email: npStr("fault@example.com")}

	// A rate limit with Retry-After, in Notch Pay's error body.
	srv.Faults.Add(Fault{Operation: "createCustomer", Status: 429, RetryAfter: "30"})
	res, err := c.CreateCustomer(ctx, body)
	p := parsed(t, res, err, notchpay.ParseCreateCustomerResponse, "429")
	require.NotNil(t, p.JSON429, "429: %s", p.Body)
	require.Equal(t, 429, p.JSON429.Code, "429 code")
	require.Equal(t, "Too Many Requests", p.JSON429.Status, "429 status")
	if assert.NotNil(t, p.Headers429, "429 headers") {
		assert.Equal(t, npStr("30"), p.Headers429.RetryAfter, "Retry-After")
	}
	e := assertJournaled(t, srv, 429, false, "status 429")
	assert.Equal(t, "createCustomer", e.Operation, "journal operation")
	assert.Zero(t, srv.Created(), "created after 429")

	// Dropped before: nothing stored.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
	res, err = c.CreateCustomer(ctx, body)
	closeBody(res)
	require.Error(t, err, "DropBefore answered")
	e = assertJournaled(t, srv, 0, false, "drop before")
	assert.Zero(t, srv.Created(), "created after DropBefore")
	assert.Zero(t, srv.Count(), "count after DropBefore")

	// Dropped after: stored, but the client never hears of it.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
	res, err = c.CreateCustomer(ctx, body)
	closeBody(res)
	require.Error(t, err, "DropAfter answered")
	e = assertJournaled(t, srv, 0, true, "drop after")
	assert.Equal(t, 1, srv.Created(), "created after DropAfter")
	assert.Equal(t, 1, srv.Count(), "count after DropAfter")

	// An HTML gateway page in place of the 201 body: applied, unreadable.
	srv.Faults.Add(Fault{Operation: "createCustomer", Body: HTMLPage})
	res, err = c.CreateCustomer(ctx, body)
	p = parsed(t, res, err, notchpay.ParseCreateCustomerResponse)
	assert.Equal(t, 201, p.StatusCode(), "HTML page status")
	assert.Nil(t, p.JSON201, "HTML page parsed as a customer")
	assert.Regexp(t, `^text/html`, p.ContentType(), "HTML page content type")
	assert.Contains(t, string(p.Body), "502 Bad Gateway", "HTML page body")
	e = assertJournaled(t, srv, 201, true, "body fault")
	assert.Equal(t, 2, srv.Created(), "created")

	// A 503 on a read, then a normal answer.
	srv.Faults.Add(Fault{Operation: "listCustomers", Status: 503})
	res, err = c.ListCustomers(ctx, nil)
	l := parsed(t, res, err, notchpay.ParseListCustomersResponse, "503")
	require.NotNil(t, l.JSON503, "503: %s", l.Body)
	require.Equal(t, 503, l.JSON503.Code, "503 code")
	res, err = c.ListCustomers(ctx, nil)
	l = parsed(t, res, err, notchpay.ParseListCustomersResponse, "after 503")
	require.NotNil(t, l.JSON200, "after 503: %s", l.Body)
	require.Len(t, l.JSON200.Items, 2, "after 503")
	assert.Zero(t, srv.Faults.Pending(), "faults pending")
	notchPayNoViolations(t, srv)
}

func TestNotchPayPutOddData(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	id, err := srv.Put(json.RawMessage(`{"id":"cus.test_7Hq2LmVx9Tz","name":"Aminata Njoya","phone":237690112233,"created_at":"2023-03-15 08:45:10+00:00"}`))
	require.NoError(t, err)
	res, err := notchPayDefault(t, srv).GetCustomer(context.Background(), id)
	p := parsed(t, res, err, notchpay.ParseGetCustomerResponse)
	require.NotNil(t, p.JSON200, "%s", p.Body)
	cu := p.JSON200.Customer
	assert.Equal(t, "237690112233", string(npGet(t, cu.Phone)), "put customer phone")
	assert.Equal(t, 2023, npGet(t, cu.CreatedAt).Year(), "put customer created_at year")
	notchPayNoViolations(t, srv)
}

// The fake stores what Notch Pay's PHP backend can render ([] for an empty
// object, flags as 0/1 or strings, amounts as strings) and answers it within
// the spec, re-encoded in the usual shapes.
func TestNotchPayPutPHPShapes(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	id, err := srv.Put(json.RawMessage(`{"id":"cus_PhpShapes00000001","email":"brice@example.cm","address":[],"billing":[],"metadata":[],"blocked":1,"sandbox":"1"}`))
	require.NoError(t, err)
	res, err := notchPayDefault(t, srv).GetCustomer(context.Background(), id)
	p := parsed(t, res, err, notchpay.ParseGetCustomerResponse)
	require.NotNil(t, p.JSON200, "%s", p.Body)
	cu := p.JSON200.Customer
	assert.True(t, cu.Blocked.Bool(), "blocked 1")
	assert.True(t, cu.Sandbox.Bool(), `sandbox "1"`)
	assert.False(t, cu.Address.IsPresent(), "address []")
	assert.False(t, cu.Billing.IsPresent(), "billing []")
	assert.False(t, cu.Metadata.IsPresent(), "metadata []")
	for _, want := range []string{`"address":null`, `"billing":null`, `"metadata":null`, `"blocked":true`, `"sandbox":true`} {
		assert.Contains(t, string(p.Body), want, "answer")
	}

	var pay notchpay.Payment
	assert.NoError(t, json.Unmarshal([]byte(`{"id":"pay_1","amount":"5000"}`), &pay), "string amount")
	assert.Equal(t, flex.Number(5000), pay.Amount, "string amount")
	b, _ := json.Marshal(pay)
	assert.Contains(t, string(b), `"amount":5000`, "amount encoding")
	notchPayNoViolations(t, srv)
}
