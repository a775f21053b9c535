package adapter

import (
	"encoding/json"
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
	if json.Unmarshal(env[key], &items) != nil {
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
	return env[key]
}

// Item returns items[i], or nil when the list is shorter.
func Item(items []json.RawMessage, i int) json.RawMessage {
	if i < len(items) {
		return items[i]
	}
	return nil
}
