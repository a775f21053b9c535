package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"slices"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run a customer life cycle at every provider (on the built-in fakes without credentials)",
		Long: `Create, get, update, list, search, block and delete a synthetic customer at each
provider (--provider for one), printing ids and outcomes only, never customer data.`,
		Example: "  multipay demo\n  multipay demo -p notchpay -o json",
		Args:    cobra.NoArgs,
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
		s, err := a.connect(name)
		if err != nil {
			return err
		}
		r := demoRun{Provider: name, Target: s.kind}
		r.Steps, err = lifecycle(a.ctx, s)
		s.close()
		if err != nil {
			r.Error = err.Error()
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
		fmt.Fprintf(out, "  %-14s %-75s %6s\n", st.Step, st.Result, st.duration.Round(time.Millisecond))
	}
	if r.Error != "" {
		fmt.Fprintf(out, "  FAILED: %s\n", r.Error)
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
	var out steps
	svc := s.svc
	caps := svc.Capabilities()
	p := sampleFor(caps, time.Now().UnixNano())

	start := time.Now()
	c, err := svc.Create(ctx, p)
	if err != nil {
		return out, fmt.Errorf("create: %w", err)
	}
	out.add("create", start, "id %s, %d fields stored", c.ID, len(caps.Create))

	if caps.Supports(customers.OpGet) {
		start = time.Now()
		got, err := svc.Get(ctx, c.ID)
		if err != nil {
			return out, fmt.Errorf("get: %w", err)
		}
		out.add("get", start, "id %s, created %s", got.ID, got.CreatedAt.Format(time.RFC3339))
	}

	email := p.Email
	if caps.Supports(customers.OpUpdate) {
		email = fmt.Sprintf("renamed.%d@example.com", time.Now().UnixNano())
		u := &customers.UpdateParams{Email: customers.Set(email)}
		what := "email changed"
		if len(caps.Clear) > 0 {
			what += ", " + string(caps.Clear[0]) + " cleared"
			if err := u.ClearField(caps.Clear[0]); err != nil {
				return out, err
			}
		}
		start = time.Now()
		if _, err := svc.Update(ctx, c.ID, u); err != nil {
			return out, fmt.Errorf("update: %w", err)
		}
		out.add("update", start, "%s", what)
	}

	if caps.Supports(customers.OpList) {
		if s.fake != nil {
			if _, err := s.fake.Seed(41); err != nil {
				return out, err
			}
		}
		start = time.Now()
		n, pagesBefore := 0, listRequests(s)
		for _, err := range svc.List(ctx, &customers.ListParams{PageSize: 10}) {
			if err != nil {
				return out, fmt.Errorf("list: %w", err)
			}
			n++
			if s.fake == nil && n == 25 {
				break // against a real account, look at a few pages only
			}
		}
		pages := ""
		if s.fake != nil {
			pages = fmt.Sprintf(" in %d pages of 10", listRequests(s)-pagesBefore)
		}
		out.add("list", start, "%d customers%s", n, pages)
	}

	if searcher, ok := svc.(customers.Searcher); ok {
		sp := &customers.SearchParams{}
		switch {
		case slices.Contains(caps.Search, customers.FieldEmail):
			sp.Email = email
		case slices.Contains(caps.Search, customers.FieldQuery):
			sp.Query = email
		}
		start = time.Now()
		n := 0
		for _, err := range searcher.Search(ctx, sp) {
			if err != nil {
				return out, fmt.Errorf("search: %w", err)
			}
			n++
		}
		out.add("search", start, "%d match(es)", n)
	}

	if b, ok := svc.(customers.Blocker); ok {
		start = time.Now()
		bc, err := b.Block(ctx, c.ID)
		if err != nil {
			return out, fmt.Errorf("block: %w", err)
		}
		if _, err := b.Unblock(ctx, c.ID); err != nil {
			return out, fmt.Errorf("unblock: %w", err)
		}
		out.add("block/unblock", start, "blocked=%v, then unblocked", bc.Blocked)
	}

	if caps.Supports(customers.OpDelete) {
		start = time.Now()
		if err := svc.Delete(ctx, c.ID); err != nil {
			return out, fmt.Errorf("delete: %w", err)
		}
		_, err := svc.Get(ctx, c.ID)
		switch {
		case err == nil:
			return out, errors.New("get after delete: want not found, got <nil>")
		case !errors.Is(err, customers.ErrNotFound):
			return out, fmt.Errorf("get after delete: want not found, got %w", err)
		}
		out.add("delete", start, "then get: not found, as expected")
	}

	for _, op := range []customers.Operation{customers.OpGet, customers.OpDelete} {
		if !caps.Supports(op) {
			start = time.Now()
			err := unsupported(ctx, svc, op, c.ID)
			switch {
			case err == nil:
				return out, fmt.Errorf("%s: want not supported, got <nil>", op)
			case !errors.Is(err, customers.ErrNotSupported):
				return out, fmt.Errorf("%s: want not supported, got %w", op, err)
			}
			out.add(string(op), start, "not supported, refused without a request")
		}
	}
	return out, nil
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
