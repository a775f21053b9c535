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

// Restore stores customers saved by Snapshot, as Put does.
func (s *Server) Restore(customers []json.RawMessage) error {
	for i, raw := range customers {
		if _, err := s.Put(raw); err != nil {
			return fmt.Errorf("fake: restore %s customer %d: %w", s.Provider, i, err)
		}
	}
	return nil
}
