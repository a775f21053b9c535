package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

var allOperations = []customers.Operation{
	customers.OpCreate, customers.OpGet, customers.OpUpdate, customers.OpDelete, customers.OpList,
	customers.OpSearch, customers.OpBlock, customers.OpUnblock, customers.OpListPaymentMethods, customers.OpListPayments,
}

func newProvidersCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "providers",
		Aliases: []string{"capabilities"},
		Short:   "Show what each provider supports: operations and fields",
		Long:    "Print an operations × providers table, then each provider's fields. Needs no network or credentials.",
		Example: "  multipay providers\n  multipay providers -p useepay -o json",
		Args:    cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			names := a.selected()
			caps, err := capabilitiesOf(names)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return writeJSON(a.std.out, capsJSON(names, caps))
			}
			return a.printCaps(names, caps)
		},
	}
}

// capabilitiesOf builds each adapter with placeholder credentials: the
// capabilities are static, so nothing is sent.
func capabilitiesOf(names []string) ([]customers.Capabilities, error) {
	caps := make([]customers.Capabilities, len(names))
	for i, n := range names {
		svc, err := providers.New(n, providers.Config{APIKey: "unused", MerchantNo: "unused", AppID: "unused"})
		if err != nil {
			return nil, err
		}
		caps[i] = svc.Capabilities()
	}
	return caps, nil
}

// providerCaps is Capabilities with JSON names, for -o json.
type providerCaps struct {
	Provider      string                `json:"provider"`
	Operations    []customers.Operation `json:"operations"`
	Create        []customers.Field     `json:"create"`
	Required      []customers.Field     `json:"required"`
	RequiredOneOf [][]customers.Field   `json:"required_one_of"`
	Update        []customers.Field     `json:"update"`
	Clear         []customers.Field     `json:"clear"`
	Search        []customers.Field     `json:"search"`
}

func capsJSON(names []string, caps []customers.Capabilities) []providerCaps {
	out := make([]providerCaps, len(names))
	for i, c := range caps {
		out[i] = providerCaps{names[i], c.Operations, c.Create, c.Required, c.RequiredOneOf, c.Update, c.Clear, c.Search}
	}
	return out
}

func (a *app) printCaps(names []string, caps []customers.Capabilities) error {
	out := a.std.out
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	writeRow(tw, append([]string{"operation"}, names...)...)
	for _, op := range allOperations {
		row := []string{string(op)}
		for _, c := range caps {
			mark := "-"
			if c.Supports(op) {
				mark = "yes"
			}
			row = append(row, mark)
		}
		writeRow(tw, row...)
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
	return printable(strings.Join(s, ", "))
}

func oneOf(groups [][]customers.Field) string {
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "; one of %s", fields(g))
	}
	return b.String()
}
