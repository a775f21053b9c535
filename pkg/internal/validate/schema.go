package validate

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Problem is one broken rule: the field (dotted wire path; "" for the value
// as a whole) and a message that does not quote the value.
type Problem struct {
	Field, Message string
}

// value is a JSON value being checked: a member of a parsed body, or a
// parameter read as a string or a number.
type value struct {
	kind kind
	text string    // a string's content, a number's literal
	doc  *document // an object's document and node
	at   int
}

// check validates v at field path against s, appending what it breaks. It
// follows kin-openapi's OpenAPI 3.0 order: null, oneOf, enum, then the
// type's own keywords.
func (s *Schema) check(v value, path field, out []Problem) []Problem {
	if v.kind == jsonNull && s.Nullable {
		return out
	}
	if len(s.OneOf) > 0 {
		var ok bool
		if out, ok = s.checkOneOf(v, path, out); !ok || v.kind == jsonNull {
			return out
		}
	}
	if len(s.Enum) > 0 && !s.allows(v) {
		return append(out, Problem{path.String(), "is not one of the allowed values"})
	}
	switch {
	case v.kind == jsonNull:
		return append(out, Problem{path.String(), "must not be null"})
	case s.Type != Any && kinds[s.Type] != v.kind: // an array too: no request schema of the specs takes one
		return append(out, Problem{path.String(), mustBe[s.Type]})
	case v.kind == jsonNumber:
		return s.checkNumber(v.text, path, out)
	case v.kind == jsonString:
		return s.checkString(v.text, path, out)
	case v.kind == jsonObject:
		return s.checkObject(v.doc, v.at, path, out)
	}
	return out
}

// allows reports whether v is in s.Enum (nil for null, or strings).
func (s *Schema) allows(v value) bool {
	for _, e := range s.Enum {
		if e == nil && v.kind == jsonNull || v.kind == jsonString && e == v.text {
			return true
		}
	}
	return false
}

var mustBe = [...]string{String: "must be a string", Integer: "must be an integer", Number: "must be a number", Boolean: "must be a boolean", Object: "must be an object"}

// kinds is the JSON kind of each type's values.
var kinds = [...]kind{String: jsonString, Integer: jsonNumber, Number: jsonNumber, Boolean: jsonBool, Object: jsonObject}

// checkOneOf requires exactly one branch to accept v; when none does,
// every branch's problems are reported (as kin-openapi does).
func (s *Schema) checkOneOf(v value, path field, out []Problem) ([]Problem, bool) {
	before, passed := len(out), 0
	for _, b := range s.OneOf { // each branch's problems after out's, kept if none passes
		n := len(out)
		if out = b.check(v, path, out); len(out) == n {
			passed++
		}
	}
	switch passed {
	case 1:
		return out[:before], true
	case 0:
		return out, false
	default:
		return append(out[:before], Problem{path.String(), "matches more than one of the allowed shapes"}), false
	}
}

func (s *Schema) checkNumber(literal string, path field, out []Problem) []Problem {
	f, err := strconv.ParseFloat(literal, 64)
	switch {
	case err != nil: // out of float64's range
		return append(out, Problem{path.String(), "is not a usable number"})
	case s.Type == Integer && f != math.Trunc(f):
		return append(out, Problem{path.String(), "must be an integer"})
	}
	if s.HasMinimum && f < s.Minimum {
		out = append(out, Problem{path.String(), "must be at least " + strconv.FormatFloat(s.Minimum, 'g', -1, 64)})
	}
	if s.HasMaximum && f > s.Maximum {
		out = append(out, Problem{path.String(), "must be at most " + strconv.FormatFloat(s.Maximum, 'g', -1, 64)})
	}
	return out
}

func (s *Schema) checkString(v string, path field, out []Problem) []Problem {
	if s.MinLength > 0 || s.MaxLength > 0 {
		n := utf8.RuneCountInString(v)
		if n < s.MinLength {
			out = append(out, Problem{path.String(), "must be at least " + strconv.Itoa(s.MinLength) + " characters long"})
		}
		if s.MaxLength > 0 && n > s.MaxLength {
			out = append(out, Problem{path.String(), "must be at most " + strconv.Itoa(s.MaxLength) + " characters long"})
		}
	}
	if s.Pattern != nil && !s.Pattern.MatchString(v) {
		out = append(out, Problem{path.String(), "does not match the pattern " + strconv.Quote(s.Pattern.Source)})
	}
	if s.Format != NoFormat && !s.Format.accepts(v) {
		out = append(out, Problem{path.String(), "is not a valid " + formatNames[s.Format]})
	}
	return out
}

func (s *Schema) checkObject(d *document, at int, path field, out []Problem) []Problem {
	parent := path.String()
	lo := d.objectMembers(at)
	defer d.popMembers(lo)
	if len(d.members)-lo < s.MinProperties {
		out = append(out, Problem{parent, "must have at least " + strconv.Itoa(s.MinProperties) + " field(s)"})
	}
	for i := lo; i < len(d.members); i++ {
		switch k, p := d.members[i].key, s.property(d.members[i].key); {
		case p != nil:
			out = p.check(d.value(d.members[i].val), field{parent, k}, out)
		case s.NoAdditional:
			out = append(out, Problem{(field{parent, k}).String(), "is not an accepted field"})
		case s.Additional != nil:
			out = s.Additional.check(d.value(d.members[i].val), field{parent, k}, out)
		}
	}
	for _, k := range s.Required {
		if !d.hasMember(lo, k) {
			out = append(out, Problem{(field{parent, k}).String(), "is required"})
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

// field is the wire path of a value: a member name under its parent's
// dotted path; the zero field is the value as a whole. The dotted name is
// built only for a problem (or an object's members), not for every value.
type field struct {
	parent, name string
}

// String is the dotted path, "" for the value as a whole.
func (f field) String() string {
	if f.parent == "" {
		return f.name
	}
	return f.parent + "." + f.name
}
