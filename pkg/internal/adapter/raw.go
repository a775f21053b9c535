package adapter

import (
	"bytes"
	"encoding/json"
	"strings"
)

// RawItems returns the raw JSON of each element of the array at key in body,
// so listed customers keep the provider's own JSON too. A missing or
// malformed array gives nil.
func RawItems(body []byte, key string) []json.RawMessage {
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

// RawAt returns the raw JSON at key in body (nil when absent).
func RawAt(body []byte, key string) json.RawMessage {
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

// WithoutKeys returns raw, a JSON object, without the top-level keys named:
// the fields a provider echoes that the library treats as secrets (UseePay's
// merchant_no and app_id) must not ride along in Customer.Raw. raw is
// returned unchanged when it holds none of them or is not an object; a
// changed object is re-encoded with its keys sorted.
func WithoutKeys(raw json.RawMessage, keys ...string) json.RawMessage {
	var obj map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &obj) != nil {
		return raw
	}
	found := false
	for _, k := range keys {
		if _, ok := obj[k]; ok {
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
