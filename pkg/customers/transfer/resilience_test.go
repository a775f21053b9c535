package transfer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// TestMain lets the test binary play a child process: a copy to be killed
// (childCopy) or the fakes of the scale test (childFakes).
func TestMain(m *testing.M) {
	switch os.Getenv("TRANSFER_CHILD") {
	case "copy":
		os.Exit(childCopy())
	case "fakes":
		os.Exit(childFakes())
	}
	os.Exit(m.Run())
}

// resumeUntilDone runs the copy with the ledger at path until a run ends
// with no failure (at most 10 runs) and returns the runs' reports.
func resumeUntilDone(t *testing.T, path string, src, dst customers.Service, opts Options) []*Report {
	t.Helper()
	var reps []*Report
	for range 10 {
		opts.Ledger = openLedger(t, path, dst.Provider())
		rep, err := Run(context.Background(), FromService(src, nil), dst, opts)
		require.NoError(t, opts.Ledger.Close())
		reps = append(reps, rep)
		if err == nil && rep.Failed == 0 {
			return reps
		}
		t.Logf("run %d: %d failed, ended by %v", len(reps), rep.Failed, err)
	}
	t.Fatalf("still failing after %d runs", len(reps))
	return nil
}

// assertExactlyOnce checks that the target (read without faults) holds one
// copy of every source customer and nothing else, and that the ledger's
// last entry of each is done with the id of that copy.
func assertExactlyOnce(t *testing.T, srcIDs []string, srcName string, dst *fake.Server, path string) (dups, missing int) {
	t.Helper()
	byKey := map[string][]string{}
	for _, c := range listAll(t, service(t, dst.Provider, dst.URL)) {
		byKey[c.Metadata[SourceKey]] = append(byKey[c.Metadata[SourceKey]], c.ID)
	}
	entries, err := readEntries(path)
	require.NoError(t, err)
	last := map[string]entry{}
	for _, e := range entries {
		last[e.Key] = e
	}
	for _, id := range srcIDs {
		key := srcName + ":" + id
		switch n := len(byKey[key]); {
		case n == 0:
			missing++
		case n > 1:
			dups += n - 1
		}
		if assert.Len(t, byKey[key], 1, key) {
			assert.Equal(t, entry{Key: key, State: StateDone, Target: byKey[key][0]}, last[key], "ledger of %s", key)
		}
		delete(byKey, key)
	}
	assert.Empty(t, byKey, "customers at the target that no source customer explains")
	assert.Equal(t, len(srcIDs), dst.Count())
	return dups, missing
}

// HitPay → Notch Pay with about 20% of all requests (lists, searches,
// creates, at both ends) failing: 429, 5xx, connections dropped before and
// after the request is applied, truncated answers. Resumed until no
// customer fails, the target holds each customer exactly once and the
// ledger names each copy. 300 customers; MULTIPAY_SOAK=1 for 10,000.
func TestFaultRun(t *testing.T) {
	t.Parallel()
	n := 300
	if soak() {
		n = 10_000
	}
	faults := newFaulty(0.2, 20)
	srcSrv := fake.Start(t, "hitpay", fake.WithJournalSize(10))
	ids, err := srcSrv.Seed(n)
	require.NoError(t, err)
	dstSrv := fake.Start(t, "notchpay", fake.WithJournalSize(10))
	src := service(t, "hitpay", srcSrv.URL, customers.WithHTTPClient(faults), customers.WithMaxRetries(8))
	dst := service(t, "notchpay", dstSrv.URL, customers.WithHTTPClient(faults), customers.WithMaxRetries(3))
	path := ledgerPath(t)
	start := time.Now()
	reps := resumeUntilDone(t, path, src, dst, Options{DropUnsupported: true})
	elapsed := time.Since(start)

	dups, missing := assertExactlyOnce(t, ids, "hitpay", dstSrv, path)
	copied, failed := 0, 0
	for _, r := range reps {
		copied += r.Copied
		failed += r.Failed
	}
	final := reps[len(reps)-1]
	assert.Equal(t, n, final.Copied+final.Skipped, "the last run accounts for every customer")
	assert.LessOrEqual(t, copied, n)
	assert.Equal(t, n, dstSrv.Created(), "one create took effect per customer")
	t.Logf("fault run: %d customers, %d runs, %d requests, %d faults (%.1f%%) %v; failed along the way %d; duplicates %d, missing %d; %s",
		n, len(reps), faults.total, faults.faults(), 100*float64(faults.faults())/float64(faults.total),
		faults.count, failed, dups, missing, elapsed.Round(time.Millisecond))
}

