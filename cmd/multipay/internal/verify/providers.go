package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/multipay/multipay/pkg/providers"
)

const wrongKey = "multipay-verify-wrong-key"

func init() {
	profiles["hitpay"] = profile{
		auth: func(h http.Header, c providers.Config, bad bool) {
			h.Set("X-BUSINESS-API-KEY", pick(c.APIKey, bad))
		},
		secrets: []string{"X-BUSINESS-API-KEY"},
		run:     runHitPay,
	}
	profiles["notchpay"] = profile{
		auth: func(h http.Header, c providers.Config, bad bool) {
			h.Set("Authorization", pick(c.APIKey, bad))
			if c.SyncAccount != "" {
				h.Set("X-Sync", c.SyncAccount)
			}
		},
		secrets: []string{"Authorization", "X-Sync"},
		run:     runNotchPay,
	}
	profiles["soap"] = profile{
		auth: func(h http.Header, c providers.Config, bad bool) {
			h.Set("Authorization", "Bearer "+pick(c.APIKey, bad))
		},
		secrets: []string{"Authorization"},
		run:     runSoap,
	}
	profiles["useepay"] = profile{
		auth: func(h http.Header, c providers.Config, bad bool) {
			h.Set("x-merchant-no", c.MerchantNo)
			h.Set("x-api-key", pick(c.APIKey, bad))
			h.Set("x-app-id", c.AppID)
		},
		secrets: []string{"x-merchant-no", "x-api-key", "x-app-id"},
		run:     runUseePay,
	}
}

func pick(key string, bad bool) string {
	if bad {
		return wrongKey
	}
	return key
}

// digits returns n digits that differ between runs and calls (test phone numbers).
func (r *run) digits(n int) string {
	r.seq++
	v := (time.Now().UnixNano()/1000 + int64(r.seq)*7919) % 100000000
	return fmt.Sprintf("%0*d", n, v)[:n]
}

// ---------------------------------------------------------------- HitPay

func runHitPay(ctx context.Context, r *run) {
	const src = "specs/hitpay.yaml"
	create := func(email string) *response {
		return r.do(ctx, call{method: http.MethodPost, path: "/v1/customers", body: map[string]any{
			"name": r.tag + " " + r.unique(), "email": email, "phone_number": "8" + r.digits(7),
			"phone_number_country_code": "65", "remark": r.tag + " test data",
		}})
	}
	email := r.email()
	c1 := create(email)
	r.add(r.status("status.createCustomer", "create answers 201 Created", src+" createCustomer", http.StatusCreated, c1))
	id := str(c1.json, "id")
	if id == "" {
		r.add(failed("setup", "a tagged test customer can be created", src, "create returned no id; the other assumptions need one", c1))
		r.hitpayErrors(ctx, src)
		return
	}
	item := "/v1/customers/" + url.PathEscape(id)

	r.add(r.reading("status.getCustomer", "hitpay.get", r.do(ctx, call{method: http.MethodGet, path: item})))

	u := r.do(ctx, call{method: http.MethodPatch, path: item, body: map[string]any{"remark": nil, "birth_date": nil}})
	r.add(r.status("status.updateCustomer", "an update answers 200", src+" updateCustomer", http.StatusOK, u))
	r.add(r.cleared(ctx, "update.null-clears", "an update with null clears a field (remark) (inferred)",
		"DECISION "+src+" CustomerUpdate: null clears a field", u, item, "remark"))

	c2 := create(r.email())
	r.add(r.hitpayPaging(ctx, src, c2))

	dup := create(email)
	r.add(r.errorShape("error.422-duplicate-email", "a second customer with the same email answers 422 (inferred)",
		src+" CustomerCreate.email: unique per business (inferred from the 2022 code)", http.StatusUnprocessableEntity, dup))
	if id3 := str(dup.json, "id"); id3 != "" { // the provider took the duplicate: remove it too
		r.do(ctx, call{method: http.MethodDelete, path: "/v1/customers/" + url.PathEscape(id3)})
	}

	r.hitpayErrors(ctx, src)

	d := r.do(ctx, call{method: http.MethodDelete, path: item})
	r.add(r.status("status.deleteCustomer", "a delete answers 204 without a body",
		"DECISION "+src+" deleteCustomer: 204 with no content", http.StatusNoContent, d))
	deleted := 0
	if d.status >= 200 && d.status <= 299 {
		deleted++
	}
	if id2 := str(c2.json, "id"); id2 != "" {
		if d2 := r.do(ctx, call{method: http.MethodDelete, path: "/v1/customers/" + url.PathEscape(id2)}); d2.status >= 200 && d2.status <= 299 {
			deleted++
		}
	}
	r.note("HitPay: deleted %d of the tagged test customers this run created", deleted)
}

