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
	if fetches != 0 {
		t.Fatal("fetched before iteration")
	}
	got := 0
	for v, err := range seq {
		if err != nil || v != got {
			t.Fatalf("item %d: %v, %v", got, v, err)
		}
		got++
		if got == 15 {
			break
		}
	}
	if fetches != 2 {
		t.Fatalf("%d fetches for 15 items of 10 per page", fetches)
	}
	fetches, got = 0, 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got++
	}
	if got != 100 || fetches != 10 {
		t.Fatalf("full walk: %d items, %d fetches", got, fetches)
	}
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
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			continue
		}
		items++
	}
	if errs != 1 || items != 2 || calls != 2 {
		t.Fatalf("errs %d items %d calls %d", errs, items, calls)
	}
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
				if !errors.Is(err, customers.ErrInvalidResponse) || !strings.Contains(err.Error(), "already read") {
					t.Errorf("%s: error %v", tc.name, err)
				}
				continue
			}
			items++
		}
		if calls != tc.wantCalls || items != tc.wantItems || errs != 1 {
			t.Errorf("%s: %d fetches, %d items, %d errors; want %d, %d, 1", tc.name, calls, items, errs, tc.wantCalls, tc.wantItems)
		}
	}
}

func TestIterateStopsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	calls := 0
	for _, err := range Iterate(context.Background(), walk(""), func(context.Context, string) (Page[int], error) {
		calls++
		return Page[int]{Next: "b", More: true}, nil
	}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Fatalf("an empty page claiming more was followed %d times", calls)
	}
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
	if !errors.Is(last, context.Canceled) || fetches != 1 {
		t.Fatalf("last %v fetches %d", last, fetches)
	}
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
	if err := CheckCreate("acme", caps, ok); err != nil {
		t.Fatal(err)
	}
	err := CheckCreate("acme", caps, &customers.CreateParams{Name: "Ada", Email: "a@example.com", Gender: "f",
		Address: &customers.Address{Line1: "1 Main", Line2: "Apt 2"}})
	if !errors.Is(err, customers.ErrNotSupported) || !strings.Contains(err.Error(), "Gender") || !strings.Contains(err.Error(), "Address.Line2") {
		t.Fatalf("unsupported fields: %v", err)
	}
	var e *customers.Error
	err = CheckCreate("acme", caps, &customers.CreateParams{})
	if !errors.As(err, &e) || !errors.Is(err, customers.ErrInvalidRequest) || len(e.Fields["Name"]) == 0 || len(e.Fields["Email"]) == 0 || len(e.Fields["Phone"]) == 0 {
		t.Fatalf("missing fields: %v", err)
	}
	if err := CheckCreate("acme", caps, nil); !errors.Is(err, customers.ErrInvalidRequest) {
		t.Fatalf("nil params: %v", err)
	}
}

func TestCheckUpdate(t *testing.T) {
	t.Parallel()
	if err := CheckUpdate("acme", caps, &customers.UpdateParams{Name: customers.Clear[string]()}); err != nil {
		t.Fatal(err)
	}
	err := CheckUpdate("acme", caps, &customers.UpdateParams{Email: customers.Clear[string](), Phone: customers.Set("+6591234567")})
	if !errors.Is(err, customers.ErrNotSupported) || !strings.Contains(err.Error(), "Email") || !strings.Contains(err.Error(), "Phone") {
		t.Fatalf("clear/set not allowed: %v", err)
	}
	if err := CheckUpdate("acme", caps, &customers.UpdateParams{}); !errors.Is(err, customers.ErrInvalidRequest) {
		t.Fatalf("empty update: %v", err)
	}
}

