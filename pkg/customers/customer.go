package customers

import (
	"encoding/json"
	"time"
)

// Customer is a provider's customer in one shape for every provider. Fields
// the provider does not store stay empty; Raw holds the provider's own JSON so
// nothing it returned is out of reach.
type Customer struct {
	ID       string // the provider's id (HitPay UUID, "cus_…" elsewhere)
	Provider string // "hitpay", "notchpay", "soap" or "useepay"

	Name      string // full name; see the package doc for how each provider fills it
	FirstName string
	LastName  string
	Email     string
	// Phone is E.164 ("+6591234567") whenever the country can be derived from
	// what the provider returned; otherwise the provider's digits as sent.
	Phone       string
	BirthDate   Date
	Gender      string
	Company     string
	Description string // HitPay remark, UseePay description
	ExternalID  string // the merchant's own id: UseePay merchant_customer_id, Soap internal_id

	Address        *Address
	BillingAddress *Address
	Shipping       *Shipping // UseePay

	Metadata map[string]string
	Blocked  bool // Notch Pay

	CreatedAt time.Time
	UpdatedAt time.Time

	// Raw is the provider's JSON for this customer, exactly as received.
	Raw json.RawMessage
}

// Address is a postal address. Country is ISO 3166-1 alpha-2 ("SG"); "sg"
// is accepted too and sent upper case, and returned addresses carry it upper
// case.
type Address struct {
	Line1      string
	Line2      string
	City       string
	State      string
	PostalCode string
	Country    string
}

// IsZero reports whether no field of a is set.
func (a Address) IsZero() bool { return a == Address{} }

// Shipping is where and to whom goods are shipped (UseePay).
type Shipping struct {
	Name      string
	FirstName string
	LastName  string
	Phone     string // E.164 where it can be derived
	Method    string
	Address   *Address
}

// PaymentMethod is a payment method saved on a customer (Notch Pay).
type PaymentMethod struct {
	ID        string
	Type      string // "Mobile Money", "card", …
	Channel   string // "cm.mtn", …
	Phone     string
	CreatedAt time.Time
	Raw       json.RawMessage
}

// Payment is one of a customer's payments (Notch Pay).
type Payment struct {
	ID        string // the provider's payment id ("pay_…"); the merchant's reference is in Raw
	Amount    float64
	Currency  string
	Status    string
	CreatedAt time.Time
	Raw       json.RawMessage
}
