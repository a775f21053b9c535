package backend

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/internal/jsonscan"
	"github.com/multipay/multipay/pkg/internal/phone"
)

// Redaction: every text a provider or the network hands back that can reach
// an error (or a log) passes through redact, which removes the credentials
// and, for the error of one request, the customer data that request sent.
// Providers do not echo a value verbatim: they change its case, escape it in
// JSON, reformat a phone number, quote only a surname or a key's first
// characters. So texts are matched case-insensitively after JSON
// unescaping, and each value stands for several needles:
//
//   - a credential: itself, URL-encoded, base64-encoded (both alphabets, at
//     any alignment, as inside "Basic …"), and any prefix of minPrefix
//     bytes or more;
//   - a value sent: itself and URL-encoded; an e-mail also its local part
//     and a name each of its words (as whole words only, since "Ada" is
//     also in "metadata"); a phone number its digits in any formatting
//     (spaces, dashes, dots, parentheses between them), national form too.

// Bounds on the string fields of *customers.Error that come from a provider
// (Code, RequestID, unknown field names): long enough for any real value,
// short enough that an echoed request cannot hide in one.
const maxShortField = 256

// Needle sizes: a shorter value would match everywhere.
const (
	minValue  = 4 // whole credentials and values
	minWord   = 3 // words of a name, e-mail local parts
	minPrefix = 8 // a credential cut short
	minPhone  = 7 // digits of a phone number that identify it
)

const redactedMark = "[REDACTED]"

// redactor holds the needles redact looks for.
type redactor struct {
	needles []needle
	reach   int // the most input bytes one match can cover
}

// needle is one folded (lower-cased) text to hide. Its part text[from:to]
// must be there; around it, as much of text as the input goes on with is
// hidden too: a credential cut short is still the credential (to is
// minPrefix), and a phone number keeps its national number whatever is
// written of the country code before it (from is where the national number
// starts).
type needle struct {
	text     []byte
	from, to int
	word     bool // matched only between non-letters
	digits   bool // a phone number: matched in the digits, whatever formatting separates them
}

// newRedactor returns the redactor of a provider's credentials.
func newRedactor(secrets []string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		if len(s) < minValue {
			continue
		}
		r.add(needle{text: []byte(s), to: min(len(s), minPrefix)})
		for _, enc := range append(urlForms(s), base64Forms(s)...) {
			r.add(needle{text: []byte(enc)})
		}
	}
	return r
}

// with returns a copy of r that also redacts the values a request sent.
func (r *redactor) with(values []sentValue) *redactor {
	out := *r
	out.needles = append([]needle(nil), r.needles...)
	for _, v := range values {
		if len(v.value) >= minValue {
			for _, s := range append(urlForms(v.value), v.value) {
				out.add(needle{text: []byte(s)})
			}
		}
		if local, domain, ok := strings.Cut(v.value, "@"); ok && domain != "" && utf8.RuneCountInString(local) >= minWord {
			out.add(needle{text: []byte(local), word: true})
		}
		if p, ok := phoneNeedleOf(v.value); ok {
			out.add(p)
		}
		if strings.Contains(strings.ToLower(v.key), "name") {
			for _, w := range strings.FieldsFunc(v.value, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
				if utf8.RuneCountInString(w) >= minWord {
					out.add(needle{text: []byte(w), word: true})
				}
			}
		}
	}
	return &out
}

// add appends n, its text folded (to 0: all of it must be there), and
// widens reach: a folded byte comes from at most 6 input bytes (\u00XX), a
// phone number's digit with two separators from 18.
func (r *redactor) add(n needle) {
	n.text = fold(n.text)
	n.to = cmp.Or(n.to, len(n.text))
	r.needles = append(r.needles, n)
	reach := 6 * len(n.text)
	if n.digits {
		reach *= 3
	}
	r.reach = max(r.reach, reach)
}

// urlForms is s as a query value and as a path segment, where they differ.
func urlForms(s string) []string {
	var out []string
	for _, enc := range []string{url.QueryEscape(s), url.PathEscape(s)} {
		if enc != s {
			out = append(out, enc)
		}
	}
	return out
}

