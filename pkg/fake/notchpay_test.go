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
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func notchPayDefault(t *testing.T, srv *Server) *notchpay.Client {
	return notchPayClient(t, srv, srv.Credentials.APIKey, "")
}

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
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := notchpay.ParseCreateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	if p.StatusCode() != http.StatusCreated || p.JSON201 == nil || p.JSON201.Customer == nil {
		t.Fatalf("create: %d %s", p.StatusCode(), p.Body)
	}
	return *p.JSON201.Customer
}

func npGet[T any](t *testing.T, n nullable.Nullable[T]) T {
	t.Helper()
	v, err := n.Get()
	if err != nil {
		t.Fatalf("field not set: %v", err)
	}
	return v
}

// npObj returns a present object field, failing the test when it is absent.
func npObj[T any](t *testing.T, o flex.Object[T]) T {
	t.Helper()
	v, ok := o.Value()
	if !ok {
		t.Fatal("object field absent")
	}
	return v
}

func notchPayNoViolations(t *testing.T, srv *Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		if v.Response {
			t.Errorf("response violation: %+v", v)
		}
	}
}

func TestNotchPayLifecycle(t *testing.T) {
	t.Parallel()
	clock := &notchPayClock{t: time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)}
	srv := Start(t, "notchpay", WithClock(clock.now))
	c := notchPayDefault(t, srv)
	ctx := context.Background()

	created := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{
		Email:       npStr("john@example.com"),
		Phone:       npStr("+237600000000"),
		Name:        npStr("John Doe"),
		CompanyName: npStr("ACME Inc"),
		Metadata:    map[string]any{"user_id": "12345"},
		Address:     &notchpay.Address{Country: npStr("CM"), City: npStr("Douala"), AddressLine1: npStr("123 Main St")},
		Billing:     &notchpay.Address{Country: npStr("CM"), City: npStr("Yaoundé")},
	})
	if !regexp.MustCompile(`^cus_[A-Za-z0-9]{16}$`).MatchString(created.Id) {
		t.Errorf("id %q", created.Id)
	}
	if npGet(t, created.Phone) != "237600000000" {
		t.Errorf("phone %q, want digits without +", npGet(t, created.Phone))
	}
	if npGet(t, created.Email) != "john@example.com" || npGet(t, created.Name) != "John Doe" || npGet(t, created.CompanyName) != "ACME Inc" {
		t.Errorf("created %+v", created)
	}
	if created.Blocked || !created.Sandbox {
		t.Errorf("blocked/sandbox %v %v", created.Blocked, created.Sandbox)
	}
	if got := npGet(t, npObj(t, created.Address).City); got != "Douala" {
		t.Errorf("address city %q", got)
	}
	if got := npObj(t, created.Metadata)["user_id"]; got != "12345" {
		t.Errorf("metadata %v", got)
	}
	wantCreated := time.Date(2024, 5, 6, 7, 8, 9, 123000000, time.UTC)
	if ct := npGet(t, created.CreatedAt); !ct.Equal(wantCreated) {
		t.Errorf("created_at %v", ct.Time)
	}
	raw, ok := srv.Customer(created.Id)
	if !ok {
		t.Fatal("not stored")
	}
	var wire map[string]any
	_ = json.Unmarshal(raw, &wire)
	for _, k := range []string{"created_at", "updated_at"} {
		if s, _ := wire[k].(string); !notchPayStampRE.MatchString(s) {
			t.Errorf("%s = %q, want layout 2006-01-02T15:04:05.000Z", k, s)
		}
	}
	if s, _ := wire["phone"].(string); s != "237600000000" {
		t.Errorf("stored phone %#v", wire["phone"])
	}

	// Get.
	res, err := c.GetCustomer(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	got, err := notchpay.ParseGetCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	if got.JSON200 == nil || got.JSON200.Code != 200 || *got.JSON200.Status != "OK" || got.JSON200.Customer.Id != created.Id {
		t.Fatalf("get: %d %s", got.StatusCode(), got.Body)
	}

	// Partial update: rename, clear the company and the billing address,
	// leave everything else alone.
	clock.advance(time.Hour)
	body := notchpay.UpdateCustomerJSONRequestBody{
		Name:        nullable.NewNullableWithValue("John Smith"),
		CompanyName: nullable.NewNullNullable[string](),
		Billing:     nullable.NewNullNullable[notchpay.Address](),
	}
	res, err = c.UpdateCustomer(ctx, created.Id, body)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	up, err := notchpay.ParseUpdateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	if up.JSON200 == nil || up.JSON200.Customer == nil {
		t.Fatalf("update: %d %s", up.StatusCode(), up.Body)
	}
	u := *up.JSON200.Customer
	if npGet(t, u.Name) != "John Smith" {
		t.Errorf("name %v", u.Name)
	}
	if !u.CompanyName.IsNull() || u.Billing.IsPresent() {
		t.Errorf("company %v billing %v not cleared", u.CompanyName, u.Billing)
	}
	if npGet(t, u.Email) != "john@example.com" || npGet(t, u.Phone) != "237600000000" ||
		npGet(t, npObj(t, u.Address).City) != "Douala" || npObj(t, u.Metadata)["user_id"] != "12345" {
		t.Errorf("unsent fields changed: %s", up.Body)
	}
	if !npGet(t, u.CreatedAt).Equal(wantCreated) || !npGet(t, u.UpdatedAt).Equal(wantCreated.Add(time.Hour)) {
		t.Errorf("timestamps created %v updated %v", u.CreatedAt, u.UpdatedAt)
	}

	// Update email, phone, metadata and address: values replace.
	res, err = c.UpdateCustomer(ctx, created.Id, notchpay.UpdateCustomerJSONRequestBody{
		Email:    npStr("john.smith@example.com"),
		Phone:    npStr("237 690 11 22 33"),
		Metadata: nullable.NewNullableWithValue(map[string]any{"plan": "premium"}),
		Address:  nullable.NewNullableWithValue(notchpay.Address{City: npStr("Kribi")}),
	})
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	if up, err = notchpay.ParseUpdateCustomerResponse(res); err != nil || up.JSON200 == nil {
		t.Fatalf("update 2: %v %s", err, up.Body)
	}
	u = *up.JSON200.Customer
	if npGet(t, u.Email) != "john.smith@example.com" || npGet(t, u.Phone) != "237690112233" || npGet(t, u.Name) != "John Smith" {
		t.Errorf("update 2: %s", up.Body)
	}
	if m := npObj(t, u.Metadata); len(m) != 1 || m["plan"] != "premium" {
		t.Errorf("metadata %v", m)
	}
	if a := npObj(t, u.Address); npGet(t, a.City) != "Kribi" || a.Country.IsSpecified() {
		t.Errorf("address not replaced: %s", up.Body)
	}

	// Block and unblock.
	res, err = c.BlockCustomer(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	bl, err := notchpay.ParseBlockCustomerResponse(res)
	if err != nil || bl.JSON200 == nil || !bl.JSON200.Customer.Blocked || bl.JSON200.Message != "Customer blocked successfully" {
		t.Fatalf("block: %v %s", err, bl.Body)
	}
	res, err = c.UnblockCustomer(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	ub, err := notchpay.ParseUnblockCustomerResponse(res)
	if err != nil || ub.JSON200 == nil || bool(ub.JSON200.Customer.Blocked) {
		t.Fatalf("unblock: %v %s", err, ub.Body)
	}

	// A customer created through the API has no methods and no payments.
	res, err = c.ListCustomerPaymentMethods(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := notchpay.ParseListCustomerPaymentMethodsResponse(res)
	if err != nil || pm.JSON200 == nil || pm.JSON200.Items == nil || len(pm.JSON200.Items) != 0 {
		t.Fatalf("payment methods: %v %s", err, pm.Body)
	}
	res, err = c.ListCustomerPayments(ctx, created.Id, nil)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := notchpay.ParseListCustomerPaymentsResponse(res)
	if err != nil || pay.JSON200 == nil || pay.JSON200.Payments == nil || *pay.JSON200.Totals != 0 || *pay.JSON200.LastPage != 1 {
		t.Fatalf("payments: %v %s", err, pay.Body)
	}

	// Delete, then it is gone.
	res, err = c.DeleteCustomer(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	del, err := notchpay.ParseDeleteCustomerResponse(res)
	if err != nil || del.JSON200 == nil || del.JSON200.Customer == nil || string(*del.JSON200.Customer) != "[]" {
		t.Fatalf("delete: %v %s", err, del.Body)
	}
	res, err = c.GetCustomer(ctx, created.Id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ = notchpay.ParseGetCustomerResponse(res); got.JSON404 == nil || got.JSON404.Message != "Customer not found" {
		t.Fatalf("get after delete: %d %s", got.StatusCode(), got.Body)
	}
	if srv.Count() != 0 || srv.Created() != 1 {
		t.Errorf("count %d created %d", srv.Count(), srv.Created())
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPayCreateRules(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := notchPayDefault(t, srv)

	// Phone only and e-mail only are both enough; a name is optional.
	po := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Phone: npStr("237690112233")})
	if !po.Email.IsNull() || !po.Name.IsNull() || po.Metadata.IsPresent() || po.Address.IsPresent() {
		t.Errorf("phone only: %+v", po)
	}
	eo := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Email: npStr("only@example.com")})
	if !eo.Phone.IsNull() {
		t.Errorf("email only phone %v", eo.Phone)
	}
	// Duplicates are allowed: Notch Pay does not deduplicate.
	dup := notchPayCreate(t, c, notchpay.CreateCustomerJSONRequestBody{Email: npStr("only@example.com")})
	if dup.Id == eo.Id {
		t.Error("duplicate got the same id")
	}
	if srv.Count() != 3 {
		t.Errorf("count %d", srv.Count())
	}
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
			return c.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Phone: npStr("call me")})
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
			return c.UpdateCustomer(ctx, id, notchpay.UpdateCustomerJSONRequestBody{Phone: npStr("12")})
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
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = res.Body.Close() }()
			if res.StatusCode != tc.want.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.want.status)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("content type %q", ct)
			}
			var e notchpay.NotchPayError
			if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
				t.Fatal(err)
			}
			if e.Code != tc.want.status || e.Status != http.StatusText(tc.want.status) || e.Message != tc.want.message {
				t.Errorf("body %+v, want message %q", e, tc.want.message)
			}
			for _, f := range tc.want.fields {
				if len(e.Errors[f]) == 0 {
					t.Errorf("no error for field %q in %v", f, e.Errors)
				}
			}
			if len(e.Errors) != len(tc.want.fields) {
				t.Errorf("errors %v, want fields %v", e.Errors, tc.want.fields)
			}
			if strings.Contains(fmt.Sprint(e), key) {
				t.Error("error body reveals the key")
			}
		})
	}
	t.Run("create without contact message", func(t *testing.T) {
		t.Parallel()
		res, err := good.CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Name: npStr("x")})
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		p, err := notchpay.ParseCreateCustomerResponse(res)
		if err != nil || p.JSON422 == nil {
			t.Fatalf("%v %s", err, p.Body)
		}
		if got := p.JSON422.Errors["email"]; len(got) != 1 || got[0] != "The email field is required when phone is not present." {
			t.Errorf("email errors %v", got)
		}
	})
	t.Run("right sync account", func(t *testing.T) {
		t.Parallel()
		c := notchPayClient(t, srv, key, srv.Credentials.SyncAccount)
		res, err := c.GetCustomer(ctx, id)
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := notchpay.ParseGetCustomerResponse(res); p.JSON200 == nil || p.JSON200.Customer.Id != id {
			t.Fatalf("%d %s", p.StatusCode(), p.Body)
		}
	})
	notchPayNoViolations(t, srv)
}

