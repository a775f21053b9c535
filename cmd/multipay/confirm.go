package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
)

// errDeclined is a question answered no: nothing was done.
var errDeclined = errors.New("cancelled: nothing was deleted")

// confirmDelete asks on stderr before deleting id at --provider, or refuses
// when stdin is not a terminal. It asks before connecting (the built-in
// fakes' state stays unlocked while the user thinks), and not at a provider
// that cannot delete.
func (a *app) confirmDelete(id string) error {
	if !a.ttyIn {
		return usagef("customers delete: pass --yes to delete without a terminal to confirm on")
	}
	name, err := a.requireProvider()
	if err != nil {
		return err
	}
	caps, err := capabilitiesOf([]string{name})
	if err != nil {
		return err
	}
	if !caps[0].Supports(customers.OpDelete) {
		return customers.NotSupported(name, customers.OpDelete)
	}
	ok, err := a.confirm(fmt.Sprintf("Delete customer %s at %s (%s)?", printable(id), displayName(name), a.targetKind(name)))
	if err == nil && !ok {
		err = errDeclined
	}
	return err
}

// targetKind is the kind of target resolve picks for name: fake, sandbox
// or live.
func (a *app) targetKind(name string) string {
	if _, missing, _ := lookupEnv(name); len(missing) > 0 || a.fresh {
		return "fake"
	}
	return cmp.Or(a.env, string(customers.Sandbox))
}

// confirm asks question on stderr and reads the answer from stdin, as rm -i
// does: y or yes (any case) is yes, anything else (an empty line, end of
// input) is no.
func (a *app) confirm(question string) (bool, error) {
	fmt.Fprintf(a.std.err, "%s [y/N] ", question)
	line, err := bufio.NewReader(a.std.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes", nil
}
