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
//	GET    /journal   {"total": n, "entries": [{"time", "request_id", "operation", "method", "path", "route",
//	                  "status", "duration_ms", "applied", "fault": ["status 503"]}]}, oldest first;
//	                  ?limit=N keeps the newest N
//	POST   /faults    queue a fault: a FaultSpec as JSON, e.g. {"operation": "createCustomer", "status": 503, "retry_after": 1};
//	                  the operation is an operationId of the spec or a facade name (create, get, update, …);
//	                  an unknown one is refused with 400 and the valid names
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
	Time       string   `json:"time"` // UTC, RFC 3339 with milliseconds
	RequestID  string   `json:"request_id,omitempty"`
	Operation  string   `json:"operation"`
	Method     string   `json:"method"`
	Path       string   `json:"path"`
	Route      string   `json:"route,omitempty"`
	Status     int      `json:"status"`
	DurationMS float64  `json:"duration_ms"`
	Applied    bool     `json:"applied"`
	Fault      []string `json:"fault,omitempty"`
}

func newJournalEntry(r Request) journalEntry {
	return journalEntry{
		Time: r.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"), RequestID: r.RequestID,
		Operation: r.Operation, Method: r.Method, Path: r.Path, Route: r.Route, Status: r.Status,
		DurationMS: float64(r.Duration.Microseconds()) / 1000, Applied: r.Applied, Fault: r.Fault,
	}
}

func (s *Server) controlJournal(w http.ResponseWriter, r *http.Request) {
	reqs, total := s.journal.snapshot()
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeControl(w, http.StatusBadRequest, map[string]string{"error": "journal: limit must be a whole number >= 0"})
			return
		}
		reqs = reqs[len(reqs)-min(n, len(reqs)):]
	}
	entries := make([]journalEntry, len(reqs))
	for i, r := range reqs {
		entries[i] = newJournalEntry(r)
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
	if err == nil {
		f.Operation, err = s.operation(spec.Operation)
	}
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