func (r *run) hitpayPaging(ctx context.Context, src string, second *response) Result {
	const id, what = "list.paging", "per_page=1 gives one customer and a meta.next_cursor that reads the next page"
	source := "DECISION " + src + " listCustomers: per_page, cursor"
	if second.status < 200 || second.status > 299 {
		return failed(id, what, source, "a second test customer could not be created", second)
	}
	p1 := r.do(ctx, call{method: http.MethodGet, path: "/v1/customers?per_page=1"})
	if p1.status != http.StatusOK {
		return failed(id, what, source, fmt.Sprintf("the list answered %d", p1.status), p1)
	}
	items, _ := field(p1.json, "data").([]any)
	next := str(p1.json, "meta.next_cursor")
	out := Result{ID: id, Assumption: what, Source: source, Evidence: []Exchange{p1.ex}}
	switch {
	case len(items) != 1:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("per_page=1 gave %d customers", len(items))
		return out
	case next == "":
		out.Outcome, out.Detail = Contradicted, "no next_cursor although the account has at least two customers"
		return out
	}
	p2 := r.do(ctx, call{method: http.MethodGet, path: "/v1/customers?per_page=1&cursor=" + url.QueryEscape(next)})
	out.Evidence = append(out.Evidence, p2.ex)
	items2, _ := field(p2.json, "data").([]any)
	switch {
	case p2.status != http.StatusOK:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the second page answered %d", p2.status)
	case len(items2) != 1 || firstID(items2) == firstID(items):
		out.Outcome, out.Detail = Contradicted, "the cursor did not move to another customer"
	default:
		out.Outcome, out.Detail = Confirmed, "two pages of one customer each, joined by next_cursor"
	}
	return out
}

func (r *run) hitpayErrors(ctx context.Context, src string) {
	r.add(r.errorShape("error.401", "a wrong key answers 401 with Laravel's {message}",
		"DECISION "+src+": 401 on every operation", http.StatusUnauthorized,
		r.do(ctx, call{method: http.MethodGet, path: "/v1/customers?per_page=1", bad: true})))
	r.add(r.errorShape("error.404", "an unknown id answers 404 with Laravel's {message}", src+" getCustomer 404",
		http.StatusNotFound, r.do(ctx, call{method: http.MethodGet, path: "/v1/customers/00000000-0000-4000-8000-000000000000"})))
	r.add(r.errorShape("error.422", "a create without email answers 422 with {message, errors}",
		"DECISION "+src+": 422 on create and update", http.StatusUnprocessableEntity,
		r.do(ctx, call{method: http.MethodPost, path: "/v1/customers", body: map[string]any{"name": r.tag, "phone_number": "87654321"}})))
}

// cleared judges a clearing assumption: after the update u, a read of item
// shows every field in fields empty.
func (r *run) cleared(ctx context.Context, id, what, source string, u *response, item string, fields ...string) Result {
	switch {
	case u.err != nil:
		return failed(id, what, source, "the update got no answer", u)
	case u.status == http.StatusBadRequest || u.status == http.StatusUnprocessableEntity:
		return Result{ID: id, Assumption: what, Source: source, Outcome: Contradicted,
			Detail: fmt.Sprintf("the provider refused the nulls with %d", u.status), Evidence: []Exchange{u.ex}}
	case u.status < 200 || u.status > 299:
		return failed(id, what, source, fmt.Sprintf("the update failed with %d", u.status), u)
	}
	g := r.do(ctx, call{method: http.MethodGet, path: item})
	out := Result{ID: id, Assumption: what, Source: source, Evidence: []Exchange{u.ex, g.ex}}
	if g.status < 200 || g.status > 299 {
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the read after the update answered %d", g.status)
		return out
	}
	obj := customerOf(g.json)
	for _, f := range fields {
		if !empty(field(obj, f)) {
			out.Outcome, out.Detail = Contradicted, fmt.Sprintf("%s kept its value after the null", f)
			return out
		}
	}
	out.Outcome, out.Detail = Confirmed, "the field reads empty after the null"
	return out
}

