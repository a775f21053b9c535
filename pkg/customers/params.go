package customers

// CreateParams are the fields of a new customer. Empty fields are not sent. A
// field the provider cannot store fails Create with ErrNotSupported instead of
// being dropped; Capabilities().Create lists what each provider stores and
// Capabilities().Required what it needs.
type CreateParams struct {
	Name        string `json:"name,omitempty"`
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	Email       string `json:"email,omitempty"`
	Phone       string `json:"phone,omitempty"` // E.164, e.g. "+6591234567", or without "+" the provider's stored form (package doc)
	BirthDate   Date   `json:"birth_date,omitzero"`
	Gender      string `json:"gender,omitempty"`
	Company     string `json:"company,omitempty"`
	Description string `json:"description,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`

	Address        *Address  `json:"address,omitempty"`
	BillingAddress *Address  `json:"billing_address,omitempty"`
	Shipping       *Shipping `json:"shipping,omitempty"`

	Metadata map[string]string `json:"metadata,omitempty"`
}

// UpdateParams are the changes to a customer. Each field is unchanged unless
// built with Set or Clear:
//
//	p := &customers.UpdateParams{
//		Email: customers.Set("ada@example.com"),
//		Phone: customers.Clear[string](),
//	}
//
// An update that changes nothing fails with ErrInvalidRequest before any call.
type UpdateParams struct {
	Name        Optional[string]
	FirstName   Optional[string]
	LastName    Optional[string]
	Email       Optional[string]
	Phone       Optional[string] // as CreateParams.Phone
	BirthDate   Optional[Date]
	Gender      Optional[string]
	Company     Optional[string]
	Description Optional[string]
	ExternalID  Optional[string]

	Address        Optional[Address]
	BillingAddress Optional[Address]
	Shipping       Optional[Shipping]

	Metadata Optional[map[string]string]
}

// ListParams controls List. The zero value lists everything with the
// provider's default page size.
type ListParams struct {
	// PageSize is how many customers each provider request asks for; 0 uses
	// the provider's default. A negative size or one above the provider's
	// maximum (Capabilities().MaxPageSize) fails with ErrInvalidRequest.
	PageSize int
}

// SearchParams are search criteria. Providers honour different subsets (see
// Capabilities().Search); setting a criterion the provider lacks fails with
// ErrNotSupported. Several criteria are combined with AND where the provider
// supports that.
type SearchParams struct {
	Query      string // free text over name, email and phone (HitPay keywords, Notch Pay search)
	Email      string // exact e-mail (Soap, UseePay)
	Phone      string // phone as CreateParams.Phone (Soap, UseePay)
	ExternalID string // the merchant's own id (UseePay)
	PageSize   int
}

// PaymentListParams controls PaymentLister.ListPayments.
type PaymentListParams struct {
	Status   string // provider status filter, e.g. "complete"; empty for all
	PageSize int
}
