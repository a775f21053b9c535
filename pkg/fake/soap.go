package fake

// The Soap fake plays Soap's customer endpoints as specs/soap.yaml describes
// them:
//
//   - auth: Authorization "Bearer <key>" or the bare key (the docs show both);
//     anything else 401;
//   - create 201 with updated_at absent;
//   - PATCH partial, at least one field, unknown fields and nulls refused (422
//     with Rails' {"errors":{field:[...]}});
//   - e-mail unique case-insensitively and phone unique (422
//     {"errors":["Email has already been taken"]}, both messages when both
//     clash, with one customer or two); unknown ids 404
//     {"error":"Customer not found"};
//   - search by e-mail (case-insensitive) and/or phone (leading +1 and
//     non-digits stripped, 10 digits), ANDed, in creation order, without
//     date_of_birth and updated_at.
//
// Guessed:
//
//   - every error body (Soap documents none), and message wording;
//   - an unknown id on PATCH is a 404 even when the body is invalid too (Rails
//     looks the record up first);
//   - e-mail stored as sent; internal_id not unique; an empty search value
//     counts as absent; updated_at moves on every update.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/multipay/multipay/gen/soap"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/specguard"
)

// soapTimeLayout is Soap's timestamp layout: RFC 3339 in UTC, always with
// milliseconds (2025-03-10T16:08:14.427Z).
const soapTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// soapIDPattern is the spec's id pattern (new ids have 32 characters after
// "cus_"; the spec does not insist on the length).
var soapIDPattern = regexp.MustCompile(`^cus_[A-Za-z0-9]+$`)

// soapFake plays Soap's customer API: create (POST), partial update (PATCH)
// and search by email and/or phone number. Soap has no get, list or delete.
type soapFake struct {
	s     *settings
	store *store[soapCustomer]
}

func newSoap(s *settings) provider {
	return &soapFake{s: s, store: newStore[soapCustomer](s.maxCustomers, func(c *soapCustomer) string { return c.Id })}
}

// soapCustomer is a stored customer: the generated model, rendered on the
// wire with Soap's millisecond timestamps (flex.Time would drop trailing
// zeros of the fraction).
type soapCustomer struct{ soap.Customer }

// soapWire overrides the timestamps and the nullable fields of the embedded
// model (fields at the outer level win over the embedded ones of the same
// JSON name): Soap writes null for a field without a value.
type soapWire struct {
	soap.Customer
	InternalId  *string    `json:"internal_id"`
	PhoneNumber *string    `json:"phone_number"`
	DateOfBirth *flex.Date `json:"date_of_birth,omitempty"` // a zero Date is written as null
	CreatedAt   string     `json:"created_at"`
	UpdatedAt   string     `json:"updated_at,omitempty"`
}

func soapFormatTime(t flex.Time) string {
	if t.Raw != "" {
		return t.Raw
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(soapTimeLayout)
}

func (c soapCustomer) wire() soapWire {
	w := soapWire{
		Customer: c.Customer, InternalId: nullIfEmpty(c.InternalId), PhoneNumber: nullIfEmpty(c.PhoneNumber),
		DateOfBirth: &c.DateOfBirth, CreatedAt: soapFormatTime(c.CreatedAt),
	}
	if c.UpdatedAt != nil {
		w.UpdatedAt = soapFormatTime(*c.UpdatedAt)
	}
	return w
}

// searchWire is the customer as a search result: no date_of_birth and no
// updated_at, as on Soap's search page.
func (c soapCustomer) searchWire() soapWire {
	w := c.wire()
	w.DateOfBirth = nil
	w.UpdatedAt = ""
	return w
}

func (c soapCustomer) MarshalJSON() ([]byte, error) { return json.Marshal(c.wire()) }

func (c *soapCustomer) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &c.Customer) }

