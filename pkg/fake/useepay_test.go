package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/useepay"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var useepayIDPattern = regexp.MustCompile(`^cus_[A-Z0-9]{13}$`)

// useepayAuth sets the three UseePay headers from c.
func useepayAuth(c Credentials) useepay.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("x-merchant-no", c.MerchantNo)
		req.Header.Set("x-api-key", c.APIKey)
		req.Header.Set("x-app-id", c.AppID)
		return nil
	}
}

func useepayClient(t *testing.T, srv *Server, editors ...useepay.RequestEditorFn) *useepay.Client {
	t.Helper()
	opts := []useepay.ClientOption{useepay.WithRequestEditorFn(useepayAuth(srv.Credentials))}
	for _, e := range editors {
		opts = append(opts, useepay.WithRequestEditorFn(e))
	}
	c, err := useepay.NewClient(srv.URL, opts...)
	require.NoError(t, err)
	return c
}

// useepayClock is a settable clock for WithClock.
type useepayClock struct{ ns atomic.Int64 }

func newUseePayClock(t time.Time) *useepayClock {
	c := &useepayClock{}
	c.ns.Store(t.UnixNano())
	return c
}
func (c *useepayClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *useepayClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

func useepayNoResponseViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		assert.False(t, v.Response, "response violation: %s %d: %s", v.Operation, v.Status, v.Message)
	}
}

func useepayVal[T any](t *testing.T, field string, v T) T {
	t.Helper()
	require.NotZero(t, v, field)
	return v
}

// useepayObj is a stored object the answer must carry.
func useepayObj[T any](t *testing.T, field string, p *T) T {
	t.Helper()
	require.NotNil(t, p, field)
	return *p
}

// useepayMetaOf decodes stored metadata, which the generated model keeps as raw JSON.
func useepayMetaOf(t *testing.T, n json.RawMessage) map[string]string {
	t.Helper()
	var m map[string]string
	require.NoError(t, json.Unmarshal(useepayVal(t, "metadata", n), &m))
	return m
}

func useepayWantNull[T any](t *testing.T, field string, v T) {
	t.Helper()
	assert.Zero(t, v, "%s: want no value", field)
}

func useepayCreate(t *testing.T, c *useepay.Client, body useepay.CreateCustomerJSONRequestBody) *useepay.Customer {
	t.Helper()
	res, err := c.CreateCustomer(context.Background(), body)
	p := parsed(t, res, err, useepay.ParseCreateCustomerResponse)
	require.NotNil(t, p.JSON200, "create: status %d: %s", p.StatusCode(), p.Body)
	return p.JSON200
}

func useepayFullCreate(mcid string) useepay.CreateCustomerJSONRequestBody {
	return useepay.CreateCustomerJSONRequestBody{
		MerchantCustomerId: mcid,
		Name:               "Li Wei",
		Email:              useepayPtrTo("Li.Wei@Example.com"),
		Phone:              useepayPtrTo("+8613800138000"),
		FirstName:          useepayPtrTo("Wei"),
		LastName:           useepayPtrTo("Li"),
		Description:        useepayPtrTo("Wholesale buyer, Shanghai office"),
		Address: &useepay.Address{
			Country: useepayPtrTo("CN"), State: useepayPtrTo("Shanghai"), City: useepayPtrTo("Shanghai"),
			Postcode: useepayPtrTo("200120"), Line1: useepayPtrTo("88 Century Avenue"), Line2: useepayPtrTo("Floor 12"),
		},
		Shipping: &useepay.Shipping{
			Name: useepayPtrTo("Li Wei"), Phone: useepayPtrTo("+8613800138000"), ShippingMethod: useepayPtrTo("express"),
			Address: &useepay.Address{Country: useepayPtrTo("CN"), City: useepayPtrTo("Shanghai"), Line1: useepayPtrTo("1000 Zhangjiang Road")},
		},
		Metadata: map[string]string{"segment": "wholesale", "crm_owner": "alice"},
	}
}

