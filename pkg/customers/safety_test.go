package customers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func connectAll(t *testing.T, name string, opts ...customers.Option) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, name)
	c := srv.Credentials
	svc, err := providers.New(name, providers.Config{
		APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID,
		Options: append([]customers.Option{customers.WithBaseURL(srv.URL)}, opts...),
	})
	require.NoError(t, err)
	return srv, svc
}

// Capabilities are a copy: changing them cannot change what the adapter
// accepts.
func TestCapabilitiesAreCopies(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		_, svc := connectAll(t, name)
		caps := svc.Capabilities()
		require.NotEmpty(t, caps.Create, "%s: create fields", name)
		caps.Create[0] = "Nonsense"
		caps.Operations = nil
		again := svc.Capabilities()
		assert.NotEqual(t, customers.Field("Nonsense"), again.Create[0], "%s: a caller changed the adapter's create fields", name)
		assert.True(t, again.Supports(customers.OpCreate), "%s: a caller changed the adapter's operations", name)
		assert.NotNil(t, again.RequiredOneOf, "%s: RequiredOneOf is nil", name)
		assert.NotNil(t, again.Clear, "%s: Clear is nil", name)
		assert.NotNil(t, again.Search, "%s: Search is nil", name)
	}
}

// A typo in the environment is an error, never live traffic.
func TestUnknownEnvironmentIsRefused(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		_, err := providers.New(name, providers.Config{APIKey: "k", MerchantNo: "m", AppID: "a",
			Options: []customers.Option{customers.WithEnvironment("Sandbox")}})
		assert.ErrorContains(t, err, "environment", "%s: environment %q", name, "Sandbox")
		_, err = providers.New(name, providers.Config{APIKey: "k", MerchantNo: "m", AppID: "a",
			Options: []customers.Option{customers.WithEnvironment(customers.Sandbox)}})
		assert.NoError(t, err, "%s: Sandbox refused", name)
	}
}

// The default client never follows a redirect, so credentials never reach
// another host.
func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		leaked.Add(1)
	}))
	defer elsewhere.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	for _, name := range providers.Names {
		svc, err := providers.New(name, providers.Config{APIKey: "secret-key", MerchantNo: "m", AppID: "a",
			Options: []customers.Option{customers.WithBaseURL(redirecting.URL)}})
		require.NoError(t, err)
		p := &customers.CreateParams{Name: "Ada", FirstName: "Ada", LastName: "L", Email: "ada@example.com",
			Phone: "+15125550143", ExternalID: "x-1"}
		_, err = svc.Create(context.Background(), p.Only(svc.Capabilities().Create...))
		var e *customers.Error
		if assert.ErrorAs(t, err, &e, "%s: a redirect", name) {
			assert.Equal(t, http.StatusTemporaryRedirect, e.StatusCode, "%s: a redirect: status", name)
		}
	}
	require.Zero(t, leaked.Load(), "request(s) followed a redirect to another host")
}

// Transport errors keep the URL's path but not its query, where search
// criteria (e-mails, phones) travel.
func TestTransportErrorsCarryNoQuery(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(http.NotFoundHandler())
	base := closed.URL
	closed.Close()
	svc, err := providers.New("hitpay", providers.Config{APIKey: "k", Options: []customers.Option{customers.WithBaseURL(base)}})
	require.NoError(t, err)
	for _, err := range svc.(customers.Searcher).Search(context.Background(), &customers.SearchParams{Query: "ada.lovelace@example.com"}) {
		require.ErrorIs(t, err, customers.ErrUnavailable, "a closed server answered")
		require.NotContains(t, err.Error(), "ada.lovelace", "the error reveals the search")
		require.NotContains(t, err.Error(), "keywords", "the error reveals the search")
		require.Contains(t, err.Error(), "/v1/customers", "the error lost the path")
	}
}