// customerOf returns the customer in an answer: under customer or data when
// the provider wraps it (Notch Pay), else the body itself.
func customerOf(body map[string]any) map[string]any {
	for _, k := range []string{"customer", "data"} {
		if c, ok := body[k].(map[string]any); ok {
			return c
		}
	}
	return body
}

// ---------------------------------------------------------------- Notch Pay

func runNotchPay(ctx context.Context, r *run) {
	const src = "specs/notchpay.yaml"
	create := func() *response {
		return r.do(ctx, call{method: http.MethodPost, path: "/customers", body: map[string]any{
			"name": r.tag + " " + r.unique(), "email": r.email(), "phone": "2376" + r.digits(8),
			"company_name": r.tag + " test data", "metadata": map[string]any{"multipay_verify": "true"},
		}})
	}
	c1 := create()
	r.add(r.status("status.createCustomer", "create answers 201 Created", "DECISION "+src+" createCustomer: 201 only", http.StatusCreated, c1))
	id := str(customerOf(c1.json), "id")
	if id == "" {
		r.add(failed("setup", "a tagged test customer can be created", src, "create returned no id; the other assumptions need one", c1))
		r.notchPayErrors(ctx, src)
		return
	}
	item := "/customers/" + url.PathEscape(id)

	r.add(r.reading("status.getCustomer", "notchpay.get", r.do(ctx, call{method: http.MethodGet, path: item})))

	u := r.do(ctx, call{method: http.MethodPost, path: item, body: map[string]any{"name": r.tag + " renamed " + r.unique()}})
	r.add(r.reading("status.updateCustomer", "notchpay.update", u))
	partial := r.status("update.partial", "an update that sends neither email nor phone is accepted",
		"DECISION "+src+" CustomerUpdate: partial, need not repeat email or phone", u.status, u)
	if u.status == http.StatusUnprocessableEntity {
		partial.Outcome, partial.Detail = Contradicted, "refused with 422: Notch Pay wants email or phone on every update"
	} else if partial.Outcome == Confirmed {
		partial.Detail = fmt.Sprintf("accepted with %d", u.status)
	}
	r.add(partial)

	n := r.do(ctx, call{method: http.MethodPost, path: item, body: map[string]any{"company_name": nil}})
	r.add(r.cleared(ctx, "update.null-clears", "an update with null clears a field (company_name) (inferred)",
		"DECISION "+src+" CustomerUpdate: clearing with null is inferred", n, item, "company_name"))

	r.notchPayMethods(ctx, src, item)

	c2 := create()
	r.add(r.pagedByNumber(ctx, "list.paging", "limit=1 gives one customer per page and page=2 the next one",
		"DECISION "+src+" listCustomers: limit (max 100), page", c2, "/customers?limit=1&page=%d", 1))

	r.notchPayErrors(ctx, src)

	d := r.do(ctx, call{method: http.MethodDelete, path: item})
	r.add(r.reading("status.deleteCustomer", "notchpay.delete", d))
	deleted := 0
	if d.status >= 200 && d.status <= 299 {
		deleted++
	}
	if id2 := str(customerOf(c2.json), "id"); id2 != "" {
		if d2 := r.do(ctx, call{method: http.MethodDelete, path: "/customers/" + url.PathEscape(id2)}); d2.status >= 200 && d2.status <= 299 {
			deleted++
		}
	}
	r.note("Notch Pay: deleted %d of the tagged test customers this run created", deleted)
}

