package fake

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The official Notch Pay PHP SDKs update, block and unblock with PUT: the fake
// routes PUT as it does the reference's POST, and a fault or reading set for
// the POST operation applies to the PUT one.
func TestNotchPayAcceptsPUT(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	ids, err := srv.Seed(1)
	require.NoError(t, err)
	item := "/customers/" + ids[0]

	up := rawDo(t, srv, http.MethodPut, item, `{"name":"Put Name"}`)
	require.Equal(t, http.StatusAccepted, up.status, "%s", up.body)
	assert.Equal(t, "Put Name", up.json["customer"].(map[string]any)["name"])
	assert.Equal(t, "updateCustomerPut", lastEntry(t, srv).Operation)

	b := rawDo(t, srv, http.MethodPut, item+"/block", "")
	require.Equal(t, http.StatusOK, b.status, "%s", b.body)
	assert.Equal(t, true, b.json["customer"].(map[string]any)["blocked"])
	u := rawDo(t, srv, http.MethodPut, item+"/unblock", "")
	require.Equal(t, http.StatusOK, u.status, "%s", u.body)
	assert.Equal(t, false, u.json["customer"].(map[string]any)["blocked"])

	srv.Faults.Add(Fault{Operation: "updateCustomer", Status: http.StatusServiceUnavailable})
	assert.Equal(t, http.StatusServiceUnavailable, rawDo(t, srv, http.MethodPut, item, `{"name":"x"}`).status, "a fault for the update hits its PUT")

	bad := rawDo(t, srv, http.MethodPatch, item+"/block", "")
	assert.Contains(t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, bad.status, "PATCH (the 2.0.0 reference) stays unrouted: %s", bad.body)
	for _, v := range srv.Violations() {
		assert.False(t, v.Response, "answer outside the spec: %+v", v)
	}
}

// The update page sends "phone": 237600000000, a JSON number: create and
// update accept it and store the digits.
func TestNotchPayPhoneAsNumber(t *testing.T) {
	t.Parallel()
	srv := Start(t, "notchpay")
	c := rawDo(t, srv, http.MethodPost, "/customers", `{"phone":237600000000}`)
	require.Equal(t, http.StatusCreated, c.status, "%s", c.body)
	cust := c.json["customer"].(map[string]any)
	assert.Equal(t, "237600000000", cust["phone"])

	u := rawDo(t, srv, http.MethodPost, "/customers/"+cust["id"].(string), `{"phone":237699887766}`)
	require.Equal(t, http.StatusAccepted, u.status, "%s", u.body)
	assert.Equal(t, "237699887766", u.json["customer"].(map[string]any)["phone"])

	neg := rawDo(t, srv, http.MethodPost, "/customers", `{"phone":-237600000000}`)
	assert.Equal(t, http.StatusUnprocessableEntity, neg.status, "%s", neg.body)
}

// Notch Pay's update answers 202 "Accepted" as its reference page shows,
// with the envelope's code agreeing; the reading notchpay.update=200 plays the
// guide's 200 "OK".
func TestNotchPayUpdateStatusReading(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opts   []Option
		status int
		text   string
	}{
		{nil, http.StatusAccepted, "Accepted"},
		{[]Option{WithReading("notchpay.update", "200")}, http.StatusOK, "OK"},
	} {
		srv := Start(t, "notchpay", tc.opts...)
		ids, err := srv.Seed(1)
		require.NoError(t, err)
		u := rawDo(t, srv, http.MethodPost, "/customers/"+ids[0], `{"name":"Renamed"}`)
		assert.Equal(t, tc.status, u.status, "%s", u.body)
		assert.EqualValues(t, tc.status, u.json["code"])
		assert.Equal(t, tc.text, u.json["status"])
		assert.Equal(t, http.StatusOK, rawDo(t, srv, http.MethodGet, "/customers/"+ids[0], "").status, "get keeps its reading")
	}
}

// The official UseePay PHP SDK reads list pages from data: the reading
// useepay.list=data puts the customers there instead of items.
func TestUseePayListReading(t *testing.T) {
	t.Parallel()
	for value, key := range map[string]string{"": "items", "items": "items", "data": "data"} {
		var opts []Option
		if value != "" {
			opts = append(opts, WithReading("useepay.list", value))
		}
		srv := Start(t, "useepay", opts...)
		_, err := srv.Seed(2)
		require.NoError(t, err)
		page := rawDo(t, srv, http.MethodGet, "/api/v1/customers?page_size=1", "")
		require.Equal(t, http.StatusOK, page.status, "%s", page.body)
		assert.Len(t, page.json[key], 1, "%s: %s", value, page.body)
		assert.Len(t, page.json, 2, "%s: only %s and has_more: %s", value, key, page.body)
		assert.Equal(t, true, page.json["has_more"])
	}
}

func TestWithReadingRefusesUnknownNamesAndValues(t *testing.T) {
	t.Parallel()
	_, err := NewHandler("useepay", WithReading("useepay.list", "json"))
	assert.ErrorContains(t, err, `"json" is not one of items, data`)
	_, err = NewHandler("useepay", WithReading("useepay.pages", "data"))
	assert.ErrorContains(t, err, `unknown reading "useepay.pages"`)
	_, err = NewHandler("hitpay", WithReading("useepay.list", "data"))
	assert.NoError(t, err, "a reading of another provider is ignored")
	_, err = ParseReading("useepay.list")
	assert.ErrorContains(t, err, "want name=value")
	_, err = ParseReading(" useepay.list = data ")
	assert.NoError(t, err)
}

// Every reading names its provider, at least two values and what differs;
// every status reading's values are statuses the spec lists (a fake playing
// one answers inside its spec: Start fails the test otherwise).
func TestEveryReadingIsPlayable(t *testing.T) {
	t.Parallel()
	for _, r := range Readings() {
		assert.Contains(t, Providers(), r.Provider(), r.Name)
		assert.GreaterOrEqual(t, len(r.Values), 2, r.Name)
		assert.NotEmpty(t, r.About, r.Name)
		for _, v := range r.Values {
			_, err := NewHandler(r.Provider(), WithReading(r.Name, v))
			assert.NoError(t, err, "%s=%s", r.Name, v)
		}
	}
}
