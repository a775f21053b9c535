package validate

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Check validates a request to op, as kin-openapi's request validation
// does with the options the preflight used (credentials present, no
// defaults set): credentials, path and query parameters, and the body.
// path is the one Match matched to op; rawQuery is the URL's query
// string; body is the whole body ("": none).
// credentialsOK false means no credential set of op's security is present.
func (op *Operation) Check(h http.Header, path, rawQuery, body string) (problems []Problem, credentialsOK bool) {
	credentialsOK = op.hasCredentials(h)
	for i := range op.Params {
		problems = op.Params[i].check(op.pathValue(op.Params[i].Name, path), rawQuery, problems)
	}
	if op.Body != nil {
		problems = op.Body.check(h.Get("Content-Type"), body, problems)
	}
	return problems, credentialsOK
}

// hasCredentials reports whether h carries every header of one of op's
// credential sets.
func (op *Operation) hasCredentials(h http.Header) bool {
	if len(op.Security) == 0 {
		return true
	}
	for _, set := range op.Security {
		ok := true
		for _, c := range set {
			v := h.Get(c.Header)
			if c.Bearer {
				v = strings.TrimSpace(v)
			}
			ok = ok && v != ""
		}
		if ok {
			return true
		}
	}
	return false
}

// pathValue is the value of the path variable name in path ("" when
// absent), path being one Match matched to op.
func (op *Operation) pathValue(name, path string) string {
	v, _ := matchTemplate(op.Path, strings.TrimRight(path, "/"), name)
	return v
}

// check validates one parameter. A path value "" is a missing one; of a
// repeated query key the first non-empty value counts.
func (p *Param) check(pathValue, rawQuery string, out []Problem) []Problem {
	raw, found := pathValue, pathValue != ""
	if p.In == InQuery {
		raw, found = queryValue(rawQuery, p.Name)
	}
	switch {
	case !found && p.Required:
		return append(out, Problem{p.Name, "is required"})
	case !found:
		return out
	case p.Schema.Type == String || p.Schema.Type == Any:
		return p.Schema.check(value{kind: jsonString, text: raw}, field{name: p.Name}, out)
	case raw == "":
		return append(out, Problem{p.Name, "must not be empty"})
	case p.Schema.Type == Integer:
		if _, err := strconv.ParseInt(raw, 10, 64); err != nil {
			return append(out, Problem{p.Name, "must be an integer"})
		}
		return p.Schema.check(value{kind: jsonNumber, text: raw}, field{name: p.Name}, out)
	default: // the generator admits string and integer parameters only
		return append(out, Problem{p.Name, "has a type this check does not know"})
	}
}

// maxQueryParams is url.ParseQuery's default limit: a query with more
// parameters is read as none.
const maxQueryParams = 10000

// queryValue is the value of the query parameter name, as URL.Query reads
// the query (pairs split at "&", a pair holding ";" or failing to unescape
// skipped), without building the url.Values: the first non-empty value of
// a repeated key counts; found is false when the key is absent.
func queryValue(rawQuery, name string) (v string, found bool) {
	if strings.Count(rawQuery, "&")+1 > maxQueryParams {
		return "", false
	}
	for rawQuery != "" {
		var pair string
		pair, rawQuery, _ = strings.Cut(rawQuery, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(k); err != nil || k != name {
			continue
		}
		if val, err := url.QueryUnescape(val); err == nil && (!found || v == "") {
			v, found = val, true
		}
	}
	return v, found
}

// check validates the body: present when required, of the declared media
// type, JSON, and valid against the schema. Body-level problems have the
// field "".
func (b *Body) check(contentType, body string, out []Problem) []Problem {
	if len(body) == 0 {
		if b.Required {
			return append(out, Problem{"", "is required"})
		}
		return out
	}
	mediaType, _, _ := strings.Cut(contentType, ";")
	if !strings.EqualFold(strings.TrimSpace(mediaType), b.MediaType) {
		return append(out, Problem{"", "must be sent as " + b.MediaType})
	}
	d, ok := parseDocument(body)
	defer d.release()
	if !ok {
		return append(out, Problem{"", "is not JSON"})
	}
	return b.Schema.check(d.value(0), field{}, out)
}
