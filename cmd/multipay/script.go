package main

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
)

// script is gh's --json and --jq, for scripts that want some fields of the
// JSON output, or a jq filter over it without jq installed.
type script struct {
	fields []string   // --json: the only members to print, in this order
	query  *gojq.Code // --jq
}

func (s script) active() bool { return len(s.fields) > 0 || s.query != nil }

// scriptable gives cmd --json and --jq over its JSON output, whose items
// (one per JSON document or line) have sample's type.
func (a *app) scriptable(cmd *cobra.Command, sample any) {
	var fields []string
	var expr string
	cmd.Flags().StringSliceVar(&fields, "json", nil, "print only these fields, comma-separated JSON names (id,email,created_at)")
	cmd.Flags().StringVar(&expr, "jq", "", "filter each JSON document (each line of a listing) through this jq expression; strings print without quotes")
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		s, err := newScript(fields, expr, jsonKeys(reflect.TypeOf(sample)))
		if err != nil {
			return err
		}
		if s.active() && a.output == "table" {
			return usagef("--json and --jq print JSON: drop -o table")
		}
		a.script = s
		return run(c, args)
	}
}

// newScript checks --json against the output's field names and compiles
// --jq.
func newScript(fields []string, expr string, valid []string) (script, error) {
	for _, f := range fields {
		if !slices.Contains(valid, f) {
			return script{}, usagef("--json %q: not a field of this output (have %s)", f, strings.Join(valid, ", "))
		}
	}
	s := script{fields: fields}
	if expr == "" {
		return s, nil
	}
	q, err := gojq.Parse(expr)
	if err == nil {
		s.query, err = gojq.Compile(q)
	}
	if err != nil {
		return script{}, usagef("--jq: %v", err)
	}
	return s, nil
}

// keep is v with only --json's members, in --json's order; a list keeps
// them in each item.
func (s script) keep(v any) any {
	if len(s.fields) == 0 {
		return v
	}
	switch v := v.(type) {
	case object:
		out := make(object, 0, len(s.fields))
		for _, f := range s.fields {
			if i := slices.IndexFunc(v, func(m member) bool { return m.key == f }); i >= 0 {
				out = append(out, v[i])
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = s.keep(e)
		}
		return out
	}
	return v
}

// run prints each result of --jq over doc on its own line: a string as it
// is, anything else as compact JSON.
func (s script) run(a *app, w io.Writer, doc any) error {
	results := s.query.RunWithContext(a.ctx, plain(doc))
	for {
		v, ok := results.Next()
		if !ok {
			return nil
		}
		if err, isErr := v.(error); isErr {
			return jqError{err}
		}
		text, isString := v.(string)
		if !isString {
			b, err := gojq.Marshal(v)
			if err != nil {
				return err
			}
			text = string(b)
		}
		if _, err := fmt.Fprintln(w, text); err != nil {
			return err
		}
	}
}

// scriptOutputs are the customer commands that take --json and --jq, by
// the type of their JSON items.
var scriptOutputs = map[string]any{
	"create": customers.Customer{}, "get": customers.Customer{}, "update": customers.Customer{},
	"list": customers.Customer{}, "search": customers.Customer{}, "block": customers.Customer{},
	"unblock": customers.Customer{}, "payment-methods": customers.PaymentMethod{}, "payments": customers.Payment{},
}

// jqError is a failure of --jq's expression on the output. Its text stops
// before the first value gojq quotes ("keys cannot be applied to: string
// (\"Ada…\")"): those are customer data, kept out of error texts.
type jqError struct{ err error }

func (e jqError) Error() string {
	msg := e.err.Error()
	if i := strings.IndexAny(msg, `("`); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	return "--jq: " + msg
}
