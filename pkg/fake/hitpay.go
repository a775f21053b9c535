package fake

// The HitPay fake plays the customers of one HitPay business as
// specs/hitpay.yaml describes them. HitPay is a Laravel application, so every
// answer is shaped like Laravel's:
//
//   - auth: X-BUSINESS-API-KEY must equal the key, else 401
//     {"message":"Unauthenticated.","errors":[]}, checked before validation;
//   - create 201, get 200, PATCH 200, delete 204; PATCH changes only the keys
//     sent, null clears name, remark, birth_date, gender,
//     phone_number_country_code and address, and null for email or
//     phone_number is a 422;
//   - e-mail unique per business, case-insensitively (422 "The email has
//     already been taken.");
//   - 422 in Laravel's shape, with dotted keys and "(and N more errors)";
//     unknown ids 404 "No query results for model [App\Business\Customer] <id>";
//   - ids are UUIDs, timestamps ATOM strings in the business's zone (Singapore);
//   - list by cursor in both directions: per_page default 10, keywords over
//     name, e-mail and phone, page ignored, links.next and links.prev full
//     URLs; meta.prev_cursor points before the page's first item and reads the
//     items just before it, still oldest first; stable under concurrent writes
//     and deletes.
//
// Guessed where HitPay documents nothing:
//
//   - a malformed cursor is a 422 (Laravel would restart at the first page);
//     links.next and links.prev keep per_page and keywords;
//   - prev_cursor is null exactly when no matching customer precedes the page,
//     next_cursor when none follows it (Laravel is looser after deletions);
//   - e-mail uniqueness and ids are case-insensitive (MySQL collation);
//   - gender is free text, as HitPay's reference documents it (its 2022
//     backend accepted only male and female); updated_at moves only on a
//     real change;
//   - unknown body keys are 422 "prohibited" (Laravel would ignore them); an
//     empty update is 422; a wrong method is 404, not 405; a malformed id is a
//     404; requests without Accept: application/json get no HTML redirects.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/hitpay"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/specguard"
)

// hitpayZone is the zone HitPay renders timestamps in (a Singapore business).
var hitpayZone = time.FixedZone("SGT", 8*3600)

const (
	hitpayAuthHeader     = "X-BUSINESS-API-KEY"
	hitpayCustomersPath  = "/v1/customers"
	hitpayDefaultPerPage = 10
	hitpayModelNotFound  = `No query results for model [App\Business\Customer] `
	hitpayUnauthMessage  = "Unauthenticated."
	hitpayStoreFull      = "The business has reached the maximum number of customers."
)

// hitpayGenders are the values seeded customers get: the ones HitPay's 2022
// backend accepted. Any text is accepted (the reference has no enum).
var hitpayGenders = []string{"male", "female"}

// hitpayFieldOrder is the order of HitPay's validation rules, which is the
// order Laravel lists failed fields in.
var hitpayFieldOrder = []string{
	"name", "email", "phone_number", "phone_number_country_code", "remark", "birth_date", "gender",
	"address", "address.street", "address.city", "address.state", "address.postal_code", "address.country",
	"per_page", "page", "cursor", "keywords",
}

type hitpayFake struct {
	s     *settings
	store *store[hitpay.Customer]

	seedMu   sync.Mutex
	lastSeed int
}

func newHitPay(s *settings) provider {
	st := newStore[hitpay.Customer](s.maxCustomers, func(c *hitpay.Customer) string { return c.Id })
	// Ids match regardless of case (MySQL collation), also those of
	// customers stored with Server.Put.
	st.key = strings.ToLower
	return &hitpayFake{s: s, store: st, lastSeed: -1}
}

func (f *hitpayFake) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+hitpayCustomersPath, f.create)
	mux.HandleFunc("GET "+hitpayCustomersPath, f.list)
	mux.HandleFunc("GET "+hitpayCustomersPath+"/{customer_id}", f.get)
	mux.HandleFunc("PATCH "+hitpayCustomersPath+"/{customer_id}", f.update)
	mux.HandleFunc("DELETE "+hitpayCustomersPath+"/{customer_id}", f.delete)
}

func (f *hitpayFake) customers() customerStore { return f.store }

func (f *hitpayFake) invalidStatus() int { return http.StatusUnprocessableEntity }

// ---------------------------------------------------------------------------
// Error bodies

