package fake

// The Notch Pay fake plays Notch Pay's customer endpoints as
// specs/notchpay.yaml describes them:
//
//   - auth: Authorization must equal the raw key (a "Bearer " prefix is
//     "Invalid API key", a missing key "API key is missing", both 401); an
//     X-Sync other than the configured account is 404 "Sync account not found";
//   - answers in the {code, status, message, customer} envelope;
//   - create needs an e-mail or a phone (422 "Validation failed"); duplicates
//     are allowed;
//   - update, block and unblock by POST (the API reference) or PUT (the guide
//     and the official PHP SDKs); the update is partial, where null clears
//     name, company_name, metadata, address and billing; delete answers
//     customer: []; block and unblock set blocked;
//   - a phone sent as a string or a JSON number (the reference's examples);
//   - success statuses by reading (readings.go): 202 for an update, as the
//     reference's update page shows; 200 for get, delete, block and unblock,
//     as the guide shows;
//   - list and payments page by page/limit (default 30) with totals,
//     last_page, current_page and selected; search is a case-insensitive
//     substring over name, e-mail and phone.
//
// Guessed:
//
//   - phones lose "+" and separators and must have 6 to 15 digits;
//   - address, billing and metadata are replaced whole;
//   - an empty update is a 422 under a made-up "body" key; an unknown customer
//     is a 404 before validation; blocking a blocked customer succeeds;
//   - sandbox is true when the key contains "test"; X-Sync does not partition
//     customers.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/oapi-codegen/nullable"

	"github.com/multipay/multipay/gen/notchpay"
	"github.com/multipay/multipay/pkg/flex"
	"github.com/multipay/multipay/pkg/internal/specguard"
)

// notchPayTimeLayout is the timestamp layout the fake emits (UTC, milliseconds),
// one of the layouts the spec says Notch Pay uses.
const notchPayTimeLayout = "2006-01-02T15:04:05.000Z"

const (
	notchPayDefaultLimit = 30
	notchPayMaxPhone     = 15 // E.164 digits
	notchPayMinPhone     = 6
)

// notchpayFake fakes the Notch Pay customers API. Customers live in the shared
// store as the generated wire type; each customer's saved payment methods and
// payments live beside it in extras, keyed by customer id.
type notchpayFake struct {
	s     *settings
	store *store[notchpay.Customer]

	mu     sync.Mutex
	extras map[string]*notchPayExtras
}

type notchPayExtras struct {
	methods  []notchpay.PaymentMethod
	payments []notchpay.Payment
}

func newNotchPay(s *settings) provider {
	return &notchpayFake{
		s:      s,
		store:  newStore(s.maxCustomers, func(c *notchpay.Customer) string { return c.Id }),
		extras: map[string]*notchPayExtras{},
	}
}

func (f *notchpayFake) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /customers", f.list)
	mux.HandleFunc("POST /customers", f.create)
	mux.HandleFunc("GET /customers/{id}", f.get)
	mux.HandleFunc("POST /customers/{id}", f.update)
	mux.HandleFunc("PUT /customers/{id}", f.update)
	mux.HandleFunc("DELETE /customers/{id}", f.delete)
	mux.HandleFunc("GET /customers/{id}/payment_methods", f.paymentMethods)
	mux.HandleFunc("GET /customers/{id}/payments", f.payments)
	mux.HandleFunc("POST /customers/{id}/block", f.block)
	mux.HandleFunc("PUT /customers/{id}/block", f.block)
	mux.HandleFunc("POST /customers/{id}/unblock", f.unblock)
	mux.HandleFunc("PUT /customers/{id}/unblock", f.unblock)
}

func (f *notchpayFake) customers() customerStore { return f.store }

func (f *notchpayFake) invalidStatus() int { return http.StatusUnprocessableEntity }

// ---------- wire helpers ----------

func notchPayJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(notchpay.NotchPayError{Code: status, Status: http.StatusText(status), Message: "An unexpected error occurred"})
	}
	writeJSONBytes(w, status, b)
}

func (f *notchpayFake) writeError(w http.ResponseWriter, status int, message string) {
	f.writeErrors(w, status, message, nil)
}

func (f *notchpayFake) writeErrors(w http.ResponseWriter, status int, message string, fields map[string][]string) {
	notchPayJSON(w, status, notchpay.NotchPayError{
		Code:    status,
		Status:  http.StatusText(status),
		Message: message,
		Errors:  fields,
	})
}

