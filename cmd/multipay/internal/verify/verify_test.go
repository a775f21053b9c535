package verify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/cmd/multipay/internal/verify"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

func runAgainst(t *testing.T, srv *fake.Server) *verify.Report {
	t.Helper()
	c := srv.Credentials
	rep, err := verify.Run(context.Background(), verify.Config{
		Provider: srv.Provider, BaseURL: srv.URL,
		Credentials: providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount, MerchantNo: c.MerchantNo, AppID: c.AppID},
	})
	require.NoError(t, err)
	return rep
}

func outcomes(rep *verify.Report) map[string]verify.Outcome {
	out := map[string]verify.Outcome{}
	for _, r := range rep.Results {
		out[r.ID] = r.Outcome
	}
	return out
}

// The fakes play the specs' readings, so every assumption they can show is
// confirmed; only Soap's host cannot be checked on a loopback URL.
func TestEveryFakeConfirmsItsSpec(t *testing.T) {
	want := map[string][]string{
		"hitpay": {"status.createCustomer", "status.getCustomer", "status.updateCustomer", "status.deleteCustomer", "update.null-clears", "list.paging", "error.401", "error.404", "error.422", "error.422-duplicate-email"},
		"notchpay": {"status.createCustomer", "status.getCustomer", "status.updateCustomer", "status.deleteCustomer", "update.partial", "update.null-clears", "list.paging", "error.401", "error.404", "error.422", "auth.x-sync-needs-key",
			"status.blockCustomer", "method.put-update", "method.put-block", "method.put-unblock"},
		"soap":    {"status.createCustomer", "auth.bearer", "auth.raw-key", "status.searchCustomers", "status.updateCustomer", "error.401", "error.404", "error.422", "error.422-search"},
		"useepay": {"create.path", "status.createCustomer", "status.getCustomer", "update.null-clears", "update.address-replace", "list.paging", "list.key", "error.401", "error.404", "error.400", "error.400-duplicate"},
	}
	for _, p := range verify.Names() {
		t.Run(p, func(t *testing.T) {
			srv := fake.Start(t, p)
			rep := runAgainst(t, srv)
			got := outcomes(rep)
			for _, id := range want[p] {
				assert.Equal(t, verify.Confirmed, got[id], id)
			}
			assert.Zero(t, rep.Count(verify.Contradicted), "contradicted: %+v", rep.Results)
			for _, r := range rep.Results {
				require.NotEmpty(t, r.Evidence, "%s has no exchange that decided it", r.ID)
				for _, ex := range r.Evidence {
					assert.Empty(t, ex.Conforms, "%s: %s answered outside the spec", r.ID, ex.Request)
				}
			}
			if p == "soap" {
				assert.Equal(t, verify.NotCheckable, got["host"])
			}
		})
	}
}

// A fake answering a status no source documents makes verify report that
// assumption contradicted, and only that one.
func TestFakeBehavingTheOtherWayIsContradicted(t *testing.T) {
	srv := fake.Start(t, "soap", fake.WithSuccessStatus("createCustomer", http.StatusOK)) // 200, not 201
	rep := runAgainst(t, srv)
	var hit *verify.Result
	for i, r := range rep.Results {
		if r.ID == "status.createCustomer" {
			hit = &rep.Results[i]
		} else {
			assert.NotEqual(t, verify.Contradicted, r.Outcome, "%s: %s", r.ID, r.Detail)
		}
	}
	require.NotNil(t, hit)
	assert.Equal(t, verify.Contradicted, hit.Outcome)
	assert.Contains(t, hit.Detail, "answered")

	var text bytes.Buffer
	require.NoError(t, rep.Text(&text))
	assert.Contains(t, text.String(), "CONTRADICTED  status.createCustomer")
	assert.Contains(t, text.String(), "1 contradicted")
}

// For every documented either/or (fake.Readings), verify reports which value
// the account uses: a fake playing each value is confirmed with that value
// named, and nothing is contradicted.
func TestVerifyReportsEveryReading(t *testing.T) {
	for _, rd := range fake.Readings() {
		for _, value := range rd.Values {
			t.Run(rd.Name+"="+value, func(t *testing.T) {
				srv := fake.Start(t, rd.Provider(), fake.WithReading(rd.Name, value))
				rep := runAgainst(t, srv)
				var found bool
				for _, r := range rep.Results {
					assert.NotEqual(t, verify.Contradicted, r.Outcome, "%s: %s", r.ID, r.Detail)
					if r.Source == "reading "+rd.Name {
						found = true
						assert.Equal(t, verify.Confirmed, r.Outcome, r.ID)
						assert.Contains(t, r.Detail, "uses "+rd.Name+"="+value, r.ID)
					}
				}
				assert.True(t, found, "verify has no result for the reading %s", rd.Name)
			})
		}
	}
}

