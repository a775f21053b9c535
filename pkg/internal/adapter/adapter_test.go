package adapter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// pages serves n items in pages of size and counts the fetches.
func pages(n, size int, fetches *int) func(context.Context, string) (Page[int], error) {
	return func(_ context.Context, cursor string) (Page[int], error) {
		*fetches++
		start, _ := strconv.Atoi(cursor)
		var items []int
		for i := start; i < n && i < start+size; i++ {
			items = append(items, i)
		}
		next := start + len(items)
		return Page[int]{Items: items, Next: strconv.Itoa(next), More: next < n}, nil
	}
}

func walk(first string) Walk[int] {
	return Walk[int]{Provider: "acme", Op: customers.OpList, ID: strconv.Itoa, First: first}
}

func TestIterateIsLazyAndStopsOnBreak(t *testing.T) {
	t.Parallel()
	fetches := 0
	seq := Iterate(context.Background(), walk("0"), pages(100, 10, &fetches))
	require.Zero(t, fetches, "fetched before iteration")
	got := 0
	for v, err := range seq {
		require.NoError(t, err, "item %d", got)
		require.Equal(t, got, v, "item")
		got++
		if got == 15 {
			break
		}
	}
	require.Equal(t, 2, fetches, "fetches for 15 items of 10 per page")
	fetches, got = 0, 0
	for _, err := range seq {
		require.NoError(t, err)
		got++
	}
	require.Equal(t, 100, got, "full walk: items")
	require.Equal(t, 10, fetches, "full walk: fetches")
}

func TestIterateYieldsAnErrorOnceAndEnds(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	calls := 0
	seq := Iterate(context.Background(), walk(""), func(context.Context, string) (Page[int], error) {
		calls++
		if calls == 2 {
			return Page[int]{}, boom
		}
		return Page[int]{Items: []int{1, 2}, Next: "next", More: true}, nil
	})
	var errs, items int
	for _, err := range seq {
		if err != nil {
			errs++
			require.ErrorIs(t, err, boom)
			continue
		}
		items++
	}
	require.Equal(t, 1, errs, "errors")
	require.Equal(t, 2, items, "items")
	require.Equal(t, 2, calls, "calls")
}

func TestIterateFailsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		next      map[string]string // cursor → next cursor
		wantItems int
		wantCalls int
	}{
		{"same cursor again", map[string]string{"a": "a"}, 1, 1},
		{"cycle a→b→a", map[string]string{"a": "b", "b": "a"}, 2, 2},
		{"cycle back to the first page", map[string]string{"a": "b", "b": "c", "c": "a"}, 3, 3},
	} {
		calls, items, errs := 0, 0, 0
		for _, err := range Iterate(context.Background(), walk("a"), func(_ context.Context, cursor string) (Page[int], error) {
			calls++
			return Page[int]{Items: []int{calls}, Next: tc.next[cursor], More: true}, nil
		}) {
			if err != nil {
				errs++
				assert.ErrorIs(t, err, customers.ErrInvalidResponse, tc.name)
				assert.ErrorContains(t, err, "already read", tc.name)
				continue
			}
			items++
		}
		assert.Equal(t, tc.wantCalls, calls, "%s: fetches", tc.name)
		assert.Equal(t, tc.wantItems, items, "%s: items", tc.name)
		assert.Equal(t, 1, errs, "%s: errors", tc.name)
	}
}

func TestIterateStopsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	calls := 0
	for _, err := range Iterate(context.Background(), walk(""), func(context.Context, string) (Page[int], error) {
		calls++
		return Page[int]{Next: "b", More: true}, nil
	}) {
		require.NoError(t, err)
	}
	require.Equal(t, 1, calls, "fetches: an empty page claiming more was followed")
}

func TestIterateChecksTheContextBetweenPages(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fetches := 0
	var last error
	for _, err := range Iterate(ctx, walk("0"), pages(30, 10, &fetches)) {
		if err != nil {
			last = err
			continue
		}
		cancel()
	}
	require.ErrorIs(t, last, context.Canceled)
	require.Equal(t, 1, fetches, "fetches")
}