func TestUseePayCreateGetUpdate(t *testing.T) {
	t.Parallel()
	clock := newUseePayClock(time.Date(2024, 10, 23, 8, 38, 8, 123456789, time.UTC))
	srv := Start(t, "useepay", WithClock(clock.now))
	c := useepayClient(t, srv)
	ctx := context.Background()

	// Create with every field.
	res, err := c.CreateCustomer(ctx, useepayFullCreate("CRM-000418"))
	created := parsed(t, res, err, useepay.ParseCreateCustomerResponse)
	require.Equal(t, http.StatusOK, created.StatusCode(), "create: %s", created.Body)
	require.NotNil(t, created.JSON200, "create: %s", created.Body)
	assert.Equal(t, "application/json", created.HTTPResponse.Header.Get("Content-Type"), "Content-Type")
	cu := created.JSON200
	assert.Regexp(t, useepayIDPattern, cu.Id, "id: cus_ + 13 uppercase alphanumerics")
	for _, s := range []string{`"create_at":"2024-10-23T08:38:08Z"`, `"modify_at":"2024-10-23T08:38:08Z"`, `"api_version":"v1"`} {
		assert.Contains(t, string(created.Body), s, "create body")
	}
	checks := map[string][2]string{
		"merchant_no":          {useepayVal(t, "merchant_no", cu.MerchantNo), srv.Credentials.MerchantNo},
		"app_id":               {useepayVal(t, "app_id", cu.AppId), srv.Credentials.AppID},
		"merchant_customer_id": {useepayVal(t, "mcid", cu.MerchantCustomerId), "CRM-000418"},
		"name":                 {useepayVal(t, "name", cu.Name), "Li Wei"},
		"email":                {useepayVal(t, "email", cu.Email), "Li.Wei@Example.com"},
		"phone":                {useepayVal(t, "phone", cu.Phone), "+8613800138000"},
		"last_name":            {useepayVal(t, "last_name", cu.LastName), "Li"},
		"address.line2":        {useepayVal(t, "line2", useepayObj(t, "address", cu.Address).Line2), "Floor 12"},
		"shipping.method":      {useepayVal(t, "method", useepayObj(t, "shipping", cu.Shipping).ShippingMethod), "express"},
		"shipping.address.line1": {
			useepayVal(t, "line1", useepayObj(t, "shipping.address", useepayObj(t, "shipping", cu.Shipping).Address).Line1),
			"1000 Zhangjiang Road",
		},
		"metadata.crm_owner": {fmt.Sprint(useepayMetaOf(t, cu.Metadata)["crm_owner"]), "alice"},
	}
	for field, got := range checks {
		assert.Equal(t, got[1], got[0], field)
	}
	// Shipping parts not sent come back as null.
	useepayWantNull(t, "shipping.first_name", useepayObj(t, "shipping", cu.Shipping).FirstName)
	useepayWantNull(t, "shipping.address.postcode", useepayObj(t, "shipping.address", useepayObj(t, "shipping", cu.Shipping).Address).Postcode)

	// Retrieve returns the same customer.
	res, err = c.GetCustomer(ctx, cu.Id)
	got := parsed(t, res, err, useepay.ParseGetCustomerResponse)
	require.NotNil(t, got.JSON200, "get: %d %s", got.StatusCode(), got.Body)
	require.Equal(t, string(created.Body), string(got.Body), "get body")

	// Partial update: change description, clear last_name and shipping,
	// replace the address; everything else stays.
	clock.advance(25*time.Hour + 500*time.Millisecond)
	res, err = c.UpdateCustomer(ctx, cu.Id, useepay.UpdateCustomerJSONRequestBody{
		Description: nullable.NewNullableWithValue("Moved to the Beijing office"),
		LastName:    nullable.NewNullNullable[string](),
		Shipping:    nullable.NewNullNullable[useepay.Shipping](),
		Address:     nullable.NewNullableWithValue(useepay.Address{Country: useepayPtrTo("CN"), City: useepayPtrTo("Beijing")}),
	})
	upd := parsed(t, res, err, useepay.ParseUpdateCustomerResponse)
	require.NotNil(t, upd.JSON200, "update: %d %s", upd.StatusCode(), upd.Body)
	u := upd.JSON200
	assert.Contains(t, string(upd.Body), `"create_at":"2024-10-23T08:38:08Z"`, "update timestamps")
	assert.Contains(t, string(upd.Body), `"modify_at":"2024-10-24T09:38:08Z"`, "update timestamps")
	assert.Equal(t, "Moved to the Beijing office", useepayVal(t, "description", u.Description), "description")
	useepayWantNull(t, "last_name", u.LastName)
	assert.Nil(t, u.Shipping, "shipping cleared")
	addr := useepayObj(t, "address", u.Address)
	assert.Equal(t, "Beijing", useepayVal(t, "address.city", addr.City), "address.city replaced")
	useepayWantNull(t, "address.line1 (address replaced whole)", addr.Line1)
	for field, pair := range map[string][2]string{
		"name":                 {useepayVal(t, "name", u.Name), "Li Wei"},
		"email":                {useepayVal(t, "email", u.Email), "Li.Wei@Example.com"},
		"phone":                {useepayVal(t, "phone", u.Phone), "+8613800138000"},
		"first_name":           {useepayVal(t, "first_name", u.FirstName), "Wei"},
		"merchant_customer_id": {useepayVal(t, "mcid", u.MerchantCustomerId), "CRM-000418"},
		"metadata.segment":     {fmt.Sprint(useepayMetaOf(t, u.Metadata)["segment"]), "wholesale"},
	} {
		assert.Equal(t, pair[1], pair[0], "unsent %s changed", field)
	}

	// Second update: new name, clear email (phone remains), clear metadata.
	// The stored customer reflects it.
	res, err = c.UpdateCustomer(ctx, cu.Id, useepay.UpdateCustomerJSONRequestBody{
		Name:     useepayPtrTo("Wei Li"),
		Email:    nullable.NewNullNullable[string](),
		Metadata: nullable.NewNullNullable[map[string]string](),
	})
	upd = parsed(t, res, err, useepay.ParseUpdateCustomerResponse, "update 2")
	require.NotNil(t, upd.JSON200, "update 2: %s", upd.Body)
	res, err = c.GetCustomer(ctx, cu.Id)
	got = parsed(t, res, err, useepay.ParseGetCustomerResponse, "get 2")
	require.NotNil(t, got.JSON200, "get 2: %d %s", got.StatusCode(), got.Body)
	g := got.JSON200
	assert.Equal(t, "CRM-000418", useepayVal(t, "mcid", g.MerchantCustomerId), "stored merchant_customer_id")
	assert.Equal(t, "Wei Li", useepayVal(t, "name", g.Name), "second update stored: name")
	useepayWantNull(t, "email", g.Email)
	useepayWantNull(t, "metadata", g.Metadata)
	useepayWantNull(t, "last_name (still cleared)", g.LastName)
	assert.Equal(t, "Moved to the Beijing office", useepayVal(t, "description", g.Description), "description kept")
	useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "CRM-000421", Name: "Jane Smith", Phone: useepayPtrTo("134251756712")})

	// A minimal customer with only a phone: every other field is null.
	minimal := useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "CRM-000420", Name: "Min", Phone: useepayPtrTo("13527189021")})
	useepayWantNull(t, "email", minimal.Email)
	assert.Nil(t, minimal.Address, "address") // written as null: the field has no omitempty
	assert.Nil(t, minimal.Shipping, "shipping")
	useepayWantNull(t, "metadata", minimal.Metadata)
	assert.Equal(t, 3, srv.Created(), "created")
	assert.Equal(t, 3, srv.Count(), "count")
	useepayNoResponseViolations(t, srv)
}