// A copy stopped by its context at 20 random points (after some results,
// or at a random instant with creates in flight) and resumed each time
// with the same ledger ends with each customer exactly once.
func TestCancelAndResume(t *testing.T) {
	t.Parallel()
	const n, stops = 160, 20
	faults := newFaulty(0.05, 7)
	srcSrv := fake.Start(t, "hitpay", fake.WithJournalSize(10))
	ids, err := srcSrv.Seed(n)
	require.NoError(t, err)
	dstSrv := fake.Start(t, "notchpay", fake.WithJournalSize(10))
	src := service(t, "hitpay", srcSrv.URL, customers.WithMaxRetries(8))
	dst := service(t, "notchpay", dstSrv.URL, customers.WithHTTPClient(faults), customers.WithMaxRetries(3))
	path := ledgerPath(t)
	rng := rand.New(rand.NewPCG(42, 1))
	cutOff := map[string]bool{} // customers whose create was in flight at a stop
	for stop := range stops {
		led := openLedger(t, path, "notchpay")
		ctx, cancel := context.WithCancel(context.Background())
		if stop%2 == 1 {
			time.AfterFunc(time.Duration(rng.IntN(60_000))*time.Microsecond, cancel)
		}
		after, copied := 1+rng.IntN(12), 0
		var end error
		for r, err := range Copy(ctx, FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: led}) {
			if err != nil {
				end = err
				break
			}
			if r.Outcome == Copied {
				if copied++; copied == after {
					cancel()
				}
			}
		}
		cancel()
		require.NoError(t, led.Close())
		for _, key := range openStarts(t, path) {
			cutOff[key] = true
		}
		if end != nil {
			require.ErrorIs(t, end, context.Canceled)
		}
	}
	before := dstSrv.Count()
	resumeUntilDone(t, path, src, dst, Options{DropUnsupported: true})
	dups, missing := assertExactlyOnce(t, ids, "hitpay", dstSrv, path)
	t.Logf("cancel and resume: %d customers, %d stops (%d copied before the last resume, %d customers with a create cut off in flight at a stop, looked up on resume), duplicates %d, missing %d",
		n, stops, before, len(cutOff), dups, missing)
}

// The copy process is killed (SIGKILL) at random instants, five times,
// and resumed with the same ledger: each customer exactly once.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	const n, kills = 150, 5
	srcSrv := fake.Start(t, "hitpay", fake.WithJournalSize(10))
	ids, err := srcSrv.Seed(n)
	require.NoError(t, err)
	dstSrv := fake.Start(t, "notchpay", fake.WithJournalSize(10))
	path := ledgerPath(t)
	rng := rand.New(rand.NewPCG(9, 1))
	killed := 0
	for range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "TRANSFER_CHILD=copy", "SRC_URL="+srcSrv.URL, "DST_URL="+dstSrv.URL, "LEDGER="+path)
		require.NoError(t, cmd.Start())
		waitForLines(t, path, 2+rng.IntN(40))
		time.Sleep(time.Duration(rng.IntN(5_000)) * time.Microsecond)
		if cmd.Process.Kill() == nil {
			killed++
		}
		_ = cmd.Wait()
	}
	src, dst := service(t, "hitpay", srcSrv.URL), service(t, "notchpay", dstSrv.URL)
	before, open := dstSrv.Count(), len(openStarts(t, path))
	resumeUntilDone(t, path, src, dst, Options{DropUnsupported: true})
	dups, missing := assertExactlyOnce(t, ids, "hitpay", dstSrv, path)
	t.Logf("kill and resume: %d customers, %d kills (%d copied before the last resume, %d started but not recorded done), duplicates %d, missing %d",
		n, killed, before, open, dups, missing)
}

