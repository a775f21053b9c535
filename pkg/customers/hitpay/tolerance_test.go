package hitpay_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gen "github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/hitpay"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
)

// HitPay's published spec types meta.per_page as a number and leaves links.first,
// last and prev untyped, so a server (or a mock built from that file) may send
// `10.0` or an object there. The client must still page through (docs/spec-deviations.md).
func TestListToleratesProviderShapedPageFields(t *testing.T) {
	doc, err := specs.Load(context.Background(), "hitpay")
	require.NoError(t, err)
	pages := map[string]string{
		"": `{"data":[` + phpAddressCustomers[0] + `],` +
			`"links":{"first":{"url":"https://api.hit-pay.com/v1/customers"},"last":{},"prev":null,` +
			`"next":"https://api.hit-pay.com/v1/customers?cursor=c2"},` +
			`"meta":{"path":"https://api.hit-pay.com/v1/customers","per_page":10.0,"next_cursor":"c2","prev_cursor":null}}`,
		"c2": `{"data":[` + phpAddressCustomers[1] + `],` +
			`"links":{"first":null,"last":null,"prev":{"href":"https://api.hit-pay.com/v1/customers"},"next":null},` +
			`"meta":{"path":"https://api.hit-pay.com/v1/customers","per_page":1e1,"next_cursor":null,"prev_cursor":"c1"}}`,
	}
	srv, _ := specguardtest.Serve(t, doc, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Query().Get("cursor")]
		if !assert.True(t, ok, "unexpected cursor in %s", r.URL) {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	svc, err := hitpay.New("tolerance-key", customers.WithBaseURL(srv.URL))
	require.NoError(t, err)

	var names []string
	for c, err := range svc.List(context.Background(), nil) {
		require.NoError(t, err)
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"Siti Rahman", "John Doe"}, names)
}

// The generated page types take the same payload directly: an object link is kept
// as its JSON text, a null reads as no link, and 10.0 reads as 10.
func TestGeneratedPageTypesDecodeProviderShapes(t *testing.T) {
	var page gen.CustomerList
	require.NoError(t, json.Unmarshal([]byte(`{"data":[],`+
		`"links":{"first":{"url":"https://api.hit-pay.com/v1/customers"},"last":null,"prev":"https://x/?cursor=p","next":null},`+
		`"meta":{"path":"https://api.hit-pay.com/v1/customers","per_page":10.0,"next_cursor":null,"prev_cursor":"p"}}`), &page))
	require.NotNil(t, page.Links)
	assert.JSONEq(t, `{"url":"https://api.hit-pay.com/v1/customers"}`, string(page.Links.First))
	assert.Empty(t, page.Links.Last)
	assert.Equal(t, "https://x/?cursor=p", string(page.Links.Prev))
	require.NotNil(t, page.Meta)
	require.NotNil(t, page.Meta.PerPage)
	assert.InDelta(t, 10, *page.Meta.PerPage, 0)
}
