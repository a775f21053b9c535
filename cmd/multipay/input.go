package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/multipay/multipay/pkg/customers"
)

// scalar is a string field of Customer: its flag and its JSON name.
type scalar struct{ flag, key, help string }

// customerScalars are the facade's text and date fields, from its field
// table: one flag each, named after the JSON name in kebab case.
var customerScalars = fieldFlags(customers.KindString, customers.KindDate)

// fieldFlags returns a flag for each facade field of the given kinds.
func fieldFlags(kinds ...customers.FieldKind) []scalar {
	var out []scalar
	for _, f := range customers.Fields() {
		if slices.Contains(kinds, f.Kind) {
			out = append(out, scalar{flagName(f), f.JSON, f.Doc})
		}
	}
	return out
}

var addressParts = []scalar{
	{"line1", "line1", "street line 1"}, {"line2", "line2", "street line 2"}, {"city", "city", "city"},
	{"state", "state", "state or region"}, {"postal-code", "postal_code", "postal code"},
	{"country", "country", "ISO 3166-1 alpha-2 country (SG)"},
}

var shippingParts = []scalar{
	{"name", "name", "recipient's name"}, {"first-name", "first_name", "recipient's first name"},
	{"last-name", "last_name", "recipient's last name"}, {"phone", "phone", "recipient's phone, E.164 or as the provider stores it"},
	{"method", "method", "shipping method"},
}

// objectFlags take a nested object as JSON; the part flags refine it.
var objectFlags = func() []scalar {
	examples := map[customers.FieldKind]string{
		customers.KindAddress:  `{"line1": …, "city": …, "postal_code": …, "country": "SG"}`,
		customers.KindShipping: `{"name": …, "phone": …, "method": …, "address": {…}}`,
	}
	out := fieldFlags(customers.KindAddress, customers.KindShipping)
	for i := range out {
		f, _ := fieldByJSON(out[i].key)
		out[i].help = f.Doc + " as JSON: " + examples[f.Kind]
	}
	return out
}()

func fieldByJSON(key string) (customers.FieldInfo, bool) {
	for _, f := range customers.Fields() {
		if f.JSON == key {
			return f, true
		}
	}
	return customers.FieldInfo{}, false
}

// customerInput is a customer given on the command line: --data, then flags
// on top, as one JSON document with the facade's JSON names.
type customerInput struct {
	flags    *pflag.FlagSet
	values   map[string]*string // flag name → value
	metadata []string
	data     string
	clear    []string
}

func (in *customerInput) register(fs *pflag.FlagSet, withClear bool) {
	in.flags, in.values = fs, map[string]*string{}
	str := func(name, help string) { in.values[name] = fs.String(name, "", help) }
	for _, s := range customerScalars {
		str(s.flag, s.help)
	}
	for _, prefix := range []string{"address", "billing"} {
		for _, p := range addressParts {
			str(prefix+"-"+p.flag, strings.Replace(prefix, "billing", "billing address", 1)+": "+p.help)
		}
	}
	for _, p := range append(shippingParts[:len(shippingParts):len(shippingParts)], addressParts...) {
		str("shipping-"+p.flag, "shipping: "+p.help)
	}
	for _, j := range objectFlags {
		str(j.flag, j.help)
	}
	fs.StringArrayVar(&in.metadata, "metadata", nil, "metadata key=value (repeatable)")
	fs.StringVarP(&in.data, "data", "d", "", "the customer as JSON: inline, @file.json, or - for stdin (flags override it)")
	if withClear {
		fs.StringSliceVar(&in.clear, "clear", nil, "fields to clear, comma-separated, named as their flags (birth-date) or in JSON (birth_date): name, email, address, billing-address, shipping, metadata, …")
	}
}

