package fake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/useepay"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/specguard"
)

// The UseePay fake plays UseePay's Open API V2.0 customer endpoints as
// specs/useepay.yaml describes them:
//
//   - auth: the three headers x-merchant-no, x-api-key and x-app-id must all
//     equal the fake's credentials; a missing or wrong one answers 401 with
//     code invalid_request_error and the header's name in source;
//   - ids are "cus_" + 13 uppercase letters and digits, timestamps create_at /
//     modify_at RFC 3339 UTC in whole seconds, and every customer carries the
//     merchant_no and app_id it was created under;
//   - merchant_customer_id is unique per merchant (400 already_exists, source
//     merchant_customer_id); a customer needs an email or a phone (400
//     field_required); unknown ids answer 404 resource_not_found;
//   - update is partial, null clears nullable fields, and a sent address or
//     shipping replaces the stored one as a whole (a guess, see below);
//   - list pages with page_num (0-based) / page_size (default 10) over the
//     customers in creation order, with exact filters email (case-insensitive),
//     phone and merchant_customer_id, and reports has_more; the customers are
//     under items (the docs), or data (the PHP SDK) with the reading
//     useepay.list=data.
//
// There is no delete: UseePay documents none.
//
// Guessed where UseePay documents nothing: a wrong x-merchant-no is a 401 like
// a wrong key; create answers 200 (the reading useepay.create=201 plays the
// Errors page's 201); a sent address,
// shipping or metadata replaces the stored one whole (the docs' update sample
// rather suggests a merge); merchant_customer_id is compared case-sensitively;
// a customer id that is not "cus_…" is not found rather than invalid; the
// default page size is the PHP SDK's 10; scripted 429s carry code
// too_many_requests and 5xx service_unavailable; a schema failure is 400
// field_required for a missing field, invalid_argument for a bad one, with the
// first field in source.

const (
	useepayAPIVersion      = "v1"
	useepayDefaultPageSize = 10 // the PHP SDK's default; the docs name none
	useepayIDChars         = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	useepayIDLen           = 13
)

// UseePay error codes (Errors page, Apidog export).
const (
	useepayCodeAlreadyExists  = "already_exists"
	useepayCodeFieldRequired  = "field_required"
	useepayCodeInvalidArg     = "invalid_argument"
	useepayCodeInvalidRequest = "invalid_request_error"
	useepayCodeNotFound       = "resource_not_found"
	useepayCodeUnavailable    = "service_unavailable"
)

type useepayFake struct {
	s     *settings
	store *store[useepay.Customer]
}

func newUseePay(s *settings) provider {
	return &useepayFake{
		s:     s,
		store: newStore[useepay.Customer](s.maxCustomers, func(c *useepay.Customer) string { return c.Id }),
	}
}

func (f *useepayFake) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/customers/create", f.create)
	mux.HandleFunc("GET /api/v1/customers", f.list)
	mux.HandleFunc("GET /api/v1/customers/{customer_id}", f.get)
	mux.HandleFunc("POST /api/v1/customers/{customer_id}", f.update)
}

func (f *useepayFake) customers() customerStore { return f.store }

func (f *useepayFake) invalidStatus() int { return http.StatusBadRequest }

// useepayErr is a UseePay error answer.
type useepayErr struct {
	status  int
	code    string
	message string
	source  string // "" writes source: null
}

func (e *useepayErr) Error() string { return e.code + ": " + e.message }

func (f *useepayFake) writeErr(w http.ResponseWriter, e *useepayErr) {
	body := useepay.UseePayError{Code: e.code, Message: e.message}
	if e.source != "" {
		body.Source = e.source
	}
	useepayWriteJSON(w, e.status, body)
}

