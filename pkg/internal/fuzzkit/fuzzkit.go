// Package fuzzkit holds what the adapters' fuzz targets share: a doer that
// serves the fuzzer's bytes as the provider's answer, and the invariants
// every target asserts (typed errors, no planted customer data or key in any
// error rendering, a decoded customer that decodes again to the same facade
// values). It is imported by tests only.
package fuzzkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/customers"
)

// BaseURL is where fuzzed adapters point; nothing is ever sent there.
const BaseURL = "https://provider.fuzz.invalid"

// Marker is planted in seed bodies as customer data (names, e-mails,
// streets): wherever the fuzzer moves it, a 2xx answer's error must not
// quote it.
const Marker = "PIIMARKER"

// Answer is an HTTPDoer that answers every request with one status and
// body, as the provider would.
type Answer struct {
	Status int
	Body   []byte
}

// Do drains the request and serves the answer.
func (a Answer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{StatusCode: a.Status, Request: req,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(a.Body))}, nil
}

// Renderings are the ways an error is commonly printed or logged.
func Renderings(err error) []string {
	return []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
}

// CheckError asserts the invariants of any error an adapter returns for a
// served answer: it is a *customers.Error with a sentinel Kind, Raw is
// capped, and no rendering holds a secret or (when answerOK) the marker:
// text from a successful answer is customer data, never error text.
func CheckError(t testing.TB, err error, answerOK bool, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	var ce *customers.Error
	require.ErrorAs(t, err, &ce, "untyped error %T", err)
	require.NotNil(t, ce.Kind, "error without a sentinel: %v", err)
	require.LessOrEqual(t, len(ce.Raw), customers.MaxRawBody, "Raw too long")
	banned := secrets
	if answerOK && ce.Code == "" && errors.Is(err, customers.ErrInvalidResponse) {
		// A 2xx the adapter refused: nothing of it may be quoted. (A 2xx
		// that carries a provider error code, as UseePay's do, brings the
		// provider's own message, which is passed on.)
		banned = append(banned, Marker)
	}
	for _, out := range append(Renderings(err), ce.Code, ce.RequestID, string(ce.Raw)) {
		for _, s := range banned {
			if s != "" {
				require.NotContains(t, out, s, "an error rendering holds a secret or answer text")
			}
		}
	}
}

// SameFacade asserts that two customers carry the same facade values
// (everything but Raw).
func SameFacade(t testing.TB, a, b *customers.Customer) {
	t.Helper()
	ac, bc := *a, *b
	ac.Raw, bc.Raw = nil, nil
	// The same instant may come back in another zone (an offset of +00:00
	// re-encoded as Z): compare instants, not zone pointers.
	ac.CreatedAt, bc.CreatedAt = ac.CreatedAt.UTC(), bc.CreatedAt.UTC()
	ac.UpdatedAt, bc.UpdatedAt = ac.UpdatedAt.UTC(), bc.UpdatedAt.UTC()
	require.Equal(t, ac, bc, "decoding the customer again changed it")
}

// maxDrained bounds a fuzzed listing: an answer that always says "more"
// with items that carry no id pages until the adapter's page limit, which
// would spend the fuzzing time on one input.
const maxDrained = 50

// Drain runs an iterator to its end, its first error or maxDrained items,
// and returns the items.
func Drain(t testing.TB, seq func(func(*customers.Customer, error) bool), secrets ...string) []*customers.Customer {
	t.Helper()
	var out []*customers.Customer
	n := 0
	for c, err := range seq {
		if n++; n > maxDrained {
			break
		}
		if err != nil {
			CheckError(t, err, true, secrets...)
			break
		}
		out = append(out, c)
	}
	return out
}

