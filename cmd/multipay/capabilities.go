package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/multipay/multipay/pkg/customers"
)

var allOperations = []customers.Operation{
	customers.OpCreate, customers.OpGet, customers.OpUpdate, customers.OpDelete, customers.OpList,
	customers.OpSearch, customers.OpBlock, customers.OpUnblock, customers.OpListPaymentMethods, customers.OpListPayments,
}

// capabilities prints an operations × providers matrix, then each provider's
// fields. It needs no network: capabilities are static.
func capabilities(g globals, out io.Writer) error {
	names, err := selected(g)
	if err != nil {
		return err
	}
	caps := make([]customers.Capabilities, len(names))
	for i, n := range names {
		s, err := connect(globals{forceFake: true}, n)
		if err != nil {
			return err
		}
		caps[i] = s.svc.Capabilities()
		s.close()
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "operation\t%s\n", strings.Join(names, "\t"))
	for _, op := range allOperations {
		row := []string{string(op)}
		for _, c := range caps {
			mark := "-"
			if c.Supports(op) {
				mark = "yes"
			}
			row = append(row, mark)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, n := range names {
		c := caps[i]
		fmt.Fprintf(out, "\n%s\n  create:   %s\n  required: %s%s\n  update:   %s\n  clear:    %s\n  search:   %s\n",
			n, fields(c.Create), fields(c.Required), oneOf(c.RequiredOneOf), fields(c.Update), fields(c.Clear), fields(c.Search))
	}
	return nil
}

func fields(fs []customers.Field) string {
	if len(fs) == 0 {
		return "(none)"
	}
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

func oneOf(groups [][]customers.Field) string {
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "; one of %s", fields(g))
	}
	return b.String()
}
