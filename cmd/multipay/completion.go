package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

// fieldNameFlags name customer fields, comma-separated: their values complete
// to the fields' flag names.
var fieldNameFlags = []string{"clear"}

// registerCompletions completes flag values and arguments in the shells
// (multipay completion bash|zsh|fish): providers, formats, environments,
// field names, and the ids of the customers the built-in fakes keep. Flags
// and arguments without a list complete to nothing rather than file names.
func (a *app) registerCompletions(root *cobra.Command) {
	fixed := map[string][]string{
		"provider": providerChoices(),
		"output":   {"table\ta table on a terminal", "json\tJSON (JSON Lines for list and search)"},
		"env":      {"sandbox\tthe provider's test servers", "live\tproduction"},
		"base-url": nil,
		"retries":  nil,
	}
	for name, choices := range fixed {
		_ = root.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(choices, cobra.ShellCompDirectiveNoFileComp))
	}
	walk(root, func(cmd *cobra.Command) {
		for _, name := range fieldNameFlags {
			if cmd.Flags().Lookup(name) != nil {
				_ = cmd.RegisterFlagCompletionFunc(name, completeFieldNames)
			}
		}
		switch {
		case cmd.ValidArgsFunction != nil, cmd.HasSubCommands():
		case strings.Contains(cmd.Use, "<customer-id>"):
			cmd.ValidArgsFunction = a.completeCustomerIDs
		default:
			cmd.ValidArgsFunction = cobra.NoFileCompletions
		}
	})
}

func walk(cmd *cobra.Command, fn func(*cobra.Command)) {
	fn(cmd)
	for _, sub := range cmd.Commands() {
		walk(sub, fn)
	}
}

func providerChoices() []string {
	out := make([]string, 0, len(providers.Names))
	for _, name := range providers.Names {
		out = append(out, name+"\t"+displayName(name))
	}
	return out
}

// completeFieldNames completes the last of a comma-separated list of field
// names, leaving out those already listed.
func completeFieldNames(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, _ := cutLast(toComplete, ",")
	listed := strings.Split(done, ",")
	var out []string
	for _, f := range customers.Fields() {
		if name := flagName(f); !slices.Contains(listed, name) {
			out = append(out, done+name+"\t"+f.Doc)
		}
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

// cutLast splits s after its last sep: ("a,b,c", ",") is "a,b," and "c".
func cutLast(s, sep string) (before, after string) {
	i := strings.LastIndex(s, sep)
	return s[:i+len(sep)], s[i+len(sep):]
}

// completeCustomerIDs offers the ids of --provider's customers at the
// built-in fakes, read from their state file; with credentials or a serve
// it offers nothing (completion never calls a provider).
func (a *app) completeCustomerIDs(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	if len(args) > 0 || !isProvider(a.provider) || a.fresh || a.baseURL != "" || os.Getenv(fakeURLEnv) != "" {
		return nil, none
	}
	if _, missing, _ := lookupEnv(a.provider); len(missing) == 0 {
		return nil, none
	}
	path, err := fakesPath()
	if err != nil {
		return nil, none
	}
	st, err := loadState(path) // renamed into place whole: no lock needed to read
	if err != nil {
		return nil, none
	}
	var ids []string
	for _, raw := range st.Providers[a.provider] {
		var c struct{ ID string }
		if json.Unmarshal(raw, &c) == nil && c.ID != "" {
			ids = append(ids, c.ID)
		}
	}
	return ids, none
}