// soapNow is the fake's clock at Soap's precision (milliseconds, UTC).
func (f *soapFake) soapNow() flex.Time {
	return flex.NewTime(f.s.now().UTC().Truncate(time.Millisecond))
}

func (f *soapFake) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/customers", f.create)
	mux.HandleFunc("GET /api/v1/customers/search", f.search)
	mux.HandleFunc("PATCH /api/v1/customers/{id}", f.update)
}

func (f *soapFake) customers() customerStore { return f.store }

func (f *soapFake) invalidStatus() int { return http.StatusUnprocessableEntity }

// writeError answers with Soap's single-message body, {"error": "..."}.
func (f *soapFake) writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

// soapFieldErrors answers 422 with Rails' per-field map:
// {"errors": {"phone_number": ["must be 10 digits"]}}.
func soapFieldErrors(w http.ResponseWriter, errs map[string][]string) {
	raw, _ := json.Marshal(errs)
	msg := json.RawMessage(raw)
	writeJSON(w, http.StatusUnprocessableEntity, soap.SoapError{Errors: &msg})
}

// soapFullMessages answers 422 with Rails' full-message list:
// {"errors": ["Email has already been taken"]}.
func soapFullMessages(w http.ResponseWriter, messages []string) {
	raw, _ := json.Marshal(messages)
	msg := json.RawMessage(raw)
	writeJSON(w, http.StatusUnprocessableEntity, soap.SoapError{Errors: &msg})
}

func (f *soapFake) unauthorized(w http.ResponseWriter) {
	f.writeError(w, http.StatusUnauthorized, "Unauthorized")
}

// authorized accepts the key as a bearer token (the docs' auth block) and as
// the bare header value (every docs sample).
func (f *soapFake) authorized(r *http.Request) bool {
	want := f.s.creds.APIKey
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	got := h
	if len(h) > len("Bearer ") && strings.EqualFold(h[:len("Bearer ")], "Bearer ") {
		got = strings.TrimSpace(h[len("Bearer "):])
	}
	return sameSecret(got, want) || sameSecret(h, want)
}

func (f *soapFake) reject(w http.ResponseWriter, r *http.Request, kind specguard.RejectKind, err error) {
	switch kind {
	case specguard.NoRoute:
		f.writeError(w, http.StatusNotFound, "Not Found")
		return
	case specguard.Unauthenticated:
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Missing API key"})
		return
	}
	// The guard validates before the key is checked; Soap authenticates
	// first, so a bad key wins over a bad body.
	if !f.authorized(r) {
		f.unauthorized(w)
		return
	}
	// Soap looks the customer up before it validates the body (Rails'
	// record lookup): an id it does not know, malformed or not, is a 404.
	if specguard.Operation(r) == "updateCustomer" {
		id, _ := strings.CutPrefix(r.URL.Path, "/api/v1/customers/")
		if _, ok := f.store.get(id); !ok || !soapIDPattern.MatchString(id) {
			f.notFound(w)
			return
		}
	}
	errs := map[string][]string{}
	for _, fe := range specguard.FieldErrors(err) {
		if fe.Field == "" {
			fe.Field = "base"
		}
		errs[fe.Field] = append(errs[fe.Field], soapMessage(fe))
	}
	soapFieldErrors(w, errs)
}

// soapMessage turns a spec violation into a Rails-like message.
func soapMessage(fe specguard.FieldError) string {
	reason := fe.Message
	switch {
	case fe.Keyword == "pattern" && fe.Field == "phone_number":
		return "must be 10 digits"
	case fe.Keyword == "minLength":
		return "can't be blank"
	case fe.Keyword == "format" && strings.Contains(reason, `"email"`):
		return "is invalid"
	case fe.Keyword == "format" && strings.Contains(reason, `"date"`):
		return "is not a valid date"
	case fe.Keyword == "minProperties":
		return "at least one updatable field (first_name, last_name, email, phone_number, date_of_birth) must be provided"
	case fe.Keyword == "nullable":
		return "can't be null"
	case strings.Contains(reason, "failed to decode request body"):
		return "request body is not valid JSON"
	case strings.Contains(reason, "value is required but missing"):
		return "request body is required"
	}
	return reason
}