func (f *notchpayFake) notFound(w http.ResponseWriter) {
	f.writeError(w, http.StatusNotFound, "Customer not found")
}

func (f *notchpayFake) envelope(w http.ResponseWriter, status int, message string, c notchpay.Customer) {
	st := http.StatusText(status)
	notchPayJSON(w, status, notchpay.CustomerEnvelope{Code: status, Status: &st, Message: message, Customer: &c})
}

// stamp returns the current time in the fake's wire layout. flex.Time
// marshals Raw verbatim, which is the only way to choose its output layout.
func (f *notchpayFake) stamp() flex.Time {
	return notchPayTime(f.s.now())
}

func notchPayTime(t time.Time) flex.Time {
	t = t.UTC().Truncate(time.Millisecond)
	return flex.Time{Time: t, Raw: t.Format(notchPayTimeLayout)}
}

// ---------- authentication ----------

// authorize checks the credential values: Authorization must be the raw API
// key (no Bearer prefix) and X-Sync, when sent, the one known synced account.
func (f *notchpayFake) authorize(w http.ResponseWriter, r *http.Request) bool {
	key := r.Header.Get("Authorization")
	if key == "" {
		f.writeError(w, http.StatusUnauthorized, "API key is missing")
		return false
	}
	if !sameSecret(key, f.s.creds.APIKey) {
		f.writeError(w, http.StatusUnauthorized, "Invalid API key")
		return false
	}
	if vals, sent := r.Header["X-Sync"]; sent {
		if len(vals) != 1 || !sameSecret(vals[0], f.s.creds.SyncAccount) {
			f.writeError(w, http.StatusNotFound, "Sync account not found")
			return false
		}
	}
	return true
}

// ---------- refused requests ----------

func (f *notchpayFake) reject(w http.ResponseWriter, r *http.Request, kind specguard.RejectKind, err error) {
	switch kind {
	case specguard.NoRoute:
		var re *routers.RouteError
		if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
			f.writeError(w, http.StatusMethodNotAllowed, "Method not allowed")
			return
		}
		f.writeError(w, http.StatusNotFound, "Resource not found")
		return
	case specguard.Unauthenticated:
		// Both security alternatives need Authorization, so it is missing.
		f.writeError(w, http.StatusUnauthorized, "API key is missing")
		return
	}
	// Laravel authenticates before it validates.
	if !f.authorize(w, r) {
		return
	}
	op := f.s.baseOp(specguard.Operation(r))
	var notFound, queryParam, badBody, missingBody bool
	for _, re := range notchPayRequestErrors(err) {
		switch {
		case re.Parameter != nil && re.Parameter.In == openapi3.ParameterInPath:
			notFound = true // an id that cannot exist is simply not found
		case re.Parameter != nil:
			queryParam = true
		case re.RequestBody != nil && errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			missingBody = true
		case re.RequestBody != nil && !notchPayIsSchemaError(re.Err):
			badBody = true // undecodable JSON or a foreign content type
		}
	}
	// Laravel binds the route's customer before it validates: an unknown
	// customer is not found whatever else is wrong. (The guard answers before
	// the mux, so r.PathValue is not set yet.)
	if id, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/customers/"), "/"); !notFound && id != "" && id != r.URL.Path {
		if _, ok := f.store.get(id); !ok {
			notFound = true
		}
	}
	switch {
	case notFound:
		f.notFound(w)
	case badBody:
		f.writeError(w, http.StatusBadRequest, "Invalid JSON payload")
	case queryParam:
		f.writeErrors(w, http.StatusBadRequest, "Invalid request parameters", notchPayFieldMessages(err))
	case missingBody && op == "createCustomer":
		f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", notchPayContactRequired())
	case missingBody:
		f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", map[string][]string{
			"body": {"At least one field is required."},
		})
	case op == "createCustomer" || op == "updateCustomer":
		f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", notchPayFieldMessages(err))
	default:
		f.writeErrors(w, http.StatusBadRequest, "Invalid request parameters", notchPayFieldMessages(err))
	}
}

