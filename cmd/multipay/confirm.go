package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
)

// errDeclined is a question answered no: nothing was done.
var errDeclined = errors.New("cancelled: nothing was deleted")

// confirmDelete asks on stderr before deleting id, after checking that the
// provider can delete at all (no question whose yes is refused).
func (a *app) confirmDelete(s *session, id string) error {
	if !s.svc.Capabilities().Supports(customers.OpDelete) {
		return customers.NotSupported(s.name, customers.OpDelete)
	}
	ok, err := a.confirm(fmt.Sprintf("Delete customer %s at %s (%s)?", printable(id), displayName(s.name), s.kind))
	if err == nil && !ok {
		err = errDeclined
	}
	return err
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
