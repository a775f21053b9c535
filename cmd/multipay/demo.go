package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
)

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run a customer life cycle at every provider (on the built-in fakes without credentials)",
		Long: `Create, get, update, list, search, block and delete a synthetic customer at each
provider (--provider for one), printing ids and outcomes only, never customer data.`,
		Example: "  multipay demo\n  multipay demo -p notchpay -o json",
		Args:    cobra.ExactArgs(0),
		RunE:    func(*cobra.Command, []string) error { return a.demo() },
	}
}

// demoRun is one provider's life cycle, for text or JSON output.
type demoRun struct {
	Provider string     `json:"provider"`
	Target   string     `json:"target"` // fake, sandbox or live
	Steps    []demoStep `json:"steps"`
	Error    string     `json:"error,omitempty"`
}

type demoStep struct {
	Step     string `json:"step"`
	Result   string `json:"result"`
	Millis   int64  `json:"ms"`
	duration time.Duration
}

func (a *app) demo() error {
	var runs []demoRun
	failed := 0
	for _, name := range a.selected() {
		s, err := a.connect(name, false)
		if err != nil {
			return err
		}
		r := demoRun{Provider: name, Target: s.kind}
		r.Steps, err = lifecycle(a.ctx, s)
		s.close()
		if err != nil {
			r.Error = errorText(err)
			failed++
		}
		runs = append(runs, r)
		if !a.jsonOut() {
			printDemoRun(a.std.out, r)
		}
	}
	if a.jsonOut() {
		if err := writeJSON(a.std.out, runs); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("demo: %d provider(s) failed", failed)
	}
	return nil
}

func printDemoRun(out io.Writer, r demoRun) {
	fmt.Fprintf(out, "%s (%s)\n", r.Provider, r.Target)
	for _, st := range r.Steps {
		fmt.Fprintf(out, "  %-14s %-75s %6s\n", st.Step, printable(st.Result), st.duration.Round(time.Millisecond))
	}
	if r.Error != "" {
		fmt.Fprintf(out, "  FAILED: %s\n", printable(oneLine(r.Error)))
	}
	fmt.Fprintln(out)
}

// steps collects a life cycle's outcomes.
type steps []demoStep

func (ss *steps) add(name string, start time.Time, format string, args ...any) {
	d := time.Since(start)
	*ss = append(*ss, demoStep{Step: name, Result: fmt.Sprintf(format, args...), Millis: d.Milliseconds(), duration: d})
}

func lifecycle(ctx context.Context, s *session) (steps, error) {
	caps := s.svc.Capabilities()
	d := &demoState{ctx: ctx, s: s, svc: s.svc, caps: caps, p: sampleFor(caps, time.Now().UnixNano())}
	d.email = d.p.Email
	for _, step := range []func() error{d.create, d.get, d.update, d.list, d.search, d.block, d.delete, d.refusals} {
		if err := step(); err != nil {
			return d.out, err
		}
	}
	return d.out, nil
}

// demoState is one provider's life cycle in progress: each step reads what
// the previous ones made and adds its line to out.
type demoState struct {
	ctx   context.Context
	s     *session
	svc   customers.Service
	caps  customers.Capabilities
	p     *customers.CreateParams
	c     *customers.Customer
	email string // the customer's e-mail after the update
	out   steps
}

func (d *demoState) create() error {
	start := time.Now()
	c, err := d.svc.Create(d.ctx, d.p)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	d.c = c
	d.out.add("create", start, "id %s, %d fields stored", c.ID, len(d.caps.Create))
	return nil
}

func (d *demoState) get() error {
	if !d.caps.Supports(customers.OpGet) {
		return nil
	}
	start := time.Now()
	got, err := d.svc.Get(d.ctx, d.c.ID)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	d.out.add("get", start, "id %s, created %s", got.ID, got.CreatedAt.Format(time.RFC3339))
	return nil
}

