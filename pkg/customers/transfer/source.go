package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/multipay/multipay/pkg/customers"
)

// Source yields the customers to copy, each with its provider and id.
type Source interface {
	Customers(ctx context.Context) iter.Seq2[*customers.Customer, error]
}

// listPageSize is the page an export or copy asks for: few requests, and
// within every provider's maximum.
const listPageSize = 100

// FromService lists svc's customers (p nil: pages of 100, or the provider's
// maximum when smaller). A provider without List (Soap) yields one error
// matching customers.ErrNotSupported that says it can only be a target.
func FromService(svc customers.Service, p *customers.ListParams) Source {
	return serviceSource{svc: svc, p: p}
}

type serviceSource struct {
	svc customers.Service
	p   *customers.ListParams
}

func (s serviceSource) Customers(ctx context.Context) iter.Seq2[*customers.Customer, error] {
	caps := s.svc.Capabilities()
	if !caps.Supports(customers.OpList) {
		return func(yield func(*customers.Customer, error) bool) { yield(nil, noList(s.svc.Provider())) }
	}
	p := s.p
	if p == nil {
		size := listPageSize
		if caps.MaxPageSize > 0 {
			size = min(size, caps.MaxPageSize)
		}
		p = &customers.ListParams{PageSize: size}
	}
	return s.svc.List(ctx, p)
}

// noList is the error of a source that cannot list its customers.
func noList(provider string) error {
	e := customers.NotSupported(provider, customers.OpList)
	e.Message = provider + " has no list of customers: it can be a target of a copy, not a source"
	return e
}

// Export writes every customer of svc to w as JSON Lines (the format
// FromJSONLines reads), streaming one provider page at a time, and returns
// how many it wrote.
func Export(ctx context.Context, svc customers.Service, w io.Writer) (int, error) {
	enc := NewWriter(w)
	n := 0
	for c, err := range FromService(svc, nil).Customers(ctx) {
		if err != nil {
			return n, err
		}
		if err := enc.Write(c); err != nil {
			return n, err
		}
		n++
	}
	return n, enc.Flush()
}

// Writer writes customers as JSON Lines: one JSON object a line with every
// facade field (the Customer's JSON names), the provider, the provider's id
// and the creation and update times. Reading it back with FromJSONLines
// gives the same customers (Raw aside, which is not exported).
type Writer struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

// NewWriter returns a Writer on w. Call Flush at the end.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriter(w)} }

// Write writes one customer line.
func (w *Writer) Write(c *customers.Customer) error {
	w.buf.Reset()
	enc := json.NewEncoder(&w.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil { // Encode ends the line
		return err
	}
	_, err := w.w.Write(w.buf.Bytes())
	return err
}

// Flush writes what is buffered.
func (w *Writer) Flush() error { return w.w.Flush() }

// MaxLineBytes bounds one line of a JSON Lines export.
const MaxLineBytes = 1 << 20

// FromJSONLines reads customers written by Writer (or Export). Unknown
// fields are refused, so nothing in the file is ignored; every line needs a
// provider and an id. An error names the line, never its content.
func FromJSONLines(r io.Reader) Source { return jsonLines{r: r} }

type jsonLines struct{ r io.Reader }

func (s jsonLines) Customers(ctx context.Context) iter.Seq2[*customers.Customer, error] {
	return func(yield func(*customers.Customer, error) bool) {
		sc := bufio.NewScanner(s.r)
		sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
		for n := 1; sc.Scan(); n++ {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			c, err := decodeLine(sc.Bytes())
			if err != nil {
				yield(nil, fmt.Errorf("transfer: line %d: %w", n, err))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(nil, fmt.Errorf("transfer: reading customers: %w", err))
		}
	}
}

// decodeLine reads one customer. Its errors hold no value from the line:
// only JSON's own diagnostics (offsets, types, field names).
func decodeLine(b []byte) (*customers.Customer, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c customers.Customer
	if err := dec.Decode(&c); err != nil {
		return nil, lineError(err)
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	if c.ID == "" || c.Provider == "" {
		return nil, errors.New("a customer needs its id and provider")
	}
	return &c, nil
}

func lineError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("not JSON (offset %d)", se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("field %s: want %s", te.Field, te.Type)
	case bytes.HasPrefix([]byte(err.Error()), []byte("json: unknown field")):
		return errors.New(err.Error()[len("json: "):])
	}
	return errors.New("not a customer of the export format (a date or time is malformed)")
}