// writeError answers status with UseePay's error body; the code follows the
// status (GUESS for 429 and 5xx: UseePay documents only service_unavailable).
func (f *useepayFake) writeError(w http.ResponseWriter, status int, message string) {
	code := useepayCodeInvalidRequest
	switch {
	case status == http.StatusNotFound:
		code = useepayCodeNotFound
	case status == http.StatusConflict:
		code = useepayCodeAlreadyExists
	case status == http.StatusTooManyRequests:
		code = "too_many_requests"
	case status >= 500:
		code = useepayCodeUnavailable
	}
	f.writeErr(w, &useepayErr{status: status, code: code, message: message})
}

func useepayWriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSONBytes(w, status, b)
}

// useepayAuthHeaders are checked in this order; the first missing or wrong
// one is named in the 401's source.
var useepayAuthHeaders = []string{"x-merchant-no", "x-api-key", "x-app-id"}

// authError returns the 401 for r's credentials, or nil when all three match.
// GUESS: a wrong x-merchant-no is a 401 like a wrong key (the spec's 401 is
// "credentials missing or wrong"); UseePay's FAQ only says an error that the
// merchant number "is inconsistent" is returned.
func (f *useepayFake) authError(r *http.Request) *useepayErr {
	want := map[string]string{
		"x-merchant-no": f.s.creds.MerchantNo,
		"x-api-key":     f.s.creds.APIKey,
		"x-app-id":      f.s.creds.AppID,
	}
	for _, h := range useepayAuthHeaders {
		got := r.Header.Get(h)
		switch {
		case got == "":
			return &useepayErr{status: http.StatusUnauthorized, code: useepayCodeInvalidRequest, message: h + " required", source: h}
		case !sameSecret(got, want[h]):
			msg := "invalid " + h
			if h == "x-merchant-no" {
				msg = "x-merchant-no is inconsistent"
			}
			return &useepayErr{status: http.StatusUnauthorized, code: useepayCodeInvalidRequest, message: msg, source: h}
		}
	}
	return nil
}

func (f *useepayFake) authorized(w http.ResponseWriter, r *http.Request) bool {
	if e := f.authError(r); e != nil {
		f.writeErr(w, e)
		return false
	}
	return true
}

// reject answers requests the spec refused.
func (f *useepayFake) reject(w http.ResponseWriter, r *http.Request, kind specguard.RejectKind, err error) {
	switch kind {
	case specguard.NoRoute:
		f.writeErr(w, &useepayErr{status: http.StatusNotFound, code: useepayCodeNotFound, message: "The requested endpoint does not exist"})
		return
	case specguard.Unauthenticated:
		e := f.authError(r)
		if e == nil { // cannot happen: the guard only refuses missing headers
			e = &useepayErr{status: http.StatusUnauthorized, code: useepayCodeInvalidRequest, message: err.Error()}
		}
		f.writeErr(w, e)
		return
	}
	// Credentials are checked before the request's content.
	if e := f.authError(r); e != nil {
		f.writeErr(w, e)
		return
	}
	fes := specguard.FieldErrors(err)
	// GUESS: a customer id that is not "cus_…" is simply not found, as UseePay
	// looks ids up rather than validating their shape.
	for _, fe := range fes {
		if fe.Field == "customer_id" {
			f.writeErr(w, useepayNotFound())
			return
		}
	}
	f.writeErr(w, useepayValidation(fes))
}

func useepayFirstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// useepayValidation builds the 400 for schema errors: code field_required
// when the first problem is a missing field, invalid_argument for a field
// that failed validation, invalid_request_error when the body as a whole is
// wrong; source is the first offending field; message lists every problem.
func useepayValidation(fes []specguard.FieldError) *useepayErr {
	e := &useepayErr{status: http.StatusBadRequest, code: useepayCodeInvalidRequest}
	msgs := make([]string, 0, len(fes))
	seen := map[string]bool{}
	for _, fe := range fes {
		msg := fe.Message
		if fe.Keyword == "" { // not a schema violation: undecodable, unparsable
			msg = useepayFirstLine(msg)
		}
		switch {
		case fe.Field == "" && fe.Keyword == "minProperties":
			msg = "at least one field is required"
		case fe.Field == "" && fe.Keyword == "":
			msg = "malformed request: " + msg
		case fe.Field == "":
		case fe.Keyword == "required":
			msg = fe.Field + " required"
		case strings.HasPrefix(msg, "is "):
			msg = fe.Field + " " + msg
		default:
			msg = fe.Field + ": " + msg
		}
		if seen[msg] {
			continue
		}
		seen[msg] = true
		msgs = append(msgs, msg)
		if e.source == "" && fe.Field != "" {
			e.source = fe.Field
			e.code = useepayCodeInvalidArg
			if fe.Keyword == "required" {
				e.code = useepayCodeFieldRequired
			}
		}
	}
	if len(msgs) == 0 {
		msgs = append(msgs, "invalid request")
	}
	e.message = strings.Join(msgs, "; ")
	return e
}

func useepayNotFound() *useepayErr {
	return &useepayErr{status: http.StatusNotFound, code: useepayCodeNotFound, message: "Customer not found"}
}

func useepayContactRequired() *useepayErr {
	return &useepayErr{status: http.StatusBadRequest, code: useepayCodeFieldRequired, message: "email or phone required", source: "email"}
}

// useepayUniqueMCID refuses a second customer with the same
// merchant_customer_id (exact, case-sensitive comparison: a guess).
func useepayUniqueMCID(mcid string) func(*useepay.Customer) error {
	return func(other *useepay.Customer) error {
		if other.MerchantCustomerId == mcid {
			return &useepayErr{
				status:  http.StatusBadRequest,
				code:    useepayCodeAlreadyExists,
				message: fmt.Sprintf("customer with merchant_customer_id %s already exists", mcid),
				source:  "merchant_customer_id",
			}
		}
		return nil
	}
}

// useepayNewID sets the id: "cus_" and 13 uppercase letters and digits.
func useepayNewID(c *useepay.Customer) { c.Id = "cus_" + randomOf(useepayIDChars, useepayIDLen) }

func (f *useepayFake) nowTime() flex.Time {
	return flex.NewTime(f.s.now().UTC().Truncate(time.Second))
}

// Conversions from request models to the stored (response) model. Unset
// fields are left out of answers (UseePay's samples write them as null: to a
// client both mean no value).

func useepayAddr(a *useepay.Address) *useepay.CustomerAddress {
	if a == nil {
		return nil // written as null
	}
	return &useepay.CustomerAddress{
		Country:  deref(a.Country),
		State:    deref(a.State),
		City:     deref(a.City),
		Postcode: deref(a.Postcode),
		Line1:    deref(a.Line1),
		Line2:    deref(a.Line2),
	}
}

func useepayShip(s *useepay.Shipping) *useepay.CustomerShipping {
	if s == nil {
		return nil // written as null
	}
	return &useepay.CustomerShipping{
		Address:        useepayAddr(s.Address),
		Name:           deref(s.Name),
		Phone:          deref(s.Phone),
		FirstName:      deref(s.FirstName),
		LastName:       deref(s.LastName),
		ShippingMethod: deref(s.ShippingMethod),
	}
}

func useepayMeta(m map[string]string, set bool) json.RawMessage {
	if !set {
		return nil
	}
	if m == nil {
		m = map[string]string{}
	}
	return rawJSON(m)
}

// useepayHas reports whether a stored string field holds a non-blank value.
func useepayHas(v string) bool { return strings.TrimSpace(v) != "" }

func useepayDecode(r *http.Request, v any) *useepayErr {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return &useepayErr{status: http.StatusBadRequest, code: useepayCodeInvalidRequest, message: "request body is not valid JSON: " + err.Error()}
	}
	return nil
}

func (f *useepayFake) fail(w http.ResponseWriter, err error) {
	var ue *useepayErr
	switch {
	case errors.As(err, &ue):
		f.writeErr(w, ue)
	case errors.Is(err, errStoreFull):
		f.writeError(w, f.invalidStatus(), "The customer limit of this merchant is reached")
	case errors.Is(err, errNotFound):
		f.writeErr(w, useepayNotFound())
	default:
		f.writeError(w, http.StatusInternalServerError, err.Error())
	}
}

