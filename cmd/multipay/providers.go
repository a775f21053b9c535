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
	cmd := &cobra.Command{
		Use:     "providers",
		Aliases: []string{"capabilities"},
		Short:   "Show what each provider supports: operations and fields",
		Long: `Print an operations × providers table, then each provider's fields, named
as their flags (birth-date, address-line2); -o json names them as JSON does
(birth_date, address.line2). Needs no network or credentials.`,
		Example: `  multipay providers
  multipay providers -p useepay -o json
  multipay providers --jq '.[] | select(.operations | index("delete")) | .provider'`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			names := a.selected()
			caps, err := capabilitiesOf(names)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(capsJSON(names, caps), false)
			}
			return a.printCaps(names, caps)
		},
	}
	a.scriptable(cmd, providerCaps{})
	return cmd
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

// providerCaps is Capabilities in JSON: snake_case keys and field names
// (birth_date, address.line2), like all other JSON output.
type providerCaps struct {
	Provider      string                `json:"provider"`
	Operations    []customers.Operation `json:"operations"`
	Create        []string              `json:"create"`
	Required      []string              `json:"required"`
	RequiredOneOf [][]string            `json:"required_one_of"`
	Update        []string              `json:"update"`
	Clear         []string              `json:"clear"`
	Search        []string              `json:"search"`
}

func capsJSON(names []string, caps []customers.Capabilities) []providerCaps {
	out := make([]providerCaps, len(names))
	for i, c := range caps {
		oneOf := make([][]string, len(c.RequiredOneOf))
		for j, g := range c.RequiredOneOf {
			oneOf[j] = mapFields(g, jsonField)
		}
		out[i] = providerCaps{names[i], c.Operations, mapFields(c.Create, jsonField), mapFields(c.Required, jsonField),
			oneOf, mapFields(c.Update, jsonField), mapFields(c.Clear, jsonField), mapFields(c.Search, jsonField)}
	}
	return out
}

func mapFields(fs []customers.Field, name func(customers.Field) string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = name(f)
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

// fields lists fs by their flag names.
func fields(fs []customers.Field) string {
	if len(fs) == 0 {
		return "(none)"
	}
	return printable(strings.Join(mapFields(fs, flagField), ", "))
}

func oneOf(groups [][]customers.Field) string {
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "; one of %s", fields(g))
	}
	return b.String()
}