// SpecSeeds returns the JSON examples the provider's spec documents for the
// responses of the given operations (every status), each also with the
// marker planted in place of "example" (so in e-mails and other sample
// data) and with key planted where the marker would be, so the fuzzer
// starts from real answers that carry customer data and a secret.
func SpecSeeds(provider, key string, operationIDs ...string) [][]byte {
	doc := specs.MustLoadShared(provider)
	var out [][]byte
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if !slices.Contains(operationIDs, op.OperationID) || op.Responses == nil {
				continue
			}
			for _, rsp := range op.Responses.Map() {
				for _, ex := range examplesOf(rsp) {
					out = append(out, ex,
						bytes.ReplaceAll(ex, []byte("example"), []byte(Marker)),
						bytes.ReplaceAll(ex, []byte("example"), []byte(key)))
				}
			}
		}
	}
	return out
}

func examplesOf(rsp *openapi3.ResponseRef) [][]byte {
	if rsp == nil || rsp.Value == nil {
		return nil
	}
	mt := rsp.Value.Content.Get("application/json")
	if mt == nil {
		return nil
	}
	values := []any{mt.Example}
	for _, ex := range mt.Examples {
		if ex != nil && ex.Value != nil {
			values = append(values, ex.Value.Value)
		}
	}
	var out [][]byte
	for _, v := range values {
		if v == nil {
			continue
		}
		if b, err := json.Marshal(v); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// Target is one adapter under the response fuzzers.
type Target struct {
	Provider string
	Key      string // the credential that must never show
	// New builds the adapter with opts (the fuzzed answer's base URL and doer).
	New func(opts ...customers.Option) (customers.Service, error)
	// Operations are the spec operations whose examples seed the corpus.
	Operations []string
	Create     *customers.CreateParams
	// Read reads one customer; List walks a listing (or search).
	Read func(ctx context.Context, svc customers.Service) (*customers.Customer, error)
	List func(ctx context.Context, svc customers.Service) func(func(*customers.Customer, error) bool)
	// Envelope wraps a customer's Raw into an answer Read accepts again
	// (Notch Pay's {"customer": …}); nil serves Raw as it is.
	Envelope func(raw []byte) []byte
}

func (x Target) served(t *testing.T, status int, body []byte) customers.Service {
	t.Helper()
	// Retries run as usual but without their waits: a garbled answer is
	// repeated, and real backoffs made each seed take about a second.
	svc, err := x.New(customers.WithBaseURL(BaseURL), customers.WithHTTPClient(Answer{Status: status, Body: body}),
		customers.WithRetrySleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	return svc
}

// FuzzResponse serves arbitrary bytes as the provider's successful answer
// to every read and write: the adapter must not panic, must return a typed
// error that quotes none of the answer, and a customer it decodes must
// decode again, from its own Raw, to the same facade values.
func (x Target) FuzzResponse(f *testing.F) {
	for _, seed := range SpecSeeds(x.Provider, x.Key, x.Operations...) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx := context.Background()
		svc := x.served(t, 200, body)
		got, err := x.Read(ctx, svc)
		CheckError(t, err, true, x.Key)
		if err == nil {
			raw := []byte(got.Raw)
			if x.Envelope != nil {
				raw = x.Envelope(raw)
			}
			again, err := x.Read(ctx, x.served(t, 200, raw))
			require.NoError(t, err, "the customer's own Raw does not decode again")
			SameFacade(t, got, again)
		}
		_, err = svc.Create(ctx, x.Create)
		CheckError(t, err, true, x.Key)
		Drain(t, x.List(ctx, svc), x.Key)
	})
}

// FuzzErrorBody serves arbitrary bytes as the provider's error answer (any
// 4xx or 5xx): the error-body parser must not panic, the error must be typed
// with a sentinel, and the key must never show.
func (x Target) FuzzErrorBody(f *testing.F) {
	for i, seed := range SpecSeeds(x.Provider, x.Key, x.Operations...) {
		f.Add(uint16(i), seed)
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := 400 + int(status)%200
		_, err := x.Read(context.Background(), x.served(t, code, body))
		require.Error(t, err, "HTTP %d answered a customer", code)
		CheckError(t, err, false, x.Key)
	})
}