func useepayList(t *testing.T, c *useepay.Client, p useepay.ListCustomersParams) *useepay.ListCustomersResponse {
	t.Helper()
	res, err := c.ListCustomers(context.Background(), &p)
	l := parsed(t, res, err, useepay.ParseListCustomersResponse)
	require.NotNil(t, l.JSON200, "list: %d %s", l.StatusCode(), l.Body)
	require.NotNil(t, l.JSON200.HasMore, "list has_more: %s", l.Body)
	return l
}

func TestUseePayListFilters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay")
	c := useepayClient(t, srv)
	a := useepayCreate(t, c, useepayFullCreate("CRM-A"))
	b := useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "CRM-B", Name: "Bo", Email: useepayPtrTo("bo@example.com"), Phone: useepayPtrTo("+8613800138000")})
	d := useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "CRM-D", Name: "Di", Phone: useepayPtrTo("+6590000000")})

	tests := []struct {
		name string
		p    useepay.ListCustomersParams
		want []string
		more bool
	}{
		{"all", useepay.ListCustomersParams{}, []string{a.Id, b.Id, d.Id}, false},
		{"email case-insensitive", useepay.ListCustomersParams{Email: useepayPtrTo("li.wei@example.COM")}, []string{a.Id}, false},
		{"phone", useepay.ListCustomersParams{Phone: useepayPtrTo("+8613800138000")}, []string{a.Id, b.Id}, false},
		{"phone exact only", useepay.ListCustomersParams{Phone: useepayPtrTo("8613800138000")}, nil, false},
		{"merchant_customer_id", useepay.ListCustomersParams{MerchantCustomerId: useepayPtrTo("CRM-D")}, []string{d.Id}, false},
		{"merchant_customer_id case-sensitive", useepay.ListCustomersParams{MerchantCustomerId: useepayPtrTo("crm-d")}, nil, false},
		{"filters combine", useepay.ListCustomersParams{Phone: useepayPtrTo("+8613800138000"), Email: useepayPtrTo("bo@example.com")}, []string{b.Id}, false},
		{"filters combine to nothing", useepay.ListCustomersParams{Phone: useepayPtrTo("+6590000000"), Email: useepayPtrTo("bo@example.com")}, nil, false},
		{"page 0 of 2", useepay.ListCustomersParams{PageNum: useepayPtrTo(0), PageSize: useepayPtrTo(2)}, []string{a.Id, b.Id}, true},
		{"page 1 of 2", useepay.ListCustomersParams{PageNum: useepayPtrTo(1), PageSize: useepayPtrTo(2)}, []string{d.Id}, false},
		{"past the end", useepay.ListCustomersParams{PageNum: useepayPtrTo(5), PageSize: useepayPtrTo(2)}, nil, false},
		{"far past the end", useepay.ListCustomersParams{PageNum: useepayPtrTo(1 << 62), PageSize: useepayPtrTo(100)}, nil, false},
		{"filtered paging", useepay.ListCustomersParams{Phone: useepayPtrTo("+8613800138000"), PageSize: useepayPtrTo(1)}, []string{a.Id}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := useepayList(t, c, tc.p)
			var ids []string
			for _, it := range l.JSON200.Items {
				ids = append(ids, it.Id)
			}
			assert.Equal(t, tc.want, ids, "ids")
			assert.Equal(t, tc.more, *l.JSON200.HasMore, "has_more")
			if len(tc.want) == 0 {
				assert.Contains(t, string(l.Body), `"items":[]`, "empty page")
			}
		})
	}
}