// notchPayMethods checks the methods the sources disagree on: the reference's
// POST and the guide's and PHP SDKs' PUT, for update, block and unblock. It
// leaves the customer unblocked.
func (r *run) notchPayMethods(ctx context.Context, src, item string) {
	b := r.do(ctx, call{method: http.MethodPost, path: item + "/block"})
	r.add(r.reading("status.blockCustomer", "notchpay.block", b))
	source := "DECISION " + src + " PUT is accepted next to POST for update, block and unblock"
	for _, c := range []struct{ id, path, what string }{
		{"method.put-unblock", item + "/unblock", "PUT /customers/{id}/unblock works as POST does (the official PHP SDKs send PUT)"},
		{"method.put-block", item + "/block", "PUT /customers/{id}/block works as POST does (the official PHP SDKs send PUT)"},
		{"method.put-update", item, "PUT /customers/{id} updates as POST does (the customers guide and the PHP SDK send PUT)"},
	} {
		var body any
		if c.path == item {
			body = map[string]any{"name": r.tag + " put " + r.unique()}
		}
		res := r.do(ctx, call{method: http.MethodPut, path: c.path, body: body})
		r.add(routed(Result{ID: c.id, Assumption: c.what, Source: source, Evidence: []Exchange{res.ex}}, res,
			"accepted", "this account does not route PUT; clients must send POST"))
	}
	r.do(ctx, call{method: http.MethodPost, path: item + "/unblock"})
}

// routed judges an assumption that the provider routes a request: any 2xx
// confirms it (done), 404 or 405 contradicts it (notRouted says what that
// means), anything else cannot tell.
func routed(out Result, res *response, done, notRouted string) Result {
	switch {
	case res.err != nil:
		out.Outcome, out.Detail = NotCheckable, "the request got no answer"
	case res.status >= 200 && res.status <= 299:
		out.Outcome, out.Detail = Confirmed, fmt.Sprintf("%s (%d)", done, res.status)
	case res.status == http.StatusNotFound || res.status == http.StatusMethodNotAllowed:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("%d: %s", res.status, notRouted)
	default:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the call failed with %d", res.status)
	}
	return out
}

func (r *run) notchPayErrors(ctx context.Context, src string) {
	const syncID, syncWhat = "auth.x-sync-needs-key", "X-Sync alone, without the key, is refused with 401 (the OpenAPI file offers it as an alternative)"
	syncSrc := "DECISION " + src + " security: X-Sync never alone"
	if r.cfg.Credentials.SyncAccount == "" {
		r.add(Result{ID: syncID, Assumption: syncWhat, Source: syncSrc, Outcome: NotCheckable,
			Detail: "no sync account configured (NOTCHPAY_SYNC_ID)"})
	} else {
		res := r.do(ctx, call{method: http.MethodGet, path: "/customers?limit=1", drop: []string{"Authorization"}})
		out := r.errorShape(syncID, syncWhat, syncSrc, http.StatusUnauthorized, res)
		if res.status >= 200 && res.status <= 299 {
			out.Outcome, out.Detail = Contradicted, fmt.Sprintf("answered %d: X-Sync alone is enough", res.status)
		}
		r.add(out)
	}

	r.add(r.errorShape("error.401", "a wrong key answers 401 with {code, status, message}", src+" Unauthorized (errors guide)",
		http.StatusUnauthorized, r.do(ctx, call{method: http.MethodGet, path: "/customers?limit=1", bad: true})))
	r.add(r.errorShape("error.404", "an unknown id answers 404 with {code, status, message}", src+" getCustomer 404",
		http.StatusNotFound, r.do(ctx, call{method: http.MethodGet, path: "/customers/cus_multipayverifymissing"})))
	r.add(r.errorShape("error.422", "a create without email and phone answers 422 with {code, status, message, errors}",
		"DECISION "+src+" CustomerCreate: at least one of email and phone", http.StatusUnprocessableEntity,
		r.do(ctx, call{method: http.MethodPost, path: "/customers", body: map[string]any{"name": r.tag + " " + r.unique()}})))
}