func (f *useepayFake) create(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) {
		return
	}
	var in useepay.CreateCustomerJSONRequestBody
	if e := useepayDecode(r, &in); e != nil {
		f.writeErr(w, e)
		return
	}
	c := f.build(in)
	if !useepayHas(c.Email) && !useepayHas(c.Phone) {
		f.writeErr(w, useepayContactRequired())
		return
	}
	if err := f.store.createFresh(&c, useepayNewID, useepayUniqueMCID(in.MerchantCustomerId)); err != nil {
		f.fail(w, err)
		return
	}
	// GUESS: 200, as the customer pages show (the spec also allows 201).
	useepayWriteJSON(w, http.StatusOK, c)
}

// build turns a create request into a stored customer (without id).
func (f *useepayFake) build(in useepay.CustomerCreate) useepay.Customer {
	now := f.nowTime()
	return useepay.Customer{
		MerchantNo:         f.s.creds.MerchantNo,
		AppId:              f.s.creds.AppID,
		CreateAt:           now,
		ModifyAt:           now,
		ApiVersion:         useepayAPIVersion,
		MerchantCustomerId: in.MerchantCustomerId,
		Name:               in.Name,
		Email:              deref(in.Email),
		Phone:              deref(in.Phone),
		FirstName:          deref(in.FirstName),
		LastName:           deref(in.LastName),
		Description:        deref(in.Description),
		Address:            useepayAddr(in.Address),
		Shipping:           useepayShip(in.Shipping),
		Metadata:           useepayMeta(in.Metadata, in.Metadata != nil),
	}
}

func (f *useepayFake) get(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) {
		return
	}
	c, ok := f.store.get(r.PathValue("customer_id"))
	if !ok {
		f.writeErr(w, useepayNotFound())
		return
	}
	useepayWriteJSON(w, http.StatusOK, c)
}

// update applies a partial update. Stored nullable fields are maps shared with
// readers, so fields are always replaced, never mutated in place.
func (f *useepayFake) update(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) {
		return
	}
	var in useepay.UpdateCustomerJSONRequestBody
	if e := useepayDecode(r, &in); e != nil {
		f.writeErr(w, e)
		return
	}
	now := f.nowTime()
	c, err := f.store.update(r.PathValue("customer_id"), func(c *useepay.Customer) error {
		if in.Name != nil {
			c.Name = *in.Name
		}
		for _, p := range []struct {
			in  nullable.Nullable[string]
			dst *string
		}{
			{in.Email, &c.Email},
			{in.Phone, &c.Phone},
			{in.FirstName, &c.FirstName},
			{in.LastName, &c.LastName},
			{in.Description, &c.Description},
		} {
			if p.in.IsSpecified() {
				*p.dst, _ = p.in.Get() // null clears
			}
		}
		// GUESS: a sent address or shipping replaces the stored sub-object
		// whole (parts not sent become null). UseePay does not document it;
		// its update sample's response even suggests a merge.
		if in.Address.IsSpecified() {
			if a, err := in.Address.Get(); err == nil {
				c.Address = useepayAddr(&a)
			} else {
				c.Address = nil
			}
		}
		if in.Shipping.IsSpecified() {
			if s, err := in.Shipping.Get(); err == nil {
				c.Shipping = useepayShip(&s)
			} else {
				c.Shipping = nil
			}
		}
		// GUESS: metadata is replaced as a whole too (no per-key merge).
		if in.Metadata.IsSpecified() {
			m, err := in.Metadata.Get()
			c.Metadata = useepayMeta(m, err == nil)
		}
		if !useepayHas(c.Email) && !useepayHas(c.Phone) {
			return useepayContactRequired()
		}
		c.ModifyAt = now
		return nil
	}, nil)
	if err != nil {
		f.fail(w, err)
		return
	}
	useepayWriteJSON(w, http.StatusOK, c)
}

