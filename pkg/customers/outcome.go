package customers

import "errors"

// ErrOutcomeUnknown: the call may or may not have taken effect at the
// provider (the connection dropped after the request was sent, say), so the
// caller must check before repeating it.
var ErrOutcomeUnknown = errors.New("outcome unknown")
