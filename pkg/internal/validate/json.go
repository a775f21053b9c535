package validate

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// A body is checked from one pass over its text rather than from a decoding
// into map[string]any, which cost a create ~40 allocations (a map, a boxed
// value and a string per member). parse reads what json.Decoder.Decode would
// (the first value; whatever follows it is ignored, as kin-openapi's decoder
// ignores it) into a flat list of nodes, and the schema check reads the
// values from it: strings and numbers are substrings of the body.

// kind is a JSON value's type.
type kind uint8

const (
	jsonNull kind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

// node is one value of a document: its text is src[start:end] (a string with
// its quotes), and the values inside it (an object's keys and values, in
// turn; an array's elements) are the nodes up to next.
type node struct {
	kind       kind
	start, end int
	next       int
}

// member is an object member as the check reads it.
type member struct {
	key string
	val int // node index
}

// document is a parsed body, pooled: a check allocates nothing for it.
type document struct {
	src     string
	nodes   []node
	members []member // scratch for the objects being checked, a stack
}

var documents = sync.Pool{New: func() any { return new(document) }}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// parseDocument parses the first JSON value of src; ok is false when
// json.Decoder.Decode would fail on it. Release the document after use.
func parseDocument(src string) (d *document, ok bool) {
	d = documents.Get().(*document)
	d.src = src
	p := parser{d: d}
	return d, p.value(0)
}

func (d *document) release() {
	clear(d.members[:cap(d.members)]) // keys are substrings of the body: keep no customer data alive
	*d = document{nodes: d.nodes[:0], members: d.members[:0]}
	documents.Put(d)
}

// value is the value of node i.
func (d *document) value(i int) value {
	n := d.nodes[i]
	switch n.kind {
	case jsonString:
		return value{kind: jsonString, text: d.text(i)}
	case jsonNumber:
		return value{kind: jsonNumber, text: d.src[n.start:n.end]}
	case jsonBool:
		return value{kind: jsonBool}
	}
	return value{kind: n.kind, doc: d, at: i}
}

// text is the decoded content of string node i: a substring of the body
// unless it holds escapes or bytes that are not UTF-8, which decoding
// changes.
func (d *document) text(i int) string {
	n := d.nodes[i]
	s := d.src[n.start+1 : n.end-1]
	if strings.IndexByte(s, '\\') < 0 && utf8.ValidString(s) {
		return s
	}
	out, _ := jsonscan.Unquote([]byte(d.src[n.start:n.end])) // parse checked its syntax
	return out
}

// objectMembers pushes the members of object node i on d.members, sorted by
// key, a repeated key once with its last value (as decoding into a map
// keeps it), and returns where they start; pop them with popMembers.
func (d *document) objectMembers(i int) int {
	lo := len(d.members)
	for j := i + 1; j < d.nodes[i].next; j = d.nodes[j+1].next {
		d.members = append(d.members, member{key: d.text(j), val: j + 1})
	}
	m := d.members[lo:]
	for a := 1; a < len(m); a++ { // insertion sort: stable, and objects are small
		for b := a; b > 0 && m[b].key < m[b-1].key; b-- {
			m[b], m[b-1] = m[b-1], m[b]
		}
	}
	kept := lo
	for a := range m {
		if a+1 < len(m) && m[a+1].key == m[a].key {
			continue // a later member has the same key
		}
		d.members[kept] = m[a]
		kept++
	}
	d.members = d.members[:kept]
	return lo
}

func (d *document) popMembers(lo int) { d.members = d.members[:lo] }

// parser is a recursive descent over the grammar encoding/json's scanner
// accepts.
type parser struct {
	d *document
	i int
}

func (p *parser) value(depth int) bool {
	p.space()
	if p.i >= len(p.d.src) {
		return false
	}
	at := len(p.d.nodes)
	p.d.nodes = append(p.d.nodes, node{start: p.i})
	var k kind
	var ok bool
	switch c := p.d.src[p.i]; {
	case c == '{':
		k, ok = jsonObject, p.object(depth)
	case c == '[':
		k, ok = jsonArray, p.array(depth)
	case c == '"':
		k, ok = jsonString, p.string()
	case c == '-' || c >= '0' && c <= '9':
		k, ok = jsonNumber, p.number()
	case c == 't':
		k, ok = jsonBool, p.literal("true")
	case c == 'f':
		k, ok = jsonBool, p.literal("false")
	case c == 'n':
		k, ok = jsonNull, p.literal("null")
	}
	n := &p.d.nodes[at]
	n.kind, n.end, n.next = k, p.i, len(p.d.nodes)
	return ok
}

func (p *parser) object(depth int) bool {
	if p.i++; depth >= maxDepth { // {
		return false
	}
	if p.space(); p.peek() == '}' {
		p.i++
		return true
	}
	for {
		if p.space(); p.peek() != '"' {
			return false
		}
		at := len(p.d.nodes)
		p.d.nodes = append(p.d.nodes, node{kind: jsonString, start: p.i})
		if !p.string() {
			return false
		}
		p.d.nodes[at].end, p.d.nodes[at].next = p.i, at+1
		if p.space(); p.peek() != ':' {
			return false
		}
		p.i++
		if !p.value(depth + 1) {
			return false
		}
		switch p.space(); p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

func (p *parser) array(depth int) bool {
	if p.i++; depth >= maxDepth { // [
		return false
	}
	if p.space(); p.peek() == ']' {
		p.i++
		return true
	}
	for {
		if !p.value(depth + 1) {
			return false
		}
		switch p.space(); p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return true
		default:
			return false
		}
	}
}

// string reads a string literal: no control characters, only JSON's
// escapes; bytes that are not UTF-8 pass (decoding replaces them).
func (p *parser) string() bool {
	s := p.d.src
	for p.i++; p.i < len(s); p.i++ {
		switch c := s[p.i]; {
		case c == '"':
			p.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			p.i++
			if p.i >= len(s) {
				return false
			}
			switch s[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if p.i+4 >= len(s) || !isHex(s[p.i+1]) || !isHex(s[p.i+2]) || !isHex(s[p.i+3]) || !isHex(s[p.i+4]) {
					return false
				}
				p.i += 4
			default:
				return false
			}
		}
	}
	return false
}

// number reads a JSON number; what follows a complete number ends it.
func (p *parser) number() bool {
	end := jsonscan.NumberEnd(p.d.src, p.i)
	if end < 0 {
		return false
	}
	p.i = end
	return true
}

func (p *parser) literal(word string) bool {
	if !strings.HasPrefix(p.d.src[p.i:], word) {
		return false
	}
	p.i += len(word)
	return true
}

func (p *parser) space() {
	for p.i < len(p.d.src) {
		switch p.d.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek is the next byte, 0 at the end.
func (p *parser) peek() byte {
	if p.i < len(p.d.src) {
		return p.d.src[p.i]
	}
	return 0
}

// hasMember reports whether the members pushed from lo hold key k.
func (d *document) hasMember(lo int, k string) bool {
	for _, m := range d.members[lo:] {
		if m.key == k {
			return true
		}
	}
	return false
}