// notchPayRequestErrors flattens the guard's error into its request errors.
func notchPayRequestErrors(err error) []*openapi3filter.RequestError {
	var out []*openapi3filter.RequestError
	var walk func(error)
	walk = func(err error) {
		// A RequestError unwraps to a MultiError of its schema errors: look at
		// the RequestError itself before unwrapping.
		switch e := err.(type) { //nolint:errorlint // the wrapper itself is wanted, not what it wraps
		case *openapi3filter.RequestError:
			out = append(out, e)
		case openapi3.MultiError:
			for _, x := range e {
				walk(x)
			}
		default:
			var re *openapi3filter.RequestError
			if errors.As(err, &re) {
				out = append(out, re)
			}
		}
	}
	walk(err)
	return out
}

func notchPayIsSchemaError(err error) bool {
	if err == nil {
		return false
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return true
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			if !notchPayIsSchemaError(e) {
				return false
			}
		}
		return len(multi) > 0
	}
	return false
}

// notchPayFieldMessages renders the guard's field errors the Laravel way:
// {"address.country": ["The address.country field format is invalid."]}.
func notchPayFieldMessages(err error) map[string][]string {
	out := map[string][]string{}
	for _, fe := range specguard.FieldErrors(err) {
		if fe.Field == "" {
			fe.Field = "body"
		}
		out[fe.Field] = append(out[fe.Field], notchPayMessage(fe))
	}
	return out
}

func notchPayMessage(fe specguard.FieldError) string {
	field, reason := fe.Field, fe.Message
	switch {
	case field == "body" && fe.Keyword == "minProperties":
		return "At least one field is required."
	case fe.Keyword == "required":
		return fmt.Sprintf("The %s field is required.", field)
	case fe.Keyword == "properties", fe.Keyword == "additionalProperties": // an unknown key
		return fmt.Sprintf("The %s field is not accepted.", field)
	case fe.Keyword == "format" && strings.Contains(reason, `"email"`):
		return fmt.Sprintf("The %s field must be a valid email address.", field)
	case fe.Keyword == "maxLength":
		return fmt.Sprintf("The %s field is too long (%s).", field, reason)
	case fe.Keyword == "pattern":
		return fmt.Sprintf("The %s field format is invalid.", field)
	case fe.Keyword == "nullable":
		return fmt.Sprintf("The %s field may not be null.", field)
	case fe.Keyword == "type" && strings.Contains(reason, "must be a string"):
		return fmt.Sprintf("The %s field must be a string.", field)
	}
	return fmt.Sprintf("The %s field is invalid: %s.", field, strings.TrimSuffix(reason, "."))
}

func notchPayContactRequired() map[string][]string {
	return map[string][]string{
		"email": {"The email field is required when phone is not present."},
		"phone": {"The phone field is required when email is not present."},
	}
}

// notchPayPhone stores a phone the way Notch Pay answers it: digits with the
// country code and no "+". Separators are dropped; anything else is refused.
func notchPayPhone(in string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(in) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	return d, len(d) >= notchPayMinPhone && len(d) <= notchPayMaxPhone
}

func notchPayAddress(a *notchpay.Address) notchpay.CustomerAddress {
	var out notchpay.CustomerAddress
	out.Country, out.State, out.City = deref(a.Country), deref(a.State), deref(a.City)
	out.PostalCode, out.AddressLine1, out.AddressLine2 = deref(a.PostalCode), deref(a.AddressLine1), deref(a.AddressLine2)
	return out
}

func (f *notchpayFake) sandbox() bool { return strings.Contains(f.s.creds.APIKey, "test") }

// ---------- handlers ----------