var caps = customers.Capabilities{
	Create:        []customers.Field{customers.FieldAddress, customers.FieldEmail, customers.FieldName, customers.FieldPhone},
	Required:      []customers.Field{customers.FieldName},
	RequiredOneOf: [][]customers.Field{{customers.FieldEmail, customers.FieldPhone}},
	Update:        []customers.Field{customers.FieldEmail, customers.FieldName},
	Clear:         []customers.Field{customers.FieldName},
	Search:        []customers.Field{customers.FieldQuery},
}

func TestCheckCreate(t *testing.T) {
	t.Parallel()
	ok := &customers.CreateParams{Name: "Ada", Email: "a@example.com"}
	require.NoError(t, CheckCreate("acme", caps, ok))
	err := CheckCreate("acme", caps, &customers.CreateParams{Name: "Ada", Email: "a@example.com", Gender: "f",
		Address: &customers.Address{Line1: "1 Main", Line2: "Apt 2"}})
	require.ErrorIs(t, err, customers.ErrNotSupported, "unsupported fields")
	require.ErrorContains(t, err, "Gender")
	require.ErrorContains(t, err, "Address.Line2")
	var e *customers.Error
	err = CheckCreate("acme", caps, &customers.CreateParams{})
	require.ErrorAs(t, err, &e, "missing fields")
	require.ErrorIs(t, err, customers.ErrInvalidRequest, "missing fields")
	for _, f := range []string{"Name", "Email", "Phone"} {
		require.NotEmpty(t, e.Fields[f], "missing field %s", f)
	}
	require.ErrorIs(t, CheckCreate("acme", caps, nil), customers.ErrInvalidRequest, "nil params")
}

func TestCheckUpdate(t *testing.T) {
	t.Parallel()
	require.NoError(t, CheckUpdate("acme", caps, &customers.UpdateParams{Name: customers.Clear[string]()}))
	err := CheckUpdate("acme", caps, &customers.UpdateParams{Email: customers.Clear[string](), Phone: customers.Set("+6591234567")})
	require.ErrorIs(t, err, customers.ErrNotSupported, "clear/set not allowed")
	require.ErrorContains(t, err, "Email")
	require.ErrorContains(t, err, "Phone")
	require.ErrorIs(t, CheckUpdate("acme", caps, &customers.UpdateParams{}), customers.ErrInvalidRequest, "empty update")
}

func TestCheckSearch(t *testing.T) {
	t.Parallel()
	require.NoError(t, CheckSearch("acme", caps, &customers.SearchParams{Query: "ada"}))
	require.ErrorIs(t, CheckSearch("acme", caps, &customers.SearchParams{Email: "a@example.com"}), customers.ErrNotSupported, "unsupported criterion")
	require.ErrorIs(t, CheckSearch("acme", caps, &customers.SearchParams{}), customers.ErrInvalidRequest, "no criterion")
}

