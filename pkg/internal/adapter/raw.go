package adapter

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// RawItems returns the raw JSON of each element of the array at key in body,
// so listed customers keep the provider's own JSON too. A missing or
// malformed array gives nil.
//
// The items share body's memory (each capped, so an append to one cannot
// write into the next): body is read in one pass, without decoding it again
// into maps and copies. The generated parser has already decoded body;
// the backend refuses 2xx bodies that are not JSON.
func RawItems(body []byte, key string) []json.RawMessage {
	items, ok := rawItemsFast(body, key)
	if !ok {
		return rawItemsSlow(body, key)
	}
	return items
}

// RawAt returns the raw JSON at key in body (nil when absent), sharing
// body's memory like RawItems.
func RawAt(body []byte, key string) json.RawMessage {
	v, ok := rawAtFast(body, key)
	if !ok {
		return rawAtSlow(body, key)
	}
	return v
}

// rawItemsSlow and rawAtSlow are the reference: decode into maps and copies.
func rawItemsSlow(body []byte, key string) []json.RawMessage {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(field(env, key), &items) != nil {
		return nil
	}
	return items
}

func rawAtSlow(body []byte, key string) json.RawMessage {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return nil
	}
	return field(env, key)
}

// field finds key the way encoding/json does when it fills the generated
// types: the exact key first, else one that matches ignoring case. The raw
// JSON kept in Customer.Raw is then the same object the typed fields came
// from.
func field(env map[string]json.RawMessage, key string) json.RawMessage {
	if v, ok := env[key]; ok {
		return v
	}
	for k, v := range env {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

func rawItemsFast(body []byte, key string) ([]json.RawMessage, bool) {
	v, found, ok := topLevel(body, key)
	if !ok {
		return nil, false
	}
	if !found || len(v) == 0 || v[0] != '[' {
		return nil, true // absent, null or not an array
	}
	s := jsonscan.Scanner{B: v, I: 1, OK: true}
	items := []json.RawMessage{}
	s.WS()
	if s.Peek() == ']' {
		return items, true
	}
	for s.OK {
		s.WS()
		start := s.I
		s.Value(0)
		items = append(items, v[start:s.I:s.I])
		s.WS()
		switch s.Next() {
		case ',':
		case ']':
			return items, s.OK
		default:
			return nil, false
		}
	}
	return nil, false
}

func rawAtFast(body []byte, key string) (json.RawMessage, bool) {
	v, found, ok := topLevel(body, key)
	if !ok || !found {
		return nil, ok
	}
	return v, true
}

// topLevel finds the value of key in the JSON object body, the last one
// when the key repeats (as a map decode does). ok false: body is not an
// object this scanner reads with certainty (escaped keys, odd syntax), and
// the caller falls back to decoding.
func topLevel(body []byte, key string) (value []byte, found, ok bool) {
	exact := false
	s := jsonscan.Scanner{B: body, OK: true}
	s.WS()
	read := s.Members(func(k []byte, _ int) bool {
		start := s.I
		s.Value(0)
		switch {
		case !s.OK:
		case string(k) == key:
			value, found, exact = body[start:s.I:s.I], true, true
		case !exact && strings.EqualFold(string(k), key):
			// encoding/json fills a field from a key that differs only in
			// case when no exact one is there.
			value, found = body[start:s.I:s.I], true
		}
		return true
	})
	s.WS()
	if !read || s.I != len(body) {
		return nil, false, false
	}
	return value, found, true
}

// Item returns items[i], or nil when the list is shorter.
func Item(items []json.RawMessage, i int) json.RawMessage {
	if i < len(items) {
		return items[i]
	}
	return nil
}

// MetadataStrings reads a provider's metadata object from its raw JSON:
// string values are copied, any other value becomes its compact JSON text
// (12 → "12", {"a":1} → `{"a":1}`), so nothing is lost and numbers keep their
// exact digits. A missing, null or non-object value gives nil.
func MetadataStrings(raw json.RawMessage) map[string]string {
	if out, ok := metadataFast(raw); ok {
		return out
	}
	return metadataSlow(raw)
}

// metadataFast reads the object in one pass, copying plain strings and
// compact values out of raw. ok false: escaped or non-UTF-8 keys, odd syntax.
func metadataFast(raw []byte) (map[string]string, bool) {
	s := jsonscan.Scanner{B: raw, OK: true}
	s.WS()
	if s.Peek() != '{' {
		return nil, true // absent, null, [] or not an object
	}
	var out map[string]string
	read := s.Members(func(k []byte, _ int) bool {
		start := s.I
		s.Value(0)
		v, ok := metadataValue(raw[start:s.I])
		if !s.OK || !ok || !utf8.Valid(k) {
			return false
		}
		if out == nil {
			out = map[string]string{}
		}
		out[string(k)] = v
		return true
	})
	s.WS()
	return out, read && s.I == len(raw)
}

// metadataValue is a string's text, or another value's compact JSON.
func metadataValue(v []byte) (string, bool) {
	if v[0] == '"' {
		if str, ok := jsonscan.PlainString(v); ok {
			return str, true
		}
		var str string
		return str, json.Unmarshal(v, &str) == nil
	}
	if bytes.ContainsAny(v, " \t\n\r") {
		var buf bytes.Buffer
		if json.Compact(&buf, v) != nil {
			return "", false
		}
		return buf.String(), true
	}
	return string(v), true
}

// metadataSlow is the reference: decode into a map, then each value.
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

// WithoutKeys returns raw, a JSON object, without the top-level members whose
// key matches one of keys ignoring case (as encoding/json matches fields): the
// fields a provider echoes that the library treats as secrets (UseePay's
// merchant_no and app_id) must not ride along in Customer.Raw. The other
// members are kept as sent, in one pass over raw; raw is returned unchanged
// when it holds none of them or is not an object.
func WithoutKeys(raw json.RawMessage, keys ...string) json.RawMessage {
	if out, ok := withoutKeysFast(raw, keys); ok {
		return out
	}
	return withoutKeysSlow(raw, keys)
}

func matchesAny(k string, keys []string) bool {
	for _, key := range keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// withoutKeysFast copies raw's members but the named ones, each as sent,
// into a new object. ok false: raw is not an object this scanner reads with
// certainty (escaped keys, odd syntax).
func withoutKeysFast(raw []byte, keys []string) (out json.RawMessage, ok bool) {
	var spans [16][2]int
	kept := spans[:0] // spans of the members kept
	dropped := false
	s := jsonscan.Scanner{B: raw, OK: true}
	s.WS()
	read := s.Members(func(k []byte, at int) bool {
		s.Value(0)
		if matchesAny(string(k), keys) {
			dropped = true
		} else {
			kept = append(kept, [2]int{at, s.I})
		}
		return true
	})
	s.WS()
	if !read || s.I != len(raw) {
		return nil, false
	}
	if !dropped {
		return raw, true
	}
	out = make([]byte, 0, len(raw))
	out = append(out, '{')
	for i, span := range kept {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, raw[span[0]:span[1]]...)
	}
	return append(out, '}'), true
}

// withoutKeysSlow is the reference: decode into a map, delete, re-encode
// (keys sorted).
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