// hitpayErrors is Laravel's "errors" object: messages per field, in rule order.
type hitpayErrors struct {
	keys []string
	msgs map[string][]string
}

func (e *hitpayErrors) add(field, msg string) {
	if e.msgs == nil {
		e.msgs = map[string][]string{}
	}
	if _, ok := e.msgs[field]; !ok {
		e.keys = append(e.keys, field)
	}
	if !slices.Contains(e.msgs[field], msg) {
		e.msgs[field] = append(e.msgs[field], msg)
	}
}

func (e *hitpayErrors) empty() bool { return len(e.keys) == 0 }

func (e *hitpayErrors) has(field string) bool { _, ok := e.msgs[field]; return ok }

func (e *hitpayErrors) count() int {
	n := 0
	for _, k := range e.keys {
		n += len(e.msgs[k])
	}
	return n
}

func (e *hitpayErrors) sort() {
	rank := func(k string) int {
		if i := slices.Index(hitpayFieldOrder, k); i >= 0 {
			return i
		}
		return len(hitpayFieldOrder)
	}
	slices.SortStableFunc(e.keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
}

// summary is Laravel 9+'s message: the first error, plus how many follow.
func (e *hitpayErrors) summary() string {
	if e.empty() {
		return "The given data was invalid."
	}
	msg := e.msgs[e.keys[0]][0]
	switch n := e.count() - 1; {
	case n == 1:
		msg += " (and 1 more error)"
	case n > 1:
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	return msg
}

func (e *hitpayErrors) MarshalJSON() ([]byte, error) {
	if e.empty() {
		return []byte("[]"), nil // an empty PHP array
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range e.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(e.msgs[k])
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// hitpayMessages are the texts Laravel answers with for statuses that the
// fault injector asks for by their generic reason phrase.
var hitpayMessages = map[int]string{
	http.StatusUnauthorized:        hitpayUnauthMessage,
	http.StatusForbidden:           "This action is unauthorized.",
	http.StatusNotFound:            "Not Found",
	http.StatusTooManyRequests:     "Too Many Attempts.",
	http.StatusInternalServerError: "Server Error",
	http.StatusServiceUnavailable:  "Service Unavailable",
}

// writeError writes Laravel's error envelope. Authentication failures carry
// "errors": [] as HitPay documents; the others only a message.
func (f *hitpayFake) writeError(w http.ResponseWriter, status int, message string) {
	if m, ok := hitpayMessages[status]; ok && (message == "" || message == http.StatusText(status)) {
		message = m
	}
	if status == http.StatusTooManyRequests {
		// Laravel's throttle middleware (throttle:60,1 in HitPay's code).
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "0")
	}
	body := map[string]any{"message": message}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		body["errors"] = []any{}
	}
	writeJSON(w, status, body)
}

func (f *hitpayFake) unauthenticated(w http.ResponseWriter) {
	f.writeError(w, http.StatusUnauthorized, hitpayUnauthMessage)
}

func (f *hitpayFake) notFound(w http.ResponseWriter, id string) {
	f.writeError(w, http.StatusNotFound, hitpayModelNotFound+id)
}

func (f *hitpayFake) invalid(w http.ResponseWriter, errs *hitpayErrors) {
	errs.sort()
	writeJSON(w, http.StatusUnprocessableEntity, struct {
		Message string        `json:"message"`
		Errors  *hitpayErrors `json:"errors"`
	}{errs.summary(), errs})
}

// invalidMessage answers a 422 without field errors ("errors": []).
func (f *hitpayFake) invalidMessage(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": message, "errors": []any{}})
}

// authorized checks the business API key's value (the guard only checks that
// the header is there).
func (f *hitpayFake) authorized(r *http.Request) bool {
	return sameSecret(r.Header.Get(hitpayAuthHeader), f.s.creds.APIKey)
}

// reject answers requests the spec refused, in HitPay's order: unknown route,
// then authentication, then route model binding (a malformed customer id is
// just an id no customer has), then validation.
func (f *hitpayFake) reject(w http.ResponseWriter, r *http.Request, kind specguard.RejectKind, err error) {
	switch kind {
	case specguard.NoRoute:
		f.writeError(w, http.StatusNotFound, fmt.Sprintf("The route %s could not be found.", strings.TrimPrefix(r.URL.Path, "/")))
		return
	case specguard.Unauthenticated:
		f.unauthenticated(w)
		return
	}
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	fieldErrs := specguard.FieldErrors(err)
	for _, fe := range fieldErrs {
		if fe.Field == "customer_id" {
			f.notFound(w, hitpayPathID(r))
			return
		}
	}
	if specguard.Operation(r) == "updateCustomer" {
		if id := hitpayPathID(r); !f.exists(id) {
			f.notFound(w, id)
			return
		}
	}
	var errs hitpayErrors
	var loose []specguard.FieldError
	for _, fe := range fieldErrs {
		switch fe.Field {
		case "":
			loose = append(loose, fe)
		default:
			errs.add(fe.Field, hitpayMessage(fe))
		}
	}
	if !errs.empty() {
		f.bodyRules(r, &errs)
		f.invalid(w, &errs)
		return
	}
	msg := "The given data was invalid."
	for _, fe := range loose {
		if fe.Keyword == "minProperties" {
			msg = "At least one field must be sent."
			break
		}
		msg = "The request body is invalid: " + fe.Message
	}
	f.invalidMessage(w, msg)
}

// bodyRules adds, to a create or update the spec refused, the failures of the
// rule it cannot express (email uniqueness), so that the answer lists
// every failed rule at once as Laravel's validator does.
func (f *hitpayFake) bodyRules(r *http.Request, errs *hitpayErrors) {
	op := specguard.Operation(r)
	if (op != "createCustomer" && op != "updateCustomer") || r.Body == nil {
		return
	}
	var body map[string]json.RawMessage
	if json.NewDecoder(r.Body).Decode(&body) != nil {
		return
	}
	var email string
	if json.Unmarshal(body["email"], &email) == nil && email != "" && !errs.has("email") {
		except := ""
		if op == "updateCustomer" {
			except = strings.ToLower(hitpayPathID(r))
		}
		if f.emailTaken(email, except) {
			errs.add("email", hitpayEmailTaken)
		}
	}
}

func (f *hitpayFake) exists(id string) bool {
	_, ok := f.store.get(strings.ToLower(id))
	return ok
}

// hitpayPathID is the customer id of a /v1/customers/{id} path, as sent.
func hitpayPathID(r *http.Request) string {
	if id := r.PathValue("customer_id"); id != "" {
		return id
	}
	id := strings.TrimPrefix(r.URL.Path, hitpayCustomersPath+"/")
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	return id
}

// hitpayAttr is how Laravel names a field in a message: underscores become
// spaces, nested keys keep their dots ("address.postal code").
func hitpayAttr(field string) string { return strings.ReplaceAll(field, "_", " ") }

// hitpayMessage is Laravel's message for the rule HitPay's backend applies
// where the spec refused a field.
func hitpayMessage(fe specguard.FieldError) string {
	a, reason := hitpayAttr(fe.Field), fe.Message
	limit := func() string {
		if i := strings.LastIndexByte(reason, ' '); i >= 0 {
			return reason[i+1:]
		}
		return reason
	}
	switch fe.Keyword {
	case "required", "nullable":
		if strings.HasPrefix(fe.Field, "address.") {
			return fmt.Sprintf("The %s field is required when address is present.", a)
		}
		return fmt.Sprintf("The %s field is required.", a)
	case "properties", "additionalProperties": // an unknown key
		return fmt.Sprintf("The %s field is prohibited.", a)
	case "format":
		switch {
		case strings.Contains(reason, `"email"`):
			return fmt.Sprintf("The %s must be a valid email address.", a)
		case strings.Contains(reason, `"date"`):
			return fmt.Sprintf("The %s does not match the format Y-m-d.", a)
		case strings.Contains(reason, `"uuid"`):
			return fmt.Sprintf("The %s must be a valid UUID.", a)
		}
	case "maxLength":
		return fmt.Sprintf("The %s must not be greater than %s characters.", a, limit())
	case "minLength":
		if fe.Field == "cursor" || fe.Field == "keywords" {
			return fmt.Sprintf("The %s field must have a value.", a)
		}
		return fmt.Sprintf("The %s must be at least %s characters.", a, limit())
	case "pattern":
		if fe.Field == "phone_number" {
			return fmt.Sprintf("The %s must be between 8 and 15 digits.", a)
		}
		return fmt.Sprintf("The %s format is invalid.", a)
	case "minimum":
		return fmt.Sprintf("The %s must be at least %s.", a, limit())
	case "type":
		switch {
		case strings.Contains(reason, "string"):
			return fmt.Sprintf("The %s must be a string.", a)
		case strings.Contains(reason, "object"):
			return fmt.Sprintf("The %s must be an array.", a)
		case strings.Contains(reason, "integer"), strings.Contains(reason, "number"):
			return fmt.Sprintf("The %s must be an integer.", a)
		}
	case "":
		if strings.Contains(reason, "invalid integer") || strings.Contains(reason, "invalid number") {
			return fmt.Sprintf("The %s must be an integer.", a)
		}
	}
	return fmt.Sprintf("The %s is invalid (%s).", a, reason)
}

// ---------------------------------------------------------------------------
// Wire form

// hitpayAddressWire and hitpayWire are the customer in HitPay's key order,
// every key present (null when empty), as its Laravel resource renders it.
type hitpayAddressWire struct {
	City       *string `json:"city"`
	State      *string `json:"state"`
	Street     *string `json:"street"`
	PostalCode *string `json:"postal_code"`
	Country    *string `json:"country"`
}

type hitpayWire struct {
	ID                     string             `json:"id"`
	Name                   *string            `json:"name"`
	BirthDate              flex.Date          `json:"birth_date"` // the zero Date is written as null
	Email                  *string            `json:"email"`
	PhoneNumber            *string            `json:"phone_number"`
	Address                *hitpayAddressWire `json:"address"`
	Gender                 *string            `json:"gender"`
	Remark                 *string            `json:"remark"`
	PhoneNumberCountryCode *string            `json:"phone_number_country_code"`
	CreatedAt              flex.Time          `json:"created_at"` // the zero Time is written as null
	UpdatedAt              flex.Time          `json:"updated_at"`
}

func hitpayToWire(c hitpay.Customer) hitpayWire {
	w := hitpayWire{
		ID:                     c.Id,
		Name:                   nullIfEmpty(c.Name),
		BirthDate:              c.BirthDate,
		Email:                  nullIfEmpty(c.Email),
		PhoneNumber:            nullIfEmpty(c.PhoneNumber),
		Gender:                 nullIfEmpty(c.Gender),
		Remark:                 nullIfEmpty(c.Remark),
		PhoneNumberCountryCode: nullIfEmpty(c.PhoneNumberCountryCode),
		CreatedAt:              c.CreatedAt,
		UpdatedAt:              c.UpdatedAt,
	}
	if a, ok := c.Address.Value(); ok {
		w.Address = &hitpayAddressWire{
			City: nullIfEmpty(a.City), State: nullIfEmpty(a.State), Street: nullIfEmpty(a.Street),
			PostalCode: nullIfEmpty(a.PostalCode), Country: nullIfEmpty(a.Country),
		}
	}
	return w
}

// hitpayNullAddress is the address of a customer without one: HitPay renders
// the object with every field null.
func hitpayNullAddress() flex.Object[hitpay.CustomerAddress] {
	return flex.NewObject(hitpay.CustomerAddress{})
}

func hitpayAddress(street, city, state, postal string, country *string) flex.Object[hitpay.CustomerAddress] {
	return flex.NewObject(hitpay.CustomerAddress{
		Street: street, City: city, State: state, PostalCode: postal, Country: deref(country),
	})
}

func (f *hitpayFake) now() flex.Time {
	return flex.NewTime(f.s.now().In(hitpayZone).Truncate(time.Second))
}

// ---------------------------------------------------------------------------
// Rules the spec cannot express

// checkValues applies the rule of HitPay's backend beyond the spec: a real
// calendar date in Y-m-d.
func hitpayCheckValues(errs *hitpayErrors, birth *flex.Date) {
	if birth != nil && !birth.Valid() {
		errs.add("birth_date", "The birth date does not match the format Y-m-d.")
	}
}

var errHitPayEmailTaken = errors.New("hitpay: email taken")

const hitpayEmailTaken = "The email has already been taken."

// hitpayEmailUnique refuses another customer with the same email; the business's
// database compares case-insensitively.
func hitpayEmailUnique(email string) func(*hitpay.Customer) error {
	return func(other *hitpay.Customer) error {
		if other.Email != "" && strings.EqualFold(other.Email, email) {
			return errHitPayEmailTaken
		}
		return nil
	}
}

// emailTaken scans without writing, for a request that already failed other
// rules and must report every failure at once.
func (f *hitpayFake) emailTaken(email, exceptID string) bool {
	check := hitpayEmailUnique(email)
	return f.store.anyMatch(func(c *hitpay.Customer) bool {
		return !strings.EqualFold(c.Id, exceptID) && check(c) != nil
	})
}

// ---------------------------------------------------------------------------
// Handlers

func (f *hitpayFake) create(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	var in hitpay.CreateCustomerJSONRequestBody
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.invalidMessage(w, "The request body is invalid: "+err.Error())
		return
	}
	var errs hitpayErrors
	hitpayCheckValues(&errs, in.BirthDate)
	if !errs.empty() {
		if f.emailTaken(in.Email, "") {
			errs.add("email", hitpayEmailTaken)
		}
		f.invalid(w, &errs)
		return
	}
	now := f.now()
	c := hitpay.Customer{
		Id:                     newUUID(),
		Name:                   deref(in.Name),
		Email:                  in.Email,
		PhoneNumber:            in.PhoneNumber,
		PhoneNumberCountryCode: deref(in.PhoneNumberCountryCode),
		Remark:                 deref(in.Remark),
		Gender:                 deref(in.Gender),
		Address:                hitpayNullAddress(),
		CreatedAt:              now,
		UpdatedAt:              now,
	}
	if in.BirthDate != nil {
		c.BirthDate = *in.BirthDate
	}
	if a := in.Address; a != nil {
		c.Address = hitpayAddress(a.Street, a.City, a.State, a.PostalCode, a.Country)
	}
	switch err := f.store.create(c, hitpayEmailUnique(in.Email)); {
	case errors.Is(err, errHitPayEmailTaken):
		errs.add("email", hitpayEmailTaken)
		f.invalid(w, &errs)
	case errors.Is(err, errStoreFull):
		f.writeError(w, f.invalidStatus(), hitpayStoreFull)
	case err != nil:
		f.writeError(w, http.StatusInternalServerError, "Server Error")
	default:
		writeJSON(w, http.StatusCreated, hitpayToWire(c))
	}
}

func (f *hitpayFake) get(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	id := hitpayPathID(r)
	c, ok := f.store.get(strings.ToLower(id))
	if !ok {
		f.notFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, hitpayToWire(c))
}

func (f *hitpayFake) update(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	id := hitpayPathID(r)
	key := strings.ToLower(id)
	if _, ok := f.store.get(key); !ok {
		f.notFound(w, id)
		return
	}
	var in hitpay.UpdateCustomerJSONRequestBody
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.invalidMessage(w, "The request body is invalid: "+err.Error())
		return
	}
	var errs hitpayErrors
	var birth *flex.Date
	if v, err := in.BirthDate.Get(); err == nil {
		birth = &v
	}
	hitpayCheckValues(&errs, birth)
	if !errs.empty() {
		if in.Email != nil && f.emailTaken(*in.Email, key) {
			errs.add("email", hitpayEmailTaken)
		}
		f.invalid(w, &errs)
		return
	}
	var unique func(*hitpay.Customer) error
	if in.Email != nil {
		unique = hitpayEmailUnique(*in.Email)
	}
	now := f.now()
	updated, err := f.store.update(key, func(c *hitpay.Customer) error {
		before, _ := json.Marshal(hitpayToWire(*c))
		hitpayApply(c, &in)
		after, _ := json.Marshal(hitpayToWire(*c))
		// Eloquent touches updated_at only when a column changed.
		if string(before) != string(after) {
			c.UpdatedAt = now
		}
		return nil
	}, unique)
	switch {
	case errors.Is(err, errNotFound):
		f.notFound(w, id)
	case errors.Is(err, errHitPayEmailTaken):
		errs.add("email", hitpayEmailTaken)
		f.invalid(w, &errs)
	case err != nil:
		f.writeError(w, http.StatusInternalServerError, "Server Error")
	default:
		writeJSON(w, http.StatusOK, hitpayToWire(updated))
	}
}

