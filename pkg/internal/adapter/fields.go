package adapter

import (
	"slices"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/backend"
)

// fieldTable is customers.Fields() read once: Fields returns a copy, which
// every create and update would otherwise pay for.
var fieldTable = customers.Fields()

// CreateFields lists the fields p sets, in a stable order. An address with a
// second line also reports Address.Line2, which some providers cannot store.
func CreateFields(p *customers.CreateParams) []customers.Field {
	out := make([]customers.Field, 0, len(fieldTable)+1) // one allocation, not one per doubling
	add := func(f customers.Field, set bool) {
		if set {
			out = append(out, f)
		}
	}
	for _, f := range fieldTable {
		add(f.Field, f.SetOnCreate(p))
	}
	add(customers.FieldAddressLine2, (p.Address != nil && p.Address.Line2 != "") ||
		(p.BillingAddress != nil && p.BillingAddress.Line2 != "") ||
		(p.Shipping != nil && p.Shipping.Address != nil && p.Shipping.Address.Line2 != ""))
	return out
}

// UpdateFields lists the fields u sets and those it clears.
func UpdateFields(u *customers.UpdateParams) (set, cleared []customers.Field) {
	for _, f := range fieldTable {
		switch s, c := f.OnUpdate(u); {
		case s:
			set = append(set, f.Field)
		case c:
			cleared = append(cleared, f.Field)
		}
	}
	line2 := func(a customers.Optional[customers.Address]) bool {
		v, ok := a.Value()
		return ok && v.Line2 != ""
	}
	if s, ok := u.Shipping.Value(); (ok && s.Address != nil && s.Address.Line2 != "") || line2(u.Address) || line2(u.BillingAddress) {
		set = append(set, customers.FieldAddressLine2)
	}
	return set, cleared
}

// CheckCreate refuses, before any network call, create parameters that set a
// field the provider cannot store (ErrNotSupported, naming every such field)
// or that miss a required field (ErrInvalidRequest).
func CheckCreate(provider string, caps customers.Capabilities, p *customers.CreateParams) error {
	if p == nil {
		return Refuse(provider, customers.OpCreate, "params", "CreateParams must not be nil")
	}
	set := CreateFields(p)
	if bad := missingFrom(set, caps.Create); len(bad) > 0 {
		return customers.NotSupported(provider, customers.OpCreate, bad...)
	}
	pr := createProblems(p) // a field set is not missing: its messages and these never meet
	for _, f := range caps.Required {
		if !slices.Contains(set, f) {
			pr.add(string(f), "is required by "+provider)
		}
	}
	for _, group := range caps.RequiredOneOf {
		if !slices.ContainsFunc(group, func(f customers.Field) bool { return slices.Contains(set, f) }) {
			for _, f := range group {
				pr.add(string(f), "one of "+joinFields(group)+" is required by "+provider)
			}
		}
	}
	if len(pr) > 0 {
		return backend.Invalid(provider, customers.OpCreate, pr)
	}
	return nil
}

// CheckUpdate refuses an update that changes nothing (ErrInvalidRequest), sets
// a field the provider cannot update or clears one it cannot clear
// (ErrNotSupported).
func CheckUpdate(provider string, caps customers.Capabilities, u *customers.UpdateParams) error {
	if u == nil {
		return Refuse(provider, customers.OpUpdate, "params", "UpdateParams must not be nil")
	}
	set, cleared := UpdateFields(u)
	if len(set) == 0 && len(cleared) == 0 {
		return Refuse(provider, customers.OpUpdate, "params", "the update changes nothing: set or clear at least one field")
	}
	badSet, badClear := missingFrom(set, caps.Update), missingFrom(cleared, caps.Clear)
	if len(badSet) > 0 || len(badClear) > 0 {
		slices.Sort(badSet)
		slices.Sort(badClear)
		return customers.NotClearable(provider, badSet, badClear)
	}
	if pr := updateProblems(u); len(pr) > 0 {
		return backend.Invalid(provider, customers.OpUpdate, pr)
	}
	return nil
}

// CheckSearch refuses search criteria the provider does not honour.
func CheckSearch(provider string, caps customers.Capabilities, p *customers.SearchParams) error {
	if p == nil {
		return Refuse(provider, customers.OpSearch, "params", "SearchParams must not be nil")
	}
	var set []customers.Field
	for _, c := range [...]struct {
		f customers.Field
		v string
	}{{customers.FieldQuery, p.Query}, {customers.FieldEmail, p.Email}, {customers.FieldPhone, p.Phone}, {customers.FieldExternalID, p.ExternalID}} {
		if c.v != "" {
			set = append(set, c.f)
		}
	}
	if bad := missingFrom(set, caps.Search); len(bad) > 0 {
		return customers.NotSupported(provider, customers.OpSearch, bad...)
	}
	if len(set) == 0 {
		return Refuse(provider, customers.OpSearch, "params", "set at least one of "+joinFields(caps.Search))
	}
	if pr := searchProblems(p); len(pr) > 0 {
		return backend.Invalid(provider, customers.OpSearch, pr)
	}
	return nil
}

func missingFrom(fields, allowed []customers.Field) []customers.Field {
	var out []customers.Field
	for _, f := range fields {
		if !slices.Contains(allowed, f) {
			out = append(out, f)
		}
	}
	return out
}

func joinFields(fs []customers.Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Country is an ISO 3166-1 alpha-2 code as the providers take it: upper case.
// "sg" and "SG" name the same country, so every adapter accepts either
// rather than one provider refusing what another takes.
func Country(code string) string { return strings.ToUpper(code) }

// Value is an update field sent only when o sets it: conv of the value, nil
// when o leaves the field unchanged (a field the provider cannot clear).
func Value[T, W any](o customers.Optional[T], conv func(T) W) *W {
	v, ok := o.Value()
	if !ok {
		return nil
	}
	w := conv(v)
	return &w
}