// document merges --data and the flags that were set.
func (in *customerInput) document(stdin io.Reader) (map[string]any, error) {
	doc, err := readData("data", in.data, stdin)
	if err != nil {
		return nil, err
	}
	for _, s := range customerScalars {
		in.put(doc, s.flag, s.key)
	}
	for _, j := range objectFlags {
		if err := in.putObject(doc, j, stdin); err != nil {
			return nil, err
		}
	}
	in.putAddress(doc, "address", "address")
	in.putAddress(doc, "billing", "billing_address")
	ship := sub(doc, "shipping")
	for _, p := range shippingParts {
		in.put(ship, "shipping-"+p.flag, p.key)
	}
	in.putAddress(ship, "shipping", "address")
	prune(doc, "shipping")
	if len(in.metadata) > 0 {
		md := sub(doc, "metadata")
		for _, kv := range in.metadata {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, usagef("--metadata: want key=value with a key")
			}
			md[k] = v
		}
	}
	return doc, nil
}

func (in *customerInput) put(doc map[string]any, flag, key string) {
	if in.flags.Changed(flag) {
		doc[key] = *in.values[flag]
	}
}

func (in *customerInput) putObject(doc map[string]any, j scalar, stdin io.Reader) error {
	if !in.flags.Changed(j.flag) {
		return nil
	}
	obj, err := readData(j.flag, *in.values[j.flag], stdin)
	if err != nil {
		return err
	}
	doc[j.key] = obj
	return nil
}

func (in *customerInput) putAddress(doc map[string]any, prefix, key string) {
	ad := sub(doc, key)
	for _, p := range addressParts {
		in.put(ad, prefix+"-"+p.flag, p.key)
	}
	prune(doc, key)
}

// sub returns doc[key] as an object, creating it (prune removes it if unused).
func sub(doc map[string]any, key string) map[string]any {
	if m, ok := doc[key].(map[string]any); ok {
		return m
	}
	if doc[key] == nil {
		if _, present := doc[key]; present {
			return map[string]any{} // an explicit null (a clear): flags do not revive it
		}
	}
	m := map[string]any{}
	doc[key] = m
	return m
}

func prune(doc map[string]any, key string) {
	if m, ok := doc[key].(map[string]any); ok && len(m) == 0 {
		delete(doc, key)
	}
}

// Bounds on what one flag reads from a file or stdin: a customer is a few
// KiB, and @/dev/zero or a FIFO must not fill the memory.
const (
	maxInputBytes = 1 << 20  // --data, --address, … (@file or -)
	maxStateBytes = 64 << 20 // serve --state: every fake's customers
)

// readAtMost reads r to its end, refusing more than limit bytes: it reads
// limit+1 to tell a full input from a cut one.
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than the %d MiB limit", limit>>20)
	}
	return b, err
}

// readFileAtMost is readAtMost for the file at path.
func readFileAtMost(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	return readAtMost(f, limit)
}

// readData reads a JSON object flag such as --data: inline JSON, @file or
// - (stdin).
func readData(flag, data string, stdin io.Reader) (map[string]any, error) {
	var raw []byte
	var err error
	switch {
	case data == "":
		return map[string]any{}, nil
	case data == "-":
		raw, err = readAtMost(stdin, maxInputBytes)
	case strings.HasPrefix(data, "@"):
		raw, err = readFileAtMost(data[1:], maxInputBytes)
	default:
		raw = []byte(data)
	}
	if err != nil {
		return nil, usagef("--%s: %v", flag, err)
	}
	doc := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, usagef("--%s: not a JSON object (%s)", flag, decodeProblem(err))
	}
	return doc, nil
}

// decodeProblem says what is wrong with a JSON input without quoting it: the
// decoders' own messages can echo the customer's data ("…" is not a date).
func decodeProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "not valid JSON"
	case errors.As(err, &typ):
		return "wrong JSON type"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return strings.TrimPrefix(err.Error(), "json: ") // a field name
	}
	return "not a valid value"
}

// createParams builds Create's input. Each field is checked on its own
// first, as for an update, so that an error names the field.
func (in *customerInput) createParams(stdin io.Reader) (*customers.CreateParams, error) {
	doc, err := in.document(stdin)
	if err != nil {
		return nil, err
	}
	if err := in.setFields(&customers.UpdateParams{}, doc); err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	p := &customers.CreateParams{}
	if err := json.Unmarshal(b, p); err != nil {
		return nil, usagef("customer input: %s", decodeProblem(err))
	}
	return p, nil
}