// hitpayApply changes the fields that were sent; null clears a nullable one.
func hitpayApply(c *hitpay.Customer, in *hitpay.CustomerUpdate) {
	setNullable := func(dst *string, src nullable.Nullable[string]) {
		if src.IsSpecified() {
			*dst, _ = src.Get() // null: ""
		}
	}
	setNullable(&c.Name, in.Name)
	setNullable(&c.PhoneNumberCountryCode, in.PhoneNumberCountryCode)
	setNullable(&c.Remark, in.Remark)
	setNullable(&c.Gender, in.Gender)
	if in.Email != nil {
		c.Email = *in.Email
	}
	if in.PhoneNumber != nil {
		c.PhoneNumber = *in.PhoneNumber
	}
	if in.BirthDate.IsSpecified() {
		c.BirthDate, _ = in.BirthDate.Get() // null: the zero Date
	}
	if in.Address.IsSpecified() {
		if a, err := in.Address.Get(); err == nil {
			c.Address = hitpayAddress(a.Street, a.City, a.State, a.PostalCode, a.Country)
		} else {
			c.Address = hitpayNullAddress()
		}
	}
}

func (f *hitpayFake) delete(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	id := hitpayPathID(r)
	if !f.store.delete(strings.ToLower(id)) {
		f.notFound(w, id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// hitpayCursor is the opaque cursor: base64url (unpadded, as Laravel writes
// it) of the JSON parameters of the item the cursor points from and its
// direction. A next cursor is {"after":<seq of the page's last item>,
// "_pointsToNextItems":true}, a previous cursor {"before":<seq of the page's
// first item>,"_pointsToNextItems":false}.
type hitpayCursor struct {
	After  *int64 `json:"after,omitempty"`
	Before *int64 `json:"before,omitempty"`
	Next   *bool  `json:"_pointsToNextItems"`
}

func encodeHitPayCursor(seq int64, next bool) string {
	c := hitpayCursor{Next: &next}
	if next {
		c.After = &seq
	} else {
		c.Before = &seq
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeHitPayCursor returns the seq a cursor points from and whether it
// points backward; ok is false for anything encodeHitPayCursor cannot write.
func decodeHitPayCursor(s string) (seq int64, backward, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return 0, false, false
	}
	var c hitpayCursor
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || c.Next == nil {
		return 0, false, false
	}
	switch {
	case *c.Next && c.After != nil && c.Before == nil && *c.After >= 0:
		return *c.After, false, true
	case !*c.Next && c.Before != nil && c.After == nil && *c.Before >= 0:
		return *c.Before, true, true
	}
	return 0, false, false
}

func (f *hitpayFake) list(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(r) {
		f.unauthenticated(w)
		return
	}
	q := r.URL.Query()
	perPage, seq, backward, errs := hitpayListParams(q)
	if !errs.empty() {
		f.invalid(w, errs)
		return
	}
	// page is documented by HitPay but a cursor paginator ignores it.
	page := f.store.span(seq, backward, perPage, hitpayKeywords(q.Get("keywords")))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeJSON(w, http.StatusOK, hitpayRenderPage(page, scheme+"://"+r.Host+hitpayCustomersPath, perPage, q.Get("keywords")))
}

// hitpayListParams reads per_page and cursor, or says what is wrong with them.
func hitpayListParams(q url.Values) (perPage int, seq int64, backward bool, errs *hitpayErrors) {
	errs, perPage = &hitpayErrors{}, hitpayDefaultPerPage
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs.add("per_page", "The per page must be at least 1.")
		}
		perPage = n
	}
	if v := q.Get("cursor"); v != "" {
		var ok bool
		if seq, backward, ok = decodeHitPayCursor(v); !ok {
			errs.add("cursor", "The cursor is invalid.")
		}
	}
	return perPage, seq, backward, errs
}

// hitpayKeywords matches keywords against name, e-mail and phone; nil for
// no keywords.
func hitpayKeywords(keywords string) func(*hitpay.Customer) bool {
	kw := strings.ToLower(keywords)
	if kw == "" {
		return nil
	}
	return func(c *hitpay.Customer) bool {
		for _, s := range []string{c.Name, c.Email, c.PhoneNumber} {
			if strings.Contains(strings.ToLower(s), kw) {
				return true
			}
		}
		return false
	}
}

// hitpayListPage is a cursor page as Laravel renders it.
type hitpayListPage struct {
	Data  []hitpayWire `json:"data"`
	Links struct {
		First *string `json:"first"` // always null: a cursor paginator has neither
		Last  *string `json:"last"`
		Prev  *string `json:"prev"`
		Next  *string `json:"next"`
	} `json:"links"`
	Meta struct {
		Path       string  `json:"path"`
		PerPage    int     `json:"per_page"`
		NextCursor *string `json:"next_cursor"`
		PrevCursor *string `json:"prev_cursor"`
	} `json:"meta"`
}

// hitpayRenderPage renders one page of the span, with cursors and links to the
// pages around it.
func hitpayRenderPage(page cursorPage[hitpay.Customer], path string, perPage int, keywords string) hitpayListPage {
	out := hitpayListPage{Data: make([]hitpayWire, 0, len(page.items))}
	for _, c := range page.items {
		out.Data = append(out.Data, hitpayToWire(c))
	}
	out.Meta.Path, out.Meta.PerPage = path, perPage
	link := func(cur string) string {
		v := url.Values{"cursor": {cur}, "per_page": {strconv.Itoa(perPage)}}
		if keywords != "" {
			v.Set("keywords", keywords)
		}
		return path + "?" + v.Encode()
	}
	// An empty page has no item to point from: both cursors stay null, as in
	// Laravel.
	if len(page.items) > 0 && page.next {
		cur := encodeHitPayCursor(page.last, true)
		out.Meta.NextCursor, out.Links.Next = nullIfEmpty(cur), nullIfEmpty(link(cur))
	}
	if len(page.items) > 0 && page.prev {
		cur := encodeHitPayCursor(page.first, false)
		out.Meta.PrevCursor, out.Links.Prev = nullIfEmpty(cur), nullIfEmpty(link(cur))
	}
	return out
}

// ---------------------------------------------------------------------------
// Seeding

var (
	hitpayFirst  = []string{"Wei Ling", "Siti", "Arjun", "Mei Hua", "Nurul", "Daniel", "Priya", "Jun Jie", "Aisyah", "Marcus", "Hui Min", "Ravi"}
	hitpayLast   = []string{"Tan", "Rahman", "Nair", "Lim", "Ismail", "Ong", "Menon", "Goh", "Hassan", "Chua", "Koh", "Pillai"}
	hitpayStreet = []string{"1 Raffles Place", "80 Marine Parade Road", "2 Orchard Turn", "10 Tampines Central 1", "23 Serangoon Central", "1 Jurong West Central 2"}
	hitpayPostal = []string{"048616", "449269", "238801", "529536", "556083", "648886"}
)

// seed stores customer number i. After deletions Server.Seed can hand out a
// number again, so a number at or below the last one seeded is moved past it:
// the emails (unique per business) never collide between seeds.
func (f *hitpayFake) seed(i int) (string, error) {
	f.seedMu.Lock()
	if i <= f.lastSeed {
		i = f.lastSeed + 1
	}
	f.lastSeed = i
	f.seedMu.Unlock()

	first, last := hitpayFirst[i%len(hitpayFirst)], hitpayLast[(i/len(hitpayFirst))%len(hitpayLast)]
	slug := strings.ToLower(strings.ReplaceAll(first, " ", ""))
	created := f.s.now().In(hitpayZone).Truncate(time.Second)
	country := "SG"
	c := hitpay.Customer{
		Id:                     newUUID(),
		Name:                   first + " " + last,
		Email:                  fmt.Sprintf("%s.%s.%d@example.com.sg", slug, strings.ToLower(last), i),
		PhoneNumber:            fmt.Sprintf("%d%07d", 8+i%2, i),
		PhoneNumberCountryCode: "65",
		BirthDate:              flex.NewDate(1960+i%45, time.Month(1+i%12), 1+i%28),
		Gender:                 hitpayGenders[i%2],
		Address:                hitpayAddress(hitpayStreet[i%len(hitpayStreet)], "Singapore", "Singapore", hitpayPostal[i%len(hitpayPostal)], &country),
		CreatedAt:              flex.NewTime(created),
		UpdatedAt:              flex.NewTime(created),
	}
	if i%3 == 0 {
		c.Remark = "Prefers contact by email"
	}
	// putJSON, not create: seeding is not a creation through the API, so
	// Server.Created stays a count of API calls.
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return f.store.putJSON(raw)
}