// base64Forms is what s looks like inside base64 text in both alphabets:
// s starting at each of the three byte offsets of a 3-byte group, keeping
// only the characters made of s's bits alone.
func base64Forms(s string) []string {
	var out []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for offset := range 3 {
			text := enc.EncodeToString(append(make([]byte, offset), s...))
			first, end := (8*offset+5)/6, 8*(offset+len(s))/6
			if end-first >= minValue {
				out = append(out, text[first:end])
			}
		}
	}
	return out
}

// phoneNeedleOf reads v as a phone number when it looks like one (digits,
// a leading +, separators).
func phoneNeedleOf(v string) (needle, bool) {
	var digits []byte
	for i, c := range []byte(v) {
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && i == 0, isPhoneSeparator(c):
		default:
			return needle{}, false
		}
	}
	if len(digits) < minPhone {
		return needle{}, false
	}
	p := needle{text: digits, digits: true}
	if n, err := phone.ParseE164(v); err == nil {
		p.from = len(digits) - len(n.National)
	} else if v[0] == '+' { // not a possible number: a country code of up to 3 digits
		p.from = min(3, len(digits)-minPhone)
	}
	return p, true
}

func isPhoneSeparator(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'
}

// redact removes every needle, then caps the result at maxLen bytes (in
// that order, so a secret cut by the cap cannot survive in part). The
// result is never longer than maxLen. Cost is linear in the input, and a
// long input is first tried by a prefix that yields maxLen bytes, so an
// 8 MiB body usually costs what its first few kilobytes do.
func (r *redactor) redact(in []byte, maxLen int) []byte {
	if len(r.needles) == 0 {
		return capped(bytes.Clone(in), maxLen)
	}
	if n := 2*maxLen + 2*r.reach; n < len(in) {
		// Matches starting before n-reach end before n: what they leave is final.
		if out := r.redactUpTo(in[:n], n-r.reach, maxLen); len(out) >= maxLen {
			return capped(out, maxLen)
		}
	}
	return capped(r.redactUpTo(in, len(in), maxLen), maxLen)
}

// redactUpTo redacts in and returns what it renders from the input bytes
// before stop (a redacted run that starts before stop is rendered whole),
// or its first maxLen bytes and a little more.
func (r *redactor) redactUpTo(in []byte, stop, maxLen int) []byte {
	text, origin := normalize(in)
	hide := make([]bool, len(text))
	var digits []byte
	var at []int32
	for _, n := range r.needles {
		if !n.digits {
			mark(text, nil, n, hide)
			continue
		}
		if digits == nil {
			digits, at = digitRuns(text)
		}
		mark(digits, at, n, hide)
	}
	return render(in, origin, hide, stop, maxLen)
}

// render copies in, with each run of hidden text replaced by one mark, up
// to stop, or until the copy holds more than maxLen bytes: capped cuts the
// rest (a rune's worth more is kept so that it cuts at a rune boundary).
func render(in []byte, origin offsets, hide []bool, stop, maxLen int) []byte {
	var out []byte
	done := 0 // input copied or hidden so far
	copyTo := func(end int) {
		out = append(out, in[done:min(end, done+max(0, maxLen-len(out)+utf8.UTFMax))]...)
	}
	j := 0
	for ; j < len(hide) && origin.of(j) < stop && len(out) <= maxLen; j++ {
		if !hide[j] {
			continue
		}
		copyTo(origin.of(j))
		for j < len(hide) && (hide[j] || origin.of(j) == origin.of(j-1)) { // a unit partly hidden is hidden whole
			j++
		}
		out = append(out, redactedMark...)
		done = origin.of(j)
		j--
	}
	if len(out) <= maxLen {
		copyTo(origin.of(j))
	}
	return out
}

// offsets maps each byte of a normalized text to the input offset of the
// escape or rune it comes from, plus len(input) at the end; nil when the
// normalized text has the input's offsets (no escapes).
type offsets []int32

func (o offsets) of(j int) int {
	if o == nil {
		return j
	}
	return int(o[j])
}