// A base URL with a path prefix (an API gateway) still matches the spec.
func TestBaseURLWithPathPrefix(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, "notchpay")
	gateway := httptest.NewServer(http.StripPrefix("/gateway/notchpay", srv.Handler()))
	defer gateway.Close()
	svc, err := providers.New("notchpay", providers.Config{APIKey: srv.Credentials.APIKey,
		Options: []customers.Option{customers.WithBaseURL(gateway.URL + "/gateway/notchpay")}})
	require.NoError(t, err)
	c, err := svc.Create(context.Background(), &customers.CreateParams{Name: "Ada", Email: "ada@example.com"})
	require.NoError(t, err)
	require.Contains(t, srv.IDs(), c.ID, "the customer did not reach the fake through the gateway")
}

// Extensions and vanity letters are refused, not silently dropped or converted.
func TestPhoneExtensionsAreRefused(t *testing.T) {
	t.Parallel()
	srv, svc := connectAll(t, "hitpay")
	_, err := svc.Create(context.Background(), &customers.CreateParams{Email: "ada@example.com", Phone: "+65 9123 4567 ext. 89"})
	var e *customers.Error
	require.ErrorAs(t, err, &e, "a phone with an extension")
	require.ErrorIs(t, err, customers.ErrInvalidRequest, "a phone with an extension")
	require.NotEmpty(t, e.Fields["Phone"], "a phone with an extension: fields %v", e.Fields)
	require.Empty(t, srv.Journal(), "the refused create reached the provider")
}

// An id that cannot name one customer never leaves the process. An empty id
// matters most: GET /customers/ is the list and POST /customers/ is create at
// servers that ignore a trailing slash, so an update would create a customer.
func TestUnusableIDsSendNothing(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		srv, svc := connectAll(t, name)
		caps := svc.Capabilities()
		for _, id := range []string{"", "a/b", "cus_1 2", "x?y", ".."} {
			var errs []error
			if caps.Supports(customers.OpGet) {
				_, err := svc.Get(context.Background(), id)
				errs = append(errs, err)
			}
			if caps.Supports(customers.OpUpdate) {
				_, err := svc.Update(context.Background(), id, &customers.UpdateParams{Email: customers.Set("new@example.com")})
				errs = append(errs, err)
			}
			if caps.Supports(customers.OpDelete) {
				errs = append(errs, svc.Delete(context.Background(), id))
			}
			if b, ok := svc.(customers.Blocker); ok {
				_, err := b.Block(context.Background(), id)
				errs = append(errs, err)
			}
			for i, err := range errs {
				what := fmt.Sprintf("%s call %d with id %q, want an invalid-request error on the id", name, i, id)
				var ce *customers.Error
				if assert.ErrorAs(t, err, &ce, "%s", what) {
					assert.ErrorIs(t, err, customers.ErrInvalidRequest, "%s", what)
					assert.NotEmpty(t, ce.Fields["id"], "%s: fields %v", what, ce.Fields)
				}
			}
		}
		assert.Empty(t, srv.Journal(), "%s: request(s) sent for unusable ids", name)
	}
}

// A value that fails a format check is not quoted back in the error, which
// may be logged: birth dates are personal data.
func TestFormatErrorsDoNotQuoteTheValue(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"hitpay", "soap"} {
		srv, svc := connectAll(t, name)
		p := &customers.CreateParams{Email: "ada@example.com", Phone: "+15125550143", FirstName: "Ada", LastName: "King",
			BirthDate: customers.NewDate(1990, 2, 30)}
		if name == "hitpay" {
			p.FirstName, p.LastName, p.Name = "", "", "Ada King"
		}
		_, err := svc.Create(context.Background(), p)
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, "%s: want an error on BirthDate", name)
		require.ErrorIs(t, err, customers.ErrInvalidRequest, "%s: want an error on BirthDate", name)
		birth := ce.Fields[string(customers.FieldBirthDate)]
		require.NotEmpty(t, birth, "%s: fields %v, want an error on BirthDate", name, ce.Fields)
		assert.NotContains(t, err.Error(), "1990", "%s: the error quotes the birth date", name)
		assert.NotContains(t, strings.Join(birth, " "), "1990", "%s: the field message quotes the birth date", name)
		assert.Empty(t, srv.Journal(), "%s: request(s) sent", name)
	}
}