func TestNotchPayLimits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("store full", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "notchpay", WithMaxCustomers(2))
		if _, err := srv.Seed(2); err != nil {
			t.Fatal(err)
		}
		res, err := notchPayDefault(t, srv).CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{Email: npStr("full@example.com")})
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		p, err := notchpay.ParseCreateCustomerResponse(res)
		if err != nil || p.JSON422 == nil || p.JSON422.Code != 422 || p.JSON422.Message == "" {
			t.Fatalf("%v %d %s", err, p.StatusCode(), p.Body)
		}
		if srv.Count() != 2 || srv.Created() != 0 {
			t.Errorf("count %d created %d", srv.Count(), srv.Created())
		}
		notchPayNoViolations(t, srv)
	})
	t.Run("body too large", func(t *testing.T) {
		t.Parallel()
		srv := Start(t, "notchpay", WithMaxBodyBytes(64))
		res, err := notchPayDefault(t, srv).CreateCustomer(ctx, notchpay.CreateCustomerJSONRequestBody{
			Email: npStr("big@example.com"), Name: npStr(strings.Repeat("x", 100)),
		})
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		p, err := notchpay.ParseCreateCustomerResponse(res)
		if err != nil || p.JSON422 == nil || !strings.Contains(p.JSON422.Message, "64 bytes") {
			t.Fatalf("%v %d %s", err, p.StatusCode(), p.Body)
		}
		if srv.Count() != 0 {
			t.Errorf("count %d", srv.Count())
		}
	})
}

