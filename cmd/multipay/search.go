package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
)

// optionalQuery takes search's one optional argument as the query: it is
// the same as --query, which it must not contradict.
func (a *app) optionalQuery(query *string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		a.usage = cmd.CommandPath()
		switch {
		case len(args) > 1:
			return usagef("%s takes one query, got %d arguments (quote a query of several words)", cmd.CommandPath(), len(args))
		case len(args) == 1 && cmd.Flags().Changed("query"):
			return usagef("give the query once: as an argument or as --query")
		case len(args) == 1:
			*query = args[0]
		}
		return nil
	}
}

// withSearchHint adds to a refused search criterion the flags the provider
// does search by.
func withSearchHint(err error, provider string, honoured []customers.Field) error {
	if !errors.Is(err, customers.ErrNotSupported) || len(honoured) == 0 {
		return err
	}
	flags := make([]string, len(honoured))
	for i, f := range honoured {
		flags[i] = "--" + flagField(f)
	}
	return fmt.Errorf("%w; search %s with %s", err, provider, orList(flags))
}

// orList joins "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