func (f *notchpayFake) create(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	var in notchpay.CreateCustomerJSONRequestBody
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.writeError(w, http.StatusBadRequest, "Invalid JSON payload")
		return
	}
	if (in.Email == nil || strings.TrimSpace(*in.Email) == "") && in.Phone == nil {
		f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", notchPayContactRequired())
		return
	}
	now := f.stamp()
	c := notchpay.Customer{
		Blocked:   false,
		Sandbox:   flex.Bool(f.sandbox()),
		CreatedAt: now,
		UpdatedAt: now,
		// Address, Billing and Metadata start absent, which is written as null.
	}
	if in.Email != nil {
		c.Email = strings.TrimSpace(*in.Email)
	}
	if in.Phone != nil {
		p, ok := notchPayPhone(string(*in.Phone))
		if !ok {
			f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", map[string][]string{
				"phone": {"The phone field format is invalid."},
			})
			return
		}
		c.Phone = notchpay.FlexPhone(p)
	}
	if in.Name != nil {
		c.Name = *in.Name
	}
	if in.CompanyName != nil {
		c.CompanyName = *in.CompanyName
	}
	if in.Metadata != nil {
		c.Metadata = flex.NewObject(rawJSON(in.Metadata))
	}
	if in.Address != nil {
		c.Address = flex.NewObject(notchPayAddress(in.Address))
	}
	if in.Billing != nil {
		c.Billing = flex.NewObject(notchPayAddress(in.Billing))
	}
	// Notch Pay does not deduplicate customers: no uniqueness check.
	var err error
	for range 3 {
		c.Id = "cus_" + randomAlnum(16)
		if err = f.store.create(c, nil); !errors.Is(err, errDuplicate) {
			break
		}
	}
	switch {
	case errors.Is(err, errStoreFull):
		f.writeError(w, f.invalidStatus(), "Customer limit reached for this account")
		return
	case err != nil:
		f.writeError(w, http.StatusInternalServerError, "An unexpected error occurred")
		return
	}
	f.envelope(w, http.StatusCreated, "Customer created successfully", c)
}

func (f *notchpayFake) get(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	c, ok := f.store.get(r.PathValue("id"))
	if !ok {
		f.notFound(w)
		return
	}
	f.envelope(w, f.s.success(r, http.StatusOK), "Customer retrieved", c)
}

func (f *notchpayFake) update(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	id := r.PathValue("id")
	var in notchpay.UpdateCustomerJSONRequestBody
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.writeError(w, http.StatusBadRequest, "Invalid JSON payload")
		return
	}
	var phone string
	if in.Phone != nil {
		p, ok := notchPayPhone(string(*in.Phone))
		if !ok {
			if _, found := f.store.get(id); !found {
				f.notFound(w)
				return
			}
			f.writeErrors(w, http.StatusUnprocessableEntity, "Validation failed", map[string][]string{
				"phone": {"The phone field format is invalid."},
			})
			return
		}
		phone = p
	}
	now := f.stamp()
	c, err := f.store.update(id, func(c *notchpay.Customer) error {
		if in.Email != nil {
			c.Email = strings.TrimSpace(*in.Email)
		}
		if in.Phone != nil {
			c.Phone = notchpay.FlexPhone(phone)
		}
		notchPayPatch(&c.Name, in.Name)
		notchPayPatch(&c.CompanyName, in.CompanyName)
		notchPayPatchObject(&c.Metadata, in.Metadata, func(v map[string]any) json.RawMessage { return rawJSON(v) })
		notchPayPatchObject(&c.Address, in.Address, func(v notchpay.Address) notchpay.CustomerAddress { return notchPayAddress(&v) })
		notchPayPatchObject(&c.Billing, in.Billing, func(v notchpay.Address) notchpay.CustomerAddress { return notchPayAddress(&v) })
		c.UpdatedAt = now
		return nil
	}, nil)
	if err != nil {
		f.notFound(w)
		return
	}
	f.envelope(w, f.s.success(r, http.StatusAccepted), "Customer updated successfully", c)
}

// notchPayPatch applies one field of a partial update: unsent keeps, null
// clears, a value replaces.
func notchPayPatch(dst *string, in nullable.Nullable[string]) {
	if in.IsSpecified() {
		*dst, _ = in.Get() // null: ""
	}
}

// notchPayPatchObject is notchPayPatch for an object field (address, billing,
// metadata), where a cleared object is absent and written as null.
func notchPayPatchObject[In, Out any](dst *flex.Object[Out], in nullable.Nullable[In], conv func(In) Out) {
	switch {
	case !in.IsSpecified():
	case in.IsNull():
		*dst = flex.Object[Out]{}
	default:
		*dst = flex.NewObject(conv(in.MustGet()))
	}
}

func (f *notchpayFake) delete(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	id := r.PathValue("id")
	if !f.store.delete(id) {
		f.notFound(w)
		return
	}
	f.mu.Lock()
	delete(f.extras, id)
	f.mu.Unlock()
	status := f.s.success(r, http.StatusOK)
	st := http.StatusText(status)
	empty := json.RawMessage("[]")
	notchPayJSON(w, status, notchpay.CustomerDeleted{
		Code: status, Status: &st, Message: "Customer deleted successfully", Customer: &empty,
	})
}

