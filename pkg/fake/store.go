package fake

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"sync"
)

var (
	errStoreFull = errors.New("fake: customer store is full")
	errNotFound  = errors.New("fake: no such customer")
	errDuplicate = errors.New("fake: duplicate")
)

// store is an in-memory, concurrency-safe customer table in creation order.
// Lists walk it oldest first, so customers created while a caller pages
// through land after the caller's position: nothing is lost or repeated.
type store[T any] struct {
	mu    sync.RWMutex
	byID  map[string]*entry[T]
	order []*entry[T] // ascending seq
	seq   int64
	max   int
	idOf  func(*T) string
	// key, if not nil, turns an id into its key in byID, for providers
	// whose ids match regardless of case: every lookup goes through it.
	key func(string) string
	// creates counts successful creations through the API, for tests that
	// assert nothing was created twice.
	creates int
}

type entry[T any] struct {
	id  string
	seq int64
	v   T
}

// newStore makes a store of at most maxSize customers (no limit when
// maxSize <= 0) keyed by idOf.
func newStore[T any](maxSize int, idOf func(*T) string) *store[T] {
	return &store[T]{byID: map[string]*entry[T]{}, max: maxSize, idOf: idOf}
}

// keyOf is the byID key of id.
func (s *store[T]) keyOf(id string) string {
	if s.key == nil {
		return id
	}
	return s.key(id)
}

// clashes runs unique against every stored customer except skip and joins
// its refusals (nil when none): a customer that clashes with several others
// hears of every clash at once.
func (s *store[T]) clashes(unique func(existing *T) error, skip *entry[T]) error {
	if unique == nil {
		return nil
	}
	var errs []error
	for _, e := range s.order {
		if e == skip {
			continue
		}
		if err := unique(&e.v); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// create stores v under its id. unique, if not nil, is checked against every
// stored customer under the same lock and returns a non-nil error to refuse;
// the refusals of all customers come back joined (errors.Join).
func (s *store[T]) create(v T, unique func(existing *T) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max > 0 && len(s.order) >= s.max {
		return errStoreFull
	}
	if err := s.clashes(unique, nil); err != nil {
		return err
	}
	id := s.idOf(&v)
	key := s.keyOf(id)
	if _, ok := s.byID[key]; ok {
		return errDuplicate
	}
	s.seq++
	e := &entry[T]{id: id, seq: s.seq, v: v}
	s.byID[key] = e
	s.order = append(s.order, e)
	s.creates++
	return nil
}

// createFresh is create under an id newID writes into v, drawing again while
// the id is taken (an unlikely clash of random ids).
func (s *store[T]) createFresh(v *T, newID func(*T), unique func(existing *T) error) error {
	for {
		newID(v)
		if err := s.create(*v, unique); !errors.Is(err, errDuplicate) {
			return err
		}
	}
}

func (s *store[T]) get(id string) (T, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.byID[s.keyOf(id)]
	if !ok {
		var zero T
		return zero, false
	}
	return e.v, true
}

// update applies fn to a copy of the customer and stores the result when fn
// succeeds. unique, as in create, sees every other customer.
func (s *store[T]) update(id string, fn func(*T) error, unique func(existing *T) error) (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[s.keyOf(id)]
	var zero T
	if !ok {
		return zero, errNotFound
	}
	v := e.v
	if err := fn(&v); err != nil {
		return zero, err
	}
	if err := s.clashes(unique, e); err != nil {
		return zero, err
	}
	e.v = v
	return v, nil
}

func (s *store[T]) delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := s.keyOf(id)
	e, ok := s.byID[key]
	if !ok {
		return false
	}
	delete(s.byID, key)
	for i, o := range s.order {
		if o == e {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	return true
}

// anyMatch reports, under a read lock, whether a stored customer matches.
func (s *store[T]) anyMatch(match func(*T) bool) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.ContainsFunc(s.order, func(e *entry[T]) bool { return match(&e.v) })
}

// cursorPage is one page of a two-way cursor walk.
type cursorPage[T any] struct {
	items       []T   // in creation order
	first, last int64 // seqs of the first and last item; 0 when items is empty
	prev, next  bool  // whether matching customers lie before the page and after it
}

// span reads one page of a cursor walk under one read lock: up to limit
// matching customers created after seq or, backward, the up to limit matching
// customers created immediately before seq; in creation order either way.
// An empty page has prev or next set when matching customers lie before or
// after seq.
func (s *store[T]) span(seq int64, backward bool, limit int, match func(*T) bool) cursorPage[T] {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ok := func(e *entry[T]) bool { return match == nil || match(&e.v) }
	anyOf := func(es []*entry[T]) bool { return slices.ContainsFunc(es, ok) }
	var p cursorPage[T]
	var picked []*entry[T]
	if backward {
		i := sort.Search(len(s.order), func(i int) bool { return s.order[i].seq >= seq })
		j := i - 1
		for ; j >= 0 && len(picked) < limit; j-- {
			if ok(s.order[j]) {
				picked = append(picked, s.order[j])
			}
		}
		slices.Reverse(picked)
		p.prev, p.next = anyOf(s.order[:j+1]), anyOf(s.order[i:])
	} else {
		i := sort.Search(len(s.order), func(i int) bool { return s.order[i].seq > seq })
		j := i
		for ; j < len(s.order) && len(picked) < limit; j++ {
			if ok(s.order[j]) {
				picked = append(picked, s.order[j])
			}
		}
		p.prev, p.next = anyOf(s.order[:i]), anyOf(s.order[j:])
	}
	if len(picked) > 0 {
		p.first, p.last = picked[0].seq, picked[len(picked)-1].seq
		p.items = make([]T, len(picked))
		for k, e := range picked {
			p.items[k] = e.v
		}
	}
	return p
}

// page returns the matching customers at offset (offset paging) and the total.
func (s *store[T]) page(offset, limit int, match func(*T) bool) (items []T, total int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, e := range s.order {
		if match != nil && !match(&e.v) {
			continue
		}
		if total >= offset && len(items) < limit {
			items = append(items, e.v)
		}
		total++
	}
	return items, total
}

func (s *store[T]) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}

func (s *store[T]) createdCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.creates
}

