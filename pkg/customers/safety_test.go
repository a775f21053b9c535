package customers_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

func connectAll(t *testing.T, name string, opts ...customers.Option) (*fake.Server, customers.Service) {
	t.Helper()
	srv := fake.Start(t, name)
	c := srv.Credentials
	svc, err := providers.New(name, providers.Config{
		APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID,
		Options: append([]customers.Option{customers.WithBaseURL(srv.URL)}, opts...),
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv, svc
}

// Capabilities are a copy: changing them cannot change what the adapter
// accepts.
func TestCapabilitiesAreCopies(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		_, svc := connectAll(t, name)
		caps := svc.Capabilities()
		if len(caps.Create) == 0 {
			t.Fatalf("%s: no create fields", name)
		}
		caps.Create[0] = "Nonsense"
		caps.Operations = nil
		again := svc.Capabilities()
		if again.Create[0] == "Nonsense" || !again.Supports(customers.OpCreate) {
			t.Errorf("%s: a caller changed the adapter's capabilities", name)
		}
		if again.RequiredOneOf == nil || again.Clear == nil || again.Search == nil {
			t.Errorf("%s: a capability list is nil", name)
		}
	}
}

// A typo in the environment is an error, never live traffic.
func TestUnknownEnvironmentIsRefused(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		_, err := providers.New(name, providers.Config{APIKey: "k", MerchantNo: "m", AppID: "a",
			Options: []customers.Option{customers.WithEnvironment("Sandbox")}})
		if err == nil || !strings.Contains(err.Error(), "environment") {
			t.Errorf("%s: environment %q gave %v", name, "Sandbox", err)
		}
		if _, err := providers.New(name, providers.Config{APIKey: "k", MerchantNo: "m", AppID: "a",
			Options: []customers.Option{customers.WithEnvironment(customers.Sandbox)}}); err != nil {
			t.Errorf("%s: Sandbox refused: %v", name, err)
		}
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
		if err != nil {
			t.Fatal(err)
		}
		p := &customers.CreateParams{Name: "Ada", FirstName: "Ada", LastName: "L", Email: "ada@example.com",
			Phone: "+15125550143", ExternalID: "x-1"}
		_, err = svc.Create(context.Background(), p.Only(svc.Capabilities().Create...))
		var e *customers.Error
		if !errors.As(err, &e) || e.StatusCode != http.StatusTemporaryRedirect {
			t.Errorf("%s: a redirect gave %v", name, err)
		}
	}
	if n := leaked.Load(); n != 0 {
		t.Fatalf("%d request(s) followed a redirect to another host", n)
	}
}

// Transport errors keep the URL's path but not its query, where search
// criteria (e-mails, phones) travel.
func TestTransportErrorsCarryNoQuery(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(http.NotFoundHandler())
	base := closed.URL
	closed.Close()
	svc, err := providers.New("hitpay", providers.Config{APIKey: "k", Options: []customers.Option{customers.WithBaseURL(base)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range svc.(customers.Searcher).Search(context.Background(), &customers.SearchParams{Query: "ada.lovelace@example.com"}) {
		if err == nil {
			t.Fatal("a closed server answered")
		}
		if strings.Contains(err.Error(), "ada.lovelace") || strings.Contains(err.Error(), "keywords") {
			t.Fatalf("the error reveals the search: %v", err)
		}
		if !strings.Contains(err.Error(), "/v1/customers") {
			t.Fatalf("the error lost the path: %v", err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Create(context.Background(), &customers.CreateParams{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(srv.IDs(), c.ID) {
		t.Fatal("the customer did not reach the fake through the gateway")
	}
}

// Extensions and vanity letters are refused, not silently dropped or converted.
func TestPhoneExtensionsAreRefused(t *testing.T) {
	t.Parallel()
	srv, svc := connectAll(t, "hitpay")
	_, err := svc.Create(context.Background(), &customers.CreateParams{Email: "ada@example.com", Phone: "+65 9123 4567 ext. 89"})
	var e *customers.Error
	if !errors.As(err, &e) || !errors.Is(err, customers.ErrInvalidRequest) || len(e.Fields["Phone"]) == 0 {
		t.Fatalf("a phone with an extension gave %v", err)
	}
	if len(srv.Journal()) != 0 {
		t.Fatal("the refused create reached the provider")
	}
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
				var ce *customers.Error
				if !errors.As(err, &ce) || !errors.Is(err, customers.ErrInvalidRequest) || len(ce.Fields["id"]) == 0 {
					t.Errorf("%s call %d with id %q: %v, want an invalid-request error on the id", name, i, id, err)
				}
			}
		}
		if n := len(srv.Journal()); n != 0 {
			t.Errorf("%s: %d request(s) sent for unusable ids", name, n)
		}
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
		if !errors.As(err, &ce) || len(ce.Fields[string(customers.FieldBirthDate)]) == 0 {
			t.Fatalf("%s: %v, want an error on BirthDate", name, err)
		}
		if strings.Contains(err.Error(), "1990") || strings.Contains(strings.Join(ce.Fields[string(customers.FieldBirthDate)], " "), "1990") {
			t.Errorf("%s: the error quotes the birth date: %v", name, err)
		}
		if n := len(srv.Journal()); n != 0 {
			t.Errorf("%s: %d request(s) sent", name, n)
		}
	}
}