func TestUseePayListDefaultPageSize(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay")
	ids, err := srv.Seed(12)
	require.NoError(t, err)
	c := useepayClient(t, srv)
	l := useepayList(t, c, useepay.ListCustomersParams{})
	require.Len(t, l.JSON200.Items, 10, "default page")
	require.True(t, *l.JSON200.HasMore, "default page has_more")
	require.Equal(t, ids[0], l.JSON200.Items[0].Id, "default page first item")
	// Seeded customers are realistic and complete.
	s := l.JSON200.Items[1]
	assert.Regexp(t, useepayIDPattern, s.Id, "seeded id")
	assert.Equal(t, srv.Credentials.MerchantNo, useepayVal(t, "merchant_no", s.MerchantNo), "seeded merchant_no")
	assert.Equal(t, srv.Credentials.AppID, useepayVal(t, "app_id", s.AppId), "seeded app_id")
	assert.Contains(t, useepayVal(t, "email", s.Email), "@example.com", "seeded email")
	assert.NotEmpty(t, useepayVal(t, "mcid", s.MerchantCustomerId), "seeded merchant_customer_id")
	assert.True(t, useepayVal(t, "create_at", s.CreateAt).Valid(), "seeded create_at valid")
	assert.Zero(t, srv.Created(), "seeding counted as API creations")
	useepayNoResponseViolations(t, srv)
}

// useepayErrResponse is what every parsed UseePay response offers for errors.
// useepayErrOf closes res and parses it, passing a transport error on, for
// the calls of the error table.
func useepayErrOf[P useepayErrResponse](res *http.Response, err error, parse func(*http.Response) (P, error)) (useepayErrResponse, error) {
	defer closeBody(res)
	if err != nil {
		return nil, err
	}
	return parse(res)
}

type useepayErrResponse interface {
	StatusCode() int
	GetJSON400() *useepay.UseePayError
	GetJSON401() *useepay.UseePayError
	GetJSON404() *useepay.UseePayError
}

func useepayErrorOf(t *testing.T, r useepayErrResponse) *useepay.UseePayError {
	t.Helper()
	switch r.StatusCode() {
	case 400:
		return r.GetJSON400()
	case 401:
		return r.GetJSON401()
	case 404:
		return r.GetJSON404()
	}
	return nil
}

