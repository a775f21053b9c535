package customers

import (
	"encoding/json"
	"time"
)

// Customer is a provider's customer in one shape for every provider. Fields
// the provider does not store stay empty; Raw holds the provider's own JSON so
// nothing it returned is out of reach. It marshals to JSON with snake_case
// names ("first_name"), empty fields left out; Raw is not marshalled.
type Customer struct {
	ID       string `json:"id,omitempty"`       // the provider's id (HitPay UUID, "cus_…" elsewhere)
	Provider string `json:"provider,omitempty"` // "hitpay", "notchpay", "soap" or "useepay"

	Name      string `json:"name,omitempty"` // full name; see the package doc for how each provider fills it
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Email     string `json:"email,omitempty"`
	// Phone is E.164 ("+6591234567") whenever the country can be derived from
	// what the provider returned; otherwise the provider's digits as sent,
	// which HitPay, Soap and UseePay accept back unchanged (see the package doc).
	Phone       string `json:"phone,omitempty"`
	BirthDate   Date   `json:"birth_date,omitzero"`
	Gender      string `json:"gender,omitempty"`
	Company     string `json:"company,omitempty"`
	Description string `json:"description,omitempty"` // HitPay remark, UseePay description
	ExternalID  string `json:"external_id,omitempty"` // the merchant's own id: UseePay merchant_customer_id, Soap internal_id

	Address        *Address  `json:"address,omitempty"`
	BillingAddress *Address  `json:"billing_address,omitempty"`
	Shipping       *Shipping `json:"shipping,omitempty"` // UseePay

	Metadata map[string]string `json:"metadata,omitempty"`
	Blocked  bool              `json:"blocked,omitempty"` // Notch Pay

	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`

	// Raw is the provider's JSON for this customer, exactly as received.
	Raw json.RawMessage `json:"-"`
}

// Address is a postal address. Country is ISO 3166-1 alpha-2 ("SG"); "sg"
// is accepted too and sent upper case, and returned addresses carry it upper
// case.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// IsZero reports whether no field of a is set.
func (a Address) IsZero() bool { return a == Address{} }

// Shipping is where and to whom goods are shipped (UseePay).
type Shipping struct {
	Name      string   `json:"name,omitempty"`
	FirstName string   `json:"first_name,omitempty"`
	LastName  string   `json:"last_name,omitempty"`
	Phone     string   `json:"phone,omitempty"` // E.164 where it can be derived
	Method    string   `json:"method,omitempty"`
	Address   *Address `json:"address,omitempty"`
}

// PaymentMethod is a payment method saved on a customer (Notch Pay).
type PaymentMethod struct {
	ID        string          `json:"id,omitempty"`
	Type      string          `json:"type,omitempty"`    // "Mobile Money", "card", …
	Channel   string          `json:"channel,omitempty"` // "cm.mtn", …
	Phone     string          `json:"phone,omitempty"`
	CreatedAt time.Time       `json:"created_at,omitzero"`
	Raw       json.RawMessage `json:"-"`
}

// Payment is one of a customer's payments (Notch Pay).
type Payment struct {
	ID        string          `json:"id,omitempty"` // the provider's payment id ("pay_…"); the merchant's reference is in Raw
	Amount    float64         `json:"amount,omitempty"`
	Currency  string          `json:"currency,omitempty"`
	Status    string          `json:"status,omitempty"`
	CreatedAt time.Time       `json:"created_at,omitzero"`
	Raw       json.RawMessage `json:"-"`
}