// pagedByNumber judges page-number paging: page first and first+1 of size 1
// each hold one customer, and they differ. pathf has one %d for the page. The
// customers are under items, or data (UseePay's PHP SDK reading).
func (r *run) pagedByNumber(ctx context.Context, id, what, source string, second *response, pathf string, first int) Result {
	if second.status < 200 || second.status > 299 {
		return failed(id, what, source, "a second test customer could not be created", second)
	}
	p1 := r.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf(pathf, first)})
	p2 := r.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf(pathf, first+1)})
	out := Result{ID: id, Assumption: what, Source: source, Evidence: []Exchange{p1.ex, p2.ex}}
	if p1.status != http.StatusOK || p2.status != http.StatusOK {
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the pages answered %d and %d", p1.status, p2.status)
		return out
	}
	i1, _ := listItems(p1.json)
	i2, _ := listItems(p2.json)
	switch {
	case len(i1) != 1 || len(i2) != 1:
		out.Outcome, out.Detail = Contradicted, fmt.Sprintf("pages of size 1 held %d and %d customers", len(i1), len(i2))
	case firstID(i1) == firstID(i2):
		out.Outcome, out.Detail = Contradicted, "both pages hold the same customer"
	default:
		out.Outcome, out.Detail = Confirmed, "two pages of one customer each, different customers"
	}
	return out
}

// listItems returns a list page's customers and the key they are under:
// items (the docs) or data (UseePay's PHP SDK).
func listItems(page map[string]any) ([]any, string) {
	for _, key := range []string{"items", "data"} {
		if items, ok := page[key].([]any); ok {
			return items, key
		}
	}
	return nil, ""
}

// listKey reports under which key an account's list page holds the
// customers: the reading useepay.list.
func (r *run) listKey(id, name string, res *response) Result {
	rd, _ := readingNamed(name)
	out := Result{ID: id, Assumption: rd.About + " (either is accepted)", Source: "reading " + name, Evidence: []Exchange{res.ex}}
	_, key := listItems(res.json)
	switch {
	case res.status != http.StatusOK:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the list answered %d", res.status)
	case key == "":
		out.Outcome, out.Detail = Contradicted, "the page has neither items nor data"
	default:
		out.Outcome, out.Detail = Confirmed, usesReading(name, key)
	}
	return out
}

// ---------------------------------------------------------------- Soap