// capped cuts out to at most maxLen bytes, at a rune boundary.
func capped(out []byte, maxLen int) []byte {
	if len(out) <= maxLen {
		return out
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return out[:cut]
}

// normalize returns in lower-cased with its JSON escapes decoded, and the
// offsets that lead back to in. An escape that is not JSON (Go's \x01)
// stays as it is.
func normalize(in []byte) ([]byte, offsets) {
	if bytes.IndexByte(in, '\\') < 0 {
		return fold(in), nil // folding keeps every offset
	}
	text := make([]byte, 0, len(in))
	origin := make([]int32, 0, len(in)+1)
	for i := 0; i < len(in); {
		r, size := rune(in[i]), 1
		switch {
		case in[i] == '\\':
			r, size = jsonscan.Unescape(in[i:])
			size = max(size, 1) // a backslash that starts no escape is itself
		case in[i] >= utf8.RuneSelf:
			r, size = utf8.DecodeRune(in[i:])
		}
		before := len(text)
		if size == 1 {
			text = append(text, in[i]) // keeps invalid bytes as they are
		} else {
			text = utf8.AppendRune(text, r)
		}
		foldBytes(text[before:])
		for range len(text) - before {
			origin = append(origin, int32(i))
		}
		i += size
	}
	return text, append(origin, int32(len(in)))
}

// fold lower-cases a copy of s.
func fold(s []byte) []byte {
	out := bytes.Clone(s)
	foldBytes(out)
	return out
}

// foldBytes lower-cases s in place, rune by rune where the lower case has
// the same length (so offsets keep), leaving other runes as they are.
func foldBytes(s []byte) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				s[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if lower := unicode.ToLower(r); utf8.RuneLen(lower) == size {
			utf8.EncodeRune(s[i:], lower)
		}
		i += size
	}
}

// mark hides every occurrence of n in text, left to right without
// overlaps: each occurrence of its part text[from:to], widened on both
// sides as far as text goes on as n does, and for a word needle only those
// between non-letters. at, when set, maps text (the digits of the input)
// to the offsets to hide.
func mark(text []byte, at []int32, n needle, hide []bool) {
	part := n.text[n.from:n.to]
	for i := 0; ; {
		j := bytes.Index(text[i:], part)
		if j < 0 {
			return
		}
		start, end := i+j, i+j+len(part)
		for k := n.from; k > 0 && start > 0 && text[start-1] == n.text[k-1]; k-- {
			start--
		}
		for k := n.to; k < len(n.text) && end < len(text) && text[end] == n.text[k]; k++ {
			end++
		}
		if n.word && !isWord(text, start, end) {
			i = start + 1
			continue
		}
		i = end
		if at != nil {
			start, end = int(at[start]), int(at[end-1])+1
		}
		for k := start; k < end; k++ {
			hide[k] = true
		}
	}
}

// isWord reports whether text[start:end] has no letter on either side.
func isWord(text []byte, start, end int) bool {
	before, _ := utf8.DecodeLastRune(text[:start])
	after, _ := utf8.DecodeRune(text[end:])
	return (start == 0 || !unicode.IsLetter(before)) && (end == len(text) || !unicode.IsLetter(after))
}

