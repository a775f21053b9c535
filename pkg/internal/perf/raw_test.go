package perf

// Plain structs a careful hand-written client would decode into: every field
// the provider answers that the facade maps, strings for dates, no nullables.

type hitpayAddress struct {
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

type hitpayCustomer struct {
	ID                     string         `json:"id,omitempty"`
	Name                   string         `json:"name,omitempty"`
	Email                  string         `json:"email,omitempty"`
	PhoneNumber            string         `json:"phone_number,omitempty"`
	PhoneNumberCountryCode string         `json:"phone_number_country_code,omitempty"`
	BirthDate              string         `json:"birth_date,omitempty"`
	Gender                 string         `json:"gender,omitempty"`
	Remark                 string         `json:"remark,omitempty"`
	Address                *hitpayAddress `json:"address,omitempty"`
	CreatedAt              string         `json:"created_at,omitempty"`
	UpdatedAt              string         `json:"updated_at,omitempty"`
}

type hitpayList struct {
	Data []hitpayCustomer `json:"data"`
	Meta struct {
		NextCursor *string `json:"next_cursor"`
		PerPage    int     `json:"per_page"`
	} `json:"meta"`
}

type notchpayAddress struct {
	AddressLine1 string `json:"address_line1,omitempty"`
	AddressLine2 string `json:"address_line2,omitempty"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	Country      string `json:"country,omitempty"`
}

type notchpayCustomer struct {
	ID          string            `json:"id,omitempty"`
	Name        string            `json:"name,omitempty"`
	Email       string            `json:"email,omitempty"`
	Phone       string            `json:"phone,omitempty"`
	CompanyName string            `json:"company_name,omitempty"`
	Address     *notchpayAddress  `json:"address,omitempty"`
	Billing     *notchpayAddress  `json:"billing,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	Blocked     bool              `json:"blocked,omitempty"`
	Sandbox     bool              `json:"sandbox,omitempty"`
	CreatedAt   string            `json:"created_at,omitempty"`
	UpdatedAt   string            `json:"updated_at,omitempty"`
}

type notchpayOne struct {
	Code     int              `json:"code"`
	Status   string           `json:"status"`
	Message  string           `json:"message"`
	Customer notchpayCustomer `json:"customer"`
}

type notchpayList struct {
	Code        int                `json:"code"`
	Items       []notchpayCustomer `json:"items"`
	CurrentPage int                `json:"current_page"`
	LastPage    int                `json:"last_page"`
	Totals      int                `json:"totals"`
}

type soapCustomer struct {
	ID          string `json:"id,omitempty"`
	Email       string `json:"email,omitempty"`
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	PhoneNumber string `json:"phone_number,omitempty"`
	DateOfBirth string `json:"date_of_birth,omitempty"`
	InternalID  string `json:"internal_id,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	UpdatedAt   string `json:"updated_at,omitempty"`
}

type soapList struct {
	Results []soapCustomer `json:"results"`
}

type useepayAddress struct {
	Line1    string `json:"line1,omitempty"`
	Line2    string `json:"line2,omitempty"`
	City     string `json:"city,omitempty"`
	State    string `json:"state,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Country  string `json:"country,omitempty"`
}

type useepayCustomer struct {
	ID                 string          `json:"id,omitempty"`
	MerchantCustomerID string          `json:"merchant_customer_id,omitempty"`
	Name               string          `json:"name,omitempty"`
	FirstName          string          `json:"first_name,omitempty"`
	LastName           string          `json:"last_name,omitempty"`
	Email              string          `json:"email,omitempty"`
	Phone              string          `json:"phone,omitempty"`
	Description        string          `json:"description,omitempty"`
	Address            *useepayAddress `json:"address,omitempty"`
	Shipping           *struct {
		Name    string          `json:"name,omitempty"`
		Phone   string          `json:"phone,omitempty"`
		Address *useepayAddress `json:"address,omitempty"`
	} `json:"shipping,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`
	MerchantNo string            `json:"merchant_no,omitempty"`
	AppID      string            `json:"app_id,omitempty"`
	CreateAt   string            `json:"create_at,omitempty"`
	ModifyAt   string            `json:"modify_at,omitempty"`
}

type useepayList struct {
	HasMore bool              `json:"has_more"`
	Items   []useepayCustomer `json:"items"`
}

// rawTypes returns, per provider, new decode targets: the request body
// (create and update), one customer's answer, and a list page.
type rawTypes struct {
	body   func() any
	single func() any
	list   func() any
}

var rawOf = map[string]rawTypes{
	"hitpay": {
		body: func() any { return new(hitpayCustomer) }, single: func() any { return new(hitpayCustomer) },
		list: func() any { return new(hitpayList) },
	},
	"notchpay": {
		body: func() any { return new(notchpayCustomer) }, single: func() any { return new(notchpayOne) },
		list: func() any { return new(notchpayList) },
	},
	"soap": {
		body: func() any { return new(soapCustomer) }, single: func() any { return new(soapCustomer) },
		list: func() any { return new(soapList) },
	},
	"useepay": {
		body: func() any { return new(useepayCustomer) }, single: func() any { return new(useepayCustomer) },
		list: func() any { return new(useepayList) },
	},
}