func (f *notchpayFake) block(w http.ResponseWriter, r *http.Request) {
	f.setBlocked(w, r, true, "Customer blocked successfully")
}

func (f *notchpayFake) unblock(w http.ResponseWriter, r *http.Request) {
	f.setBlocked(w, r, false, "Customer unblocked successfully")
}

func (f *notchpayFake) setBlocked(w http.ResponseWriter, r *http.Request, blocked bool, message string) {
	if !f.authorize(w, r) {
		return
	}
	now := f.stamp()
	c, err := f.store.update(r.PathValue("id"), func(c *notchpay.Customer) error {
		c.Blocked = flex.Bool(blocked)
		c.UpdatedAt = now
		return nil
	}, nil)
	if err != nil {
		f.notFound(w)
		return
	}
	f.envelope(w, f.s.success(r, http.StatusOK), message, c)
}

// notchPayPaging reads limit and page (already range-checked by the guard).
func notchPayPaging(r *http.Request) (limit, page int) {
	limit, page = notchPayDefaultLimit, 1
	q := r.URL.Query()
	if v, err := strconv.Atoi(q.Get("limit")); err == nil && v > 0 {
		limit = v
	}
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v > 0 {
		page = v
	}
	return limit, page
}

func notchPayLastPage(total, limit int) int {
	return max(1, int(math.Ceil(float64(total)/float64(limit))))
}

func (f *notchpayFake) list(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	limit, page := notchPayPaging(r)
	var match func(*notchpay.Customer) bool
	if q := r.URL.Query(); q.Has("search") {
		term := strings.ToLower(strings.TrimSpace(q.Get("search")))
		digits := strings.TrimPrefix(term, "+")
		match = func(c *notchpay.Customer) bool {
			return strings.Contains(strings.ToLower(c.Name), term) ||
				strings.Contains(strings.ToLower(c.Email), term) ||
				(digits != "" && strings.Contains(string(c.Phone), digits))
		}
	}
	offset, ok := pageOffset(page-1, limit)
	if !ok {
		offset = math.MaxInt
	}
	items, total := f.store.page(offset, limit, match)
	if items == nil {
		items = []notchpay.Customer{}
	}
	code, st, msg := http.StatusOK, http.StatusText(http.StatusOK), "Customers retrieved"
	last, cur, sel := notchPayLastPage(total, limit), page, len(items)
	notchPayJSON(w, http.StatusOK, notchpay.CustomerList{
		Code: &code, Status: &st, Message: &msg,
		Totals: &total, LastPage: &last, CurrentPage: &cur, Selected: &sel,
		Items: items,
	})
}

func (f *notchpayFake) extrasOf(id string) (methods []notchpay.PaymentMethod, payments []notchpay.Payment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e := f.extras[id]; e != nil {
		return append([]notchpay.PaymentMethod(nil), e.methods...), append([]notchpay.Payment(nil), e.payments...)
	}
	return nil, nil
}

func (f *notchpayFake) paymentMethods(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, ok := f.store.get(id); !ok {
		f.notFound(w)
		return
	}
	methods, _ := f.extrasOf(id)
	if methods == nil {
		methods = []notchpay.PaymentMethod{}
	}
	code, st, msg := http.StatusOK, http.StatusText(http.StatusOK), "Payment methods retrieved"
	notchPayJSON(w, http.StatusOK, notchpay.PaymentMethodList{Code: &code, Status: &st, Message: &msg, Items: methods})
}

// notchPayPaymentPage is CustomerPaymentList with `payments` always present:
// the generated type omits an empty array.
type notchPayPaymentPage struct {
	Code        int                `json:"code"`
	Status      string             `json:"status"`
	Message     string             `json:"message"`
	Totals      int                `json:"totals"`
	LastPage    int                `json:"last_page"`
	CurrentPage int                `json:"current_page"`
	Selected    int                `json:"selected"`
	Payments    []notchpay.Payment `json:"payments"`
}

