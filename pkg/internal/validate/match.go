package validate

import "strings"

// Match finds the operation a request reaches by method and path (the
// path as the server sees it, decoded, without any base path), as
// kin-openapi's router does: trailing slashes are ignored, a template
// variable takes one whole segment (an empty one too, even past the end of
// the path), and at the first difference a literal segment, or the end of
// the template, wins over a variable.
func (s *Spec) Match(method, path string) *Operation {
	path = strings.TrimRight(path, "/")
	var op *Operation
	for i := range s.Operations {
		o := &s.Operations[i]
		if o.Method != method {
			continue
		}
		if _, ok := matchTemplate(o.Path, path, ""); ok && (op == nil || preferred(o.Path, op.Path)) {
			op = o
		}
	}
	return op
}

// matchTemplate matches path against template segment by segment, and
// returns the segment of path that the template's variable named variable
// takes ("" when there is none).
func matchTemplate(template, path, variable string) (value string, ok bool) {
	for template != "" {
		var t, p string
		t, template = segment(template)
		if path == "" && !isVariable(t) {
			return "", false
		}
		p, path = segment(path)
		switch {
		case isVariable(t):
			if t[1:len(t)-1] == variable {
				value = p
			}
		case t != p:
			return "", false
		}
	}
	return value, path == ""
}

// segment splits "/a/b" into "a" and "/b".
func segment(s string) (seg, rest string) {
	s = strings.TrimPrefix(s, "/")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

func isVariable(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// preferred reports whether template a wins over b, both matching the same
// path: where they first differ in kind, a has a literal segment or ends.
func preferred(a, b string) bool {
	for a != "" && b != "" {
		var x, y string
		x, a = segment(a)
		y, b = segment(b)
		if vx, vy := isVariable(x), isVariable(y); vx != vy {
			return vy
		}
	}
	return a == "" && b != ""
}