func (f *useepayFake) list(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) {
		return
	}
	q := r.URL.Query()
	pageNum, pageSize := 0, useepayDefaultPageSize
	// The guard has checked both are integers in range.
	if v := q.Get("page_num"); v != "" {
		pageNum, _ = strconv.Atoi(v)
	}
	if v := q.Get("page_size"); v != "" {
		pageSize, _ = strconv.Atoi(v)
	}
	email, phone, mcid := q.Get("email"), q.Get("phone"), q.Get("merchant_customer_id")
	match := func(c *useepay.Customer) bool {
		if email != "" {
			if !strings.EqualFold(c.Email, email) {
				return false
			}
		}
		if phone != "" {
			if c.Phone != phone {
				return false
			}
		}
		if mcid != "" {
			if c.MerchantCustomerId != mcid {
				return false
			}
		}
		return true
	}
	var items []useepay.Customer
	more := false
	if offset, ok := pageOffset(pageNum, pageSize); ok { // else far past the end
		var total int
		items, total = f.store.page(offset, pageSize, match)
		more = offset+len(items) < total
	}
	if items == nil {
		items = []useepay.Customer{}
	}
	if f.s.reading("useepay.list") == "data" {
		useepayWriteJSON(w, http.StatusOK, useepayDataPage{Data: items, HasMore: more})
		return
	}
	useepayWriteJSON(w, http.StatusOK, useepay.CustomerList{Items: items, HasMore: &more})
}

// useepayDataPage is a list page as the PHP SDK reads it (reading
// useepay.list=data): the generated CustomerList always writes items.
type useepayDataPage struct {
	Data    []useepay.Customer `json:"data"`
	HasMore bool               `json:"has_more"`
}

var (
	useepayFirstNames = []string{"Wei", "Jane", "Hiroshi", "Amelia", "Ravi", "Sofia", "Chen", "Lucas", "Aisha", "Mateo"}
	useepayLastNames  = []string{"Li", "Smith", "Tanaka", "Brown", "Patel", "Rossi", "Wang", "Martin", "Khan", "Garcia"}
	useepayCities     = []struct{ country, state, city, postcode string }{
		{"CN", "Shanghai", "Shanghai", "200120"},
		{"US", "CA", "San Francisco", "94105"},
		{"JP", "Tokyo", "Chiyoda", "100-0005"},
		{"GB", "England", "London", "EC1A 1BB"},
		{"SG", "Singapore", "Singapore", "018956"},
	}
)

// seed stores customer i directly (not counted as created through the API).
func (f *useepayFake) seed(i int) (string, error) {
	first := useepayFirstNames[i%len(useepayFirstNames)]
	last := useepayLastNames[(i/len(useepayFirstNames))%len(useepayLastNames)]
	place := useepayCities[i%len(useepayCities)]
	line1 := fmt.Sprintf("%d Harbour Road", 1+i%900)
	in := useepay.CustomerCreate{
		MerchantCustomerId: fmt.Sprintf("CRM-%07d", i),
		Name:               first + " " + last,
		Email:              useepayPtrTo(fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), i)),
		Phone:              useepayPtrTo(fmt.Sprintf("+86138%08d", i)),
		FirstName:          &first,
		LastName:           &last,
		Address: &useepay.Address{
			Country:  &place.country,
			State:    &place.state,
			City:     &place.city,
			Postcode: &place.postcode,
			Line1:    &line1,
		},
		Metadata: map[string]string{"seed": strconv.Itoa(i)},
	}
	if i%3 == 0 {
		in.Description = useepayPtrTo("Seeded wholesale customer")
	}
	c := f.build(in)
	useepayNewID(&c)
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return f.store.putJSON(raw)
}

func useepayPtrTo[T any](v T) *T { return &v }
