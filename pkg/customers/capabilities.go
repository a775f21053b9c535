package customers

import "slices"

// Operation names a Service method or an optional extra.
type Operation string

// The operations a provider may offer.
const (
	OpCreate             Operation = "create"
	OpGet                Operation = "get"
	OpUpdate             Operation = "update"
	OpDelete             Operation = "delete"
	OpList               Operation = "list"
	OpSearch             Operation = "search"
	OpBlock              Operation = "block"
	OpUnblock            Operation = "unblock"
	OpListPaymentMethods Operation = "list_payment_methods"
	OpListPayments       Operation = "list_payments"
)

// Field names a field of Customer, CreateParams, UpdateParams or SearchParams.
// Errors and capabilities use these names.
type Field string

// The facade's fields.
const (
	FieldName           Field = "Name"
	FieldFirstName      Field = "FirstName"
	FieldLastName       Field = "LastName"
	FieldEmail          Field = "Email"
	FieldPhone          Field = "Phone"
	FieldBirthDate      Field = "BirthDate"
	FieldGender         Field = "Gender"
	FieldCompany        Field = "Company"
	FieldDescription    Field = "Description"
	FieldExternalID     Field = "ExternalID"
	FieldAddress        Field = "Address"
	FieldAddressLine2   Field = "Address.Line2"
	FieldBillingAddress Field = "BillingAddress"
	FieldShipping       Field = "Shipping"
	FieldMetadata       Field = "Metadata"
	FieldQuery          Field = "Query"
)

// Capabilities says what a provider supports, so callers can decide before
// calling. Every list is sorted and never nil.
type Capabilities struct {
	// Operations the provider offers, extras included.
	Operations []Operation
	// Create lists the fields Create can store.
	Create []Field
	// Required lists the fields Create needs. RequiredOneOf lists groups of
	// which at least one field must be set (e.g. Email or Phone).
	Required      []Field
	RequiredOneOf [][]Field
	// Update lists the fields Update can set; Clear those it can clear.
	Update []Field
	Clear  []Field
	// Search lists the SearchParams fields the provider honours.
	Search []Field
	// MaxPageSize is the largest page the provider serves (0: unknown).
	MaxPageSize int
}

// Supports reports whether op is offered.
func (c Capabilities) Supports(op Operation) bool { return slices.Contains(c.Operations, op) }

// CanCreate reports whether Create can store f.
func (c Capabilities) CanCreate(f Field) bool { return slices.Contains(c.Create, f) }

// CanUpdate reports whether Update can set f.
func (c Capabilities) CanUpdate(f Field) bool { return slices.Contains(c.Update, f) }

// CanClear reports whether Update can clear f.
func (c Capabilities) CanClear(f Field) bool { return slices.Contains(c.Clear, f) }

// Clone returns a deep copy with every list non-nil, so a caller can change
// it freely: adapters hand out clones, never their own lists.
func (c Capabilities) Clone() Capabilities {
	out := c
	out.Operations = append([]Operation{}, c.Operations...)
	out.RequiredOneOf = make([][]Field, len(c.RequiredOneOf))
	for i, g := range c.RequiredOneOf {
		out.RequiredOneOf[i] = append([]Field{}, g...)
	}
	for _, l := range []*[]Field{&out.Create, &out.Required, &out.Update, &out.Clear, &out.Search} {
		*l = append([]Field{}, *l...)
	}
	return out
}
