package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet sends a GET with the fake's credentials over client.
func rawGet(t *testing.T, client *http.Client, srv *Server, path string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+path, nil)
	require.NoError(t, err)
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
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, warm.Body)
		_ = warm.Body.Close()

		srv.Faults.Add(Fault{Operation: "listCustomers", Drop: drop})
		rsp, err := rawGet(t, client, srv, "/v1/customers")
		if !assert.Error(t, err, "drop %d: the client got an answer instead of an error", drop) {
			_ = rsp.Body.Close()
		}
		assert.Len(t, srv.Journal(), 2, "drop %d: requests that reached the fake (no silent retry)", drop)
	}
}

// Body faults still misbehave on answers that normally have no body.
func TestBodyFaultsOnNoContent(t *testing.T) {
	t.Parallel()
	srv := Start(t, "hitpay")
	ids, err := srv.Seed(2)
	require.NoError(t, err)
	del := func(id string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodDelete, srv.URL+"/v1/customers/"+id, nil)
		req.Header.Set("X-BUSINESS-API-KEY", srv.Credentials.APIKey)
		req.Header.Set("Accept", "application/json")
		return http.DefaultClient.Do(req)
	}
	srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: TruncatedBody})
	if rsp, err := del(ids[0]); !assert.Error(t, err, "a truncated 204 arrived whole") {
		_ = rsp.Body.Close()
	}
	srv.Faults.Add(Fault{Operation: "deleteCustomer", Body: HTMLPage})
	rsp, err := del(ids[1])
	require.NoError(t, err)
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	assert.Equal(t, http.StatusOK, rsp.StatusCode, "status of an HTML fault on a 204")
	assert.NotEmpty(t, body, "body of an HTML fault on a 204")
	assert.Zero(t, srv.Count(), "customers left: body faults must still apply the delete")
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
				_, err := srv.Seed(10)
				assert.NoError(t, err) // not require: this is not the test goroutine
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, id := range srv.IDs() {
			raw, _ := srv.Customer(id)
			key := fmt.Sprint(emailOf(raw))
			assert.False(t, seen[key], "%s: two seeded customers share %s", provider, key)
			seen[key] = true
		}
		assert.Equal(t, 40, srv.Count(), "%s: customers", provider)
	}
}

func emailOf(raw []byte) string {
	var v struct {
		Email string `json:"email"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Email
}
