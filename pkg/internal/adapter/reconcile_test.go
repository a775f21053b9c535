package adapter

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
)

func TestMatchesEveryFieldSent(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	p := &customers.CreateParams{Name: "Ada", Email: "Ada@Example.com", Phone: "+237600000001",
		Address: &customers.Address{Line1: "1 Rue", City: "Douala", Country: "cm"}, Metadata: map[string]string{"crm": "7"}}
	ours := func() *customers.Customer {
		return &customers.Customer{Name: "Ada", Email: "ada@example.com", Phone: "+237600000001", CreatedAt: start.Add(time.Second),
			Address: &customers.Address{Line1: "1 Rue", City: "Douala", Country: "CM"}, Metadata: map[string]string{"crm": "7", "other": "x"}}
	}
	assert.True(t, Matches(ours(), p, start), "the customer the call created")

	for name, change := range map[string]func(c *customers.Customer){
		"an older customer with the same data (Notch Pay allows duplicates)": func(c *customers.Customer) { c.CreatedAt = start.Add(-time.Hour) },
		"another name":     func(c *customers.Customer) { c.Name = "Grace" },
		"another phone":    func(c *customers.Customer) { c.Phone = "+237600000002" },
		"another city":     func(c *customers.Customer) { c.Address.City = "Yaoundé" },
		"another metadata": func(c *customers.Customer) { c.Metadata["crm"] = "8" },
	} {
		c := ours()
		change(c)
		assert.False(t, Matches(c, p, start), name)
	}

	national := ours()
	national.Phone = "600000001" // read back in national form
	assert.True(t, Matches(national, p, start))
	noTime := ours()
	noTime.CreatedAt = time.Time{}
	assert.True(t, Matches(noTime, p, start), "a lookup without creation times still matches on the fields")
}

func TestReconcileStopsAtTheFirstMatchAndReportsErrors(t *testing.T) {
	t.Parallel()
	p := &customers.CreateParams{Email: "ada@example.com", Name: "Ada"}
	l := customers.Lookup{Search: customers.SearchParams{Email: p.Email}, CreatedAfter: time.Now().Add(-time.Minute)}
	results := []*customers.Customer{{ID: "old", Email: p.Email, Name: "Ada", CreatedAt: time.Now().Add(-time.Hour)},
		{ID: "ours", Email: p.Email, Name: "Ada", CreatedAt: time.Now()}}
	var asked customers.SearchParams
	var askedOpts int
	search := func(_ context.Context, q *customers.SearchParams, opts ...customers.Option) iter.Seq2[*customers.Customer, error] {
		asked, askedOpts = *q, len(opts)
		return func(yield func(*customers.Customer, error) bool) {
			for _, c := range results {
				if !yield(c, nil) {
					return
				}
			}
		}
	}
	got, err := Reconcile(search, l, p, "", []customers.Option{customers.WithMaxRetries(0)})(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ours", got.ID)
	assert.Equal(t, l.Search, asked)
	assert.Equal(t, 1, askedOpts, "the lookup runs with the create's call options")

	results = results[:1]
	got, err = Reconcile(search, l, p, "", nil)(context.Background())
	assert.NoError(t, err)
	assert.Nil(t, got, "only an older look-alike: provably absent")

	failing := func(context.Context, *customers.SearchParams, ...customers.Option) iter.Seq2[*customers.Customer, error] {
		return Fail[*customers.Customer](fmt.Errorf("boom"))
	}
	_, err = Reconcile(failing, l, p, "", nil)(context.Background())
	assert.EqualError(t, err, "boom")
}

type item struct{ id string }

func itemID(i item) string { return i.id }

// Offset paging newest-first: a customer created between two page requests
// shifts the previous page's last item onto the next page. It is yielded once.
func TestIterateSkipsItemsShiftedByACreate(t *testing.T) {
	t.Parallel()
	store := make([]string, 0, 61) // newest first
	for i := 60; i >= 1; i-- {
		store = append(store, "c"+strconv.Itoa(i))
	}
	const size = 10
	fetch := func(_ context.Context, cursor string) (Page[item], error) {
		n, _ := strconv.Atoi(cursor)
		if n == 2 { // a create lands while the caller reads page 1
			store = append([]string{"c61"}, store...)
		}
		lo := (n - 1) * size
		hi := min(lo+size, len(store))
		var items []item
		for _, id := range store[lo:hi] {
			items = append(items, item{id})
		}
		return Page[item]{Items: items, Next: strconv.Itoa(n + 1), More: hi < len(store)}, nil
	}
	seen := map[string]int{}
	for it, err := range Iterate(context.Background(), Walk[item]{Provider: "p", Op: customers.OpList, ID: itemID, First: "1"}, fetch) {
		require.NoError(t, err)
		seen[it.id]++
	}
	assert.Len(t, seen, 60, "the 60 customers there at the start")
	for id, n := range seen {
		assert.Equal(t, 1, n, "%s yielded %d times", id, n)
	}
}

func TestCycleGuardCatchesLongCyclesInConstantMemory(t *testing.T) {
	t.Parallel()
	for _, length := range []int{1, 2, 3, 9, 50, 1000} {
		g := newCycleGuard("c0")
		steps := 0
		for i := 1; ; i++ {
			steps++
			if g.seen("c" + strconv.Itoa(i%length)) {
				break
			}
			require.Less(t, steps, 3*length+10, "cycle of %d not caught", length)
		}
	}
	g := newCycleGuard("0")
	for i := 1; i <= 100_000; i++ {
		require.False(t, g.seen(strconv.Itoa(i)), "a fresh cursor taken for a repeat")
	}
}

func TestPatchIsAbsentNullOrValue(t *testing.T) {
	t.Parallel()
	assert.False(t, Patch(customers.Optional[string]{}, Same[string]).IsSpecified(), "unchanged is left out")
	assert.True(t, Patch(customers.Clear[string](), Same[string]).IsNull(), "clear is null")
	v, err := Patch(customers.Set("x"), func(s string) int { return len(s) }).Get()
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	called := false
	assert.True(t, Patch(customers.Clear[string](), func(string) int { called = true; return 0 }).IsNull())
	assert.False(t, called, "clear converts nothing")
	assert.Nil(t, OptString(""))
	assert.Equal(t, "a", *OptString("a"))
}
