package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
)

// The commands below are Notch Pay's extras; at other providers they fail
// with not supported (exit 7) before any request.

func newBlockCmd(a *app, block bool) *cobra.Command {
	use, op := "unblock", customers.OpUnblock
	if block {
		use, op = "block", customers.OpBlock
	}
	return &cobra.Command{
		Use:     use + " <customer-id>",
		Short:   fmt.Sprintf("%s a customer from paying (Notch Pay)", titleCase(use)),
		Example: fmt.Sprintf("  multipay customers %s -p notchpay cus_123", use),
		Args:    a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			return a.withSession(op, func(s *session) error {
				b, ok := s.svc.(customers.Blocker)
				if !ok {
					return customers.NotSupported(s.name, op)
				}
				do := b.Unblock
				if block {
					do = b.Block
				}
				c, err := do(a.ctx, args[0])
				if err != nil {
					return err
				}
				return a.printCustomer(c)
			})
		},
	}
}

func titleCase(s string) string { return string(s[0]-'a'+'A') + s[1:] }

func newPaymentMethodsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "payment-methods <customer-id>",
		Short:   "List a customer's saved payment methods (Notch Pay)",
		Example: "  multipay customers payment-methods -p notchpay cus_123 -o json",
		Args:    a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			return a.withSession(customers.OpListPaymentMethods, func(s *session) error {
				pl, ok := s.svc.(customers.PaymentLister)
				if !ok {
					return customers.NotSupported(s.name, customers.OpListPaymentMethods)
				}
				pms, err := pl.ListPaymentMethods(a.ctx, args[0])
				if err != nil {
					return err
				}
				return a.printPaymentMethods(pms)
			})
		},
	}
}

func (a *app) printPaymentMethods(pms []customers.PaymentMethod) error {
	if a.jsonOut() {
		return writeJSONLines(a, pms)
	}
	tw := tabwriter.NewWriter(a.std.out, 0, 0, 2, ' ', 0)
	writeRow(tw, "ID", "TYPE", "CHANNEL", "PHONE", "CREATED")
	for _, m := range pms {
		writeRow(tw, m.ID, m.Type, m.Channel, m.Phone, timeCell(m.CreatedAt))
	}
	return tw.Flush()
}

func newPaymentsCmd(a *app) *cobra.Command {
	var pf pageFlags
	var status string
	cmd := &cobra.Command{
		Use:     "payments <customer-id>",
		Short:   "List a customer's payments (Notch Pay)",
		Example: "  multipay customers payments -p notchpay cus_123 --status complete",
		Args:    a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			return a.withSession(customers.OpListPayments, func(s *session) error {
				pl, ok := s.svc.(customers.PaymentLister)
				if !ok {
					return customers.NotSupported(s.name, customers.OpListPayments)
				}
				return a.printPayments(pl, args[0], &customers.PaymentListParams{Status: status, PageSize: pf.pageSize}, pf.limit)
			})
		},
	}
	cmd.Flags().StringVar(&status, "status", "", "only payments with this status (e.g. complete)")
	pf.register(cmd)
	return cmd
}

func (a *app) printPayments(pl customers.PaymentLister, id string, p *customers.PaymentListParams, limit int) error {
	var out []*customers.Payment
	for pay, err := range pl.ListPayments(a.ctx, id, p) {
		if err != nil {
			return err
		}
		out = append(out, pay)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	if a.jsonOut() {
		return writeJSONLines(a, out)
	}
	tw := tabwriter.NewWriter(a.std.out, 0, 0, 2, ' ', 0)
	writeRow(tw, "ID", "AMOUNT", "CURRENCY", "STATUS", "CREATED")
	for _, pay := range out {
		writeRow(tw, pay.ID, strconv.FormatFloat(pay.Amount, 'g', -1, 64), pay.Currency, pay.Status, timeCell(pay.CreatedAt))
	}
	return tw.Flush()
}

// writeJSONLines prints one compact JSON object per line.
func writeJSONLines[T any](a *app, items []T) error {
	for _, it := range items {
		if err := a.printJSON(it, true); err != nil {
			return err
		}
	}
	return nil
}
