package jsonscan

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Unquote decodes b, exactly one JSON string with its quotes, as
// encoding/json decodes a string: escapes per the JSON grammar (\/ and
// \uXXXX surrogate pairs, none of Go's others), invalid UTF-8 and lone
// surrogates become U+FFFD. ok is false when b is anything else. Its one
// allocation is the result, which shares no memory with b.
func Unquote(b []byte) (s string, ok bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	body := b[1 : len(b)-1]
	plain := 0 // the prefix that needs no decoding
	for plain < len(body) {
		c := body[plain]
		if c == '\\' || c == '"' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			plain++
			continue
		}
		r, size := utf8.DecodeRune(body[plain:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		plain += size
	}
	if plain == len(body) {
		return string(body), true
	}
	var out strings.Builder
	out.Grow(len(body))
	out.Write(body[:plain])
	for i := plain; i < len(body); {
		switch c := body[i]; {
		case c == '\\':
			r, n := Unescape(body[i:])
			if n == 0 {
				return "", false
			}
			out.WriteRune(r)
			i += n
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			out.WriteByte(c)
			i++
		default: // invalid UTF-8 is written as U+FFFD, byte by byte
			r, size := utf8.DecodeRune(body[i:])
			out.WriteRune(r)
			i += size
		}
	}
	return out.String(), true
}

// Unescape decodes the JSON escape at the start of e: the rune it stands
// for (U+FFFD for a lone surrogate) and its length, 0 when it is not a JSON
// escape.
func Unescape(e []byte) (rune, int) {
	if len(e) < 2 {
		return 0, 0
	}
	if c := escapes[e[1]]; c != 0 {
		return rune(c), 2
	}
	r := hex4(e)
	if r < 0 {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if pair := utf16.DecodeRune(r, hex4(e[6:])); pair != unicode.ReplacementChar {
			return pair, 12
		}
		r = unicode.ReplacementChar
	}
	return r, 6
}

// escapes is what each one-letter escape stands for.
var escapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hex4 reads the \uXXXX at the start of e, or returns -1.
func hex4(e []byte) rune {
	if len(e) < 6 || e[0] != '\\' || e[1] != 'u' {
		return -1
	}
	r, err := strconv.ParseUint(string(e[2:6]), 16, 16)
	if err != nil {
		return -1
	}
	return rune(r)
}

// IsNumber reports whether b is exactly one JSON number
// (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?).
func IsNumber[T string | []byte](b T) bool { return NumberEnd(b, 0) == len(b) }

// NumberEnd returns the index past the JSON number that starts at b[i], -1
// when none does; what follows a complete number ends it.
func NumberEnd[T string | []byte](b T, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(b, i+1); b[i-1] == '.' {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		if i = digits(b, i); i == start {
			return -1
		}
	}
	return i
}

// digits returns the index past the run of ASCII digits at b[i:].
func digits[T string | []byte](b T, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}