func TestCheckSearch(t *testing.T) {
	t.Parallel()
	if err := CheckSearch("acme", caps, &customers.SearchParams{Query: "ada"}); err != nil {
		t.Fatal(err)
	}
	if err := CheckSearch("acme", caps, &customers.SearchParams{Email: "a@example.com"}); !errors.Is(err, customers.ErrNotSupported) {
		t.Fatalf("unsupported criterion: %v", err)
	}
	if err := CheckSearch("acme", caps, &customers.SearchParams{}); !errors.Is(err, customers.ErrInvalidRequest) {
		t.Fatalf("no criterion: %v", err)
	}
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

func TestFieldMessages(t *testing.T) {
	t.Parallel()
	fields, msgs := FieldMessages([]byte(`{"email":["is taken"],"name":"is blank"}`))
	if len(fields["email"]) != 1 || fields["name"][0] != "is blank" || msgs != nil {
		t.Fatalf("map form: %v %v", fields, msgs)
	}
	fields, msgs = FieldMessages([]byte(`["Email has already been taken"]`))
	if fields != nil || len(msgs) != 1 || !Mentions(msgs, "ALREADY BEEN TAKEN") {
		t.Fatalf("list form: %v %v", fields, msgs)
	}
	if f, m := FieldMessages(nil); f != nil || m != nil {
		t.Fatal("empty input")
	}
}

func TestRawItems(t *testing.T) {
	t.Parallel()
	items := RawItems([]byte(`{"data":[{"id":"a"},{"id":"b"}]}`), "data")
	if len(items) != 2 || string(Item(items, 1)) != `{"id":"b"}` || Item(items, 5) != nil {
		t.Fatalf("items %s", items)
	}
	if RawItems([]byte(`<html>`), "data") != nil || RawAt([]byte(`{"customer":{"id":1}}`), "customer") == nil {
		t.Fatal("RawItems/RawAt")
	}
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
			if !errors.Is(err, customers.ErrInvalidResponse) {
				t.Fatal(err)
			}
			continue
		}
		items++
	}
	if items != 2 || errs != 1 || calls != 2 {
		t.Fatalf("items %d errs %d calls %d", items, errs, calls)
	}
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
	if items != 3 || errs != 1 {
		t.Fatalf("items %d errs %d", items, errs)
	}
}

// A route naming an operation the spec lacks fails at construction, not on
// every call of that operation.
func TestConnectChecksRoutes(t *testing.T) {
	t.Parallel()
	newClient := func(string, *backend.Backend) (int, error) { return 1, nil }
	servers := Servers{Live: "https://api.hit-pay.com", Sandbox: "https://api.sandbox.hit-pay.com"}
	o := backend.Options{Provider: "hitpay", Routes: map[customers.Operation][]string{customers.OpGet: {"getCustomers"}}}
	if _, _, err := Connect(o, servers, newClient); err == nil || !strings.Contains(err.Error(), `"getCustomers"`) {
		t.Fatalf("misspelt route: %v", err)
	}
	o.Routes = map[customers.Operation][]string{customers.OpGet: {"getCustomer"}}
	if _, c, err := Connect(o, servers, newClient); err != nil || c != 1 {
		t.Fatalf("good route: %v", err)
	}
}

// The one-pass RawItems and RawAt answer what decoding into maps answers,
// on every JSON document (the backend only hands them JSON).
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
		require.Equal(t, rawItemsSlow(body, key), RawItems(body, key), "RawItems(%q, %q) differs from decoding", body, key)
		if got, want := RawAt(body, key), rawAtSlow(body, key); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("RawAt(%q, %q) = %q, decoding gives %q", body, key, got, want)
		}
	})
}

func TestRawItemsAllocateOnlyTheirSlice(t *testing.T) {
	body := []byte(`{"data":[{"id":"a"},{"id":"b"},{"id":"c"}],"meta":{"next_cursor":null}}`)
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = RawItems(body, "data") }), 3.0) // append growing to 3 items
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = RawAt(body, "meta") }))
	items := RawItems(body, "data")
	items[0] = append(items[0], 'x') // capped: the next item is untouched
	assert.JSONEq(t, `{"id":"b"}`, string(items[1]))
}