func (f *notchpayFake) payments(w http.ResponseWriter, r *http.Request) {
	if !f.authorize(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, ok := f.store.get(id); !ok {
		f.notFound(w)
		return
	}
	limit, page := notchPayPaging(r)
	_, all := f.extrasOf(id)
	if q := r.URL.Query(); q.Has("status") {
		want := strings.ToLower(q.Get("status"))
		kept := all[:0]
		for _, p := range all {
			if strings.ToLower(p.Status) == want {
				kept = append(kept, p)
			}
		}
		all = kept
	}
	items := []notchpay.Payment{}
	if offset, ok := pageOffset(page-1, limit); ok && offset < len(all) {
		items = append(items, all[offset:min(len(all), offset+limit)]...)
	}
	notchPayJSON(w, http.StatusOK, notchPayPaymentPage{
		Code: http.StatusOK, Status: http.StatusText(http.StatusOK), Message: "Customer payments retrieved",
		Totals: len(all), LastPage: notchPayLastPage(len(all), limit), CurrentPage: page, Selected: len(items),
		Payments: items,
	})
}

// ---------- seeding ----------

var (
	notchPayFirstNames = []string{"Aminata", "Jean", "Brice", "Carine", "Ibrahim", "Sandrine", "Paul", "Mireille", "Yannick", "Estelle", "Samuel", "Nadège"}
	notchPayLastNames  = []string{"Njoya", "Mbarga", "Fotso", "Tchoupo", "Ngo Bassa", "Ebogo", "Kamga", "Atangana", "Nkeng", "Abena", "Moukoko", "Tagne"}
	notchPayCities     = []string{"Douala", "Yaoundé", "Bafoussam", "Garoua", "Bamenda", "Kribi"}
	notchPayStatuses   = []string{"complete", "pending", "failed"}
)

// seed stores customer i with one Mobile Money method and three payments.
func (f *notchpayFake) seed(i int) (string, error) {
	first := notchPayFirstNames[i%len(notchPayFirstNames)]
	last := notchPayLastNames[(i/len(notchPayFirstNames))%len(notchPayLastNames)]
	phone := fmt.Sprintf("2376%08d", i%100000000)
	email := fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, " ", "")), i)
	city := notchPayCities[i%len(notchPayCities)]
	now := f.s.now()
	created := notchPayTime(now)

	c := notchpay.Customer{
		Id:        "cus_" + randomAlnum(16),
		Name:      first + " " + last,
		Email:     email,
		Phone:     notchpay.FlexPhone(phone),
		Metadata:  flex.NewObject(rawJSON(map[string]any{"customer_no": strconv.Itoa(i)})),
		Blocked:   false,
		Sandbox:   flex.Bool(f.sandbox()),
		CreatedAt: created,
		UpdatedAt: created,
	}
	if i%3 == 0 {
		c.CompanyName = last + " SARL"
	}
	c.Address = flex.NewObject(notchPayAddress(&notchpay.Address{
		Country:      notchPayPtr("CM"),
		City:         &city,
		AddressLine1: notchPayPtr(fmt.Sprintf("%d Rue %d", 10+i%90, 1000+i)),
	}))
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	id, err := f.store.putJSON(raw)
	if err != nil {
		return "", err
	}
	// putJSON re-parses the timestamps; put back the fake's own layout.
	_, _ = f.store.update(id, func(s *notchpay.Customer) error {
		s.CreatedAt, s.UpdatedAt = created, created
		return nil
	}, nil)

	pm := notchpay.PaymentMethod{
		Id:        "pm_" + randomAlnum(16),
		Type:      "Mobile Money",
		Channel:   "cm.mtn",
		Phone:     notchpay.FlexPhone(phone),
		CreatedAt: created,
	}
	ex := &notchPayExtras{methods: []notchpay.PaymentMethod{pm}}
	for k, status := range notchPayStatuses {
		p := notchpay.Payment{
			Id:        "pay_" + randomAlnum(16),
			Reference: fmt.Sprintf("order_%d_%d", i, k+1),
			Amount:    flex.Number(1000 * (k + 1) * (1 + i%5)),
			Currency:  "XAF",
			Status:    status,
			Customer:  id,
			CreatedAt: notchPayTime(now.Add(time.Duration(k) * time.Minute)),
		}
		if status == "complete" {
			p.PaymentMethod = pm.Id
			p.CompletedAt = notchPayTime(now.Add(time.Duration(k)*time.Minute + 5*time.Minute))
		}
		ex.payments = append(ex.payments, p)
	}
	f.mu.Lock()
	f.extras[id] = ex
	f.mu.Unlock()
	return id, nil
}

func notchPayPtr[T any](v T) *T { return &v }
