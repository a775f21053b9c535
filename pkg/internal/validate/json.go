package validate

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

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

// parseDocument parses the first JSON value of src; ok is false when
// json.Decoder.Decode would fail on it. Release the document after use.
func parseDocument(src string) (d *document, ok bool) {
	d = documents.Get().(*document)
	d.src = src
	// The scanner reads the body in place: it never writes to B.
	p := parser{d: d, s: jsonscan.Scanner{B: unsafe.Slice(unsafe.StringData(src), len(src)), OK: true}}
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

// parser reads the grammar encoding/json's decoder accepts with jsonscan's
// scanner, recording a node per value.
type parser struct {
	d *document
	s jsonscan.Scanner
}

func (p *parser) value(depth int) bool {
	s := &p.s
	s.WS()
	at := len(p.d.nodes)
	p.d.nodes = append(p.d.nodes, node{start: s.I})
	var k kind
	var ok bool
	switch c := s.Peek(); {
	case (c == '{' || c == '[') && depth >= jsonscan.MaxDepth:
	case c == '{':
		k, ok = jsonObject, s.Members(func(_ []byte, key int) bool { return p.member(key, depth) })
	case c == '[':
		k, ok = jsonArray, s.Elements(func() bool { return p.value(depth + 1) })
	case c == '"':
		k, ok = jsonString, p.string()
	default:
		k, ok = scalars[s.Scalar()], s.OK
	}
	n := &p.d.nodes[at]
	n.kind, n.end, n.next = k, s.I, len(p.d.nodes)
	return ok
}

// string reads a string: no control characters, only JSON's escapes; bytes
// that are not UTF-8 pass (decoding replaces them).
func (p *parser) string() bool {
	start := p.s.I
	raw, plain := p.s.Str()
	if plain || bytes.IndexByte(raw, '\\') < 0 {
		return p.s.OK
	}
	_, ok := jsonscan.Unquote(p.s.B[start:p.s.I]) // are its escapes JSON's?
	return p.s.OK && ok
}

// member records the key the scanner has read (its quote at key; Members
// has checked its escapes) and reads the value.
func (p *parser) member(key, depth int) bool {
	end := bytes.LastIndexByte(p.s.B[:p.s.I], '"') + 1 // only ':' and space since
	p.d.nodes = append(p.d.nodes, node{kind: jsonString, start: key, end: end, next: len(p.d.nodes) + 1})
	return p.value(depth + 1)
}

// scalars is the kind of a scalar by its first byte.
var scalars = [256]kind{'-': jsonNumber, '0': jsonNumber, '1': jsonNumber, '2': jsonNumber, '3': jsonNumber, '4': jsonNumber,
	'5': jsonNumber, '6': jsonNumber, '7': jsonNumber, '8': jsonNumber, '9': jsonNumber, 't': jsonBool, 'f': jsonBool}

// hasMember reports whether the members pushed from lo hold key k.
func (d *document) hasMember(lo int, k string) bool {
	for _, m := range d.members[lo:] {
		if m.key == k {
			return true
		}
	}
	return false
}