func TestPageSize(t *testing.T) {
	t.Parallel()
	for _, c := range [][4]int{{0, 30, 100, 30}, {50, 30, 100, 50}, {100, 30, 100, 100}, {500, 10, 0, 500}} {
		got, err := PageSize("acme", customers.OpList, c[0], c[1], c[2])
		require.NoError(t, err, c)
		assert.Equal(t, c[3], got, c)
	}
	for _, c := range [][3]int{{-1, 30, 100}, {101, 30, 100}, {-5, 10, 0}} {
		_, err := PageSize("acme", customers.OpList, c[0], c[1], c[2])
		var ce *customers.Error
		require.ErrorAs(t, err, &ce, c)
		assert.ErrorIs(t, err, customers.ErrInvalidRequest, c)
		assert.NotEmpty(t, ce.Fields["PageSize"], c)
	}
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	var pe backend.ProviderError
	msgs := FieldErrors(&pe, []byte(`{"email":["is taken"],"name":"is blank"}`))
	require.Len(t, pe.Fields["email"], 1, "map form: email")
	require.NotEmpty(t, pe.Fields["name"], "map form: name")
	require.Equal(t, "is blank", pe.Fields["name"][0], "map form: name")
	require.Nil(t, msgs, "map form: messages")
	pe = backend.ProviderError{}
	msgs = FieldErrors(&pe, []byte(`["Email has already been taken"]`))
	require.Nil(t, pe.Fields, "list form: fields")
	require.Len(t, msgs, 1, "list form: messages")
	require.True(t, Mentions(msgs, "ALREADY BEEN TAKEN"), "list form: %v", msgs)
	require.Equal(t, "Email has already been taken", pe.Message, "list form: the message when none was given")
	require.True(t, Taken(422, pe, msgs), "list form: a conflict on 422")
	require.False(t, Taken(400, pe, msgs), "list form: no conflict on 400")
	pe = backend.ProviderError{Message: "The given data was invalid."}
	FieldErrors(&pe, []byte(`["Email has already been taken"]`))
	require.Equal(t, "The given data was invalid.", pe.Message, "list form: the message given is kept")
	pe = backend.ProviderError{}
	require.Nil(t, FieldErrors(&pe, nil), "empty input: messages")
	require.Nil(t, pe.Fields, "empty input: fields")
}

func TestRawItems(t *testing.T) {
	t.Parallel()
	items := rawItems([]byte(`{"data":[{"id":"a"},{"id":"b"}]}`), "data", 0)
	require.Len(t, items, 2)
	require.Equal(t, `{"id":"b"}`, string(items[1]))
	require.Nil(t, rawItems([]byte(`<html>`), "data", 0), "rawItems of a non-JSON body")
	raws := Items([]byte(`{"data":[{"id":"a"}]}`), "data", []int{1, 2}, func(_ *int, raw json.RawMessage) json.RawMessage { return raw })
	require.Equal(t, []json.RawMessage{json.RawMessage(`{"id":"a"}`), nil}, raws, "Items: an item the raw list lacks gets nil")
	require.NotNil(t, RawAt([]byte(`{"customer":{"id":1}}`), "customer"), "RawAt")
}

func TestIterateCatchesARepeatedPage(t *testing.T) {
	t.Parallel()
	calls := 0
	w := Walk[int]{Provider: "acme", Op: customers.OpList, ID: strconv.Itoa, First: "1"}
	var items, errs int
	for _, err := range Iterate(context.Background(), w, func(_ context.Context, cursor string) (Page[int], error) {
		calls++
		n, _ := strconv.Atoi(cursor)
		return Page[int]{Items: []int{1, 2}, Next: strconv.Itoa(n + 1), More: true}, nil // ignores the page number
	}) {
		if err != nil {
			errs++
			require.ErrorIs(t, err, customers.ErrInvalidResponse)
			continue
		}
		items++
	}
	require.Equal(t, 2, items, "items")
	require.Equal(t, 1, errs, "errors")
	require.Equal(t, 2, calls, "calls")
}

func TestIterateStopsAfterMaxPages(t *testing.T) {
	t.Parallel()
	w := Walk[int]{Provider: "acme", Op: customers.OpList, ID: strconv.Itoa, First: "0", MaxPages: 3}
	var items, errs int
	for _, err := range Iterate(context.Background(), w, func(_ context.Context, cursor string) (Page[int], error) {
		n, _ := strconv.Atoi(cursor)
		return Page[int]{Items: []int{n}, Next: strconv.Itoa(n + 1), More: true}, nil
	}) {
		if err != nil {
			errs++
			continue
		}
		items++
	}
	require.Equal(t, 3, items, "items")
	require.Equal(t, 1, errs, "errors")
}

