package fake

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
)

// ControlHandler serves the fake's control API, for scripts in any language
// that drive a fake over HTTP (multipay serve mounts it at
// /_multipay/<provider>/):
//
//	GET    /journal   {"total": n, "entries": [{"operation", "method", "path", "status", "applied", "fault"}]}
//	POST   /faults    queue a fault: a FaultSpec as JSON, e.g. {"operation": "createCustomer", "status": 503, "retry_after": "1"}
//	GET    /faults    {"pending": n}
//	DELETE /faults    drop every pending fault
//	POST   /seed?n=N  store N realistic customers: {"ids": [...]}
//
// Every POST and DELETE must say Content-Type: application/json (415
// otherwise), which a cross-site form or text/plain fetch cannot send without
// a CORS preflight. It has no authentication: serve it on loopback only.
func (s *Server) ControlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /journal", s.controlJournal)
	mux.HandleFunc("POST /faults", jsonOnly(s.controlAddFault))
	mux.HandleFunc("GET /faults", s.controlPending)
	mux.HandleFunc("DELETE /faults", jsonOnly(func(w http.ResponseWriter, _ *http.Request) {
		s.Faults.Clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.HandleFunc("POST /seed", jsonOnly(s.controlSeed))
	return mux
}

// jsonOnly refuses a state-changing control request that does not declare a
// JSON body: the one content type a web page cannot send cross-site unasked.
func jsonOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeControl(w, http.StatusUnsupportedMediaType, map[string]string{
				"error": "control: " + r.Method + " needs Content-Type: application/json"})
			return
		}
		next(w, r)
	}
}

// journalEntry is Request with the control API's JSON names.
type journalEntry struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Status    int    `json:"status"`
	Applied   bool   `json:"applied"`
	Fault     string `json:"fault,omitempty"`
}

func (s *Server) controlJournal(w http.ResponseWriter, _ *http.Request) {
	reqs, total := s.journal.snapshot()
	entries := make([]journalEntry, len(reqs))
	for i, r := range reqs {
		entries[i] = journalEntry(r)
	}
	writeControl(w, http.StatusOK, map[string]any{"total": total, "entries": entries})
}

func (s *Server) controlAddFault(w http.ResponseWriter, r *http.Request) {
	var spec FaultSpec
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		writeControl(w, http.StatusBadRequest, map[string]string{"error": "fault: " + err.Error()})
		return
	}
	f, err := spec.Fault()
	if err != nil {
		writeControl(w, http.StatusBadRequest, map[string]string{"error": "fault: " + err.Error()})
		return
	}
	s.Faults.Add(f)
	writeControl(w, http.StatusCreated, map[string]int{"pending": s.Faults.Pending()})
}

func (s *Server) controlPending(w http.ResponseWriter, _ *http.Request) {
	writeControl(w, http.StatusOK, map[string]int{"pending": s.Faults.Pending()})
}

func (s *Server) controlSeed(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 0 || n > 100000 {
		writeControl(w, http.StatusBadRequest, map[string]string{"error": "seed: n must be a number from 0 to 100000"})
		return
	}
	ids, err := s.Seed(n)
	if err != nil {
		writeControl(w, http.StatusInternalServerError, map[string]string{"error": "seed: " + err.Error()})
		return
	}
	writeControl(w, http.StatusOK, map[string][]string{"ids": ids})
}

func writeControl(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
