package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/multipay/multipay/pkg/customers"
)

// demo runs one customer life cycle at each selected provider and prints
// what happened, ids and outcomes only (no customer data).
func demo(ctx context.Context, g globals, out io.Writer) error {
	names, err := selected(g)
	if err != nil {
		return err
	}
	failed := 0
	for _, name := range names {
		s, err := connect(g, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s (%s)\n", name, s.where)
		if err := lifecycle(ctx, s, out); err != nil {
			fmt.Fprintf(out, "  FAILED: %v\n", err)
			failed++
		}
		s.close()
		fmt.Fprintln(out)
	}
	if failed > 0 {
		return fmt.Errorf("%d provider(s) failed", failed)
	}
	return nil
}

func step(out io.Writer, name string, start time.Time, format string, args ...any) {
	fmt.Fprintf(out, "  %-14s %-75s %6s\n", name, fmt.Sprintf(format, args...), time.Since(start).Round(time.Millisecond))
}

func lifecycle(ctx context.Context, s *session, out io.Writer) error {
	svc := s.svc
	caps := svc.Capabilities()
	p := sampleFor(caps, time.Now().UnixNano())

	start := time.Now()
	c, err := svc.Create(ctx, p)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	step(out, "create", start, "id %s, %d fields stored", c.ID, len(caps.Create))

	if caps.Supports(customers.OpGet) {
		start = time.Now()
		got, err := svc.Get(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("get: %w", err)
		}
		step(out, "get", start, "id %s, created %s", got.ID, got.CreatedAt.Format(time.RFC3339))
	}

	email := p.Email
	if caps.Supports(customers.OpUpdate) {
		email = fmt.Sprintf("renamed.%d@example.com", time.Now().UnixNano())
		u := &customers.UpdateParams{Email: customers.Set(email)}
		what := "email changed"
		if len(caps.Clear) > 0 {
			what += ", " + string(caps.Clear[0]) + " cleared"
			if err := u.ClearField(caps.Clear[0]); err != nil {
				return err
			}
		}
		start = time.Now()
		if _, err := svc.Update(ctx, c.ID, u); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		step(out, "update", start, "%s", what)
	}

	if caps.Supports(customers.OpList) {
		if s.fake != nil {
			if _, err := s.fake.Seed(41); err != nil {
				return err
			}
		}
		start = time.Now()
		n, pagesBefore := 0, listRequests(s)
		for _, err := range svc.List(ctx, &customers.ListParams{PageSize: 10}) {
			if err != nil {
				return fmt.Errorf("list: %w", err)
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
		step(out, "list", start, "%d customers%s", n, pages)
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
				return fmt.Errorf("search: %w", err)
			}
			n++
		}
		step(out, "search", start, "%d match(es)", n)
	}

	if b, ok := svc.(customers.Blocker); ok {
		start = time.Now()
		bc, err := b.Block(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("block: %w", err)
		}
		if _, err := b.Unblock(ctx, c.ID); err != nil {
			return fmt.Errorf("unblock: %w", err)
		}
		step(out, "block/unblock", start, "blocked=%v, then unblocked", bc.Blocked)
	}

	if caps.Supports(customers.OpDelete) {
		start = time.Now()
		if err := svc.Delete(ctx, c.ID); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
		_, err := svc.Get(ctx, c.ID)
		switch {
		case err == nil:
			return errors.New("get after delete: want not found, got <nil>")
		case !errors.Is(err, customers.ErrNotFound):
			return fmt.Errorf("get after delete: want not found, got %w", err)
		}
		step(out, "delete", start, "then get: not found, as expected")
	}

	for _, op := range []customers.Operation{customers.OpGet, customers.OpDelete} {
		if !caps.Supports(op) {
			start = time.Now()
			err := unsupported(ctx, svc, op, c.ID)
			switch {
			case err == nil:
				return fmt.Errorf("%s: want not supported, got <nil>", op)
			case !errors.Is(err, customers.ErrNotSupported):
				return fmt.Errorf("%s: want not supported, got %w", op, err)
			}
			step(out, string(op), start, "not supported, refused without a request")
		}
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
