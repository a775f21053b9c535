package fake

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type storeItem struct{ ID string }

// newTestStore holds items "1".."n" at seqs 1..n.
func newTestStore(t *testing.T, n int) *store[storeItem] {
	t.Helper()
	s := newStore[storeItem](0, func(v *storeItem) string { return v.ID })
	for i := 1; i <= n; i++ {
		require.NoError(t, s.create(storeItem{ID: strconv.Itoa(i)}, nil))
	}
	return s
}

func TestStoreSpan(t *testing.T) {
	t.Parallel()
	s := newTestStore(t, 12)
	s.delete("6")
	odd := func(v *storeItem) bool { n, _ := strconv.Atoi(v.ID); return n%2 == 1 }
	type want struct {
		ids         []string
		first, last int64
		prev, next  bool
	}
	for _, tc := range []struct {
		name     string
		seq      int64
		backward bool
		limit    int
		match    func(*storeItem) bool
		want     want
	}{
		{"first page", 0, false, 4, nil, want{[]string{"1", "2", "3", "4"}, 1, 4, false, true}},
		{"forward over a deleted item", 4, false, 4, nil, want{[]string{"5", "7", "8", "9"}, 5, 9, true, true}},
		{"forward to the end", 9, false, 4, nil, want{[]string{"10", "11", "12"}, 10, 12, true, false}},
		{"forward past the end", 12, false, 4, nil, want{nil, 0, 0, true, false}},
		{"backward from the end", 13, true, 4, nil, want{[]string{"9", "10", "11", "12"}, 9, 12, true, false}},
		{"backward over a deleted item", 9, true, 4, nil, want{[]string{"4", "5", "7", "8"}, 4, 8, true, true}},
		{"backward from a deleted seq", 6, true, 2, nil, want{[]string{"4", "5"}, 4, 5, true, true}},
		{"backward to the start", 4, true, 4, nil, want{[]string{"1", "2", "3"}, 1, 3, false, true}},
		{"backward exactly to the start", 5, true, 4, nil, want{[]string{"1", "2", "3", "4"}, 1, 4, false, true}},
		{"backward before the start", 1, true, 4, nil, want{nil, 0, 0, false, true}},
		{"forward matching", 0, false, 3, odd, want{[]string{"1", "3", "5"}, 1, 5, false, true}},
		{"backward matching", 11, true, 3, odd, want{[]string{"5", "7", "9"}, 5, 9, true, true}},
		{"backward matching to the start", 5, true, 3, odd, want{[]string{"1", "3"}, 1, 3, false, true}},
		{"forward matching to the end", 9, false, 3, odd, want{[]string{"11"}, 11, 11, true, false}},
		{"limit 0 forward", 4, false, 0, nil, want{nil, 0, 0, true, true}},
		{"limit 0 backward", 4, true, 0, nil, want{nil, 0, 0, true, true}},
	} {
		p := s.span(tc.seq, tc.backward, tc.limit, tc.match)
		var ids []string
		for _, v := range p.items {
			ids = append(ids, v.ID)
		}
		assert.Equal(t, tc.want, want{ids, p.first, p.last, p.prev, p.next}, tc.name)
	}
}

// A store with a key function finds a customer under any form of its id and
// keeps the id as stored; unique sees every other customer and its refusals
// come back joined.
func TestStoreKeysAndClashes(t *testing.T) {
	t.Parallel()
	s := newStore[storeItem](0, func(v *storeItem) string { return v.ID })
	s.key = strings.ToLower
	for _, id := range []string{"A", "b", "C"} {
		require.NoError(t, s.create(storeItem{ID: id}, nil))
	}
	assert.ErrorIs(t, s.create(storeItem{ID: "a"}, nil), errDuplicate, "create of a in a store holding A")
	id, err := s.putJSON([]byte(`{"ID":"B"}`))
	assert.NoError(t, err, "putJSON of B")
	assert.Equal(t, "B", id, "putJSON of B")
	assert.Equal(t, []string{"A", "B", "C"}, s.ids(), "putJSON of B must replace b")
	for _, id := range []string{"a", "A", "b", "B"} {
		_, ok := s.get(id)
		assert.True(t, ok, "get(%q) found nothing", id)
	}

	refuse := func(ids ...string) func(*storeItem) error {
		return func(v *storeItem) error {
			if slices.Contains(ids, v.ID) {
				return errors.New("clash with " + v.ID)
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name string
		run  func() error
		want string // the joined refusals, "" for none
	}{
		{"create, two clashes", func() error { return s.create(storeItem{ID: "d"}, refuse("A", "C")) }, "clash with A\nclash with C"},
		{"create, no clash", func() error { return s.create(storeItem{ID: "e"}, refuse("x")) }, ""},
		{"update skips itself", func() error {
			_, err := s.update("c", func(*storeItem) error { return nil }, refuse("A", "B", "C"))
			return err
		}, "clash with A\nclash with B"},
	} {
		err := tc.run()
		if tc.want == "" {
			assert.NoError(t, err, tc.name)
		} else {
			assert.EqualError(t, err, tc.want, tc.name)
		}
	}
	assert.True(t, s.delete("E"), "delete of E")
	assert.Equal(t, 3, s.count(), "customers left after the delete of E")
}
