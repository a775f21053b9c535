package validate

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Problem is one broken rule: the field (dotted wire path; "" for the value
// as a whole) and a message that does not quote the value.
type Problem struct {
	Field, Message string
}

// check validates a decoded JSON value (as encoding/json decodes into any
// with UseNumber) at field path against s, appending what it breaks. It
// follows kin-openapi's OpenAPI 3.0 order: null, oneOf, enum, then the
// type's own keywords.
func (s *Schema) check(v any, path string, out []Problem) []Problem {
	if v == nil && s.Nullable {
		return out
	}
	if len(s.OneOf) > 0 {
		var ok bool
		if out, ok = s.checkOneOf(v, path, out); !ok || v == nil {
			return out
		}
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
		return append(out, Problem{path, "is not one of the allowed values"})
	}
	switch v := v.(type) {
	case nil:
		return append(out, Problem{path, "must not be null"})
	case bool:
		return s.checkType(Boolean, path, out)
	case json.Number:
		return s.checkNumber(v, path, out)
	case string:
		return s.checkString(v, path, out)
	case map[string]any:
		return s.checkObject(v, path, out)
	default: // an array: no request schema of the specs takes one
		if s.Type != Any {
			return append(out, Problem{path, "must be " + typeNames[s.Type]})
		}
		return out
	}
}

var typeNames = [...]string{String: "a string", Integer: "an integer", Number: "a number", Boolean: "a boolean", Object: "an object"}

// checkType reports a value of JSON type t where s wants another.
func (s *Schema) checkType(t Type, path string, out []Problem) []Problem {
	if s.Type == Any || s.Type == t {
		return out
	}
	return append(out, Problem{path, "must be " + typeNames[s.Type]})
}

// checkOneOf requires exactly one branch to accept v; when none does,
// every branch's problems are reported (as kin-openapi does).
func (s *Schema) checkOneOf(v any, path string, out []Problem) ([]Problem, bool) {
	var all []Problem
	passed := 0
	for _, b := range s.OneOf {
		n := len(all)
		if all = b.check(v, path, all); len(all) == n {
			passed++
		}
	}
	switch passed {
	case 1:
		return out, true
	case 0:
		return append(out, all...), false
	default:
		return append(out, Problem{path, "matches more than one of the allowed shapes"}), false
	}
}

func (s *Schema) checkNumber(n json.Number, path string, out []Problem) []Problem {
	f, err := n.Float64()
	switch {
	case s.Type != Any && s.Type != Number && s.Type != Integer:
		return append(out, Problem{path, "must be " + typeNames[s.Type]})
	case err != nil: // out of float64's range
		return append(out, Problem{path, "is not a usable number"})
	case s.Type == Integer && f != math.Trunc(f):
		return append(out, Problem{path, "must be an integer"})
	}
	return s.checkRange(f, path, out)
}

func (s *Schema) checkRange(f float64, path string, out []Problem) []Problem {
	if s.HasMinimum && f < s.Minimum {
		out = append(out, Problem{path, "must be at least " + strconv.FormatFloat(s.Minimum, 'g', -1, 64)})
	}
	if s.HasMaximum && f > s.Maximum {
		out = append(out, Problem{path, "must be at most " + strconv.FormatFloat(s.Maximum, 'g', -1, 64)})
	}
	return out
}

func (s *Schema) checkString(v, path string, out []Problem) []Problem {
	if s.Type != Any && s.Type != String {
		return append(out, Problem{path, "must be " + typeNames[s.Type]})
	}
	if s.MinLength > 0 || s.MaxLength > 0 {
		n := utf8.RuneCountInString(v)
		if n < s.MinLength {
			out = append(out, Problem{path, "must be at least " + strconv.Itoa(s.MinLength) + " characters long"})
		}
		if s.MaxLength > 0 && n > s.MaxLength {
			out = append(out, Problem{path, "must be at most " + strconv.Itoa(s.MaxLength) + " characters long"})
		}
	}
	if s.Pattern != nil && !s.Pattern.MatchString(v) {
		out = append(out, Problem{path, "does not match the pattern " + strconv.Quote(s.Pattern.Source)})
	}
	if s.Format != NoFormat && !s.Format.accepts(v) {
		out = append(out, Problem{path, "is not a valid " + formatNames[s.Format]})
	}
	return out
}

func (s *Schema) checkObject(m map[string]any, path string, out []Problem) []Problem {
	if s.Type != Any && s.Type != Object {
		return append(out, Problem{path, "must be " + typeNames[s.Type]})
	}
	if len(m) < s.MinProperties {
		out = append(out, Problem{path, "must have at least " + strconv.Itoa(s.MinProperties) + " field(s)"})
	}
	for _, k := range sortedKeys(m) {
		switch p := s.property(k); {
		case p != nil:
			out = p.check(m[k], join(path, k), out)
		case s.NoAdditional:
			out = append(out, Problem{join(path, k), "is not an accepted field"})
		case s.Additional != nil:
			out = s.Additional.check(m[k], join(path, k), out)
		}
	}
	for _, k := range s.Required {
		if _, ok := m[k]; !ok {
			out = append(out, Problem{join(path, k), "is required"})
		}
	}
	return out
}

// property is the schema of the member named k, nil if s lists none.
func (s *Schema) property(k string) *Schema {
	for i := range s.Properties {
		if s.Properties[i].Name == k {
			return s.Properties[i].Schema
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// join appends a member name to a dotted field path.
func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