func TestNotchPayListAndSearch(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := notchPayDefault(t, srv)
	ctx := context.Background()
	ids, err := srv.Seed(45)
	if err != nil {
		t.Fatal(err)
	}
	list := func(p *notchpay.ListCustomersParams) *notchpay.CustomerList {
		t.Helper()
		res, err := c.ListCustomers(ctx, p)
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		l, err := notchpay.ParseListCustomersResponse(res)
		if err != nil || l.JSON200 == nil {
			t.Fatalf("list: %v %s", err, l.Body)
		}
		return l.JSON200
	}

	// Defaults: limit 30, page 1.
	l := list(nil)
	if len(l.Items) != 30 || *l.Totals != 45 || *l.LastPage != 2 || *l.CurrentPage != 1 || *l.Selected != 30 || *l.Code != 200 {
		t.Fatalf("page 1: %d items totals %d last %d cur %d sel %d", len(l.Items), *l.Totals, *l.LastPage, *l.CurrentPage, *l.Selected)
	}
	for i, it := range l.Items {
		if it.Id != ids[i] {
			t.Fatalf("item %d is %s, want %s (creation order)", i, it.Id, ids[i])
		}
	}
	l = list(&notchpay.ListCustomersParams{Page: npInt(2)})
	if len(l.Items) != 15 || *l.Selected != 15 || l.Items[0].Id != ids[30] {
		t.Fatalf("page 2: %d items", len(l.Items))
	}
	l = list(&notchpay.ListCustomersParams{Page: npInt(9), Limit: npInt(10)})
	if len(l.Items) != 0 || *l.Selected != 0 || *l.LastPage != 5 || *l.CurrentPage != 9 || l.Items == nil {
		t.Fatalf("past the end: %+v", l)
	}

	// Search: case-insensitive over name, e-mail and phone.
	seeded, _ := srv.Customer(ids[7])
	var s7 notchpay.Customer
	_ = json.Unmarshal(seeded, &s7)
	email := npGet(t, s7.Email)
	l = list(&notchpay.ListCustomersParams{Search: npStr(strings.ToUpper(email))})
	if len(l.Items) != 1 || l.Items[0].Id != ids[7] || *l.Totals != 1 {
		t.Fatalf("search by email %q: %d items", email, len(l.Items))
	}
	phone := string(npGet(t, s7.Phone))
	for _, q := range []string{phone, "+" + phone} {
		l = list(&notchpay.ListCustomersParams{Search: npStr(q)})
		if len(l.Items) != 1 || l.Items[0].Id != ids[7] {
			t.Fatalf("search by phone %q: %d items", q, len(l.Items))
		}
	}
	first := strings.Fields(npGet(t, s7.Name))[0]
	l = list(&notchpay.ListCustomersParams{Search: npStr(strings.ToLower(first)), Limit: npInt(100)})
	if *l.Totals == 0 || *l.Totals >= 45 {
		t.Fatalf("search by name %q: totals %d", first, *l.Totals)
	}
	for _, it := range l.Items {
		if !strings.Contains(npGet(t, it.Name), first) {
			t.Errorf("search %q matched %v", first, it.Name)
		}
	}
	l = list(&notchpay.ListCustomersParams{Search: npStr("nobody-matches-this")})
	if len(l.Items) != 0 || *l.Totals != 0 || *l.LastPage != 1 || *l.CurrentPage != 1 {
		t.Fatalf("empty search: %+v", l)
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPaySeededPayments(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := notchPayDefault(t, srv)
	ctx := context.Background()
	ids, err := srv.Seed(3)
	if err != nil {
		t.Fatal(err)
	}
	id := ids[1]
	raw, _ := srv.Customer(id)
	var cust notchpay.Customer
	_ = json.Unmarshal(raw, &cust)

	res, err := c.ListCustomerPaymentMethods(ctx, id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := notchpay.ParseListCustomerPaymentMethodsResponse(res)
	if err != nil || pm.JSON200 == nil || len(pm.JSON200.Items) != 1 {
		t.Fatalf("methods: %v %s", err, pm.Body)
	}
	m := pm.JSON200.Items[0]
	if !strings.HasPrefix(m.Id, "pm_") || npGet(t, m.Type) != "Mobile Money" || npGet(t, m.Channel) != "cm.mtn" ||
		npGet(t, m.Phone) != npGet(t, cust.Phone) || !npGet(t, m.CreatedAt).Valid() {
		t.Errorf("method %s", pm.Body)
	}

	payments := func(p *notchpay.ListCustomerPaymentsParams) *notchpay.CustomerPaymentList {
		t.Helper()
		res, err := c.ListCustomerPayments(ctx, id, p)
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		l, err := notchpay.ParseListCustomerPaymentsResponse(res)
		if err != nil || l.JSON200 == nil {
			t.Fatalf("payments: %v %s", err, l.Body)
		}
		return l.JSON200
	}
	all := payments(nil)
	if len(all.Payments) != 3 || *all.Totals != 3 || *all.LastPage != 1 || *all.Selected != 3 {
		t.Fatalf("payments: %+v", all)
	}
	for _, p := range all.Payments {
		if !strings.HasPrefix(p.Id, "pay_") || npGet(t, p.Currency) != "XAF" || p.Amount <= 0 ||
			npGet(t, p.Customer) != id || npGet(t, p.Reference) == "" {
			t.Errorf("payment %+v", p)
		}
	}
	page2 := payments(&notchpay.ListCustomerPaymentsParams{Limit: npInt(2), Page: npInt(2)})
	if len(page2.Payments) != 1 || *page2.LastPage != 2 || *page2.CurrentPage != 2 || page2.Payments[0].Id != all.Payments[2].Id {
		t.Fatalf("page 2: %+v", page2)
	}
	done := payments(&notchpay.ListCustomerPaymentsParams{Status: npStr("complete")})
	if len(done.Payments) != 1 || npGet(t, done.Payments[0].Status) != "complete" || npGet(t, done.Payments[0].PaymentMethod) != m.Id ||
		!npGet(t, done.Payments[0].CompletedAt).Valid() {
		t.Fatalf("complete: %+v", done)
	}
	none := payments(&notchpay.ListCustomerPaymentsParams{Status: npStr("expired")})
	if len(none.Payments) != 0 || *none.Totals != 0 {
		t.Fatalf("expired: %+v", none)
	}

	// Deleting the customer removes its extras: the lists answer 404.
	res, err = c.DeleteCustomer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	res, err = c.ListCustomerPayments(ctx, id, nil)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := notchpay.ParseListCustomerPaymentsResponse(res); p.JSON404 == nil {
		t.Fatalf("payments of a deleted customer: %d", p.StatusCode())
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPayPagingConcurrentWriters(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := notchPayDefault(t, srv)
	ctx := context.Background()
	seeded, err := srv.Seed(260)
	if err != nil {
		t.Fatal(err)
	}

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
		defer closeBody(res)
		if err != nil {
			t.Fatal(err)
		}
		l, err := notchpay.ParseListCustomersResponse(res)
		if err != nil || l.JSON200 == nil {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, it := range l.JSON200.Items {
			seen[it.Id]++
		}
		if *l.JSON200.CurrentPage >= *l.JSON200.LastPage {
			break
		}
	}
	close(stop)
	wg.Wait()
	if writeErrs.Load() != 0 {
		t.Fatalf("%d writer errors", writeErrs.Load())
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", id, n)
		}
	}
	for _, id := range seeded {
		if seen[id] != 1 {
			t.Errorf("seeded %s listed %d times", id, seen[id])
		}
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPayFaults(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := notchPayDefault(t, srv)
	ctx := context.Background()
	body := notchpay.CreateCustomerJSONRequestBody{Email: npStr("fault@example.com")}

	last := func() Request {
		j := srv.Journal()
		return j[len(j)-1]
	}

	// A rate limit with Retry-After, in Notch Pay's error body.
	srv.Faults.Add(Fault{Operation: "createCustomer", Status: 429, RetryAfter: "30"})
	res, err := c.CreateCustomer(ctx, body)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := notchpay.ParseCreateCustomerResponse(res)
	if err != nil || p.JSON429 == nil || p.JSON429.Code != 429 || p.JSON429.Status != "Too Many Requests" {
		t.Fatalf("429: %v %s", err, p.Body)
	}
	if p.Headers429 == nil || p.Headers429.RetryAfter == nil || *p.Headers429.RetryAfter != "30" {
		t.Errorf("Retry-After missing")
	}
	if e := last(); e.Status != 429 || e.Applied || e.Fault == "" || e.Operation != "createCustomer" {
		t.Errorf("journal %+v", e)
	}
	if srv.Created() != 0 {
		t.Errorf("created %d after 429", srv.Created())
	}

	// Dropped before: nothing stored.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropBefore})
	if res, err = c.CreateCustomer(ctx, body); err == nil {
		_ = res.Body.Close()
		t.Fatal("DropBefore answered")
	}
	if e := last(); e.Status != 0 || e.Applied || !strings.Contains(e.Fault, "drop before") {
		t.Errorf("journal %+v", e)
	}
	if srv.Created() != 0 || srv.Count() != 0 {
		t.Errorf("DropBefore created %d", srv.Created())
	}

	// Dropped after: stored, but the client never hears of it.
	srv.Faults.Add(Fault{Operation: "createCustomer", Drop: DropAfter})
	if res, err = c.CreateCustomer(ctx, body); err == nil {
		_ = res.Body.Close()
		t.Fatal("DropAfter answered")
	}
	if e := last(); e.Status != 0 || !e.Applied || !strings.Contains(e.Fault, "drop after") {
		t.Errorf("journal %+v", e)
	}
	if srv.Created() != 1 || srv.Count() != 1 {
		t.Errorf("DropAfter created %d", srv.Created())
	}

	// An HTML gateway page in place of the 201 body: applied, unreadable.
	srv.Faults.Add(Fault{Operation: "createCustomer", Body: HTMLPage})
	res, err = c.CreateCustomer(ctx, body)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err = notchpay.ParseCreateCustomerResponse(res)
	if err != nil {
		t.Fatal(err)
	}
	if p.StatusCode() != 201 || p.JSON201 != nil || !strings.HasPrefix(p.ContentType(), "text/html") || !strings.Contains(string(p.Body), "502 Bad Gateway") {
		t.Errorf("HTML page: %d %q %s", p.StatusCode(), p.ContentType(), p.Body)
	}
	if e := last(); e.Status != 201 || !e.Applied || e.Fault == "" {
		t.Errorf("journal %+v", e)
	}
	if srv.Created() != 2 {
		t.Errorf("created %d", srv.Created())
	}

	// A 503 on a read, then a normal answer.
	srv.Faults.Add(Fault{Operation: "listCustomers", Status: 503})
	res, err = c.ListCustomers(ctx, nil)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	l, err := notchpay.ParseListCustomersResponse(res)
	if err != nil || l.JSON503 == nil || l.JSON503.Code != 503 {
		t.Fatalf("503: %v %s", err, l.Body)
	}
	res, err = c.ListCustomers(ctx, nil)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ = notchpay.ParseListCustomersResponse(res); l.JSON200 == nil || len(l.JSON200.Items) != 2 {
		t.Fatalf("after 503: %s", l.Body)
	}
	if srv.Faults.Pending() != 0 {
		t.Errorf("%d faults pending", srv.Faults.Pending())
	}
	notchPayNoViolations(t, srv)
}

func TestNotchPayPutOddData(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	id, err := srv.Put(json.RawMessage(`{"id":"cus.test_7Hq2LmVx9Tz","name":"Aminata Njoya","phone":237690112233,"created_at":"2023-03-15 08:45:10+00:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := notchPayDefault(t, srv).GetCustomer(context.Background(), id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := notchpay.ParseGetCustomerResponse(res)
	if err != nil || p.JSON200 == nil {
		t.Fatalf("%v %s", err, p.Body)
	}
	cu := p.JSON200.Customer
	if npGet(t, cu.Phone) != "237690112233" || npGet(t, cu.CreatedAt).Year() != 2023 {
		t.Errorf("put customer %s", p.Body)
	}
	notchPayNoViolations(t, srv)
}

// The fake stores what Notch Pay's PHP backend can render ([] for an empty
// object, flags as 0/1 or strings, amounts as strings) and answers it within
// the spec, re-encoded in the usual shapes.
func TestNotchPayPutPHPShapes(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	id, err := srv.Put(json.RawMessage(`{"id":"cus_PhpShapes00000001","email":"brice@example.cm","address":[],"billing":[],"metadata":[],"blocked":1,"sandbox":"1"}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := notchPayDefault(t, srv).GetCustomer(context.Background(), id)
	defer closeBody(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := notchpay.ParseGetCustomerResponse(res)
	if err != nil || p.JSON200 == nil {
		t.Fatalf("%v %s", err, p.Body)
	}
	cu := p.JSON200.Customer
	if !cu.Blocked.Bool() || !cu.Sandbox.Bool() || cu.Address.IsPresent() || cu.Billing.IsPresent() || cu.Metadata.IsPresent() {
		t.Errorf("put customer %s", p.Body)
	}
	for _, want := range []string{`"address":null`, `"billing":null`, `"metadata":null`, `"blocked":true`, `"sandbox":true`} {
		if !strings.Contains(string(p.Body), want) {
			t.Errorf("answer %s lacks %s", p.Body, want)
		}
	}

	var pay notchpay.Payment
	if err := json.Unmarshal([]byte(`{"id":"pay_1","amount":"5000"}`), &pay); err != nil || pay.Amount != 5000 {
		t.Errorf("string amount: %v %v", pay.Amount, err)
	}
	if b, _ := json.Marshal(pay); !strings.Contains(string(b), `"amount":5000`) {
		t.Errorf("amount encoded as %s", b)
	}
	notchPayNoViolations(t, srv)
}