// A route naming an operation the spec lacks fails at construction, not on
// every call of that operation.
func TestConnectChecksRoutes(t *testing.T) {
	t.Parallel()
	live, sandbox := "https://api.hit-pay.com", "https://api.sandbox.hit-pay.com"
	type option func(*int) error
	newClient := func(_ string, opts ...option) (*int, error) {
		n := 0
		for _, o := range opts {
			_ = o(&n)
		}
		return &n, nil
	}
	withDoer := func(customers.HTTPDoer) option { return func(n *int) error { *n = 1; return nil } }
	caps := customers.Capabilities{Operations: []customers.Operation{customers.OpGet, customers.OpSearch}}
	o := backend.Options{Provider: "hitpay", Routes: map[customers.Operation][]string{customers.OpGet: {"getCustomers"}}}
	_, _, err := Connect(o, caps, nil, live, sandbox, newClient, withDoer)
	require.ErrorContains(t, err, `"getCustomers"`, "misspelt route")
	o.Routes = nil // derived from caps
	conn, c, err := Connect(o, caps, nil, live, sandbox, newClient, withDoer)
	require.NoError(t, err, "good route")
	require.Equal(t, 1, *c, "good route: client sends through the backend")
	require.Equal(t, "hitpay", conn.Provider, "good route: the connection's provider")
	o.Routes = Routes(caps.Operations, map[customers.Operation]string{customers.OpSearch: "searchCustomers"})
	_, _, err = Connect(o, caps, nil, live, sandbox, newClient, withDoer)
	require.ErrorContains(t, err, `"searchCustomers"`, "another provider's route")
}

// rawItems and RawAt answer what decoding into maps answers, on every JSON
// document (the backend only hands them JSON).
func FuzzRawMatchesDecoding(f *testing.F) {
	for _, s := range []string{
		`{"data":[{"id":"a"},{"id":"b"}]}`, ` { "data" : [ {"id" : "a\"}" } , 1 , -2.5e3, true, null, "x", [[]], {} ] } `,
		`{"data":[]}`, `{"data":null}`, `{"data":{}}`, `{"data":"[1]"}`, `{"data":[1],"data":[2,3]}`, `{"d\u0061ta":[1]}`,
		`{"customer":{"id":1,"metadata":{"a":"\u00e9"}},"code":200}`, `{"customer":null}`, `{}`, `[]`, `"data"`, `null`,
		`{"data":[1,2]}x`, `{"data":[1,,2]}`, `{"data":[tru]}`, `{"a":{"data":[1]}}`, "{\"data\":[\"\xff\"]}",
		`{"data":[01]}`, `{"data":[1.]}`, `{"data":[-]}`, `{"data":[1e]}`, `{"DATA":[1]}`,
	} {
		f.Add([]byte(s), "data")
		f.Add([]byte(s), "customer")
	}
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		if !json.Valid(body) {
			return // never asked: the backend refuses 2xx bodies that are not JSON
		}
		require.Equal(t, rawItemsSlow(body, key), rawItems(body, key, 0), "rawItems(%q, %q) differs from decoding", body, key)
		got, want := RawAt(body, key), rawAtSlow(body, key)
		require.Equal(t, string(want), string(got), "RawAt(%q, %q) differs from decoding", body, key)
		require.Equal(t, want == nil, got == nil, "RawAt(%q, %q) = %q is nil where decoding gives %q, or the reverse", body, key, got, want)
	})
}

func TestRawItemsAllocateOnlyTheirSlice(t *testing.T) {
	body := []byte(`{"data":[{"id":"a"},{"id":"b"},{"id":"c"}],"meta":{"next_cursor":null}}`)
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = rawItems(body, "data", 0) }), 3.0) // append growing to 3 items
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = RawAt(body, "meta") }))
	items := rawItems(body, "data", 0)
	items[0] = append(items[0], 'x') // capped: the next item is untouched
	assert.JSONEq(t, `{"id":"b"}`, string(items[1]))
}