func (s *store[T]) ids() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, len(s.order))
	for i, e := range s.order {
		out[i] = e.id
	}
	return out
}

func (s *store[T]) getJSON(id string) (json.RawMessage, bool) {
	v, ok := s.get(id)
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	return b, true
}

// putJSON stores a customer given in the provider's wire form, replacing one
// with the same id (the same key, for a store with a key function). It
// bypasses the provider's rules: it is for seeding.
func (s *store[T]) putJSON(raw []byte) (string, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	id := s.idOf(&v)
	if id == "" {
		return "", errors.New("fake: seeded customer has no id")
	}
	key := s.keyOf(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byID[key]; ok {
		e.id, e.v = id, v
		return id, nil
	}
	if s.max > 0 && len(s.order) >= s.max {
		return "", errStoreFull
	}
	s.appendLocked(id, v)
	return id, nil
}

// appendLocked stores v as the newest customer; s.mu is held and id is free.
func (s *store[T]) appendLocked(id string, v T) {
	s.seq++
	e := &entry[T]{id: id, seq: s.seq, v: v}
	s.byID[s.keyOf(id)] = e
	s.order = append(s.order, e)
}

// restoreJSON stores customers in the provider's wire form, all or none. It
// refuses what a fake never writes, naming the customer by index and id: a
// field the customer type does not keep (the next snapshot would drop it), an
// id that is not a plain token (it goes into paths and links), an id given
// twice or stored already.
func (s *store[T]) restoreJSON(raws []json.RawMessage) error {
	vs := make([]T, len(raws))
	seen := make(map[string]int, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &vs[i]); err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
		id := s.idOf(&vs[i])
		field, err := lostOnSave(raw, vs[i])
		if err != nil {
			return fmt.Errorf("customer %d (id %q): %w", i, id, err)
		}
		if field != "" {
			return fmt.Errorf("customer %d (id %q): field %q is not one the fake keeps: the next save would lose it", i, id, field)
		}
		if !plainID(id) {
			return fmt.Errorf("customer %d (id %q): an id is 1 to %d letters, digits, '-' or '_'", i, id, maxIDLen)
		}
		if j, dup := seen[s.keyOf(id)]; dup {
			return fmt.Errorf("customer %d (id %q): the id of customer %d again", i, id, j)
		}
		seen[s.keyOf(id)] = i
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max > 0 && len(s.order)+len(vs) > s.max {
		return fmt.Errorf("%d customers: %w (at most %d)", len(vs), errStoreFull, s.max)
	}
	for i := range vs {
		if id := s.idOf(&vs[i]); s.byID[s.keyOf(id)] != nil {
			return fmt.Errorf("customer %d (id %q): already stored", i, id)
		}
	}
	for i := range vs {
		s.appendLocked(s.idOf(&vs[i]), vs[i])
	}
	return nil
}

// lostOnSave returns the first field of raw (dotted path) that encoding v,
// decoded from raw, leaves out: data a snapshot would silently drop.
func lostOnSave(raw []byte, v any) (string, error) {
	again, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var before, after any
	if err := json.Unmarshal(raw, &before); err != nil {
		return "", err
	}
	if err := json.Unmarshal(again, &after); err != nil {
		return "", err
	}
	return lostField(before, after, ""), nil
}

// lostField compares decoded JSON: the path of the first key of before that
// after lacks, "" when none. An empty value (null, "", 0, false, {}, []) is no
// data: encoders may omit it.
func lostField(before, after any, path string) string {
	switch b := before.(type) {
	case map[string]any:
		a, _ := after.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(b)) {
			av, kept := a[k]
			if !kept && !emptyJSON(b[k]) {
				return path + k
			}
			if p := lostField(b[k], av, path+k+"."); p != "" {
				return p
			}
		}
	case []any:
		a, _ := after.([]any)
		for i, v := range b {
			var av any
			if i < len(a) {
				av = a[i]
			}
			if p := lostField(v, av, path+strconv.Itoa(i)+"."); p != "" {
				return p
			}
		}
	}
	return ""
}

func emptyJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case float64:
		return v == 0
	case bool:
		return !v
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// maxIDLen bounds a restored id: the fakes' own are at most 36 characters.
const maxIDLen = 128

// plainID reports whether id is 1 to maxIDLen ASCII letters, digits, '-' or
// '_': every id a fake makes is, and nothing else can hide a path or an
// escape sequence.
func plainID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
