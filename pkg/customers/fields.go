package customers

import "slices"

// FieldKind is the type of a field's value.
type FieldKind int

// The kinds of facade fields. Values move through FieldInfo as these types:
// string, Date, Address, Shipping and map[string]string (never pointers).
const (
	KindString FieldKind = iota
	KindDate
	KindAddress
	KindShipping
	KindMetadata
)

// FieldInfo describes one field that Customer, CreateParams and UpdateParams
// share: its name, its JSON name and how to read and write it on each type.
// Fields lists them all; whatever walks the fields (CreateParams.Only,
// UpdateParams.ClearField, the adapters' capability checks, the conformance
// suite, the CLI's flags) derives from that one table, so adding a field is
// one entry here plus the adapters that store it.
type FieldInfo struct {
	Field Field
	JSON  string // the snake_case JSON name ("first_name")
	Kind  FieldKind
	Doc   string // a few words for help texts ("phone, E.164 (+6591234567)")

	customer func(*Customer) any
	create   func(*CreateParams) any
	isSet    func(*CreateParams) bool
	setC     func(*CreateParams, any)
	clearC   func(*CreateParams)
	update   func(*UpdateParams) (set, cleared bool)
	setU     func(*UpdateParams, any)
	clearU   func(*UpdateParams)
}

// FromCustomer returns the field's value on c (the zero value when absent).
func (f FieldInfo) FromCustomer(c *Customer) any { return f.customer(c) }

// FromCreate returns the field's value on p (the zero value when absent).
func (f FieldInfo) FromCreate(p *CreateParams) any { return f.create(p) }

// SetOnCreate reports whether p sets the field.
func (f FieldInfo) SetOnCreate(p *CreateParams) bool { return f.isSet(p) }

// PutCreate sets the field on p to v, which must be of the field's kind.
func (f FieldInfo) PutCreate(p *CreateParams, v any) { f.setC(p, v) }

// DropCreate removes the field from p.
func (f FieldInfo) DropCreate(p *CreateParams) { f.clearC(p) }

// OnUpdate reports whether u sets the field, or clears it.
func (f FieldInfo) OnUpdate(u *UpdateParams) (set, cleared bool) { return f.update(u) }

// PutUpdate makes u set the field to v, which must be of the field's kind.
func (f FieldInfo) PutUpdate(u *UpdateParams, v any) { f.setU(u, v) }

// ClearUpdate makes u clear the field.
func (f FieldInfo) ClearUpdate(u *UpdateParams) { f.clearU(u) }

// doc returns f with its help text.
func (f FieldInfo) doc(text string) FieldInfo { f.Doc = text; return f }

// value builds the FieldInfo of a field held as T on all three types.
func value[T any](f Field, json string, kind FieldKind, zero func(T) bool,
	c func(*Customer) *T, p func(*CreateParams) *T, u func(*UpdateParams) *Optional[T]) FieldInfo {
	return FieldInfo{
		Field: f, JSON: json, Kind: kind,
		customer: func(x *Customer) any { return *c(x) },
		create:   func(x *CreateParams) any { return *p(x) },
		isSet:    func(x *CreateParams) bool { return !zero(*p(x)) },
		setC:     func(x *CreateParams, v any) { *p(x) = v.(T) },
		clearC:   func(x *CreateParams) { var z T; *p(x) = z },
		update:   func(x *UpdateParams) (bool, bool) { o := u(x); return o.IsSet(), o.IsClear() },
		setU:     func(x *UpdateParams, v any) { *u(x) = Set(v.(T)) },
		clearU:   func(x *UpdateParams) { *u(x) = Clear[T]() },
	}
}

// pointer builds the FieldInfo of a field held as *T on Customer and
// CreateParams (nil when absent) and as Optional[T] on UpdateParams.
func pointer[T comparable](f Field, json string, kind FieldKind,
	c func(*Customer) **T, p func(*CreateParams) **T, u func(*UpdateParams) *Optional[T]) FieldInfo {
	deref := func(v *T) T {
		if v == nil {
			var z T
			return z
		}
		return *v
	}
	return FieldInfo{
		Field: f, JSON: json, Kind: kind,
		customer: func(x *Customer) any { return deref(*c(x)) },
		create:   func(x *CreateParams) any { return deref(*p(x)) },
		isSet:    func(x *CreateParams) bool { var z T; return *p(x) != nil && **p(x) != z },
		setC:     func(x *CreateParams, v any) { t := v.(T); *p(x) = &t },
		clearC:   func(x *CreateParams) { *p(x) = nil },
		update:   func(x *UpdateParams) (bool, bool) { o := u(x); return o.IsSet(), o.IsClear() },
		setU:     func(x *UpdateParams, v any) { *u(x) = Set(v.(T)) },
		clearU:   func(x *UpdateParams) { *u(x) = Clear[T]() },
	}
}