func (d *demoState) update() error {
	if !d.caps.Supports(customers.OpUpdate) {
		return nil
	}
	d.email = fmt.Sprintf("renamed.%d@example.com", time.Now().UnixNano())
	u := &customers.UpdateParams{Email: customers.Set(d.email)}
	what := "email changed"
	if len(d.caps.Clear) > 0 {
		what += ", " + string(d.caps.Clear[0]) + " cleared"
		if err := u.ClearField(d.caps.Clear[0]); err != nil {
			return err
		}
	}
	start := time.Now()
	if _, err := d.svc.Update(d.ctx, d.c.ID, u); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	d.out.add("update", start, "%s", what)
	return nil
}

func (d *demoState) list() error {
	if !d.caps.Supports(customers.OpList) {
		return nil
	}
	if d.s.fake != nil {
		if _, err := d.s.fake.Seed(41); err != nil {
			return err
		}
	}
	start := time.Now()
	n, pagesBefore := 0, listRequests(d.s)
	for _, err := range d.svc.List(d.ctx, &customers.ListParams{PageSize: 10}) {
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		n++
		if d.s.fake == nil && n == 25 {
			break // against a real account, look at a few pages only
		}
	}
	pages := ""
	if d.s.fake != nil {
		pages = fmt.Sprintf(" in %d pages of 10", listRequests(d.s)-pagesBefore)
	}
	d.out.add("list", start, "%d customers%s", n, pages)
	return nil
}

func (d *demoState) search() error {
	searcher, ok := d.svc.(customers.Searcher)
	if !ok {
		return nil
	}
	sp := &customers.SearchParams{}
	switch {
	case slices.Contains(d.caps.Search, customers.FieldEmail):
		sp.Email = d.email
	case slices.Contains(d.caps.Search, customers.FieldQuery):
		sp.Query = d.email
	}
	start := time.Now()
	n := 0
	for _, err := range searcher.Search(d.ctx, sp) {
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		n++
	}
	d.out.add("search", start, "%d match(es)", n)
	return nil
}

func (d *demoState) block() error {
	b, ok := d.svc.(customers.Blocker)
	if !ok {
		return nil
	}
	start := time.Now()
	bc, err := b.Block(d.ctx, d.c.ID)
	if err != nil {
		return fmt.Errorf("block: %w", err)
	}
	if _, err := b.Unblock(d.ctx, d.c.ID); err != nil {
		return fmt.Errorf("unblock: %w", err)
	}
	d.out.add("block/unblock", start, "blocked=%v, then unblocked", bc.Blocked)
	return nil
}

func (d *demoState) delete() error {
	if !d.caps.Supports(customers.OpDelete) {
		return nil
	}
	start := time.Now()
	if err := d.svc.Delete(d.ctx, d.c.ID); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	_, err := d.svc.Get(d.ctx, d.c.ID)
	switch {
	case err == nil:
		return errors.New("get after delete: want not found, got <nil>")
	case !errors.Is(err, customers.ErrNotFound):
		return fmt.Errorf("get after delete: want not found, got %w", err)
	}
	d.out.add("delete", start, "then get: not found, as expected")
	return nil
}

// refusals shows that operations the provider lacks fail without a request.
func (d *demoState) refusals() error {
	for _, op := range []customers.Operation{customers.OpGet, customers.OpDelete} {
		if d.caps.Supports(op) {
			continue
		}
		start := time.Now()
		err := unsupported(d.ctx, d.svc, op, d.c.ID)
		switch {
		case err == nil:
			return fmt.Errorf("%s: want not supported, got <nil>", op)
		case !errors.Is(err, customers.ErrNotSupported):
			return fmt.Errorf("%s: want not supported, got %w", op, err)
		}
		d.out.add(string(op), start, "not supported, refused without a request")
	}
	return nil
}

func unsupported(ctx context.Context, svc customers.Service, op customers.Operation, id string) error {
	if op == customers.OpGet {
		_, err := svc.Get(ctx, id)
		return err
	}
	return svc.Delete(ctx, id)
}

// listRequests counts the list requests a fake has served.
func listRequests(s *session) int {
	if s.fake == nil {
		return 0
	}
	n := 0
	for _, r := range s.fake.Journal() {
		if r.Operation == "listCustomers" {
			n++
		}
	}
	return n
}