// openStarts lists the customers whose last ledger entry is "started":
// creates whose outcome the resume must look up.
func openStarts(t *testing.T, path string) []string {
	entries, err := readEntries(path)
	require.NoError(t, err)
	last := map[string]State{}
	for _, e := range entries {
		last[e.Key] = e.State
	}
	var keys []string
	for key, s := range last {
		if s == StateStarted {
			keys = append(keys, key)
		}
	}
	return keys
}

// waitForLines waits until the ledger at path holds more than n lines more
// than when it was first seen in this call.
func waitForLines(t *testing.T, path string, n int) {
	t.Helper()
	count := func() int {
		b, _ := os.ReadFile(path)
		return bytes.Count(b, []byte("\n"))
	}
	base := count()
	deadline := time.Now().Add(10 * time.Second)
	for count() < base+n && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
}

// childCopy copies SRC_URL's HitPay customers to DST_URL's Notch Pay with
// the ledger LEDGER, slowly enough to be killed mid-way.
func childCopy() int {
	t := &testing.T{}
	src, dst := service(t, "hitpay", os.Getenv("SRC_URL")), service(t, "notchpay", os.Getenv("DST_URL"))
	led, err := OpenLedger(os.Getenv("LEDGER"), "notchpay")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, err = Run(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: led, Rate: 400})
	if err = cmpErr(err, led.Close()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// childFakes serves a HitPay fake seeded with SEED customers and an empty
// Notch Pay fake, prints their URLs as JSON and serves until stdin closes.
func childFakes() int {
	n, _ := strconv.Atoi(os.Getenv("SEED"))
	src, err := fake.New("hitpay", fake.WithJournalSize(10))
	if err == nil {
		_, err = src.Seed(n)
	}
	dst, err2 := fake.New("notchpay", fake.WithJournalSize(10), fake.WithMaxCustomers(0))
	if err = cmpErr(err, err2); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"hitpay": src.URL, "notchpay": dst.URL})
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	return 0
}

// Memory and throughput at scale (MULTIPAY_SOAK=1; MULTIPAY_SCALE sets the
// count, 100,000 by default): the fakes run in a child process, so this
// process's heap is the copy's. The live heap after a GC is sampled every
// tenth of the run and must not grow by more than the digests' share.
func TestScale(t *testing.T) {
	if !soak() {
		t.Skip("MULTIPAY_SOAK=1 runs it")
	}
	n := 100_000
	if s := os.Getenv("MULTIPAY_SCALE"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TRANSFER_CHILD=fakes", "SEED="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	var urls map[string]string
	require.NoError(t, json.NewDecoder(stdout).Decode(&urls))
	src, dst := service(t, "hitpay", urls["hitpay"]), service(t, "notchpay", urls["notchpay"])

	led := openLedger(t, ledgerPath(t), "notchpay")
	heap := func() uint64 {
		var m runtimeStats
		return m.live()
	}
	base := heap()
	var samples []uint64
	rep := NewReport("notchpay", false)
	start := time.Now()
	for r, err := range Copy(context.Background(), FromService(src, nil), dst, Options{DropUnsupported: true, Ledger: led}) {
		require.NoError(t, err)
		rep.Add(r)
		if rep.Done()%(n/10) == 0 {
			samples = append(samples, heap())
		}
	}
	elapsed := time.Since(start)
	require.NoError(t, led.Close())
	require.Equal(t, n, rep.Copied)
	peak := slices.Max(samples)
	t.Logf("scale: %d customers in %s = %.0f customers/s; live heap before %s, samples %v, peak %s",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), mb(base), mbs(samples), mb(peak))
	// The live heap may grow by the digests of the customers seen (a map of
	// 16-byte keys: under 48 bytes a customer with its growth) and a few MB
	// of buffers and pages in flight, never with the customers themselves.
	assert.Less(t, peak-min(base, peak), uint64(n)*48+4<<20, "heap grew beyond the digests")
}