func TestUseePayErrors(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay")
	good := useepayClient(t, srv)
	first := useepayCreate(t, good, useepayFullCreate("CRM-1"))
	second := useepayCreate(t, good, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "CRM-2", Name: "Two", Phone: useepayPtrTo("+6590000002")})
	before := srv.Created()

	wrong := func(header, value string) useepay.RequestEditorFn {
		return func(_ context.Context, req *http.Request) error {
			if value == "" {
				req.Header.Del(header)
			} else {
				req.Header.Set(header, value)
			}
			return nil
		}
	}
	client := func(e useepay.RequestEditorFn) *useepay.Client {
		if e == nil {
			return good
		}
		return useepayClient(t, srv, e)
	}
	createRaw := func(body string) func(context.Context, *useepay.Client) (useepayErrResponse, error) {
		return func(ctx context.Context, c *useepay.Client) (useepayErrResponse, error) {
			res, err := c.CreateCustomerWithBody(ctx, "application/json", strings.NewReader(body))
			return useepayErrOf(res, err, useepay.ParseCreateCustomerResponse)
		}
	}
	updateRaw := func(id, body string) func(context.Context, *useepay.Client) (useepayErrResponse, error) {
		return func(ctx context.Context, c *useepay.Client) (useepayErrResponse, error) {
			res, err := c.UpdateCustomerWithBody(ctx, id, "application/json", strings.NewReader(body))
			return useepayErrOf(res, err, useepay.ParseUpdateCustomerResponse)
		}
	}
	get := func(id string) func(context.Context, *useepay.Client) (useepayErrResponse, error) {
		return func(ctx context.Context, c *useepay.Client) (useepayErrResponse, error) {
			res, err := c.GetCustomer(ctx, id)
			return useepayErrOf(res, err, useepay.ParseGetCustomerResponse)
		}
	}
	list := func(p useepay.ListCustomersParams) func(context.Context, *useepay.Client) (useepayErrResponse, error) {
		return func(ctx context.Context, c *useepay.Client) (useepayErrResponse, error) {
			res, err := c.ListCustomers(ctx, &p)
			return useepayErrOf(res, err, useepay.ParseListCustomersResponse)
		}
	}
	listRaw := func(query string) func(context.Context, *useepay.Client) (useepayErrResponse, error) {
		return func(ctx context.Context, c *useepay.Client) (useepayErrResponse, error) {
			res, err := c.ListCustomers(ctx, nil, func(_ context.Context, req *http.Request) error {
				req.URL.RawQuery = query
				return nil
			})
			return useepayErrOf(res, err, useepay.ParseListCustomersResponse)
		}
	}

	tests := []struct {
		name       string
		editor     useepay.RequestEditorFn
		call       func(context.Context, *useepay.Client) (useepayErrResponse, error)
		status     int
		code       string
		source     string // "" wants source: null
		msgContain string
	}{
		{"missing x-merchant-no", wrong("x-merchant-no", ""), list(useepay.ListCustomersParams{}), 401, "invalid_request_error", "x-merchant-no", "x-merchant-no required"},
		{"missing x-api-key", wrong("x-api-key", ""), get(first.Id), 401, "invalid_request_error", "x-api-key", "x-api-key required"},
		{"missing x-app-id", wrong("x-app-id", ""), createRaw(`{"merchant_customer_id":"X","name":"X","email":"x@example.com"}`), 401, "invalid_request_error", "x-app-id", ""},
		{"wrong x-merchant-no", wrong("x-merchant-no", "500000000007264"), get(first.Id), 401, "invalid_request_error", "x-merchant-no", "inconsistent"},
		{"wrong x-api-key", wrong("x-api-key", "UseePay_SK_revoked"), list(useepay.ListCustomersParams{}), 401, "invalid_request_error", "x-api-key", "invalid x-api-key"},
		{"wrong x-app-id", wrong("x-app-id", "www.other.example"), updateRaw(first.Id, `{"name":"X"}`), 401, "invalid_request_error", "x-app-id", ""},
		{"wrong key before validation", wrong("x-api-key", "nope"), createRaw(`{}`), 401, "invalid_request_error", "x-api-key", ""},
		{"get unknown id", nil, get("cus_ZZZZZZZZZZZZZ"), 404, "resource_not_found", "", "Customer not found"},
		{"get malformed id", nil, get("12345"), 404, "resource_not_found", "", ""},
		{"update unknown id", nil, updateRaw("cus_ZZZZZZZZZZZZZ", `{"name":"X"}`), 404, "resource_not_found", "", ""},
		{"create missing merchant_customer_id", nil, createRaw(`{"name":"X","email":"x@example.com"}`), 400, "field_required", "merchant_customer_id", "merchant_customer_id required"},
		{"create missing name", nil, createRaw(`{"merchant_customer_id":"X","email":"x@example.com"}`), 400, "field_required", "name", "name required"},
		{"create without email and phone", nil, createRaw(`{"merchant_customer_id":"X","name":"X"}`), 400, "field_required", "email", "email or phone"},
		{"create with blank phone only", nil, createRaw(`{"merchant_customer_id":"X","name":"X","phone":"  "}`), 400, "field_required", "email", ""},
		{"create bad email", nil, createRaw(`{"merchant_customer_id":"X","name":"X","email":"not-an-email"}`), 400, "invalid_argument", "email", "email"},
		{"create bad country", nil, createRaw(`{"merchant_customer_id":"X","name":"X","email":"x@example.com","address":{"country":"china"}}`), 400, "invalid_argument", "address.country", ""},
		{"create bad shipping country", nil, createRaw(`{"merchant_customer_id":"X","name":"X","email":"x@example.com","shipping":{"address":{"country":"cn"}}}`), 400, "invalid_argument", "shipping.address.country", ""},
		{"create unknown field", nil, createRaw(`{"merchant_customer_id":"X","name":"X","email":"x@example.com","nickname":"x"}`), 400, "invalid_argument", "nickname", "not an accepted field"},
		{"create metadata not strings", nil, createRaw(`{"merchant_customer_id":"X","name":"X","email":"x@example.com","metadata":{"n":1}}`), 400, "invalid_argument", "metadata.n", ""},
		{"create several problems: first one is the source", nil, createRaw(`{"nickname":1}`), 400, "invalid_argument", "nickname", "nickname is not an accepted field; merchant_customer_id required; name required"},
		{"create malformed JSON", nil, createRaw(`{"merchant_customer_id":`), 400, "invalid_request_error", "", "malformed request"},
		{"create duplicate merchant_customer_id", nil, createRaw(`{"merchant_customer_id":"CRM-1","name":"X","email":"x@example.com"}`), 400, "already_exists", "merchant_customer_id", "CRM-1 already exists"},
		{"update empty body", nil, updateRaw(first.Id, `{}`), 400, "invalid_request_error", "", "at least one field"},
		{"update name null", nil, updateRaw(first.Id, `{"name":null}`), 400, "invalid_argument", "name", ""},
		{"update clears email and phone", nil, updateRaw(first.Id, `{"email":null,"phone":null}`), 400, "field_required", "email", "email or phone"},
		{"update clears the only contact", nil, updateRaw(second.Id, `{"phone":null}`), 400, "field_required", "email", ""},
		{"update merchant_customer_id", nil, updateRaw(second.Id, `{"merchant_customer_id":"CRM-9"}`), 400, "invalid_argument", "merchant_customer_id", "not an accepted field"},
		{"update unknown field", nil, updateRaw(first.Id, `{"id":"cus_X"}`), 400, "invalid_argument", "id", ""},
		{"list page_size 0", nil, list(useepay.ListCustomersParams{PageSize: useepayPtrTo(0)}), 400, "invalid_argument", "page_size", ""},
		{"list page_size 101", nil, list(useepay.ListCustomersParams{PageSize: useepayPtrTo(101)}), 400, "invalid_argument", "page_size", ""},
		{"list page_num -1", nil, list(useepay.ListCustomersParams{PageNum: useepayPtrTo(-1)}), 400, "invalid_argument", "page_num", ""},
		{"list page_size not a number", nil, listRaw("page_size=ten"), 400, "invalid_argument", "page_size", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := tc.call(context.Background(), client(tc.editor))
			require.NoError(t, err)
			require.Equal(t, tc.status, r.StatusCode(), "status")
			e := useepayErrorOf(t, r)
			require.NotNil(t, e, "UseePay error body for %d", r.StatusCode())
			t.Logf("%d %s", r.StatusCode(), useepayJSON(e))
			assert.Equal(t, tc.source, e.Source, "source")
			assert.Equal(t, tc.code, e.Code, "code")
			assert.NotEmpty(t, e.Message, "message")
			assert.Contains(t, e.Message, tc.msgContain, "message")
		})
	}

	t.Run("no route: delete", func(t *testing.T) {
		t.Parallel()
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/v1/customers/"+first.Id, nil)
		_ = useepayAuth(srv.Credentials)(context.Background(), req)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer func() { _ = res.Body.Close() }()
		var e useepay.UseePayError
		require.NoError(t, json.NewDecoder(res.Body).Decode(&e))
		assert.Equal(t, 404, res.StatusCode, "delete status")
		assert.Equal(t, "resource_not_found", e.Code, "delete code")
		assert.Equal(t, "application/json", res.Header.Get("Content-Type"), "delete content type")
	})

	t.Cleanup(func() {
		assert.Equal(t, before, srv.Created(), "error cases changed the store: created")
		assert.Equal(t, 2, srv.Count(), "error cases changed the store: count")
		// The refused updates left the customers as they were.
		raw, _ := srv.Customer(second.Id)
		var c useepay.Customer
		if assert.NoError(t, json.Unmarshal(raw, &c), "stored customer %s", raw) {
			assert.Equal(t, "+6590000002", useepayVal(t, "phone", c.Phone), "phone after refused updates")
			assert.Equal(t, "CRM-2", useepayVal(t, "mcid", c.MerchantCustomerId), "merchant_customer_id after refused updates")
		}
		useepayNoResponseViolations(t, srv)
	})
}

