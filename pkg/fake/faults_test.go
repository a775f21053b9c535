package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// rawGet sends a GET with the fake's credentials over client.
func rawGet(t *testing.T, client *http.Client, srv *Server, path string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
	req.Header.Set("Accept", "application/json")
	return client.Do(req)
}

// A dropped connection must reach the client as an error even for a GET on
// a reused keep-alive connection, which Go's transport would otherwise retry
// silently.
func TestDropsAreSeenOnReusedConnections(t *testing.T) {
	t.Parallel()
	for _, drop := range []Drop{DropBefore, DropAfter} {
		srv := Start(t, "hitpay")
		client := &http.Client{}
		warm, err := rawGet(t, client, srv, "/v1/customers")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, warm.Body)
		_ = warm.Body.Close()

		srv.Faults.Add(Fault{Operation: "listCustomers", Drop: drop})
		rsp, err := rawGet(t, client, srv, "/v1/customers")
		if err == nil {
			_ = rsp.Body.Close()
			t.Errorf("drop %d: the client got status %d instead of an error", drop, rsp.StatusCode)
		}
		if n := len(srv.Journal()); n != 2 {
			t.Errorf("drop %d: %d requests reached the fake, want 2 (no silent retry)", drop, n)
		}
	}
}

// Body faults still misbehave on answers that normally have no body.
func TestBodyFaultsOnNoContent(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(2)
	if err != nil {
		t.Fatal(err)
	}
	del := func(id string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodDelete, srv.URL+"/v1/customers/"+id, nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		req.Header.Set("Accept", "application/json")
		return http.DefaultClient.Do(req)
	}
	srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: TruncatedBody})
	if rsp, err := del(ids[0]); err == nil {
		_ = rsp.Body.Close()
		t.Errorf("a truncated 204 arrived whole (status %d)", rsp.StatusCode)
	}
	srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: HTMLPage})
	rsp, err := del(ids[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	if rsp.StatusCode != http.StatusOK || len(body) == 0 {
		t.Errorf("an HTML fault on a 204 gave status %d with %d bytes", rsp.StatusCode, len(body))
	}
	if srv.Count() != 0 {
		t.Errorf("%d customers left: body faults must still apply the delete", srv.Count())
	}
}

// Concurrent Seed calls never reuse a seed number, so unique fields stay unique.
func TestConcurrentSeedsStayUnique(t *testing.T) {
	t.Parallel()
	for _, provider := range Providers() {
		srv := Start(t, provider)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := srv.Seed(10); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, id := range srv.IDs() {
			raw, _ := srv.Customer(id)
			key := fmt.Sprint(emailOf(raw))
			if seen[key] {
				t.Errorf("%s: two seeded customers share %s", provider, key)
			}
			seen[key] = true
		}
		if srv.Count() != 40 {
			t.Errorf("%s: %d customers, want 40", provider, srv.Count())
		}
	}
}

func emailOf(raw []byte) string {
	var v struct {
		Email string `json:"email"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Email
}