// updateParams builds Update's input: a field present sets it, null or
// --clear clears it, absent leaves it.
func (in *customerInput) updateParams(stdin io.Reader) (*customers.UpdateParams, error) {
	doc, err := in.document(stdin)
	if err != nil {
		return nil, err
	}
	u := &customers.UpdateParams{}
	for _, name := range in.clear {
		f, ok := fieldByAnyName(name)
		if !ok {
			return nil, usagef("--clear %q: not a field (have %s)", name, strings.Join(fieldFlagNames(), ", "))
		}
		if v, set := doc[jsonField(f)]; set && v != nil {
			return nil, usagef("--clear %s: the field is also given a value; set it or clear it, not both", flagField(f))
		}
		_ = u.ClearField(f) // every facade field is clearable
	}
	return u, in.setFields(u, doc)
}

func fieldFlagNames() []string {
	var out []string
	for _, f := range customers.Fields() {
		out = append(out, flagName(f))
	}
	return out
}

// setFields sets u's fields from doc, one at a time, so that an error names
// the field by its flag, or by its JSON name in --data; it never quotes the
// value (field names are not customer data).
func (in *customerInput) setFields(u *customers.UpdateParams, doc map[string]any) error {
	for key, v := range doc {
		set, ok := updaters[key]
		if !ok {
			return usagef("--data: unknown field %q", key)
		}
		if err := set(u, v); err != nil {
			f, _ := fieldByJSON(key)
			return usagef("%s: %s (want %s)", in.source(f), decodeProblem(err), f.Doc)
		}
	}
	return nil
}

// source names where a field's value came from: its flag, which overrides
// --data, else --data.
func (in *customerInput) source(f customers.FieldInfo) string {
	if in.flags.Changed(flagName(f)) {
		return "--" + flagName(f)
	}
	return "--data: " + f.JSON
}

// updaters set one UpdateParams field from its JSON value.
var updaters = map[string]func(*customers.UpdateParams, any) error{
	"name":            func(u *customers.UpdateParams, v any) error { return setOpt(&u.Name, v) },
	"first_name":      func(u *customers.UpdateParams, v any) error { return setOpt(&u.FirstName, v) },
	"last_name":       func(u *customers.UpdateParams, v any) error { return setOpt(&u.LastName, v) },
	"email":           func(u *customers.UpdateParams, v any) error { return setOpt(&u.Email, v) },
	"phone":           func(u *customers.UpdateParams, v any) error { return setOpt(&u.Phone, v) },
	"birth_date":      func(u *customers.UpdateParams, v any) error { return setOpt(&u.BirthDate, v) },
	"gender":          func(u *customers.UpdateParams, v any) error { return setOpt(&u.Gender, v) },
	"company":         func(u *customers.UpdateParams, v any) error { return setOpt(&u.Company, v) },
	"description":     func(u *customers.UpdateParams, v any) error { return setOpt(&u.Description, v) },
	"external_id":     func(u *customers.UpdateParams, v any) error { return setOpt(&u.ExternalID, v) },
	"address":         func(u *customers.UpdateParams, v any) error { return setOpt(&u.Address, v) },
	"billing_address": func(u *customers.UpdateParams, v any) error { return setOpt(&u.BillingAddress, v) },
	"shipping":        func(u *customers.UpdateParams, v any) error { return setOpt(&u.Shipping, v) },
	"metadata":        func(u *customers.UpdateParams, v any) error { return setOpt(&u.Metadata, v) },
}

// setOpt sets o from a JSON value: null clears, anything else must decode
// into T (strictly).
func setOpt[T any](o *customers.Optional[T], v any) error {
	if v == nil {
		*o = customers.Clear[T]()
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var t T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return err
	}
	*o = customers.Set(t)
	return nil
}