func TestUseePayStoreFull(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay", WithMaxCustomers(2))
	c := useepayClient(t, srv)
	useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "A", Name: "A", Phone: useepayPtrTo("1")})
	useepayCreate(t, c, useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "B", Name: "B", Phone: useepayPtrTo("2")})
	res, err := c.CreateCustomer(context.Background(), useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "C", Name: "C", Phone: useepayPtrTo("3")})
	p := parsed(t, res, err, useepay.ParseCreateCustomerResponse)
	require.Equal(t, 400, p.StatusCode(), "store full: %s", p.Body)
	require.NotNil(t, p.JSON400, "store full: %s", p.Body)
	require.Equal(t, "invalid_request_error", p.JSON400.Code, "store full code")
	require.NotEmpty(t, p.JSON400.Message, "store full message")
	assert.Equal(t, 2, srv.Count(), "count")
	assert.Equal(t, 2, srv.Created(), "created")
	useepayNoResponseViolations(t, srv)
}

func TestUseePayBodyTooLarge(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay", WithMaxBodyBytes(512))
	c := useepayClient(t, srv)
	body := useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: "BIG", Name: "Big", Email: useepayPtrTo("big@example.com"), Description: useepayPtrTo(strings.Repeat("d", 600))}
	res, err := c.CreateCustomer(context.Background(), body)
	p := parsed(t, res, err, useepay.ParseCreateCustomerResponse)
	require.Equal(t, 400, p.StatusCode(), "too large: %s", p.Body)
	require.NotNil(t, p.JSON400, "too large: %s", p.Body)
	require.Equal(t, "invalid_request_error", p.JSON400.Code, "too large code")
	require.Contains(t, p.JSON400.Message, "512", "too large message")
	assert.Zero(t, srv.Created(), "created")
	j := srv.Journal()
	if assert.Len(t, j, 1, "journal") {
		assert.Equal(t, 400, j[0].Status, "journal status")
		assert.False(t, j[0].Applied, "journal applied")
		assert.Equal(t, "createCustomer", j[0].Operation, "journal operation")
	}
	// A body under the limit is fine.
	body.Description = useepayPtrTo("small")
	useepayCreate(t, c, body)
	useepayNoResponseViolations(t, srv)
}

