package perf

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/multipay/multipay/pkg/fake"
)

// BenchmarkColdStart builds a program that imports one adapter and makes
// one Get (testdata/coldstart/multipay) and its net/http twin
// (testdata/coldstart/raw), then runs them alternately against one static
// loopback server: exec → exit, as a CLI or a serverless function pays it.
// It reports the median wall time of each, their ratio (x-exec), both
// binaries' sizes, and the multipay program's package init as
// GODEBUG=inittrace=1 sums it (allocations are exact; time is not).
func BenchmarkColdStart(b *testing.B) {
	dir := b.TempDir()
	progs := map[string]string{}
	for _, name := range []string{"multipay", "raw"} {
		progs[name] = filepath.Join(dir, name)
		out, err := exec.Command("go", "build", "-o", progs[name], "./testdata/coldstart/"+name).CombinedOutput()
		if err != nil {
			b.Fatalf("build %s: %v\n%s", name, err, out)
		}
	}
	base, key, id := staticHitPayGet(b)
	run := func(prog string, env ...string) (time.Duration, []byte) {
		cmd := exec.Command(prog, base, key, id)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", prog, err, stderr.Bytes())
		}
		return time.Since(start), stderr.Bytes()
	}
	var mp, raw []time.Duration
	b.ResetTimer()
	for range b.N {
		d, _ := run(progs["multipay"])
		mp = append(mp, d)
		d, _ = run(progs["raw"])
		raw = append(raw, d)
	}
	b.StopTimer()
	_, trace := run(progs["multipay"], "GODEBUG=inittrace=1")
	allocs, ms := sumInit(trace)
	b.ReportMetric(ms2(medianDuration(mp)), "mp-ms")
	b.ReportMetric(ms2(medianDuration(raw)), "raw-ms")
	b.ReportMetric(float64(medianDuration(mp))/float64(medianDuration(raw)), "x-exec")
	b.ReportMetric(sizeMB(b, progs["multipay"]), "mp-MB")
	b.ReportMetric(sizeMB(b, progs["raw"]), "raw-MB")
	b.ReportMetric(float64(allocs), "init-allocs")
	b.ReportMetric(ms, "init-ms")
}

// staticHitPayGet serves, from this process, the answer the HitPay fake
// gives to a Get, so the probes measure the client and not the fake.
func staticHitPayGet(b *testing.B) (base, key, id string) {
	srv, err := fake.New("hitpay")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ids, err := srv.Seed(1)
	if err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/customers/"+ids[0], nil)
	req.Header.Set("X-Business-Api-Key", srv.Credentials.APIKey)
	rsp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer rsp.Body.Close()
	answer, err := io.ReadAll(rsp.Body)
	if err != nil || rsp.StatusCode != http.StatusOK {
		b.Fatalf("fake Get: %d %v", rsp.StatusCode, err)
	}
	static := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	}))
	b.Cleanup(static.Close)
	return static.URL, srv.Credentials.APIKey, ids[0]
}

// initLine is one package's line of GODEBUG=inittrace=1:
// "init pkg @0.1 ms, 0.02 ms clock, 1234 bytes, 5 allocs".
var initLine = regexp.MustCompile(`^init \S+ @\S+ ms, ([0-9.]+) ms clock, \d+ bytes, (\d+) allocs`)

func sumInit(trace []byte) (allocs int, ms float64) {
	sc := bufio.NewScanner(bytes.NewReader(trace))
	for sc.Scan() {
		m := initLine.FindSubmatch(sc.Bytes())
		if m == nil {
			continue
		}
		clock, _ := strconv.ParseFloat(string(m[1]), 64)
		n, _ := strconv.Atoi(string(m[2]))
		ms += clock
		allocs += n
	}
	return allocs, ms
}

func medianDuration(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms2(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func sizeMB(b *testing.B, path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return float64(fi.Size()) / 1e6
}