// WithoutKeys answers what decoding, deleting and re-encoding answers,
// compared as decoded values (it keeps the members as sent).
func FuzzWithoutKeysMatchesDecoding(f *testing.F) {
	for _, s := range []string{
		`{"id":"cus_1","merchant_no":"m","app_id":"a","name":"N"}`, `{"merchant_no":"m"}`, `{"app_id":1,"id":2}`,
		` { "id" : 1 , "MERCHANT_NO" : {"x":[1,2]} } `, `{"merchant_no":"a","merchant_no":"b","id":1}`, `{}`, `[]`,
		`{"m\u0065rchant_no":"m"}`, `{"id":"x"}`, `null`, `"merchant_no"`, `{"a":{"merchant_no":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // Customer.Raw is JSON the backend already accepted
		}
		keys := []string{"merchant_no", "app_id"}
		got, want := WithoutKeys(raw, keys...), withoutKeysSlow(raw, keys)
		require.Equal(t, decodedExactly(t, want), decodedExactly(t, got), "WithoutKeys(%q) = %q, decoding gives %q", raw, got, want)
	})
}

// decodedExactly decodes JSON keeping numbers as written (1E700 included).
func decodedExactly(t *testing.T, b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v), "%q is not JSON", b)
	return v
}

func TestWithoutKeysKeepsTheRestAsSent(t *testing.T) {
	raw := []byte(`{"id":"cus_1", "merchant_no":"m","name":"Ann","App_Id":"a","amount":1.50}`)
	assert.Equal(t, `{"id":"cus_1","name":"Ann","amount":1.50}`, string(WithoutKeys(raw, "merchant_no", "app_id")))
	clean := []byte(`{"id":"cus_1"}`)
	assert.Equal(t, &clean[0], &WithoutKeys(clean, "merchant_no")[0], "nothing to drop: the same bytes")
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = WithoutKeys(raw, "merchant_no", "app_id") }), 2.0)
}

// MetadataStrings answers what decoding into maps answers.
func FuzzMetadataMatchesDecoding(f *testing.F) {
	for _, s := range []string{
		`{"plan":"gold","n":12345678901234567890,"f":1.50,"o":{"a": [1, 2]},"b":true,"z":null}`, `{}`, `[]`, `null`, ``,
		`{"a":"x\"y","a":"second"}`, `{"\u00e9":"v"}`, "{\"k\":\"\xff\"}", "{\"\xff\":1}", ` { "s" : " spaced " } `, `"str"`, `12`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 0 && !json.Valid(raw) {
			return // metadata is a value the generated parser already decoded
		}
		require.Equal(t, metadataSlow(raw), MetadataStrings(raw), "MetadataStrings(%q)", raw)
	})
}

// The decoding answers the fuzzers hold the one-pass readers to.

func rawItemsSlow(body []byte, key string) []json.RawMessage {
	var items []json.RawMessage
	if json.Unmarshal(rawAtSlow(body, key), &items) != nil {
		return nil
	}
	return items
}

func rawAtSlow(body []byte, key string) json.RawMessage {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return nil
	}
	if v, ok := env[key]; ok {
		return v
	}
	var found json.RawMessage // encoding/json: a key that differs only in case
	for k, v := range env {
		if strings.EqualFold(k, key) {
			found = v
		}
	}
	return found
}

func metadataSlow(raw json.RawMessage) map[string]string {
	var fields map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		var s string
		if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &s) == nil {
			out[k] = s
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, v) == nil {
			out[k] = buf.String()
		} else {
			out[k] = string(v)
		}
	}
	return out
}

func withoutKeysSlow(raw json.RawMessage, keys []string) json.RawMessage {
	var obj map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &obj) != nil {
		return raw
	}
	found := false
	for k := range obj {
		if matchesAny(k, keys) {
			delete(obj, k)
			found = true
		}
	}
	if !found {
		return raw
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return nil
	}
	return out
}

// Wire and NonZero leave out what holds nothing, so that an empty value is
// neither sent nor read back as set.
func TestWireAndNonZeroLeaveOutZeroValues(t *testing.T) {
	t.Parallel()
	double := func(n int) int { return 2 * n }
	assert.Nil(t, Wire(nil, double), "nil")
	zero, two := 0, 2
	assert.Nil(t, Wire(&zero, double), "zero value")
	assert.Equal(t, 4, *Wire(&two, double))
	assert.Nil(t, NonZero(customers.Address{}))
	assert.Equal(t, "SG", NonZero(customers.Address{Country: "SG"}).Country)
}