func (f *soapFake) notFound(w http.ResponseWriter) {
	f.writeError(w, http.StatusNotFound, "Customer not found")
}

// soapTaken compares two customers' email (ignoring case) and phone number,
// the fields Soap keeps unique per merchant.
type soapTaken struct{ email, phone bool }

func (t soapTaken) messages() []string {
	var out []string
	if t.email {
		out = append(out, "Email has already been taken")
	}
	if t.phone {
		out = append(out, "Phone number has already been taken")
	}
	return out
}

func (t soapTaken) Error() string { return strings.Join(t.messages(), ", ") }

// soapTakenIn merges every soapTaken in err, which joins the clashes with
// all other customers (store.create and store.update): an e-mail taken by
// one customer and a phone number taken by another are both reported.
func soapTakenIn(err error) (soapTaken, bool) {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // errors.As would stop at the first joined clash
		errs = joined.Unwrap()
	}
	var all soapTaken
	found := false
	for _, e := range errs {
		var t soapTaken
		if errors.As(e, &t) {
			all.email, all.phone, found = all.email || t.email, all.phone || t.phone, true
		}
	}
	return all, found
}

// soapUnique refuses another customer with this email or phone number; a nil
// one is not checked.
func soapUnique(email, phone *string) func(*soapCustomer) error {
	return func(other *soapCustomer) error {
		var t soapTaken
		t.email = email != nil && strings.EqualFold(other.Email, *email)
		if phone != nil {
			if p, ok := soapPhone(other); ok && p == *phone {
				t.phone = true
			}
		}
		if t.email || t.phone {
			return t
		}
		return nil
	}
}

func soapPhone(c *soapCustomer) (string, bool) {
	return c.PhoneNumber, c.PhoneNumber != ""
}

// soapDecode reads the (already validated) JSON body into v.
func soapDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		soapFieldErrors(w, map[string][]string{"base": {"is not valid JSON: " + err.Error()}})
		return false
	}
	return true
}

func soapBadDate(w http.ResponseWriter, d *flex.Date) bool {
	if d != nil && !d.Valid() {
		soapFieldErrors(w, map[string][]string{"date_of_birth": {"is not a valid date"}})
		return true
	}
	return false
}

func (f *soapFake) create(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthorized(w)
		return
	}
	var in soap.CreateCustomerJSONRequestBody
	if !soapDecode(w, r, &in) || soapBadDate(w, in.DateOfBirth) {
		return
	}
	c := soapCustomer{soap.Customer{
		Email:       in.Email,
		FirstName:   in.FirstName,
		LastName:    in.LastName,
		InternalId:  deref(in.InternalId),
		PhoneNumber: deref(in.PhoneNumber),
		CreatedAt:   f.soapNow(),
	}}
	if in.DateOfBirth != nil {
		c.DateOfBirth = *in.DateOfBirth
	}
	if err := f.store.createFresh(&c, soapNewID, soapUnique(&in.Email, in.PhoneNumber)); err != nil {
		f.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func soapNewID(c *soapCustomer) { c.Id = "cus_" + randomAlnum(32) }

func (f *soapFake) storeError(w http.ResponseWriter, err error) {
	taken, isTaken := soapTakenIn(err)
	switch {
	case isTaken:
		soapFullMessages(w, taken.messages())
	case errors.Is(err, errStoreFull):
		f.writeError(w, f.invalidStatus(), "Customer limit reached for this business")
	case errors.Is(err, errNotFound):
		f.notFound(w)
	default:
		f.writeError(w, http.StatusInternalServerError, err.Error())
	}
}

func (f *soapFake) update(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthorized(w)
		return
	}
	id := r.PathValue("id")
	var in soap.UpdateCustomerJSONRequestBody
	if !soapDecode(w, r, &in) || soapBadDate(w, in.DateOfBirth) {
		return
	}
	now := f.soapNow()
	var changed soapCustomer
	apply := func(c *soapCustomer) error {
		if in.Email != nil {
			c.Email = *in.Email
		}
		if in.FirstName != nil {
			c.FirstName = *in.FirstName
		}
		if in.LastName != nil {
			c.LastName = *in.LastName
		}
		if in.PhoneNumber != nil {
			c.PhoneNumber = *in.PhoneNumber
		}
		if in.DateOfBirth != nil {
			c.DateOfBirth = *in.DateOfBirth
		}
		c.UpdatedAt = &now
		changed = *c
		return nil
	}
	// Only the fields sent must stay unique: a customer that already shares a
	// value it does not change (seeded odd data) is not refused for it.
	if _, err := f.store.update(id, apply, soapUnique(in.Email, in.PhoneNumber)); err != nil {
		f.storeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, changed)
}

