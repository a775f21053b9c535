// Package jsonscan walks JSON text in one pass without decoding it, to find
// values by key and split arrays while sharing the text's memory.
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Scanner walks JSON text without decoding it; any surprise clears OK.
// It is meant for documents already known to be JSON (it does not check
// escapes or UTF-8); where it gives up, callers fall back to decoding.
type Scanner struct {
	B  []byte
	I  int // the next byte to read
	OK bool
}

// Peek returns the next byte (0 at the end).
func (s *Scanner) Peek() byte {
	if s.I < len(s.B) {
		return s.B[s.I]
	}
	return 0
}

// Next consumes the next byte.
func (s *Scanner) Next() byte {
	if s.I < len(s.B) {
		c := s.B[s.I]
		s.I++
		return c
	}
	s.OK = false
	return 0
}

// WS skips white space.
func (s *Scanner) WS() {
	for s.I < len(s.B) {
		switch s.B[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Str reads a string and returns its contents (quotes stripped, escapes
// left as they are); plain says it holds no escape and no byte beyond ASCII.
func (s *Scanner) Str() (contents []byte, plain bool) {
	if s.Next() != '"' {
		s.OK = false
		return nil, false
	}
	b, start := s.B, s.I
	plain = true
	for i := start; i < len(b); i++ { // in locals: the loop is most of a scan
		if i+8 <= len(b) { // eight bytes at a time up to the first one that matters
			m := specials(binary.LittleEndian.Uint64(b[i:]))
			if m == 0 {
				i += 7
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		switch c := b[i]; {
		case c == '"':
			s.I = i + 1
			return b[start:i], plain
		case c == '\\':
			plain = false
			i++
		case c < 0x20:
			s.I, s.OK = i, false
			return nil, false
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	s.I, s.OK = len(b), false
	return nil, false
}

// specials marks (the high bit of a byte) the bytes of w, eight bytes of
// string text read little-endian, that end a run of plain text: a quote, a
// backslash, a control character or a byte beyond ASCII. The lowest mark is
// exact; marks above it may be false.
func specials(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, slash := w^(ones*'"'), w^(ones*'\\')
	return ((quote-ones)&^quote | (slash-ones)&^slash | (w - ones*0x20) | w) & highs
}

// Members reads the object at the scanner. For each member it reads the key
// and calls member with the key's text (escapes decoded as encoding/json
// decodes them), the offset of the member (its key's opening quote) and the
// scanner at the value, which member must read; member returns false to give
// up. Members reports whether the whole object was read.
func (s *Scanner) Members(member func(key []byte, at int) bool) bool {
	return s.members(true, member)
}

// Object reads the object at the scanner as Members does and reports
// whether that was the whole of B but white space.
func (s *Scanner) Object(member func(key []byte, at int) bool) bool {
	s.WS()
	read := s.Members(member)
	s.WS()
	return read && s.I == len(s.B)
}

// members is Members; without decode, member gets the key's raw text,
// neither decoded nor checked (a skipped value never needs it: checking
// each key's UTF-8 was a fifth of a list page's scan).
func (s *Scanner) members(decode bool, member func(key []byte, at int) bool) bool {
	if s.Next() != '{' {
		return false
	}
	s.WS()
	if s.Peek() == '}' {
		s.I++
		return s.OK
	}
	for s.OK {
		s.WS()
		at := s.I
		key, plain := s.Str()
		if decode && !plain && (bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key)) {
			var text string
			if json.Unmarshal(s.B[at:s.I], &text) != nil {
				return false
			}
			key = []byte(text)
		}
		s.WS()
		if s.Next() != ':' {
			return false
		}
		s.WS()
		if !member(key, at) || !s.OK {
			return false
		}
		s.WS()
		switch s.Next() {
		case '}':
			return s.OK
		case ',':
		default:
			return false
		}
	}
	return false
}

// MaxDepth is the deepest nesting Value reads: encoding/json's own limit.
const MaxDepth = 10000

// Elements reads the array at the scanner, calling element with the
// scanner at each element, which element must read; element returns false
// to give up. Elements reports whether the whole array was read.
func (s *Scanner) Elements(element func() bool) bool {
	if s.Next() != '[' {
		return false
	}
	s.WS()
	if s.Peek() == ']' {
		s.I++
		return s.OK
	}
	for s.OK {
		s.WS()
		if !element() || !s.OK {
			return false
		}
		s.WS()
		switch s.Next() {
		case ']':
			return s.OK
		case ',':
		default:
			return false
		}
	}
	return false
}

// Value skips one value at nesting depth.
func (s *Scanner) Value(depth int) {
	whole := true
	switch skip := func() bool { s.Value(depth + 1); return true }; {
	case depth > MaxDepth:
		whole = false
	case s.Peek() == '"':
		s.Str()
	case s.Peek() == '{':
		whole = s.members(false, func([]byte, int) bool { return skip() })
	case s.Peek() == '[':
		whole = s.Elements(skip)
	default:
		s.Scalar()
	}
	if !whole {
		s.OK = false
	}
}

// Scalar reads a number, true, false or null (what follows ends it) and
// returns its first byte, or clears OK.
func (s *Scanner) Scalar() byte {
	switch c := s.Peek(); {
	case c == '-' || c >= '0' && c <= '9':
		if end := NumberEnd(s.B, s.I); end >= 0 {
			s.I = end
			return c
		}
	case c == 't' || c == 'f' || c == 'n':
		for _, word := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(s.B[s.I:], []byte(word)) {
				s.I += len(word)
				return c
			}
		}
	}
	s.OK = false
	return 0
}

// RepeatedKey returns the first key that an object in b holds twice,
// compared as encoding/json matches keys to struct fields (ignoring case),
// so an answer whose meaning depends on which of two keys a decoder keeps
// ("email":"a","EMAIL":"b") can be refused. ok is false when b is not JSON
// the scanner reads whole.
func RepeatedKey(b []byte) (key string, ok bool) {
	keys := keyLists.Get().(*[][]byte) // every answer is checked: no allocation for its keys
	w := keyWalker{s: Scanner{B: b, OK: true}, keys: (*keys)[:0]}
	w.s.WS()
	w.value(0)
	w.s.WS()
	if cap(w.keys) <= 16*manyKeys { // an object of thousands of keys is not kept
		clear(w.keys[:cap(w.keys)]) // nor any answer's bytes
		*keys = w.keys[:0]
		keyLists.Put(keys)
	}
	return w.repeated, w.repeated != "" || w.s.OK && w.s.I == len(b)
}

var keyLists = sync.Pool{New: func() any { k := make([][]byte, 0, manyKeys); return &k }}

// manyKeys is where an object's keys move from pairwise comparison into a
// map, so an object of 100,000 keys costs a map, not 10^10 comparisons.
const manyKeys = 32

type keyWalker struct {
	s        Scanner
	keys     [][]byte // the keys of the objects being read, innermost last
	repeated string
}

func (w *keyWalker) value(depth int) {
	if depth > MaxDepth {
		w.s.OK = false
		return
	}
	switch w.s.Peek() {
	case '{':
		w.object(depth)
	case '[':
		if !w.s.Elements(func() bool { w.value(depth + 1); return w.repeated == "" }) {
			w.s.OK = false
		}
	default:
		w.s.Value(depth)
	}
}

func (w *keyWalker) object(depth int) {
	start := len(w.keys)
	defer func() { w.keys = w.keys[:start] }()
	var folded map[string]bool // lower-cased keys, once the object has many
	w.s.Members(func(k []byte, _ int) bool {
		if w.seen(w.keys[start:], k, &folded) {
			w.repeated = string(k)
			return false
		}
		w.keys = append(w.keys, k)
		w.value(depth + 1)
		return w.repeated == ""
	})
}

// seen reports whether k folds to one of keys, and records it.
func (w *keyWalker) seen(keys [][]byte, k []byte, folded *map[string]bool) bool {
	if *folded == nil && len(keys) < manyKeys {
		for _, other := range keys {
			if len(other) > 0 && len(k) > 0 && other[0]|k[0] < utf8.RuneSelf && (other[0]^k[0])&^0x20 != 0 {
				continue // ASCII folds only onto ASCII (K and ſ aside, which are not), by case: a cheap first look
			}
			if bytes.EqualFold(other, k) {
				return true
			}
		}
		return false
	}
	if *folded == nil {
		*folded = make(map[string]bool, 2*manyKeys)
		for _, other := range keys {
			(*folded)[fold(other)] = true
		}
	}
	f := fold(k)
	if (*folded)[f] {
		return true
	}
	(*folded)[f] = true
	return false
}

// fold maps each rune of k to the smallest rune of its case-folding orbit,
// so two keys equal under bytes.EqualFold (K, k and the Kelvin sign; s and
// ſ) fold to the same string.
func fold(k []byte) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, string(k))
}
