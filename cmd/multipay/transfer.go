package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/customers/transfer"
	"github.com/multipay/multipay/pkg/fake"
	"github.com/multipay/multipay/pkg/providers"
)

// Errors of a transfer that ran to its end with customers left behind.
var (
	errRefused = errors.New("some customers were refused: the target cannot hold their fields as they are")
	errFailed  = errors.New("some customers failed")
)

func newExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Write every customer as JSON Lines, for import or a backup",
		Long: `Write every customer of --provider to stdout as JSON Lines, streaming one
provider page at a time: one customer a line with every facade field, the
provider, its id and its creation and update times. "customers import" reads
it back. Soap has no list and cannot be exported (exit 7).`,
		Example: `  multipay customers export -p hitpay > hitpay.jsonl`,
		Args:    cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			return a.withSession(customers.OpList, func(s *session) error {
				w := transfer.NewWriter(a.std.out)
				prog := a.progress(100)
				defer prog.done()
				n := 0
				for c, err := range transfer.FromService(s.svc, nil).Customers(a.ctx) {
					if err == nil {
						err = w.Write(c)
					}
					if err != nil {
						return errors.Join(err, w.Flush())
					}
					n++
					prog.tick(n)
				}
				return w.Flush()
			})
		},
	}
}

// transferFlags are the flags of import and copy.
type transferFlags struct {
	ledger          string
	dryRun          bool
	drop            []string
	dropUnsupported bool
	concurrency     int
	rate            float64
	report          string
	lookupFirst     bool
}

func (f *transferFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.ledger, "ledger", "", "the run's ledger file: created, or resumed where an earlier run stopped (required unless --dry-run)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "send nothing: count what would be copied, refused and lost per field")
	fl.StringSliceVar(&f.drop, "drop", nil, "fields to leave out of every copy (gender,birth-date,…), accepting their loss")
	fl.BoolVar(&f.dropUnsupported, "drop-unsupported", false, "leave out every field the target cannot store, accepting their loss")
	fl.IntVar(&f.concurrency, "concurrency", transfer.DefaultConcurrency, "customers in flight at once")
	fl.Float64Var(&f.rate, "rate", 0, "at most this many requests a second to the target (0: no limit)")
	fl.StringVar(&f.report, "report", "", "write the run's report as JSON to this file (- for stdout)")
	fl.BoolVar(&f.lookupFirst, "lookup-first", false, "look each customer up at the target before creating it (a re-run whose ledger is lost)")
}

// options checks the flags and turns them into transfer options.
func (f *transferFlags) options() (transfer.Options, error) {
	if f.ledger == "" && !f.dryRun {
		return transfer.Options{}, usagef("--ledger FILE is required: it makes the run resumable (or use --dry-run)")
	}
	if f.concurrency < 1 || f.rate < 0 {
		return transfer.Options{}, usagef("--concurrency must be 1 or more and --rate 0 or more")
	}
	if len(f.drop) > 0 && f.dropUnsupported {
		return transfer.Options{}, usagef("--drop and --drop-unsupported exclude each other")
	}
	opts := transfer.Options{DryRun: f.dryRun, DropUnsupported: f.dropUnsupported, Concurrency: f.concurrency,
		Rate: f.rate, LookupFirst: f.lookupFirst}
	for _, name := range f.drop {
		field, ok := dropField(name)
		if !ok {
			return transfer.Options{}, usagef("--drop %q: not a field (fields are named as their flags: gender, birth-date, address-line2, blocked, …)", name)
		}
		opts.DropFields = append(opts.DropFields, field)
	}
	return opts, nil
}

// dropField is a field by any of its names, Address.Line2 and Notch Pay's
// blocked flag included.
func dropField(name string) (customers.Field, bool) {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "", ".", "").Replace(name)) {
	case "addressline2":
		return customers.FieldAddressLine2, true
	case "blocked":
		return transfer.FieldBlocked, true
	}
	return fieldByAnyName(name)
}

// fieldList names fields as their flags do.
func fieldList(fields []customers.Field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = strings.ToLower(flagField(f))
	}
	return strings.Join(names, ",")
}

func newImportCmd(a *app) *cobra.Command {
	var f transferFlags
	cmd := &cobra.Command{
		Use:   "import --ledger FILE < customers.jsonl",
		Short: "Create the customers of a JSON Lines export at --provider",
		Long: `Create at --provider every customer read from stdin in the format of
"customers export". ` + transferHelp,
		Example: `  multipay customers import -p notchpay --ledger run.ledger --drop-unsupported < hitpay.jsonl
  multipay customers import -p useepay --dry-run --drop gender < hitpay.jsonl`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			opts, err := f.options()
			if err != nil {
				return err
			}
			return a.withSession(customers.OpCreate, func(s *session) error {
				return a.runTransfer(transfer.FromJSONLines(a.std.in), lineCount(a.std.in), s, &f, opts)
			})
		},
	}
	f.register(cmd)
	return cmd
}