// soapNormalisePhone strips a leading +1 and every non-digit; what is left
// must be exactly 10 digits.
func soapNormalisePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "+1")
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	out := b.String()
	return out, len(out) == 10
}

func (f *soapFake) search(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthorized(w)
		return
	}
	q := r.URL.Query()
	email, hasEmail := strings.TrimSpace(q.Get("email")), q.Has("email")
	rawPhone, hasPhone := q.Get("phone_number"), q.Has("phone_number")
	hasEmail = hasEmail && email != ""
	hasPhone = hasPhone && strings.TrimSpace(rawPhone) != ""
	if !hasEmail && !hasPhone {
		soapFieldErrors(w, map[string][]string{"base": {"email or phone_number must be given"}})
		return
	}
	var phone string
	if hasPhone {
		var ok bool
		if phone, ok = soapNormalisePhone(rawPhone); !ok {
			soapFieldErrors(w, map[string][]string{"phone_number": {"must be 10 digits"}})
			return
		}
	}
	match := func(c *soapCustomer) bool {
		if hasEmail && !strings.EqualFold(c.Email, email) {
			return false
		}
		if hasPhone {
			if p, ok := soapPhone(c); !ok || p != phone {
				return false
			}
		}
		return true
	}
	items, _ := f.store.page(0, math.MaxInt, match)
	out := struct {
		Results []soapWire `json:"results"`
	}{Results: make([]soapWire, 0, len(items))}
	for _, c := range items {
		out.Results = append(out.Results, c.searchWire())
	}
	writeJSON(w, http.StatusOK, out)
}

var (
	soapFirstNames = []string{"Maria", "Sam", "John", "Aisha", "Wei", "Olivia", "Mateo", "Priya", "Lucas", "Hana"}
	soapLastNames  = []string{"Lopez", "Okafor", "Doe", "Bello", "Chen", "Smith", "Garcia", "Patel", "Silva", "Tanaka"}
)

// seed stores customer i: unique email, phone number and internal id derived
// from i.
func (f *soapFake) seed(i int) (string, error) {
	first := soapFirstNames[i%len(soapFirstNames)]
	last := soapLastNames[(i/len(soapFirstNames))%len(soapLastNames)]
	c := soapCustomer{soap.Customer{
		Email:       fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), i),
		FirstName:   first,
		LastName:    last,
		InternalId:  fmt.Sprintf("crm-%08d", i),
		PhoneNumber: fmt.Sprintf("%03d%07d", 200+i/10000000%800, i%10000000),
		DateOfBirth: flex.NewDate(1950+i%50, time.Month(1+i%12), 1+i%28),
		CreatedAt:   f.soapNow(),
	}}
	// Unique by construction, so no O(n) uniqueness scan. Stored with putJSON,
	// not create: a seeded customer is not one created through the API
	// (Server.Created).
	soapNewID(&c)
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return f.store.putJSON(raw)
}
