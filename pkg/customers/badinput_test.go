package customers_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/providers"
)

// validCreate sets every field some provider stores, with values every
// provider accepts; Only(caps.Create...) trims it to one provider's fields.
func validCreate() *customers.CreateParams {
	return &customers.CreateParams{
		Name: "Ada King", FirstName: "Ada", LastName: "King", Email: "ada.king@example.com",
		Phone: "+15125550143", BirthDate: customers.NewDate(1990, 2, 3), Gender: "female",
		Company: "Acme", Description: "VIP", ExternalID: "crm-1",
		Address:        &customers.Address{Line1: "1 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"},
		BillingAddress: &customers.Address{Line1: "2 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"},
		Shipping: &customers.Shipping{Name: "Ada King", Phone: "+15125550143", Method: "courier",
			Address: &customers.Address{Line1: "3 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"}},
		Metadata: map[string]string{"tier": "gold"},
	}
}

// badValue is one value no provider may receive, and where it goes.
type badValue struct {
	name  string
	field string          // the facade field the error must name
	needs customers.Field // the capability that must hold the field
	set   func(*customers.CreateParams)
	upd   func(*customers.UpdateParams) // nil: not tried on update
}

var tomorrow = time.Now().AddDate(0, 0, 2)

// badValues: invalid UTF-8, C0/C1 controls, bidi overrides, non-ISO
// countries, impossible birth dates, and phones outside Soap's region.
var badValues = []badValue{
	{"name invalid UTF-8", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "Ada \xff King" },
		func(u *customers.UpdateParams) { u.Name = customers.Set("Ada \xc3") }},
	{"name NUL", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "Ada\x00King" },
		func(u *customers.UpdateParams) { u.Name = customers.Set("Ada\x00") }},
	{"name CRLF", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "Ada\r\nBcc: x" }, nil},
	{"name ANSI escape", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "\x1b[31mAda" }, nil},
	{"name bidi override", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "Ada \u202eKing" },
		func(u *customers.UpdateParams) { u.Name = customers.Set("\u2067Ada") }},
	{"name C1 control", "Name", customers.FieldName, func(p *customers.CreateParams) { p.Name = "Ada\u0085King" }, nil},
	{"first name NUL", "FirstName", customers.FieldFirstName, func(p *customers.CreateParams) { p.FirstName = "A\x00da" },
		func(u *customers.UpdateParams) { u.FirstName = customers.Set("A\x00") }},
	{"first name bidi", "FirstName", customers.FieldFirstName, func(p *customers.CreateParams) { p.FirstName = "\u202dAda" }, nil},
	{"last name invalid UTF-8", "LastName", customers.FieldLastName, func(p *customers.CreateParams) { p.LastName = "K\xffing" },
		func(u *customers.UpdateParams) { u.LastName = customers.Set("K\xff") }},
	{"email CR", "Email", customers.FieldEmail, func(p *customers.CreateParams) { p.Email = "ada@example.com\r" },
		func(u *customers.UpdateParams) { u.Email = customers.Set("ada@example.com\n") }},
	{"company bidi", "Company", customers.FieldCompany, func(p *customers.CreateParams) { p.Company = "Ac\u202eme" }, nil},
	{"description NUL", "Description", customers.FieldDescription, func(p *customers.CreateParams) { p.Description = "VIP\x00" },
		func(u *customers.UpdateParams) { u.Description = customers.Set("VIP\x1b[0m") }},
	{"external id newline", "ExternalID", customers.FieldExternalID, func(p *customers.CreateParams) { p.ExternalID = "crm\n1" }, nil},
	{"country XX", "Address.Country", customers.FieldAddress, func(p *customers.CreateParams) { p.Address.Country = "XX" },
		func(u *customers.UpdateParams) {
			u.Address = customers.Set(customers.Address{Line1: "1 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "ZZ"})
		}},
	{"country empty", "Address.Country", customers.FieldAddress, func(p *customers.CreateParams) { p.Address.Country = "" }, nil},
	{"country UK", "Address.Country", customers.FieldAddress, func(p *customers.CreateParams) { p.Address.Country = "UK" }, nil},
	{"city NUL", "Address.City", customers.FieldAddress, func(p *customers.CreateParams) { p.Address.City = "Aus\x00tin" }, nil},
	{"billing country XX", "BillingAddress.Country", customers.FieldBillingAddress, func(p *customers.CreateParams) { p.BillingAddress.Country = "XX" }, nil},
	{"shipping name bidi", "Shipping.Name", customers.FieldShipping, func(p *customers.CreateParams) { p.Shipping.Name = "Ada\u202e" }, nil},
	{"shipping country empty", "Shipping.Address.Country", customers.FieldShipping, func(p *customers.CreateParams) { p.Shipping.Address.Country = "" }, nil},
	{"metadata NUL", "Metadata", customers.FieldMetadata, func(p *customers.CreateParams) { p.Metadata = map[string]string{"tier": "g\x00"} },
		func(u *customers.UpdateParams) { u.Metadata = customers.Set(map[string]string{"t\x00": "x"}) }},
	{"birth date in the future", "BirthDate", customers.FieldBirthDate,
		func(p *customers.CreateParams) {
			p.BirthDate = customers.NewDate(tomorrow.Year(), tomorrow.Month(), tomorrow.Day())
		},
		func(u *customers.UpdateParams) { u.BirthDate = customers.Set(customers.NewDate(2999, 1, 1)) }},
	{"birth date before 1900", "BirthDate", customers.FieldBirthDate, func(p *customers.CreateParams) { p.BirthDate = customers.NewDate(1899, 12, 31) },
		func(u *customers.UpdateParams) { u.BirthDate = customers.Set(customers.NewDate(1066, 10, 14)) }},
}

// soapPhones are possible but not valid North American numbers: Soap
// documents that region, so libphonenumber's validity applies.
var soapPhones = []string{"+10000000000", "+11234567890", "+15120000000", "+19995550143"}

// idFor is an id of the provider's documented shape.
func idFor(provider string) string {
	if provider == "hitpay" {
		return "9b2ada28-be3c-47ab-883f-ba72e5d8305d"
	}
	return "cus_abc123"
}

// outcomes tallies the bad-input table per provider for the closing note.
type outcomes struct {
	mu   sync.Mutex
	runs map[string]int
}

func (o *outcomes) add(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.runs[key]++
}

// Bad input is refused before sending, at every provider, with
// ErrInvalidRequest naming the field, and nothing reaches the provider.
func TestBadInputIsRefusedWithItsField(t *testing.T) {
	t.Parallel()
	tally := &outcomes{runs: map[string]int{}}
	t.Cleanup(func() {
		total := 0
		for _, n := range tally.runs {
			total += n
		}
		t.Logf("bad-input table: %d cases %v", total, tally.runs)
		assert.GreaterOrEqual(t, total, 80, "the table covers too few cases")
	})
	for _, name := range providers.Names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, svc := connectAll(t, name)
			caps := svc.Capabilities()
			refused := func(t *testing.T, kind, field string, err error) {
				t.Helper()
				var ce *customers.Error
				require.ErrorAs(t, err, &ce)
				assert.ErrorIs(t, err, customers.ErrInvalidRequest)
				assert.Contains(t, ce.Fields, field, "fields %v", ce.Fields)
				assertNoPII(t, err, srv.Credentials.APIKey)
				tally.add(name + "/" + kind)
			}
			for _, bv := range badValues {
				if slices.Contains(caps.Create, bv.needs) {
					p := validCreate().Only(caps.Create...)
					bv.set(p)
					_, err := svc.Create(context.Background(), p)
					refused(t, "create", bv.field, err)
				}
				if bv.upd != nil && slices.Contains(caps.Update, bv.needs) {
					u := &customers.UpdateParams{}
					bv.upd(u)
					_, err := svc.Update(context.Background(), idFor(name), u)
					refused(t, "update", bv.field, err)
				}
			}
			if name == "soap" {
				for _, ph := range soapPhones {
					p := validCreate().Only(caps.Create...)
					p.Phone = ph
					_, err := svc.Create(context.Background(), p)
					refused(t, "create", "Phone", err)
					_, err = svc.Update(context.Background(), idFor(name), &customers.UpdateParams{Phone: customers.Set(ph)})
					refused(t, "update", "Phone", err)
				}
			}
			if s, ok := svc.(customers.Searcher); ok {
				for _, q := range []customers.SearchParams{{Query: "ada\x00"}, {Email: "ada@example.com\r\n"}, {Query: "\xff"}} {
					q = searchable(q, caps)
					for _, err := range s.Search(context.Background(), &q) {
						refused(t, "search", firstSet(q), err)
					}
				}
			}
			if caps.Supports(customers.OpList) {
				sizes := []int{-1, -100}
				if caps.MaxPageSize > 0 {
					sizes = append(sizes, caps.MaxPageSize+1)
				}
				for _, size := range sizes {
					for _, err := range svc.List(context.Background(), &customers.ListParams{PageSize: size}) {
						refused(t, "list", "PageSize", err)
					}
				}
			}
			assert.Empty(t, srv.Journal(), "refused input reached the provider")
		})
	}
}