func runSoap(ctx context.Context, r *run) {
	const src = "specs/soap.yaml"
	email := r.email()
	body := map[string]any{"email": email, "first_name": r.tag, "last_name": r.unique(), "internal_id": r.tag + "-" + r.unique()}
	c1 := r.do(ctx, call{method: http.MethodPost, path: "/api/v1/customers", body: body})
	r.add(r.status("status.createCustomer", "create answers 201 Created (the docs show the body but no status)",
		"DECISION "+src+" createCustomer: 200 and 201 both listed", http.StatusCreated, c1))

	bearer := r.status("auth.bearer", "the key is accepted as `Authorization: Bearer <key>`",
		"DECISION "+src+" security: Bearer", c1.status, c1)
	switch {
	case c1.status == http.StatusUnauthorized:
		bearer.Outcome, bearer.Detail = Contradicted, "401 with the Bearer prefix"
	case c1.status >= 200 && c1.status <= 299:
		bearer.Detail = fmt.Sprintf("accepted (%d)", c1.status)
	}
	r.add(bearer)

	raw := r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers/search?email=" + url.QueryEscape(email),
		header: map[string]string{"Authorization": r.cfg.Credentials.APIKey}})
	rawRes := r.status("auth.raw-key", "the raw key without `Bearer` (every doc sample) is accepted too",
		"DECISION "+src+" security: fakes must accept both forms", http.StatusOK, raw)
	if raw.status == http.StatusUnauthorized {
		rawRes.Outcome, rawRes.Detail = Contradicted, "401 without the Bearer prefix: only the Bearer form works"
	}
	r.add(rawRes)

	host := Result{ID: "host", Assumption: "the API is served at the spec's hosts (Live https://api.paywithsoap.com, Sandbox https://api-sandbox.paywithsoap.com)",
		Source: "DECISION " + src + " servers: the live host only community code confirms", Evidence: []Exchange{c1.ex}}
	switch {
	case r.base != server(r.doc, "Live") && r.base != server(r.doc, "Sandbox"):
		host.Outcome, host.Detail = NotCheckable, "this run used "+r.base+", not one of the spec's hosts"
	case c1.status >= 200 && c1.status <= 299:
		host.Outcome, host.Detail = Confirmed, "the create succeeded at "+r.base
	default:
		host.Outcome, host.Detail = NotCheckable, fmt.Sprintf("the create at %s answered %d", r.base, c1.status)
	}
	r.add(host)

	id := str(c1.json, "id")
	if id == "" {
		r.add(failed("setup", "a tagged test customer can be created", src, "create returned no id; the other assumptions need one", c1))
	} else {
		s := r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers/search?email=" + url.QueryEscape(email)})
		r.add(r.status("status.searchCustomers", "a search by email answers 200 with results", src+" searchCustomers", http.StatusOK, s))
		u := r.do(ctx, call{method: http.MethodPatch, path: "/api/v1/customers/" + url.PathEscape(id),
			body: map[string]any{"first_name": r.tag + "-renamed"}})
		r.add(r.status("status.updateCustomer", "an update answers 200", src+" updateCustomer", http.StatusOK, u))
	}

	r.add(r.errorShape("error.401", "a wrong key answers 401 (inferred; Soap documents no errors)", "DECISION "+src+": 401 on every operation",
		http.StatusUnauthorized, r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers/search?email=" + url.QueryEscape(email), bad: true})))
	r.add(r.errorShape("error.404", "an update of an unknown id answers 404 (inferred)", "DECISION "+src+" NotFound",
		http.StatusNotFound, r.do(ctx, call{method: http.MethodPatch, path: "/api/v1/customers/cus_multipayverifymissing",
			body: map[string]any{"first_name": r.tag}})))
	r.add(r.errorShape("error.422-search", "a search without email or phone answers 422 (inferred)", "DECISION "+src+" searchCustomers 422",
		http.StatusUnprocessableEntity, r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers/search"})))
	dup := map[string]any{"email": email, "first_name": r.tag, "last_name": r.unique()}
	r.add(r.errorShape("error.422", "a duplicate email answers 422 (community reports)", "DECISION "+src+" UnprocessableEntity",
		http.StatusUnprocessableEntity, r.do(ctx, call{method: http.MethodPost, path: "/api/v1/customers", body: dup})))
	r.note("Soap has no delete endpoint: the test customer stays, tagged %q in first_name and internal_id", r.tag)
}

// ---------------------------------------------------------------- UseePay

func runUseePay(ctx context.Context, r *run) {
	const src = "specs/useepay.yaml"
	create := func(merchantID string) *response {
		return r.do(ctx, call{method: http.MethodPost, path: "/api/v1/customers/create", body: map[string]any{
			"merchant_customer_id": merchantID, "name": r.tag + " " + r.unique(), "email": r.email(),
			"description": r.tag + " test data",
			"address":     map[string]any{"country": "CN", "city": "Shanghai", "line1": "1 Verify Road", "postcode": "200000"},
			"metadata":    map[string]any{"multipay_verify": "true"},
		}})
	}
	merchantID := r.tag + "-" + r.unique()
	c1 := create(merchantID)
	path := routed(Result{ID: "create.path", Assumption: "customers are created at POST /api/v1/customers/create (the PHP SDK's path)",
		Source: "DECISION " + src + " createCustomer path", Evidence: []Exchange{c1.ex}}, c1, "created", "no such route")
	r.add(path)
	r.add(r.reading("status.createCustomer", "useepay.create", c1))

	id := str(c1.json, "id")
	if id == "" {
		r.add(failed("setup", "a tagged test customer can be created", src, "create returned no id; the other assumptions need one", c1))
		r.useePayErrors(ctx, src)
		r.note("UseePay has no delete endpoint")
		return
	}
	item := "/api/v1/customers/" + url.PathEscape(id)
	r.add(r.status("status.getCustomer", "a read answers 200", src+" getCustomer", http.StatusOK, r.do(ctx, call{method: http.MethodGet, path: item})))

	n := r.do(ctx, call{method: http.MethodPost, path: item, body: map[string]any{"description": nil}})
	r.add(r.cleared(ctx, "update.null-clears", "an update with null clears a field (description) (inferred)",
		"DECISION "+src+" CustomerUpdate: null clears the nullable fields", n, item, "description"))

	a := r.do(ctx, call{method: http.MethodPost, path: item, body: map[string]any{"address": map[string]any{"country": "CN", "city": "Beijing"}}})
	r.add(r.useePayAddress(ctx, src, a, item))

	dup := create(merchantID)
	dupRes := r.errorShape("error.400-duplicate", "a second customer with the same merchant_customer_id answers 400 already_exists (inferred)",
		"DECISION "+src+" createCustomer: a duplicate is 400 already_exists", http.StatusBadRequest, dup)
	if dupRes.Outcome == Confirmed && str(dup.json, "code") != "already_exists" {
		dupRes.Outcome, dupRes.Detail = Contradicted, fmt.Sprintf("400 with code %q, not already_exists", str(dup.json, "code"))
	}
	r.add(dupRes)

	c2 := create(r.tag + "-" + r.unique())
	r.add(r.pagedByNumber(ctx, "list.paging", "page_size=1 gives one customer per page and page_num counts from 0",
		"DECISION "+src+" listCustomers: page_num 0-based, page_size", c2, "/api/v1/customers?page_size=1&page_num=%d", 0))
	r.add(r.listKey("list.key", "useepay.list", r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers?page_size=1"})))

	r.useePayErrors(ctx, src)
	r.note("UseePay has no delete endpoint: the test customers stay, tagged %q in name, merchant_customer_id and metadata", r.tag)
}

func (r *run) useePayAddress(ctx context.Context, src string, a *response, item string) Result {
	const id, what = "update.address-replace", "an address in an update replaces the stored one whole (the fake's reading; the docs' example suggests a merge)"
	source := "DECISION " + src + " CustomerUpdate: merge or replace is not documented"
	if a.status < 200 || a.status > 299 {
		return failed(id, what, source, fmt.Sprintf("the update failed with %d", a.status), a)
	}
	g := r.do(ctx, call{method: http.MethodGet, path: item})
	out := Result{ID: id, Assumption: what, Source: source, Evidence: []Exchange{a.ex, g.ex}}
	switch {
	case g.status != http.StatusOK:
		out.Outcome, out.Detail = NotCheckable, fmt.Sprintf("the read answered %d", g.status)
	case str(g.json, "address.city") != "Beijing":
		out.Outcome, out.Detail = Contradicted, "the new city was not stored"
	case !empty(field(g.json, "address.line1")) || !empty(field(g.json, "address.postcode")):
		out.Outcome, out.Detail = Contradicted, "line1 and postcode survived: UseePay merges the address"
	default:
		out.Outcome, out.Detail = Confirmed, "line1 and postcode are gone: the address was replaced"
	}
	return out
}

func (r *run) useePayErrors(ctx context.Context, src string) {
	r.add(r.errorShape("error.401", "a wrong key answers 401 with {code, message, source}", src+" Unauthorized",
		http.StatusUnauthorized, r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers?page_size=1", bad: true})))
	r.add(r.errorShape("error.404", "an unknown id answers 404 with {code, message}", src+" getCustomer 404",
		http.StatusNotFound, r.do(ctx, call{method: http.MethodGet, path: "/api/v1/customers/cus_MULTIPAYVERIFY0"})))
	r.add(r.errorShape("error.400", "a create without a name answers 400 with {code, message, source}", src+" CreateBadRequest",
		http.StatusBadRequest, r.do(ctx, call{method: http.MethodPost, path: "/api/v1/customers/create",
			body: map[string]any{"merchant_customer_id": r.tag + "-" + r.unique(), "email": r.email()}})))
}

// firstID returns the id of the first customer of a page, "" when there is none.
func firstID(items []any) string {
	if len(items) == 0 {
		return ""
	}
	m, _ := items[0].(map[string]any)
	return str(m, "id")
}
