package adapter

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/jsonscan"
)

// longestList returns the longest array under one of keys (matched
// ignoring case, as encoding/json matches fields) at the top of body, and
// its length, in one pass that allocates nothing.
func longestList(body []byte, keys []string) (key []byte, n int) {
	s := jsonscan.Scanner{B: body, OK: true}
	s.Object(func(k []byte, _ int) bool {
		if !matchesAny(string(k), keys) || s.Peek() != '[' {
			s.Value(0)
			return true
		}
		count := 0
		read := s.Elements(func() bool { s.Value(0); count++; return true })
		if count > n {
			key, n = k, count
		}
		return read
	})
	return key, n
}

// rawItems returns the raw JSON of each element of the array at key in
// body (the one RawAt finds), so listed customers keep the provider's own
// JSON too; nil when the array is missing or malformed. The items share
// body's memory (each capped, so an append to one cannot write into the
// next) and are read in one pass, into a slice of capacity size: the
// generated parser has already decoded body, and the backend refuses 2xx
// bodies that are not JSON.
func rawItems(body []byte, key string, size int) []json.RawMessage {
	items, found := make([]json.RawMessage, 0, size), false
	s := jsonscan.Scanner{B: body, OK: true}
	whole := atKey(&s, key, func() bool {
		items = items[:0] // an earlier candidate's elements
		if found = s.Peek() == '['; !found {
			s.Value(0)
			return true
		}
		return s.Elements(func() bool {
			start := s.I
			s.Value(0)
			items = append(items, body[start:s.I:s.I])
			return true
		})
	})
	if !whole || !found {
		return nil
	}
	return items
}

// RawAt returns the raw JSON at key in the JSON object body (nil when absent
// or body is not an object), sharing body's memory like rawItems.
func RawAt(body []byte, key string) json.RawMessage {
	var value []byte
	s := jsonscan.Scanner{B: body, OK: true}
	if !atKey(&s, key, func() bool {
		start := s.I
		s.Value(0)
		value = body[start:s.I:s.I]
		return true
	}) {
		return nil
	}
	return value
}

// atKey reads the JSON object at s whole, calling read with s at each
// value under key, which read must read: the last call is the value
// encoding/json fills the generated types with (the last exact key, else the
// last one that matches ignoring case), so Customer.Raw is the same object
// the typed fields came from.
func atKey(s *jsonscan.Scanner, key string, read func() bool) bool {
	exact := false
	return s.Object(func(k []byte, _ int) bool {
		if string(k) == key || !exact && strings.EqualFold(string(k), key) {
			exact = exact || string(k) == key
			return read()
		}
		s.Value(0)
		return true
	})
}

// RawOr is raw, or v encoded when the answer's own JSON for it was not
// found, so that Raw is never empty.
func RawOr(raw json.RawMessage, v any) json.RawMessage {
	if raw == nil {
		raw, _ = json.Marshal(v)
	}
	return raw
}

// FirstOf converts the first of the typed answers that holds a customer
// (has says which do); nil when none does.
func FirstOf[W any](raw []byte, has func(*W) bool, conv func(*W, json.RawMessage) *customers.Customer, answers ...*W) *customers.Customer {
	for _, a := range answers {
		if a != nil && has(a) {
			return conv(a, raw)
		}
	}
	return nil
}

// Items converts each element of list, the typed array the generated parser
// read from key in body, together with its raw JSON (rawItems).
func Items[W, T any](body []byte, key string, list []W, conv func(*W, json.RawMessage) T) []T {
	raws := rawItems(body, key, len(list))
	out := make([]T, len(list))
	for i := range list {
		var raw json.RawMessage
		if i < len(raws) {
			raw = raws[i]
		}
		out[i] = conv(&list[i], raw)
	}
	return out
}

// MetadataStrings reads a provider's metadata object from its raw JSON, in
// one pass: string values are decoded, any other value becomes its compact
// JSON text (12 → "12", {"a":1} → `{"a":1}`), so nothing is lost and numbers
// keep their exact digits. A missing, null or non-object value gives nil.
func MetadataStrings(raw json.RawMessage) map[string]string {
	var out map[string]string
	s := jsonscan.Scanner{B: raw, OK: true}
	if !s.Object(func(k []byte, _ int) bool {
		start := s.I
		s.Value(0)
		v, ok := metadataValue(raw[start:s.I])
		if !s.OK || !ok {
			return false
		}
		if out == nil {
			out = map[string]string{}
		}
		out[string(k)] = v
		return true
	}) {
		return nil // absent, null, [], not an object or unreadable
	}
	return out
}

// metadataValue is a string's text, or another value's compact JSON.
func metadataValue(v []byte) (string, bool) {
	if v[0] == '"' {
		return jsonscan.Unquote(v)
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

// WithoutKeys returns raw, a JSON object, without the top-level members whose
// key matches one of keys ignoring case (as encoding/json matches fields): the
// fields a provider echoes that the library treats as secrets (UseePay's
// merchant_no and app_id) must not ride along in Customer.Raw. The other
// members are kept as sent, in one pass over raw; raw is returned unchanged
// when it holds none of them or is not an object, and nil (nothing rather
// than a secret) when the object cannot be read.
func WithoutKeys(raw json.RawMessage, keys ...string) json.RawMessage {
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return raw
	}
	var spans [16][2]int
	kept := spans[:0] // spans of the members kept
	dropped := false
	s := jsonscan.Scanner{B: raw, OK: true}
	if !s.Object(func(k []byte, at int) bool {
		s.Value(0)
		if matchesAny(string(k), keys) {
			dropped = true
		} else {
			kept = append(kept, [2]int{at, s.I})
		}
		return true
	}) {
		return nil
	}
	if !dropped {
		return raw
	}
	out := make([]byte, 0, len(raw))
	out = append(out, '{')
	for i, span := range kept {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, raw[span[0]:span[1]]...)
	}
	return append(out, '}')
}

func matchesAny(k string, keys []string) bool {
	return slices.ContainsFunc(keys, func(key string) bool { return strings.EqualFold(k, key) })
}
