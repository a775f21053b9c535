package transfer

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/adapter"
)

// pairDrops are the fields each pair must drop besides what the target
// cannot store: values it stores but would refuse as the source holds them.
var pairDrops = map[string][]customers.Field{
	"notchpay>hitpay": {customers.FieldAddress}, // HitPay needs state and postal code
	"useepay>soap":    {customers.FieldPhone},   // Soap stores North American numbers only
}

// Every ordered pair of providers (Soap only as a target): the copies hold
// every field the target can store, carry the source key where the target
// can, and the counts add up. HitPay and Notch Pay customers hold a full
// name only, which Soap cannot take (no splitting): all refused, naming the
// missing first and last name.
func TestCopyEveryPair(t *testing.T) {
	const n = 7
	for _, from := range []string{"hitpay", "notchpay", "useepay"} {
		for _, to := range []string{"hitpay", "notchpay", "soap", "useepay"} {
			if from == to {
				continue
			}
			t.Run(from+">"+to, func(t *testing.T) {
				t.Parallel()
				_, src := seeded(t, from, n)
				dstSrv, dst := started(t, to)
				opts := Options{DropUnsupported: true, DropFields: pairDrops[from+">"+to], Ledger: openLedger(t, ledgerPath(t), to)}
				rep, err := Run(context.Background(), FromService(src, nil), dst, opts)
				require.NoError(t, err)
				require.NoError(t, opts.Ledger.Close())
				if to == "soap" && from != "useepay" {
					assert.Equal(t, n, rep.Refused)
					assert.Equal(t, n, rep.Missing[customers.FieldFirstName])
					assert.Equal(t, n, rep.Missing[customers.FieldLastName])
					assert.Zero(t, dstSrv.Created())
					return
				}
				require.Equal(t, n, rep.Copied, "%+v", rep.Failures)
				assert.Equal(t, n, dstSrv.Count())
				assertCopies(t, src, dst, opts)
			})
		}
	}
}

// assertCopies checks that every source customer has exactly one copy at
// the target that carries what the plan sends.
func assertCopies(t *testing.T, src, dst customers.Service, opts Options) {
	t.Helper()
	pl := newPlanner(dst.Capabilities(), opts)
	r := newRunner(dst, opts)
	for _, c := range listAll(t, src) {
		p := pl.plan(c)
		require.True(t, p.ok())
		found, err := r.find(context.Background(), p)
		require.NoError(t, err)
		require.NotNil(t, found, "no copy of %s", p.key)
		assert.True(t, adapter.Matches(found, p.params, found.CreatedAt), "copy of %s differs", p.key)
		assert.Equal(t, c.Email, found.Email)
		switch dst.Provider() {
		case "notchpay", "useepay":
			assert.Equal(t, p.key, found.Metadata[SourceKey])
		}
		if dst.Provider() == "useepay" && c.ExternalID == "" {
			assert.Equal(t, p.key, found.ExternalID)
		}
	}
}

// A customer with fields the target cannot store is refused, naming them,
// unless the caller drops them; the report counts the loss per field.
func TestRefusedUnlessDropped(t *testing.T) {
	_, src := seeded(t, "hitpay", 6)
	dstSrv, dst := started(t, "notchpay")
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{})
	require.NoError(t, err)
	assert.Equal(t, 6, rep.Refused)
	assert.Zero(t, dstSrv.Created(), "nothing written")
	assert.Equal(t, 6, rep.Loss[customers.FieldBirthDate])
	assert.Equal(t, 6, rep.Loss[customers.FieldGender])
	assert.Equal(t, 2, rep.Loss[customers.FieldDescription]) // every third seed has a remark
	require.Len(t, rep.Refusals, 6)
	assert.Subset(t, rep.Refusals[0].Fields, []customers.Field{customers.FieldBirthDate, customers.FieldGender})

	rep, err = Run(context.Background(), FromService(src, nil), dst,
		Options{DropFields: []customers.Field{customers.FieldBirthDate, customers.FieldGender, customers.FieldDescription}})
	require.NoError(t, err)
	assert.Equal(t, 6, rep.Copied)
	assert.Equal(t, 6, rep.Dropped[customers.FieldGender])
	assert.Equal(t, 6, dstSrv.Count())
}