// searchable moves a criterion to one the provider honours, keeping its
// bad value.
func searchable(q customers.SearchParams, caps customers.Capabilities) customers.SearchParams {
	v := q.Query + q.Email
	switch {
	case slices.Contains(caps.Search, customers.FieldQuery):
		return customers.SearchParams{Query: v}
	default:
		return customers.SearchParams{Email: v}
	}
}

func firstSet(q customers.SearchParams) string {
	if q.Query != "" {
		return string(customers.FieldQuery)
	}
	return string(customers.FieldEmail)
}

// The valid base of the table is accepted everywhere, so each refusal above
// is the bad value's doing.
func TestBadInputBaseIsValid(t *testing.T) {
	t.Parallel()
	for _, name := range providers.Names {
		_, svc := connectAll(t, name)
		c, err := svc.Create(context.Background(), validCreate().Only(svc.Capabilities().Create...))
		require.NoError(t, err, name)
		assert.NotEmpty(t, c.ID, name)
		assert.NotContains(t, c.Name+c.FirstName, "\uFFFD", name)
	}
}

// pii is every piece of customer data the table sends.
var pii = []string{"Ada", "King", "ada.king@example.com", "ada@example.com", "5125550143", "Main St", "Austin", "78701",
	"crm", "VIP", "Acme", "gold", "courier", "1990-02-03", "1899", "2999", "1066"}

// assertNoPII checks every common rendering of err for customer data and
// for the API key: errors get logged.
func assertNoPII(t *testing.T, err error, key string) {
	t.Helper()
	for _, out := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, s := range append(pii, key) {
			assert.NotContains(t, out, s)
		}
	}
}
