package transfer

import (
	"encoding/json"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// Report tallies a run. It holds ids and field names, never customer data,
// and encodes to JSON for --report.
type Report struct {
	Target  string `json:"target"`
	DryRun  bool   `json:"dry_run,omitempty"`
	Copied  int    `json:"copied"`
	Skipped int    `json:"skipped"`
	Refused int    `json:"refused"`
	Failed  int    `json:"failed"`
	Planned int    `json:"planned,omitempty"`
	// Loss counts, per field, the customers that hold it and the target
	// cannot store it: refused for it, or (Dropped) copied without it.
	Loss    map[customers.Field]int `json:"loss,omitempty"`
	Dropped map[customers.Field]int `json:"dropped,omitempty"`
	// Missing counts, per field, the customers refused for lacking it.
	Missing map[customers.Field]int `json:"missing,omitempty"`
	// FailedKinds counts failures by the sentinel they match.
	FailedKinds map[string]int `json:"failed_kinds,omitempty"`
	// Refusals and Failures list the customers concerned.
	Refusals []Refusal `json:"refusals,omitempty"`
	Failures []Failure `json:"failures,omitempty"`

	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"-"`
}

// Refusal is one refused customer.
type Refusal struct {
	Key     string            `json:"src"`
	Fields  []customers.Field `json:"fields,omitempty"`
	Missing []customers.Field `json:"missing,omitempty"`
}

// Failure is one failed customer: the sentinel its error matches and the
// error's text (the facade's errors are redacted of customer data).
type Failure struct {
	Key   string `json:"src"`
	Kind  string `json:"kind"`
	Error string `json:"error"`
}

// NewReport starts the tally of a run into target.
func NewReport(target string, dryRun bool) *Report {
	return &Report{Target: target, DryRun: dryRun, Started: time.Now()}
}

// Add counts one result.
func (r *Report) Add(res Result) {
	if res.Outcome == Copied || res.Outcome == Planned { // a refused customer loses nothing
		for _, f := range res.Dropped {
			inc(&r.Dropped, f)
			inc(&r.Loss, f)
		}
	}
	switch res.Outcome {
	case Copied:
		r.Copied++
	case Skipped:
		r.Skipped++
	case Planned:
		r.Planned++
	case Refused:
		r.Refused++
		for _, f := range res.Refused {
			inc(&r.Loss, f)
		}
		for _, f := range res.Missing {
			inc(&r.Missing, f)
		}
		r.Refusals = append(r.Refusals, Refusal{Key: res.Key, Fields: res.Refused, Missing: res.Missing})
	case Failed:
		r.Failed++
		inc(&r.FailedKinds, res.Kind)
		r.Failures = append(r.Failures, Failure{Key: res.Key, Kind: res.Kind, Error: res.Err.Error()})
	}
}

// Done is how many customers the report counts.
func (r *Report) Done() int { return r.Copied + r.Skipped + r.Refused + r.Failed + r.Planned }

// OK reports whether nothing was refused or failed.
func (r *Report) OK() bool { return r.Refused == 0 && r.Failed == 0 }

// Finish stamps the duration.
func (r *Report) Finish() { r.Duration = time.Since(r.Started) }

// MarshalJSON adds the duration in seconds.
func (r *Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return json.Marshal(struct {
		*plain
		Seconds float64 `json:"seconds"`
	}{(*plain)(r), r.Duration.Seconds()})
}

func inc[K comparable](m *map[K]int, k K) {
	if *m == nil {
		*m = map[K]int{}
	}
	(*m)[k]++
}
