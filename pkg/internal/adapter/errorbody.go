package adapter

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/multipay/multipay/pkg/internal/backend"
)

// FieldErrors reads a Laravel- or Rails-style "errors" value into pe: an
// object of field → messages (or field → one message) becomes pe.Fields, a
// list of messages pe.Message when pe has none. It returns the listed
// messages.
func FieldErrors(pe *backend.ProviderError, raw []byte) (listed []string) {
	if len(raw) == 0 {
		return nil
	}
	var byField map[string]json.RawMessage
	if json.Unmarshal(raw, &byField) == nil {
		pe.Fields = map[string][]string{}
		for k, v := range byField {
			var list []string
			if json.Unmarshal(v, &list) == nil {
				pe.Fields[k] = list
			} else if one := ""; json.Unmarshal(v, &one) == nil {
				pe.Fields[k] = []string{one}
			}
		}
		return nil
	}
	_ = json.Unmarshal(raw, &listed)
	if pe.Message == "" && len(listed) > 0 {
		pe.Message = strings.Join(listed, "; ")
	}
	return listed
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

// Taken reports whether a 422 answer says only "this already exists":
// every per-field and listed message says a value is already taken or
// exists (the summary decides when there are none). A duplicate reported
// together with other invalid fields is not a conflict: a caller that
// reacts to a conflict by fetching the existing customer would hide the
// other errors.
func Taken(status int, pe backend.ProviderError, listed []string) bool {
	all := slices.Concat(append([][]string{listed}, slices.Collect(maps.Values(pe.Fields))...)...)
	if len(all) == 0 {
		all = []string{pe.Message}
	}
	return status == 422 && !slices.ContainsFunc(all, func(m string) bool { return !Mentions([]string{m}, "already been taken", "already exists") })
}