func newCopyCmd(a *app) *cobra.Command {
	var f transferFlags
	var from, to string
	cmd := &cobra.Command{
		Use:   "copy --from PROVIDER --to PROVIDER --ledger FILE",
		Short: "Copy every customer from one provider to another, resumably",
		Long: `Copy every customer listed at --from into --to (Soap can only be a target: it
has no list). ` + transferHelp,
		Example: `  multipay customers copy --from hitpay --to notchpay --ledger run.ledger --drop-unsupported --report report.json
  multipay customers copy --from hitpay --to useepay --dry-run --drop-unsupported
  multipay customers copy --from useepay --to notchpay --ledger run.ledger --drop first-name,last-name,description,external-id --concurrency 4 --rate 20`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			opts, err := f.options()
			if err != nil {
				return err
			}
			if !isProvider(from) || !isProvider(to) {
				return usagef("--from and --to name providers (%s)", strings.Join(providers.Names, ", "))
			}
			if a.provider != "" || from == to {
				return usagef("copy takes two different providers as --from and --to, and no --provider")
			}
			return a.withPair(from, to, func(src, dst *session) error {
				return a.runTransfer(transfer.FromService(src.svc, nil), -1, dst, &f, opts)
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the provider to copy from")
	cmd.Flags().StringVar(&to, "to", "", "the provider to copy to")
	for _, name := range []string{"from", "to"} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(providerChoices(), cobra.ShellCompDirectiveNoFileComp))
	}
	f.register(cmd)
	return cmd
}

const transferHelp = `Nothing is created twice and nothing is dropped
silently:

  - A customer holding a field the target cannot store is refused, naming
    the fields, unless --drop names them or --drop-unsupported is given; one
    lacking a field the target requires is refused too. Nothing is guessed
    (no name split into first and last, no phone country invented).
  - The ledger records each customer before its create is sent. Run the same
    command again after an interruption (Ctrl-C, a crash, a kill): customers
    already copied are skipped, those whose create was in flight are looked up
    at the target first, refused and failed ones are tried again.
  - The copy carries the source id ("<provider>:<id>") in the metadata key
    multipay_source (Notch Pay, UseePay) or the external id (Soap, UseePay,
    when the customer has none), so a re-run finds earlier copies.

--dry-run sends nothing and prints the counts and the loss per field. A
progress line shows on a terminal; a summary ends every run. Exit 0 when every
customer is copied or already there, 12 when some were refused, 13 when some
failed (run again to retry them), 130 when interrupted.`

// withPair connects to two providers for one command; their built-in fakes
// share one lock on the state file.
func (a *app) withPair(from, to string, fn func(src, dst *session) error) error {
	a.pair = &sharedStore{fakes: map[string]*fake.Server{}}
	src, err := a.connect(from, true)
	if err != nil {
		return errors.Join(err, a.pair.close())
	}
	dst, err := a.connect(to, true)
	if err != nil {
		return errors.Join(err, a.pair.close(), src.close())
	}
	err = fn(src, dst)
	return errors.Join(err, a.pair.close(), src.close(), dst.close())
}

// lineCount counts the lines of in when it is a regular file (stdin
// redirected from one), then rewinds it; -1 otherwise.
func lineCount(in io.Reader) int {
	f, ok := in.(*os.File)
	if !ok {
		return -1
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return -1
	}
	n, buf := 0, make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte("\n"))
		if err != nil {
			break
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return -1
	}
	return n
}

// runTransfer runs the copy into dst, with progress, the summary and the
// report, and returns the error that sets the exit code.
func (a *app) runTransfer(src transfer.Source, total int, dst *session, f *transferFlags, opts transfer.Options) error {
	led, err := a.openLedger(f, dst.name)
	if err != nil {
		return err
	}
	opts.Ledger = led
	rep := transfer.NewReport(dst.name, f.dryRun)
	prog := a.transferProgress(total)
	var runErr error
	for r, err := range transfer.Copy(a.ctx, src, dst.svc, opts) {
		if err != nil {
			runErr = err
			break
		}
		rep.Add(r)
		prog.show(rep)
	}
	rep.Finish()
	prog.clear()
	if led != nil {
		runErr = errors.Join(runErr, led.Close())
	}
	a.summary(rep, f)
	if err := a.writeReport(rep, f.report); err != nil {
		return err
	}
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled) && led != nil:
		fmt.Fprintf(a.std.err, "multipay: interrupted; the ledger %s is consistent: run the same command again to resume\n", printable(led.Path()))
		return runErr
	case runErr != nil:
		return runErr
	case rep.Failed > 0:
		return fmt.Errorf("%w (%d): run the same command again to retry them", errFailed, rep.Failed)
	case rep.Refused > 0:
		return fmt.Errorf("%w (%d): see --drop or --drop-unsupported", errRefused, rep.Refused)
	}
	return nil
}

