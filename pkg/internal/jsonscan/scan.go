// Package jsonscan walks JSON text in one pass without decoding it, to find
// values by key and split arrays while sharing the text's memory.
package jsonscan

import (
	"encoding/json"
	"unicode/utf8"
)

// Scanner walks JSON text without decoding it; any surprise clears OK.
// It is meant for documents already known to be JSON (it does not check
// escapes or UTF-8); where it gives up, callers fall back to decoding.
type Scanner struct {
	B  []byte
	I  int // the next byte to read
	OK bool
}

// Peek returns the next byte (0 at the end).
func (s *Scanner) Peek() byte {
	if s.I < len(s.B) {
		return s.B[s.I]
	}
	return 0
}

// Next consumes the next byte.
func (s *Scanner) Next() byte {
	if s.I < len(s.B) {
		c := s.B[s.I]
		s.I++
		return c
	}
	s.OK = false
	return 0
}

// WS skips white space.
func (s *Scanner) WS() {
	for s.I < len(s.B) {
		switch s.B[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Str reads a string and returns its contents (quotes stripped, escapes
// left as they are; escaped says there are some).
func (s *Scanner) Str() (contents []byte, escaped bool) {
	if s.Next() != '"' {
		s.OK = false
		return nil, false
	}
	start := s.I
	for s.I < len(s.B) {
		switch c := s.B[s.I]; {
		case c == '"':
			s.I++
			return s.B[start : s.I-1], escaped
		case c == '\\':
			escaped = true
			s.I += 2
		case c < 0x20:
			s.OK = false
			return nil, escaped
		default:
			s.I++
		}
	}
	s.OK = false
	return nil, escaped
}

// Members reads the object at the scanner. For each member it reads the key
// and calls member with the key's text (escapes decoded as encoding/json
// decodes them), the offset of the member (its key's opening quote) and the
// scanner at the value, which member must read; member returns false to give
// up. Members reports whether the whole object was read.
func (s *Scanner) Members(member func(key []byte, at int) bool) bool {
	if s.Next() != '{' {
		return false
	}
	s.WS()
	if s.Peek() == '}' {
		s.I++
		return s.OK
	}
	for s.OK {
		s.WS()
		at := s.I
		key, escaped := s.Str()
		if escaped || !utf8.Valid(key) {
			var text string
			if json.Unmarshal(s.B[at:s.I], &text) != nil {
				return false
			}
			key = []byte(text)
		}
		s.WS()
		if s.Next() != ':' {
			return false
		}
		s.WS()
		if !member(key, at) || !s.OK {
			return false
		}
		s.WS()
		switch s.Next() {
		case '}':
			return s.OK
		case ',':
		default:
			return false
		}
	}
	return false
}

// MaxDepth is the deepest nesting Value reads: encoding/json's own limit.
const MaxDepth = 10000

// Value skips one value at nesting depth.
func (s *Scanner) Value(depth int) {
	if depth > MaxDepth {
		s.OK = false
		return
	}
	switch s.Peek() {
	case '"':
		s.Str()
	case '{':
		s.I++
		s.WS()
		if s.Peek() == '}' {
			s.I++
			return
		}
		for s.OK {
			s.WS()
			s.Str()
			s.WS()
			if s.Next() != ':' {
				s.OK = false
				return
			}
			s.WS()
			s.Value(depth + 1)
			s.WS()
			switch s.Next() {
			case ',':
			case '}':
				return
			default:
				s.OK = false
			}
		}
	case '[':
		s.I++
		s.WS()
		if s.Peek() == ']' {
			s.I++
			return
		}
		for s.OK {
			s.WS()
			s.Value(depth + 1)
			s.WS()
			switch s.Next() {
			case ',':
			case ']':
				return
			default:
				s.OK = false
			}
		}
	default: // number, true, false, null
		start := s.I
		for s.I < len(s.B) {
			c := s.B[s.I]
			if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E' {
				s.I++
				continue
			}
			break
		}
		if s.I == start || !LiteralOK(s.B[start:s.I]) {
			s.OK = false
		}
	}
}

// LiteralOK accepts true, false, null and anything json.Valid accepts as a
// number; it leaves odd spellings to the decoding fall-back.
func LiteralOK(l []byte) bool {
	switch string(l) {
	case "true", "false", "null":
		return true
	}
	return json.Valid(l) && (l[0] == '-' || l[0] >= '0' && l[0] <= '9')
}

// Plain reports whether b is a JSON string without escapes or control
// characters, in valid UTF-8: its text is then the bytes between the quotes,
// exactly what encoding/json would return, and needs no decoder.
func Plain(b []byte) bool {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return false
	}
	in := b[1 : len(b)-1]
	ascii := true
	for _, c := range in {
		if c == '\\' || c < 0x20 {
			return false
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	return ascii || utf8.Valid(in)
}
