package fake

import (
	"encoding/json"
	"fmt"
)

// Snapshot returns every stored customer in the provider's wire JSON, in
// creation order, for saving a fake's state (multipay serve --state).
func (s *Server) Snapshot() []json.RawMessage {
	st := s.impl.customers()
	ids := st.ids()
	out := make([]json.RawMessage, 0, len(ids))
	for _, id := range ids {
		if raw, ok := st.getJSON(id); ok { // deleted since ids was read: skip
			out = append(out, raw)
		}
	}
	return out
}

// Restore stores customers saved by Snapshot, all or none, bypassing the
// provider's rules as Put does. Unlike Put it refuses, naming the customer by
// index and id, what a fake never saves: unknown fields, an id that is not
// letters, digits, '-' and '_', and an id given twice or stored already.
func (s *Server) Restore(customers []json.RawMessage) error {
	if err := s.impl.customers().restoreJSON(customers); err != nil {
		return fmt.Errorf("fake: restore %s %w", s.Provider, err)
	}
	return nil
}