// A dry run sends nothing to the target and writes no ledger entry, and
// reports what a real run would do, with the per-field loss.
func TestDryRun(t *testing.T) {
	_, src := seeded(t, "useepay", 5)
	dstSrv, dst := started(t, "hitpay")
	path := ledgerPath(t)
	led := openLedger(t, path, "hitpay")
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{DryRun: true, DropUnsupported: true, Ledger: led})
	require.NoError(t, err)
	require.NoError(t, led.Close())
	assert.Equal(t, 5, rep.Planned)
	assert.Equal(t, 5, rep.Dropped[customers.FieldExternalID])
	assert.Empty(t, dstSrv.Journal(), "no request to the target")
	entries, err := readEntries(path)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

// Soap has no list: as a source it says so, matching ErrNotSupported.
func TestSoapIsNoSource(t *testing.T) {
	_, src := started(t, "soap")
	_, dst := started(t, "notchpay")
	_, err := Run(context.Background(), FromService(src, nil), dst, Options{})
	require.ErrorIs(t, err, customers.ErrNotSupported)
	assert.Contains(t, err.Error(), "soap has no list of customers: it can be a target of a copy, not a source")
	var buf bytes.Buffer
	_, err = Export(context.Background(), src, &buf)
	require.ErrorIs(t, err, customers.ErrNotSupported)
}

// A re-run without the ledger finds the earlier copies through the carried
// source key (Notch Pay allows duplicates, so only the key can tell), and
// at HitPay through its unique e-mail (create answers conflict): nothing
// is created twice.
func TestRerunWithoutLedger(t *testing.T) {
	for _, to := range []string{"notchpay", "hitpay"} {
		t.Run(to, func(t *testing.T) {
			_, src := seeded(t, "useepay", 6)
			dstSrv, dst := started(t, to)
			opts := Options{DropUnsupported: true, LookupFirst: to == "notchpay"}
			rep, err := Run(context.Background(), FromService(src, nil), dst, opts)
			require.NoError(t, err)
			require.Equal(t, 6, rep.Copied)
			rep, err = Run(context.Background(), FromService(src, nil), dst, opts)
			require.NoError(t, err)
			assert.Equal(t, 6, rep.Skipped, "%+v", rep.Failures)
			assert.Equal(t, 6, dstSrv.Count())
		})
	}
}

// A blocked Notch Pay customer cannot be created blocked anywhere: refused
// naming Blocked, unless dropped.
func TestBlockedIsAField(t *testing.T) {
	srcSrv, src := seeded(t, "notchpay", 2)
	id := srcSrv.IDs()[0]
	_, err := src.(customers.Blocker).Block(context.Background(), id)
	require.NoError(t, err)
	_, dst := started(t, "useepay")
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{DropFields: []customers.Field{customers.FieldCompany}})
	require.NoError(t, err)
	require.Equal(t, 1, rep.Refused)
	assert.Equal(t, []customers.Field{FieldBlocked}, rep.Refusals[0].Fields)
	assert.Equal(t, "notchpay:"+id, rep.Refusals[0].Key)
}

// The export is lossless: reading it back gives the listed customers, and
// writing those again gives the same bytes.
func TestExportRoundTrip(t *testing.T) {
	for _, name := range []string{"hitpay", "notchpay", "useepay"} {
		t.Run(name, func(t *testing.T) {
			_, svc := seeded(t, name, 25)
			var buf bytes.Buffer
			n, err := Export(context.Background(), svc, &buf)
			require.NoError(t, err)
			require.Equal(t, 25, n)
			listed := listAll(t, svc)
			var back []*customers.Customer
			for c, err := range FromJSONLines(bytes.NewReader(buf.Bytes())).Customers(context.Background()) {
				require.NoError(t, err)
				back = append(back, c)
			}
			require.Len(t, back, len(listed))
			var again bytes.Buffer
			w := NewWriter(&again)
			for i, c := range back {
				want := *listed[i]
				want.Raw = nil
				assert.True(t, want.CreatedAt.Equal(c.CreatedAt) && want.UpdatedAt.Equal(c.UpdatedAt))
				want.CreatedAt, want.UpdatedAt = c.CreatedAt, c.UpdatedAt // same instants (checked above), zones as decoded
				assert.Equal(t, want, *c)
				require.NoError(t, w.Write(c))
			}
			require.NoError(t, w.Flush())
			assert.Equal(t, buf.String(), again.String())
		})
	}
}

