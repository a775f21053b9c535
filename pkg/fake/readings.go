package fake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/multipay/multipay/pkg/internal/specguard"
)

// Reading is a point where a provider's sources document two behaviours and
// the spec accepts both (a DECISION in specs/<provider>.yaml). A fake plays one
// of them, the first of Values unless WithReading picks another, so that a
// client can be tested against either.
type Reading struct {
	Name   string   // "<provider>.<topic>", e.g. "useepay.list"
	Values []string // the documented alternatives; the first is the fake's default
	About  string   // what differs, then the source of each value in order: "read status: guide | reference"

	ops []string // for a status reading: the operations whose success status it sets
}

// readings are every documented either/or the fakes can play. A status
// reading's values are HTTP statuses of its ops; the others are read by the
// provider's fake (settings.reading).
var readings = []Reading{
	{Name: "hitpay.get", Values: []string{"200", "201"}, ops: []string{"getCustomer"},
		About: "read status: the spec's DECISION | reference"},
	{Name: "notchpay.get", Values: []string{"200", "202"}, ops: []string{"getCustomer"},
		About: "read status: customers guide | API reference"},
	{Name: "notchpay.update", Values: []string{"202", "200"}, ops: []string{"updateCustomer"},
		About: "update status: API reference | customers guide"},
	{Name: "notchpay.delete", Values: []string{"200", "202"}, ops: []string{"deleteCustomer"},
		About: "delete status: customers guide | API reference"},
	{Name: "notchpay.block", Values: []string{"200", "202"}, ops: []string{"blockCustomer", "unblockCustomer"},
		About: "block, unblock status: guide | API reference"},
	{Name: "useepay.create", Values: []string{"200", "201"}, ops: []string{"createCustomer"},
		About: "create status: customer pages | Errors page"},
	{Name: "useepay.list", Values: []string{"items", "data"},
		About: "list page key: docs | official PHP SDK"},
}

// Readings returns every reading the fakes can play, by name.
func Readings() []Reading {
	out := slices.Clone(readings)
	slices.SortFunc(out, func(a, b Reading) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Provider is the provider whose fake plays the reading.
func (r Reading) Provider() string { p, _, _ := strings.Cut(r.Name, "."); return p }

// Default is the value a fake plays unless told otherwise.
func (r Reading) Default() string { return r.Values[0] }

// WithReading makes the fake play value for the reading name (see Readings),
// e.g. WithReading("useepay.list", "data") for the official UseePay PHP SDK,
// which reads list pages from data. A reading of another provider is ignored,
// so one set of options serves every fake; an unknown name or value makes
// NewHandler fail.
func WithReading(name, value string) Option {
	return func(s *settings) {
		if s.readings == nil {
			s.readings = map[string]string{}
		}
		s.readings[name] = value
	}
}

// ParseReading reads "name=value" as the serve flag --reading writes it,
// checking both against Readings.
func ParseReading(s string) (Option, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return nil, fmt.Errorf("reading %q: want name=value, e.g. useepay.list=data", s)
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if err := checkReading(name, value); err != nil {
		return nil, err
	}
	return WithReading(name, value), nil
}

func lookupReading(name string) (Reading, bool) {
	i := slices.IndexFunc(readings, func(r Reading) bool { return r.Name == name })
	if i < 0 {
		return Reading{}, false
	}
	return readings[i], true
}

func checkReading(name, value string) error {
	r, ok := lookupReading(name)
	if !ok {
		names := make([]string, len(readings))
		for i, r := range Readings() {
			names[i] = r.Name
		}
		return fmt.Errorf("unknown reading %q (have %s)", name, strings.Join(names, ", "))
	}
	if !slices.Contains(r.Values, value) {
		return fmt.Errorf("reading %s: %q is not one of %s", name, value, strings.Join(r.Values, ", "))
	}
	return nil
}

// applyReadings checks the chosen readings and turns the status readings of
// provider into success statuses. A status set by WithSuccessStatus wins.
func (s *settings) applyReadings(provider string) error {
	for name, value := range s.readings {
		if err := checkReading(name, value); err != nil {
			return fmt.Errorf("fake: %w", err)
		}
	}
	for _, r := range readings {
		if r.Provider() != provider || len(r.ops) == 0 {
			continue
		}
		status, _ := strconv.Atoi(s.reading(r.Name))
		for _, op := range r.ops {
			if _, set := s.successStatus[op]; !set {
				WithSuccessStatus(op, status)(s)
			}
		}
	}
	return nil
}

// reading is the value the fake plays for the reading name.
func (s *settings) reading(name string) string {
	if v, ok := s.readings[name]; ok {
		return v
	}
	r, _ := lookupReading(name)
	return r.Default()
}

// success is the success status of r's operation: its reading or
// WithSuccessStatus, else def. Envelopes that repeat the status (Notch Pay's
// code and status) use it to agree with the status line.
func (s *settings) success(r *http.Request, def int) int {
	if status, ok := s.successStatus[s.baseOp(specguard.Operation(r))]; ok {
		return status
	}
	return def
}

// baseOp is the operation op is an alternative of (x-multipay-alternative-of
// in the spec, such as Notch Pay's PUT update), else op itself: faults,
// readings and statuses set for an operation apply to its alternatives.
func (s *settings) baseOp(op string) string {
	if base, ok := s.alternativeOf[op]; ok {
		return base
	}
	return op
}