// digitRuns lists the digits of text with their offsets; a '|' (offset -1)
// separates digits that are not one formatted number.
func digitRuns(text []byte) ([]byte, []int32) {
	n := 0
	for _, c := range text {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	// A '|' at most before each digit; gap counts the bytes since the last
	// digit, all separators.
	digits, at, gap := make([]byte, 0, 2*n), make([]int32, 0, 2*n), 0
	for i, c := range text {
		switch {
		case c >= '0' && c <= '9':
			if gap > 2 && len(digits) > 0 {
				digits, at = append(digits, '|'), append(at, -1)
			}
			digits, at, gap = append(digits, c), append(at, int32(i)), 0
		case isPhoneSeparator(c):
			gap++
		default:
			gap = 3
		}
	}
	return digits, at
}

// redactString removes the credentials (and, on a backend from forAnswerTo,
// the customer data of the request) from s, capped at maxLen bytes.
func (b *Backend) redactString(s string, maxLen int) string {
	if s == "" {
		return ""
	}
	return string(b.redactor.redact([]byte(s), maxLen))
}

// quoted matches a double-quoted run as Go's decoders write a value into
// their errors (parsing time "1990-02-30": …, invalid value "ada@…").
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// maxCauseText caps the text of each error of a redacted chain.
const maxCauseText = 1024

// redactCause returns a decoding error with every text of its chain
// redacted and quoted values elided: decoders quote the offending value,
// which can be a customer's data.
func (b *Backend) redactCause(cause error) error {
	return b.redactChain(cause, func(s string) string { return quoted.ReplaceAllString(s, `"…"`) })
}

// redactTransport returns a transport error (net/http's, which quotes the
// bad header line or Content-Length of a malformed answer) with every text
// of its chain redacted of the credentials and of the data req sent, and
// without the URL's query. req may be nil: credentials only.
func (b *Backend) redactTransport(req *http.Request, err error) error {
	return b.forAnswerTo(req).redactChain(withoutQuery(err), func(s string) string { return s })
}

// redactChain returns err as it is when no text of its chain (err and each
// error errors.Unwrap reaches) changes under redaction, and otherwise a
// chain of redactedError in its place. An error already redacted is kept.
func (b *Backend) redactChain(err error, prepare func(string) string) error {
	if err == nil {
		return nil
	}
	if _, done := err.(*redactedError); done {
		return err
	}
	inner := errors.Unwrap(err)
	next := b.redactChain(inner, prepare)
	text := err.Error()
	msg := b.redactString(prepare(text), maxCauseText)
	if msg == text && next == inner {
		return err
	}
	return &redactedError{msg: msg, original: err, next: next}
}

// redactedError stands for an error whose text had to be redacted. Error
// and Unwrap show only redacted texts, so printing the error or walking its
// chain reveals nothing; Is and As ask the original chain, so
// errors.Is(err, context.DeadlineExceeded) and errors.As(err, &netErr) work
// as before. What As hands back is the original typed error: read its
// fields and methods (Timeout, Op), but its own text is not redacted.
type redactedError struct {
	msg      string
	original error
	next     error // the redacted form of errors.Unwrap(original)
}

func (e *redactedError) Error() string        { return e.msg }
func (e *redactedError) Unwrap() error        { return e.next }
func (e *redactedError) Is(target error) bool { return errors.Is(e.original, target) }
func (e *redactedError) As(target any) bool   { return errors.As(e.original, target) }

// withoutQuery drops the query string from a *url.Error: it can hold search
// criteria (e-mails, phone numbers) that must not reach error messages.
func withoutQuery(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil || u.RawQuery == "" {
		return err
	}
	u.RawQuery = ""
	c := *ue
	c.URL = u.String()
	return &c
}

// forAnswerTo returns a backend whose redaction also removes the customer
// data req carried (the string values of its JSON body and its query
// values), for building the error of req's answer: a provider that echoes
// the input ("ada@example.com has already been taken") must not put the
// customer's data into Message, Fields, Code or Raw, which get logged. Only
// opts and the redactor are copied: redaction reads nothing else.
func (b *Backend) forAnswerTo(req *http.Request) *Backend {
	values := requestValues(req)
	if len(values) == 0 {
		return b
	}
	return &Backend{opts: b.opts, redactor: b.redactor.with(values)}
}

// sentValue is one string a request sent, with the name it was sent under
// (its JSON key or query parameter), which tells a name from other text.
type sentValue struct{ key, value string }

// requestValues lists the string values req sent: query values and every
// string in its JSON body (read again through GetBody, which the preflight
// sets; a send is judged before this reads it).
func requestValues(req *http.Request) []sentValue {
	if req == nil {
		return nil
	}
	var out []sentValue
	if req.URL != nil {
		for k, vs := range req.URL.Query() {
			for _, v := range vs {
				out = append(out, sentValue{k, v})
			}
		}
	}
	if req.GetBody == nil {
		return out
	}
	body, err := req.GetBody()
	if err != nil {
		return out
	}
	defer func() { _ = body.Close() }()
	var v any
	if json.NewDecoder(io.LimitReader(body, MaxResponseBody)).Decode(&v) == nil {
		out = appendStrings(out, "", v)
	}
	return out
}

// appendStrings appends every string inside a decoded JSON value, under the
// key that holds it (an array's items under the array's key).
func appendStrings(out []sentValue, key string, v any) []sentValue {
	switch t := v.(type) {
	case string:
		return append(out, sentValue{key, t})
	case []any:
		for _, e := range t {
			out = appendStrings(out, key, e)
		}
	case map[string]any:
		for k, e := range t {
			out = appendStrings(out, k, e)
		}
	}
	return out
}
