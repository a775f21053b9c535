package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
)

func newFakesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fakes <command>",
		Short: "Show or reset the customers the built-in fakes keep between commands",
		Long: `Without credentials, customer commands use a built-in fake that keeps its
customers in a file in your state directory ($XDG_STATE_HOME/multipay/fakes.json,
else ~/.local/state/multipay/fakes.json; %LOCALAPPDATA% on Windows), so that
"customers create" and then "customers get" find the same customer. Commands
running at the same time take turns on it. --fresh on a customer command uses
an empty fake instead, which forgets when the command ends. The file has the
format of "multipay serve --state".`,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newFakesPathCmd(a), newFakesResetCmd(a))
	return cmd
}

func newFakesPathCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "path",
		Short:   "Print the file the built-in fakes keep their customers in",
		Example: `  multipay fakes path`,
		Args:    cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			path, err := fakesPath()
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.std.out, path)
			return err
		},
	}
}

func newFakesResetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reset",
		Short: "Forget the built-in fakes' customers (only --provider's, if given)",
		Example: `  multipay fakes reset
  multipay fakes reset -p hitpay`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			path, err := a.resetFakes()
			if err != nil {
				return err
			}
			which := "the built-in fakes start"
			if a.provider != "" {
				which = "the built-in " + displayName(a.provider) + " fake starts"
			}
			fmt.Fprintf(a.std.err, "multipay: %s over (%s)\n", which, printable(path))
			return nil
		},
	}
}

// resetFakes forgets --provider's customers, or deletes the whole file
// (which may be unreadable).
func (a *app) resetFakes() (string, error) {
	if a.provider != "" {
		s, err := openFakeStore(a.std.err)
		if err != nil {
			return "", err
		}
		defer s.release()
		if _, ok := s.state.Providers[a.provider]; !ok {
			return s.path, nil
		}
		delete(s.state.Providers, a.provider)
		return s.path, writeFileAtomic(s.path, s.state)
	}
	s, err := lockFakeStore(a.std.err)
	if err != nil {
		return "", err
	}
	defer s.release()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return s.path, nil
}
