package transfer

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// A last line cut short by a kill is dropped on open and the file
// truncated there, so the next entry starts on a line of its own; the
// entries before it are replayed.
func TestLedgerDropsCutLastLine(t *testing.T) {
	path := ledgerPath(t)
	l := openLedger(t, path, "notchpay")
	require.NoError(t, l.started("hitpay:a"))
	require.NoError(t, l.done("hitpay:a", "cus_1"))
	require.NoError(t, l.started("hitpay:b"))
	require.NoError(t, l.Close())
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"src":"hitpay:b","sta`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	l = openLedger(t, path, "notchpay")
	assert.Equal(t, map[State]int{StateDone: 1, StateStarted: 1}, l.Replayed())
	require.NoError(t, l.done("hitpay:b", "cus_2"))
	require.NoError(t, l.Close())
	entries, err := readEntries(path)
	require.NoError(t, err)
	require.Len(t, entries, 4)
	assert.Equal(t, entry{Key: "hitpay:b", State: StateDone, Target: "cus_2"}, entries[3])
}

// A damaged line in the middle is an error, not silently skipped; so is a
// ledger of a copy into another provider.
func TestLedgerRefusesDamageAndOtherTarget(t *testing.T) {
	path := ledgerPath(t)
	l := openLedger(t, path, "notchpay")
	require.NoError(t, l.Close())
	_, err := OpenLedger(path, "hitpay")
	require.ErrorContains(t, err, "records a copy into notchpay, not hitpay")

	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("{oops\n" + `{"src":"hitpay:a","state":"done"}` + "\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = OpenLedger(path, "notchpay")
	require.ErrorContains(t, err, "line 2 is damaged")
}

// A customer whose create was started but never recorded done (a kill
// between the two) is looked up at the target before any create: found, it
// is marked done and not created again.
func TestStartedIsReconciledBeforeCreate(t *testing.T) {
	_, src := seeded(t, "useepay", 3)
	dstSrv, dst := started(t, "notchpay")
	path := ledgerPath(t)
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true})
	require.NoError(t, err)
	require.Equal(t, 3, rep.Copied)

	// The ledger of a run killed after sending every create.
	l := openLedger(t, path, "notchpay")
	for _, c := range listAll(t, src) {
		require.NoError(t, l.started(keyOf(c)))
	}
	require.NoError(t, l.Close())

	l = openLedger(t, path, "notchpay")
	rep, err = Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: l})
	require.NoError(t, err)
	require.NoError(t, l.Close())
	assert.Equal(t, 3, rep.Skipped)
	assert.Equal(t, 3, dstSrv.Count())
	entries, err := readEntries(path)
	require.NoError(t, err)
	require.Len(t, entries, 6)
	for _, e := range entries[3:] {
		assert.Equal(t, StateDone, e.State)
		assert.NotEmpty(t, e.Target)
	}

	// Done customers are skipped without a request.
	before := len(dstSrv.Journal())
	l = openLedger(t, path, "notchpay")
	rep, err = Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: l})
	require.NoError(t, err)
	require.NoError(t, l.Close())
	assert.Equal(t, 3, rep.Skipped)
	assert.Len(t, dstSrv.Journal(), before)
}

// A failed create whose outcome is unknown counts as started on replay.
func TestOutcomeUnknownIsReconciled(t *testing.T) {
	path := ledgerPath(t)
	l := openLedger(t, path, "hitpay")
	require.NoError(t, l.failed("x:1", &customers.Error{Kind: customers.ErrOutcomeUnknown}))
	require.NoError(t, l.failed("x:2", &customers.Error{Kind: customers.ErrInvalidRequest}))
	require.NoError(t, l.Close())
	l = openLedger(t, path, "hitpay")
	defer l.Close()
	assert.Equal(t, map[State]int{StateStarted: 1, StateFailed: 1}, l.Replayed())
}

// A customer whose create may have taken effect (started in an earlier
// run) stays "look first" when the lookup fails: the failure is recorded
// as an unknown outcome, never as a plain failure the next run would
// create again without looking.
func TestFailedLookupStaysUnsure(t *testing.T) {
	_, src := seeded(t, "useepay", 3)
	dstSrv, dst := started(t, "notchpay", customers.WithMaxRetries(0))
	path := ledgerPath(t)
	l := openLedger(t, path, "notchpay")
	for _, c := range listAll(t, src) {
		require.NoError(t, l.started(keyOf(c)))
	}
	require.NoError(t, l.Close())
	dstSrv.Faults.Add(fake.Fault{Operation: "listCustomers", Status: 503, Times: 3})

	l = openLedger(t, path, "notchpay")
	rep, err := Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: l})
	require.NoError(t, err)
	require.NoError(t, l.Close())
	assert.Equal(t, 3, rep.Failed)
	assert.Equal(t, map[string]int{"outcome unknown": 3}, rep.FailedKinds)
	assert.Zero(t, dstSrv.Created(), "nothing created while the lookup failed")

	l = openLedger(t, path, "notchpay")
	assert.Equal(t, map[State]int{StateStarted: 3}, l.Replayed())
	require.NoError(t, l.Close())
}

// A Ledger serves one run; a second run on it is refused rather than run
// without the first one's knowledge.
func TestLedgerServesOneRun(t *testing.T) {
	_, src := seeded(t, "useepay", 2)
	_, dst := started(t, "notchpay")
	l := openLedger(t, ledgerPath(t), "notchpay")
	defer l.Close()
	_, err := Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: l})
	require.NoError(t, err)
	_, err = Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: l})
	require.ErrorIs(t, err, errLedgerUsed)
}