// Bad lines are named by number, without their content.
func TestJSONLinesErrors(t *testing.T) {
	for in, want := range map[string]string{
		`{"id":"a","provider":"hitpay","email":"secret@example.com","colour":"red"}`: `line 2: unknown field "colour"`,
		`{"id":"a","provider":"hitpay","birth_date":"1990-13-45"}`:                   "line 2: not a customer",
		`{"email":"secret@example.com"}`:                                             "line 2: a customer needs its id and provider",
		`{"id":"a","provider":"hitpay","email":5}`:                                   "line 2: field email: want string",
		`{"id":"a", secret`: "line 2: not JSON",
	} {
		src := FromJSONLines(bytes.NewReader([]byte(`{"id":"x","provider":"hitpay"}` + "\n" + in + "\n")))
		var got error
		for _, err := range src.Customers(context.Background()) {
			got = err
		}
		require.Error(t, got, in)
		assert.Contains(t, got.Error(), want)
		assert.NotContains(t, got.Error(), "secret")
		assert.NotContains(t, got.Error(), "1990")
	}
}

// A source repeating an id (a file with a line twice) is copied once.
func TestRepeatedLineCopiedOnce(t *testing.T) {
	_, src := seeded(t, "useepay", 3)
	var buf bytes.Buffer
	_, err := Export(context.Background(), src, &buf)
	require.NoError(t, err)
	doubled := bytes.Repeat(buf.Bytes(), 2)
	dstSrv, dst := started(t, "notchpay")
	rep, err := Run(context.Background(), FromJSONLines(bytes.NewReader(doubled)), dst, Options{DropUnsupported: true})
	require.NoError(t, err)
	assert.Equal(t, 3, rep.Copied)
	assert.Equal(t, 3, rep.Skipped)
	assert.Equal(t, 3, dstSrv.Count())
}

// The rate option paces requests 1/rate apart, one at a time, and a
// cancelled run stops waiting.
func TestRateLimiter(t *testing.T) {
	assert.Nil(t, newLimiter(0), "no rate, no limiter")
	l := newLimiter(1000)
	require.NotNil(t, l)
	assert.Equal(t, rate.Limit(1000), l.Limit())
	assert.Equal(t, 1, l.Burst(), "one request at a time: no burst after a pause")
	r := &runner{limit: l}
	require.NoError(t, r.pace(context.Background()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, r.pace(ctx), context.Canceled, "a cancelled run stops waiting")
	assert.NoError(t, (&runner{}).pace(ctx), "without a rate nothing waits")
}

// The report names customers by id only: failures carry the facade's
// redacted errors, refusals field names; no e-mail, name or address.
func TestReportHoldsNoCustomerData(t *testing.T) {
	_, src := seeded(t, "notchpay", 4)
	_, dst := started(t, "hitpay")
	// Notch Pay's addresses lack the state and postal code HitPay needs:
	// every create fails with ErrInvalidRequest.
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true})
	require.NoError(t, err)
	require.Equal(t, 4, rep.Failed)
	assert.Equal(t, map[string]int{"invalid request": 4}, rep.FailedKinds)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	for _, c := range listAll(t, src) {
		for _, v := range []string{c.Email, c.Name, c.Phone, c.Address.City, c.Address.Line1} {
			assert.NotContains(t, string(b), v)
		}
		assert.Contains(t, string(b), "notchpay:"+c.ID)
	}
}
