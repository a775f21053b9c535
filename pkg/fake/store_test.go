package fake

import (
	"reflect"
	"strconv"
	"testing"
)

type storeItem struct{ ID string }

// newTestStore holds items "1".."n" at seqs 1..n.
func newTestStore(t *testing.T, n int) *store[storeItem] {
	t.Helper()
	s := newStore[storeItem](0, func(v *storeItem) string { return v.ID })
	for i := 1; i <= n; i++ {
		if err := s.create(storeItem{ID: strconv.Itoa(i)}, nil); err != nil {
			t.Fatal(err)
		}
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
		if got := (want{ids, p.first, p.last, p.prev, p.next}); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