// useepayWrite creates one customer, closing the answer before it returns.
// It runs off the test goroutine, so it reports failures instead of failing
// the test.
func useepayWrite(c *useepay.Client, w, i int) error {
	res, err := c.CreateCustomer(context.Background(), useepay.CreateCustomerJSONRequestBody{
		MerchantCustomerId: fmt.Sprintf("W%d-%03d", w, i),
		Name:               "Writer",
		Email:              useepayPtrTo(fmt.Sprintf("w%d.%d@example.com", w, i)),
	})
	p, err := sent(res, err, useepay.ParseCreateCustomerResponse)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if p.JSON200 == nil {
		return fmt.Errorf("create: status %d: %s", p.StatusCode(), p.Body)
	}
	return nil
}

func TestUseePayPagingWithConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay")
	seeded, err := srv.Seed(260)
	require.NoError(t, err)
	c := useepayClient(t, srv)

	const writers, perWriter = 4, 30
	var wg sync.WaitGroup
	var writing atomic.Int32 // writers still creating
	writing.Store(writers)
	start := make(chan struct{})
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer writing.Add(-1)
			<-start
			for i := range perWriter {
				if err := useepayWrite(c, w, i); err != nil {
					errs <- err
				}
			}
		}()
	}
	close(start)

	seen := map[string]int{}
	pages, pagesDuringWrites := 0, 0
	for page := 0; ; page++ {
		l := useepayList(t, c, useepay.ListCustomersParams{PageNum: useepayPtrTo(page), PageSize: useepayPtrTo(7)})
		pages++
		if writing.Load() > 0 {
			pagesDuringWrites++
		}
		for _, it := range l.JSON200.Items {
			seen[it.Id]++
		}
		if !*l.JSON200.HasMore {
			break
		}
		require.Len(t, l.JSON200.Items, 7, "page %d with has_more", page)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err, "writer")
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "times %s seen", id)
	}
	for _, id := range seeded {
		assert.Equal(t, 1, seen[id], "times seeded %s seen", id)
	}
	assert.Equal(t, writers*perWriter, srv.Created(), "created")
	assert.Equal(t, len(seeded)+writers*perWriter, srv.Count(), "count")
	t.Logf("%d pages (%d while writers ran), %d customers seen, %d stored", pages, pagesDuringWrites, len(seen), srv.Count())
	useepayNoResponseViolations(t, srv)
}

