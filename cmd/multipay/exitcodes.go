package main

import (
	"context"
	"errors"
	"net"

	"github.com/multipay/multipay/pkg/customers"
)

// Exit codes. Scripts rely on them: never renumber, only add.
const (
	exitOK           = 0
	exitError        = 1 // anything not below
	exitUsage        = 2 // bad flags, arguments or credentials configuration
	exitNotFound     = 3
	exitInvalid      = 4
	exitConflict     = 5
	exitUnauthorized = 6
	exitNotSupported = 7
	exitRateLimited  = 8
	exitUnavailable  = 9
	exitOutcome      = 10 // the call may or may not have taken effect
	exitBadResponse  = 11
	exitRefused      = 12 // import, copy: some customers refused (fields the target cannot hold)
	exitFailed       = 13 // import, copy: some customers failed; a re-run retries them
	exitInterrupted  = 130
)

// exitKinds maps each error kind to its code, in match order: outcome
// unknown first, since it may wrap a transport error.
var exitKinds = []exitKind{
	{customers.ErrOutcomeUnknown, exitOutcome, "outcome unknown: the call may have taken effect; check before repeating"},
	{customers.ErrNotFound, exitNotFound, "not found"},
	{customers.ErrInvalidRequest, exitInvalid, "invalid request (refused by the provider or before sending)"},
	{customers.ErrConflict, exitConflict, "conflict (e.g. the e-mail is taken)"},
	{customers.ErrUnauthorized, exitUnauthorized, "unauthorized (credentials refused)"},
	{customers.ErrNotSupported, exitNotSupported, "not supported by the provider"},
	{customers.ErrRateLimited, exitRateLimited, "rate limited"},
	{customers.ErrUnavailable, exitUnavailable, "unavailable: the provider answered 5xx or could not be reached"},
	{customers.ErrInvalidResponse, exitBadResponse, "invalid response from the provider"},
	{errFailed, exitFailed, "failed: import or copy left customers that failed (run again with the same ledger)"},
	{errRefused, exitRefused, "refused: import or copy refused customers the target cannot hold (see --drop)"},
	{context.Canceled, exitInterrupted, "interrupted"},
}

type exitKind struct {
	kind error
	code int
	what string
}

func exitCodeOf(err error) int {
	for _, k := range exitKinds {
		if errors.Is(err, k.kind) {
			return k.code
		}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return exitUnavailable // refused connection, timeout: nothing answered
	}
	return exitError
}