func text(f Field, json string, c func(*Customer) *string, p func(*CreateParams) *string, u func(*UpdateParams) *Optional[string]) FieldInfo {
	return value(f, json, KindString, func(s string) bool { return s == "" }, c, p, u)
}

// fields is the table, in the order fields appear on Customer.
var fields = []FieldInfo{
	text(FieldName, "name", func(c *Customer) *string { return &c.Name }, func(p *CreateParams) *string { return &p.Name }, func(u *UpdateParams) *Optional[string] { return &u.Name }).doc("full name"),
	text(FieldFirstName, "first_name", func(c *Customer) *string { return &c.FirstName }, func(p *CreateParams) *string { return &p.FirstName }, func(u *UpdateParams) *Optional[string] { return &u.FirstName }).doc("first name"),
	text(FieldLastName, "last_name", func(c *Customer) *string { return &c.LastName }, func(p *CreateParams) *string { return &p.LastName }, func(u *UpdateParams) *Optional[string] { return &u.LastName }).doc("last name"),
	text(FieldEmail, "email", func(c *Customer) *string { return &c.Email }, func(p *CreateParams) *string { return &p.Email }, func(u *UpdateParams) *Optional[string] { return &u.Email }).doc("e-mail"),
	text(FieldPhone, "phone", func(c *Customer) *string { return &c.Phone }, func(p *CreateParams) *string { return &p.Phone }, func(u *UpdateParams) *Optional[string] { return &u.Phone }).doc("phone, E.164 (+6591234567), or as the provider stores it without +"),
	value(FieldBirthDate, "birth_date", KindDate, Date.IsZero, func(c *Customer) *Date { return &c.BirthDate }, func(p *CreateParams) *Date { return &p.BirthDate }, func(u *UpdateParams) *Optional[Date] { return &u.BirthDate }).doc("birth date, YYYY-MM-DD"),
	text(FieldGender, "gender", func(c *Customer) *string { return &c.Gender }, func(p *CreateParams) *string { return &p.Gender }, func(u *UpdateParams) *Optional[string] { return &u.Gender }).doc("gender"),
	text(FieldCompany, "company", func(c *Customer) *string { return &c.Company }, func(p *CreateParams) *string { return &p.Company }, func(u *UpdateParams) *Optional[string] { return &u.Company }).doc("company"),
	text(FieldDescription, "description", func(c *Customer) *string { return &c.Description }, func(p *CreateParams) *string { return &p.Description }, func(u *UpdateParams) *Optional[string] { return &u.Description }).doc("description (HitPay remark)"),
	text(FieldExternalID, "external_id", func(c *Customer) *string { return &c.ExternalID }, func(p *CreateParams) *string { return &p.ExternalID }, func(u *UpdateParams) *Optional[string] { return &u.ExternalID }).doc("your own id for the customer"),
	pointer(FieldAddress, "address", KindAddress, func(c *Customer) **Address { return &c.Address }, func(p *CreateParams) **Address { return &p.Address }, func(u *UpdateParams) *Optional[Address] { return &u.Address }).doc("address"),
	pointer(FieldBillingAddress, "billing_address", KindAddress, func(c *Customer) **Address { return &c.BillingAddress }, func(p *CreateParams) **Address { return &p.BillingAddress }, func(u *UpdateParams) *Optional[Address] { return &u.BillingAddress }).doc("billing address"),
	pointer(FieldShipping, "shipping", KindShipping, func(c *Customer) **Shipping { return &c.Shipping }, func(p *CreateParams) **Shipping { return &p.Shipping }, func(u *UpdateParams) *Optional[Shipping] { return &u.Shipping }).doc("shipping (recipient, method, address)"),
	value(FieldMetadata, "metadata", KindMetadata, func(m map[string]string) bool { return len(m) == 0 }, func(c *Customer) *map[string]string { return &c.Metadata }, func(p *CreateParams) *map[string]string { return &p.Metadata }, func(u *UpdateParams) *Optional[map[string]string] { return &u.Metadata }).doc("metadata, string values"),
}

// Fields returns the table of the facade's fields, in the order they appear
// on Customer.
func Fields() []FieldInfo { return slices.Clone(fields) }

// FieldNamed returns the FieldInfo of f.
func FieldNamed(f Field) (FieldInfo, bool) {
	i := slices.IndexFunc(fields, func(fi FieldInfo) bool { return fi.Field == f })
	if i < 0 {
		return FieldInfo{}, false
	}
	return fields[i], true
}
