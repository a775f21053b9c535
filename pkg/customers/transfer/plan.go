package transfer

import (
	"maps"
	"reflect"
	"slices"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
)

// SourceKey is the metadata key under which a copy carries its source
// ("<provider>:<id>") at targets that store metadata.
const SourceKey = "multipay_source"

// FieldBlocked is Notch Pay's blocked flag, which no create can set: a
// blocked customer is refused unless DropFields names it.
const FieldBlocked customers.Field = "Blocked"

// fieldTable is read once: customers.Fields returns a copy.
var fieldTable = customers.Fields()

// keyOf is the customer's ledger key and carried id.
func keyOf(c *customers.Customer) string { return c.Provider + ":" + c.ID }

// plan is one customer made ready for the target: the params to send, or
// why it is refused.
type plan struct {
	key       string
	params    *customers.CreateParams
	dropped   []customers.Field // unsupported, dropped as asked
	refused   []customers.Field // unsupported and not dropped
	missing   []customers.Field // required by the target, absent
	carriedID bool              // params.ExternalID is the key
}

func (p plan) ok() bool { return len(p.refused) == 0 && len(p.missing) == 0 }

// planner decides, per customer, what the target gets.
type planner struct {
	caps    customers.Capabilities
	drop    map[customers.Field]bool
	dropAll bool
}

func newPlanner(caps customers.Capabilities, opts Options) planner {
	drop := map[customers.Field]bool{}
	for _, f := range opts.DropFields {
		drop[f] = true
	}
	return planner{caps: caps, drop: drop, dropAll: opts.DropUnsupported}
}

// plan compares c with the target's capabilities, drops what the caller
// accepted to lose, adds the carried source id and checks what the target
// requires.
func (pl planner) plan(c *customers.Customer) plan {
	out := plan{key: keyOf(c), params: createParams(c)}
	set := adapter.CreateFields(out.params)
	if c.Blocked {
		set = append(set, FieldBlocked)
	}
	var keep []customers.Field
	for _, f := range set {
		switch {
		case pl.drop[f]:
			out.dropped = append(out.dropped, f)
		case f != FieldBlocked && pl.caps.CanCreate(f): // no create can set Blocked
			keep = append(keep, f)
		case pl.dropAll:
			out.dropped = append(out.dropped, f)
		default:
			out.refused = append(out.refused, f)
		}
	}
	if len(keep) < len(set) {
		out.params = out.params.Only(keep...)
	}
	out.carriedID = pl.carry(out.params, out.key)
	out.missing = pl.missing(out.params)
	return out
}

// carry adds the source key where the target can hold it (see the package
// doc) and reports whether it went into ExternalID.
func (pl planner) carry(p *customers.CreateParams, key string) bool {
	if pl.caps.CanCreate(customers.FieldMetadata) {
		p.Metadata = maps.Clone(p.Metadata)
		if p.Metadata == nil {
			p.Metadata = map[string]string{}
		}
		p.Metadata[SourceKey] = key
	}
	if pl.caps.CanCreate(customers.FieldExternalID) && p.ExternalID == "" {
		p.ExternalID = key
		return true
	}
	return false
}

// missing lists the required fields p lacks, and every field of a
// required group of which it has none.
func (pl planner) missing(p *customers.CreateParams) []customers.Field {
	set := adapter.CreateFields(p)
	var out []customers.Field
	for _, f := range pl.caps.Required {
		if !slices.Contains(set, f) {
			out = append(out, f)
		}
	}
	for _, group := range pl.caps.RequiredOneOf {
		if !slices.ContainsFunc(group, func(f customers.Field) bool { return slices.Contains(set, f) }) {
			out = append(out, group...)
		}
	}
	return out
}

// createParams is c as create parameters: every facade field it holds.
func createParams(c *customers.Customer) *customers.CreateParams {
	p := &customers.CreateParams{}
	for _, f := range fieldTable {
		if v := f.FromCustomer(c); !reflect.ValueOf(v).IsZero() {
			f.PutCreate(p, v)
		}
	}
	return p
}
