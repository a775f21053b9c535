package adapter

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// FieldMessages reads a Laravel- or Rails-style "errors" value: an object of
// field → messages (or field → one message), or a list of messages. Lists
// come back as messages without a field.
func FieldMessages(raw []byte) (fields map[string][]string, messages []string) {
	if len(raw) == 0 {
		return nil, nil
	}
	var byField map[string]json.RawMessage
	if json.Unmarshal(raw, &byField) == nil {
		fields = map[string][]string{}
		for k, v := range byField {
			var list []string
			if json.Unmarshal(v, &list) == nil {
				fields[k] = list
				continue
			}
			var one string
			if json.Unmarshal(v, &one) == nil {
				fields[k] = []string{one}
			}
		}
		return fields, nil
	}
	_ = json.Unmarshal(raw, &messages)
	return nil, messages
}

// Mentions reports whether any message contains one of the phrases, compared
// case-insensitively.
func Mentions(messages []string, phrases ...string) bool {
	for _, m := range messages {
		lm := strings.ToLower(m)
		for _, p := range phrases {
			if strings.Contains(lm, strings.ToLower(p)) {
				return true
			}
		}
	}
	return false
}

// Conflict reports whether a validation answer says only "this already
// exists": every per-field and listed message mentions one of the phrases
// (the summary decides when there are none). A duplicate reported together
// with other invalid fields is not a conflict: a caller that reacts to a
// conflict by fetching the existing customer would hide the other errors.
func Conflict(summary string, fields map[string][]string, listed []string, phrases ...string) bool {
	all := slices.Concat(append([][]string{listed}, slices.Collect(maps.Values(fields))...)...)
	if len(all) == 0 {
		all = []string{summary}
	}
	return !slices.ContainsFunc(all, func(m string) bool { return !Mentions([]string{m}, phrases...) })
}