// openLedger opens --ledger; a dry run only reads an existing one (to skip
// what is done) and creates none.
func (a *app) openLedger(f *transferFlags, to string) (*transfer.Ledger, error) {
	if f.ledger == "" {
		return nil, nil
	}
	if _, err := os.Stat(f.ledger); f.dryRun && err != nil {
		return nil, nil
	}
	led, err := transfer.OpenLedger(f.ledger, to)
	if err != nil {
		return nil, err
	}
	if r := led.Replayed(); len(r) > 0 {
		a.notef("resuming from %s: %d done, %d to look up first, %d refused and %d failed to try again",
			printable(f.ledger), r[transfer.StateDone], r[transfer.StateStarted], r[transfer.StateRefused], r[transfer.StateFailed])
	}
	return led, nil
}

// summary prints the counts, and on a dry run the loss per field, on
// stderr.
func (a *app) summary(rep *transfer.Report, f *transferFlags) {
	w := a.std.err
	if rep.DryRun {
		fmt.Fprintf(w, "multipay: dry run into %s: would copy %d, already there %d, refused %d\n", rep.Target, rep.Planned, rep.Skipped, rep.Refused)
	} else {
		fmt.Fprintf(w, "multipay: into %s: copied %d, already there %d, refused %d, failed %d in %s\n",
			rep.Target, rep.Copied, rep.Skipped, rep.Refused, rep.Failed, rep.Duration.Round(time.Millisecond))
	}
	for _, line := range lossLines(rep) {
		fmt.Fprintln(w, "  "+line)
	}
	for kind, n := range rep.FailedKinds {
		fmt.Fprintf(w, "  failed: %d %s\n", n, kind)
	}
}

// lossLines are "gender: 12 customers (refused)" per field, sorted.
func lossLines(rep *transfer.Report) []string {
	var out []string
	for field, n := range rep.Loss {
		how := "refused"
		if d := rep.Dropped[field]; d == n {
			how = "dropped"
		} else if d > 0 {
			how = fmt.Sprintf("%d dropped, %d refused", d, n-d)
		}
		out = append(out, fmt.Sprintf("%s: %d customers hold it, the target cannot store it (%s)", strings.ToLower(flagField(field)), n, how))
	}
	for field, n := range rep.Missing {
		out = append(out, fmt.Sprintf("%s: %d customers lack it, the target requires it (refused)", strings.ToLower(flagField(field)), n))
	}
	slices.Sort(out)
	return out
}

// writeReport writes the report's JSON to path ("-": stdout), with the
// fields by their JSON names, as all of the CLI's JSON has them.
func (a *app) writeReport(rep *transfer.Report, path string) error {
	if path == "" {
		return nil
	}
	rep = jsonFieldNames(rep)
	if path == "-" {
		return writeJSON(a.std.out, rep)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, rep); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o600)
}

// transferProgress is a progress line on a terminal's stderr.
type transferProgress struct {
	w     io.Writer
	total int
	start time.Time
	last  time.Time
	shown bool
}

func (a *app) transferProgress(total int) *transferProgress {
	if !a.ttyErr || a.quiet {
		return &transferProgress{}
	}
	return &transferProgress{w: a.std.err, total: total, start: time.Now()}
}

// show redraws the line at most ten times a second.
func (p *transferProgress) show(rep *transfer.Report) {
	if p.w == nil || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = time.Now(), true
	fmt.Fprint(p.w, "\r\033[K"+progressLine(rep.Done(), p.total, time.Since(p.start)))
}

// progressLine is "1200/5000 24% 850/s ETA 4s", or "1200 850/s" without a
// total.
func progressLine(done, total int, elapsed time.Duration) string {
	rate := float64(done) / max(elapsed.Seconds(), 1e-3)
	if total <= 0 {
		return fmt.Sprintf("%d customers, %.0f/s", done, rate)
	}
	eta := time.Duration(float64(max(total-done, 0)) / max(rate, 1e-3) * float64(time.Second))
	return fmt.Sprintf("%d/%d customers %d%%, %.0f/s, ETA %s", done, total, 100*done/max(total, 1), rate, eta.Round(time.Second))
}

func (p *transferProgress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// jsonFieldNames is a copy of rep naming fields as JSON does (birth_date).
func jsonFieldNames(rep *transfer.Report) *transfer.Report {
	out := *rep
	jsonField := func(f customers.Field) string { return strings.ToLower(jsonField(f)) } // Blocked → blocked
	rename := func(m map[customers.Field]int) map[customers.Field]int {
		if m == nil {
			return nil
		}
		r := make(map[customers.Field]int, len(m))
		for f, n := range m {
			r[customers.Field(jsonField(f))] = n
		}
		return r
	}
	list := func(fs []customers.Field) []customers.Field {
		r := make([]customers.Field, len(fs))
		for i, f := range fs {
			r[i] = customers.Field(jsonField(f))
		}
		return r
	}
	out.Loss, out.Dropped, out.Missing = rename(rep.Loss), rename(rep.Dropped), rename(rep.Missing)
	out.Refusals = make([]transfer.Refusal, len(rep.Refusals))
	for i, r := range rep.Refusals {
		out.Refusals[i] = transfer.Refusal{Key: r.Key, Fields: list(r.Fields), Missing: list(r.Missing)}
	}
	return &out
}