// An account that routes only the reference's POST (Laravel's 405 for PUT)
// contradicts the PUT alternatives, and nothing else.
func TestVerifyReportsNotchPayMethods(t *testing.T) {
	srv := fake.Start(t, "notchpay")
	postOnly := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			w.Header().Set("Allow", "POST")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = io.WriteString(w, `{"code":405,"status":"Method Not Allowed","message":"Method not allowed"}`)
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	defer postOnly.Close()
	c := srv.Credentials
	rep, err := verify.Run(context.Background(), verify.Config{Provider: "notchpay", BaseURL: postOnly.URL,
		Credentials: providers.Config{APIKey: c.APIKey, SyncAccount: c.SyncAccount}})
	require.NoError(t, err)
	got := outcomes(rep)
	for _, id := range []string{"method.put-update", "method.put-block", "method.put-unblock"} {
		assert.Equal(t, verify.Contradicted, got[id], id)
	}
	assert.Equal(t, 3, rep.Count(verify.Contradicted))
	assert.Equal(t, verify.Confirmed, got["status.blockCustomer"])
}

func TestJSONReportAndRedaction(t *testing.T) {
	srv := fake.Start(t, "hitpay")
	seeded, err := srv.Seed(3) // real-looking customers of the account, not test data
	require.NoError(t, err)
	rep := runAgainst(t, srv)

	var buf bytes.Buffer
	require.NoError(t, rep.JSON(&buf))
	var decoded struct {
		Provider string `json:"provider"`
		Results  []struct {
			ID       string `json:"id"`
			Outcome  string `json:"outcome"`
			Evidence []struct {
				Request string `json:"request"`
				Headers string `json:"headers"`
				Status  int    `json:"status"`
			} `json:"evidence"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &decoded))
	assert.Equal(t, "hitpay", decoded.Provider)
	require.NotEmpty(t, decoded.Results)
	assert.Equal(t, "confirmed", decoded.Results[0].Outcome)
	assert.Contains(t, decoded.Results[0].Evidence[0].Headers, "X-BUSINESS-API-KEY: [redacted]")

	var text bytes.Buffer
	require.NoError(t, rep.Text(&text))
	for _, out := range []string{buf.String(), text.String()} {
		assert.NotContains(t, out, srv.Credentials.APIKey, "the key leaked")
		for _, id := range seeded {
			raw, ok := srv.Customer(id)
			require.True(t, ok)
			var c struct{ Email string }
			require.NoError(t, json.Unmarshal(raw, &c))
			require.NotEmpty(t, c.Email)
			assert.NotContains(t, out, c.Email, "a real customer's e-mail leaked")
		}
	}
	assert.Contains(t, text.String(), "[redacted]", "the list page showed seeded customers")
}

func TestUnreachableProviderIsNotCheckable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	rep, err := verify.Run(context.Background(), verify.Config{Provider: "notchpay", BaseURL: url, Credentials: providers.Config{APIKey: "k"}})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Results)
	assert.Equal(t, len(rep.Results), rep.Count(verify.NotCheckable))
}

func TestRunRefusesUnknownProviderAndBadURL(t *testing.T) {
	_, err := verify.Run(context.Background(), verify.Config{Provider: "stripe"})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "unknown provider"))
	_, err = verify.Run(context.Background(), verify.Config{Provider: "hitpay", BaseURL: "not a url"})
	require.Error(t, err)
}

// A provider that echoes the key back in a field with an innocuous name (here
// JSON-escaped as PHP writes slashes) must not get it printed: credentials are
// redacted by value, not by the name of the field that holds them.
func TestEchoedKeyIsRedactedByValue(t *testing.T) {
	const key = "sk/live/echoed-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echoed := strings.ReplaceAll(r.Header.Get("X-BUSINESS-API-KEY"), "/", `\/`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"9c1f4a6e-4d4b-4b8e-9a57-6f1d2c3b4a5e","note":"authorised by `+echoed+`"}`)
	}))
	t.Cleanup(srv.Close)
	rep, err := verify.Run(context.Background(), verify.Config{Provider: "hitpay", BaseURL: srv.URL, Credentials: providers.Config{APIKey: key}})
	require.NoError(t, err)

	var js, text bytes.Buffer
	require.NoError(t, rep.JSON(&js))
	require.NoError(t, rep.Text(&text))
	for name, out := range map[string]string{"json": js.String(), "text": text.String()} {
		assert.Contains(t, out, "authorised by [redacted]", "%s: the echo is shown, redacted", name)
		assert.NotContains(t, out, key, "%s: the echoed key leaked", name)
		assert.NotContains(t, out, "echoed-0123456789", "%s: part of the echoed key leaked", name)
	}
}
