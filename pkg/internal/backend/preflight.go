package backend

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/multipay/multipay/pkg/internal/validate"
)

// Preflight checks outgoing requests against a provider's spec, so anything
// the spec can tell (required fields, formats, patterns, lengths, at least one
// field, the credentials) fails before the network is touched.
//
// Design: the rules are generated Go data, not the spec. The request
// schemas and parameters of specs/<provider>.yaml are turned into tables by
// `go generate` (pkg/internal/validate/gen, freshness checked by `make
// check-generated` like gen/) and read by the small interpreter in
// pkg/internal/validate, which implements exactly the JSON Schema keywords
// the specs use; the generator fails on any other, so nothing in a spec is
// left unchecked by accident. Loading the spec at run time with kin-openapi
// instead cost every user ~2.8 MB of binary (kin-openapi, its JSON Schema
// and YAML libraries and the embedded specs), ~8 ms of package init, ~4 ms
// to parse a spec in each adapter's New, and a decoding of every body into
// maps per request. The cost of the tables is a generator to keep and an
// interpreter that must agree with kin-openapi: TestAgreesWithKinOpenAPI
// (pkg/internal/validate) runs both over the specs' examples and thousands
// of good and bad bodies, parameters and paths and requires the same verdict
// naming the same fields. kin-openapi still validates, against the specs
// themselves, every request and answer of the fakes (pkg/fake, through
// pkg/internal/specguard), the contract tests and the specs' own tests:
// only the library that users link is free of it.
//
// A body is checked from one pass over its text (pkg/internal/validate's
// parser, held to encoding/json by TestParseAgreesWithDecoder and
// FuzzParse), not from a decoding into map[string]any: that decoding was
// the largest cost our code added to a create (replacing it took HitPay's
// create from 228 to 180 allocations, UseePay's from 342 to 245), and a
// body is now checked with none (the parsed form is pooled; strings are
// read in place). The body is read once, into a string, and handed back to
// the request as its reader.
type Preflight struct {
	spec *validate.Spec
}

// PreflightFor returns the preflight checker of a provider. It panics for
// a provider without generated rules, a programming error.
func PreflightFor(provider string) *Preflight {
	spec := validate.For(provider)
	if spec == nil {
		panic(fmt.Sprintf("backend: no request rules for provider %q (see pkg/internal/validate)", provider))
	}
	return &Preflight{spec: spec}
}

// Check validates req and returns the spec operation it matched (its ID
// and path template). basePath, the path of a base URL override (an API
// gateway mounted under a prefix), is stripped before matching the spec. On
// failure it returns per-field messages keyed by the provider's field names
// ("body" for the body as a whole), and an error saying what failed when no
// field did. req is left ready to send, its body read into into (the
// attempt's own).
func (p *Preflight) Check(req *http.Request, basePath string, into *stringBody) (*validate.Operation, map[string][]string, error) {
	path := strings.TrimPrefix(req.URL.Path, basePath)
	op := p.spec.Match(req.Method, path)
	if op == nil {
		return nil, nil, fmt.Errorf("no operation in the spec for %s %s", req.Method, path)
	}
	var body string
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if body, err = bufferBody(req, into); err != nil {
			return nil, nil, err
		}
	}
	problems, credentialsOK := op.Check(req.Header, path, req.URL.RawQuery, body)
	if !credentialsOK {
		return nil, nil, errors.New("credentials are missing")
	}
	if len(problems) == 0 {
		return op, nil, nil
	}
	fields := make(map[string][]string, len(problems))
	for _, pr := range problems {
		key := cmp.Or(pr.Field, "body")
		fields[key] = append(fields[key], pr.Message)
	}
	return nil, fields, errors.New("the request breaks the spec of " + op.ID)
}

// HasOperation reports whether the provider's spec has an operation with
// this operationId.
func (p *Preflight) HasOperation(id string) bool { return p.spec.Has(id) }

// bufferBody reads req's body and leaves req with a fresh reader over it,
// into. The body is read once, into a string of its announced length, which
// the check reads in place. req.Body becomes into's *strings.Reader, which
// net/http knows to be in memory and writes with the headers in one go (a
// reader of its own type cost each request a second write and TCP segment);
// req.GetBody hands out readers of its own.
func bufferBody(req *http.Request, into *stringBody) (string, error) {
	sb := &into.text // in the attempt, as into is: io.Copy would move a local one to the heap
	if req.ContentLength > 0 {
		sb.Grow(int(req.ContentLength))
	}
	_, err := io.Copy(sb, req.Body) // the generated requests' body writes itself in one call
	_ = req.Body.Close()
	if err != nil {
		return "", err
	}
	raw := sb.String()
	into.Reset(raw)
	req.Body = io.NopCloser(&into.Reader)
	// Always ours, and a call counts as a send: the transport may send a
	// fresh body from GetBody (HTTP/2 does on a retry even before reading
	// the first).
	req.GetBody = func() (io.ReadCloser, error) {
		into.copied.Store(true)
		return io.NopCloser(strings.NewReader(raw)), nil
	}
	return raw, nil
}

// stringBody is a request body read from a string. Whether a byte of it
// may have left is known without httptrace, whatever the HTTPDoer (the
// attempt's "wrote" for requests with a body): from the attempt's own
// reader having been read, or a fresh one taken from GetBody, which the
// attempt looks at once Do has failed: net/http's HTTP/1 transport returns
// an error only once its writer is done with the body, HTTP/2 too unless
// the context ends meanwhile (the call then ends: no attempt is repeated on
// what taken said). A doer of one's own must not read the body after it
// returned an error. A server cannot act on a request whose body it never
// got. Counting a GetBody call as a send is conservative: at worst a lost
// create is looked up rather than repeated at once.
type stringBody struct {
	strings.Reader
	copied atomic.Bool     // GetBody was called
	text   strings.Builder // where bufferBody reads the body
}

// taken reports whether the transport read from the reader bufferBody
// handed to the request, or took another from GetBody.
func (b *stringBody) taken() bool { return int64(b.Len()) < b.Size() || b.copied.Load() }