func TestUseePayFaults(t *testing.T) {
	t.Parallel()
	srv := Start(t, "useepay")
	c := useepayClient(t, srv)
	ctx := context.Background()
	body := func(mcid string) useepay.CreateCustomerJSONRequestBody {
		return useepay.CreateCustomerJSONRequestBody{MerchantCustomerId: mcid, Name: "Fault", Email: useepayPtrTo(strings.ToLower(mcid) + "@example.com")}
	}

	// A status fault answers in UseePay's error shape with Retry-After and
	// applies nothing.
	srv.Faults.Add(Fault{Operation: "createCustomer", Status: http.StatusServiceUnavailable, RetryAfter: "7"})
	res, err := c.CreateCustomer(ctx, body("F-STATUS"))
	require.NoError(t, err)
	raw, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	var e useepay.UseePayError
	assert.NoError(t, json.Unmarshal(raw, &e), "status fault body %s", raw)
	assert.Equal(t, 503, res.StatusCode, "status fault status")
	assert.Equal(t, "7", res.Header.Get("Retry-After"), "status fault Retry-After")
	assert.Equal(t, "service_unavailable", e.Code, "status fault code")
	assert.Empty(t, e.Source, "status fault source null")
	j := assertJournaled(t, srv, 503, false, "status 503")
	assert.Equal(t, "createCustomer", j.Operation, "journal operation")
	assert.Zero(t, srv.Created(), "created after status fault")

	// DropBefore: connection closed, nothing created.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
	res, err = c.CreateCustomer(ctx, body("F-BEFORE"))
	closeBody(res)
	assert.Error(t, err, "drop before")
	j = assertJournaled(t, srv, 0, false, "drop before")
	assert.Zero(t, srv.Created(), "created after drop before")

	// DropAfter: connection closed, but the customer exists.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
	res, err = c.CreateCustomer(ctx, body("F-AFTER"))
	closeBody(res)
	assert.Error(t, err, "drop after")
	j = assertJournaled(t, srv, 0, true, "drop after")
	assert.Equal(t, 1, srv.Created(), "created after drop after")
	l := useepayList(t, c, useepay.ListCustomersParams{MerchantCustomerId: useepayPtrTo("F-AFTER")})
	require.Len(t, l.JSON200.Items, 1, "dropped-after customer listed: %s", l.Body)
	// A retry of the dropped create is refused as a duplicate.
	res, err = c.CreateCustomer(ctx, body("F-AFTER"))
	p := parsed(t, res, err, useepay.ParseCreateCustomerResponse)
	if assert.NoError(t, err, "retry after drop") && assert.NotNil(t, p.JSON400, "retry after drop: %s", p.Body) {
		assert.Equal(t, "already_exists", p.JSON400.Code, "retry after drop")
	}

	// A body fault: the gateway's HTML page instead of the customer.
	id := l.JSON200.Items[0].Id
	srv.Faults.Add(Fault{Operation: "getCustomer", Body: HTMLPage})
	res, err = c.GetCustomer(ctx, id)
	g := parsed(t, res, err, useepay.ParseGetCustomerResponse)
	assert.Equal(t, 200, g.StatusCode(), "html fault status")
	assert.Nil(t, g.JSON200, "html fault parsed as a customer")
	assert.Regexp(t, `^text/html`, g.HTTPResponse.Header.Get("Content-Type"), "html fault content type")
	assert.Contains(t, string(g.Body), "<html>", "html fault body")
	j = assertJournaled(t, srv, 200, true, "body fault")
	assert.Equal(t, "getCustomer", j.Operation, "journal operation")
	assert.Zero(t, srv.Faults.Pending(), "faults left")
	useepayNoResponseViolations(t, srv)
}

func useepayJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
