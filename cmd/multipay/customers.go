package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/multipay/multipay/pkg/customers"
)

func newCustomersCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "customers <command>",
		Aliases: []string{"customer"},
		Short:   "Create, read, update, delete, list and search customers at one provider",
		Long: `Customer commands act at the provider named by --provider (-p).
Customers are printed as a table on a terminal, else as JSON (-o json to force
it): one object, or JSON Lines for list and search, with the facade's field
names (first_name, billing_address, …), every field present (null when
empty) and times in UTC to the second. --json picks fields, --jq filters.`,
		Args: cobra.ExactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCreateCmd(a), newGetCmd(a), newUpdateCmd(a), newDeleteCmd(a), newListCmd(a), newSearchCmd(a),
		newBlockCmd(a, true), newBlockCmd(a, false), newPaymentMethodsCmd(a), newPaymentsCmd(a),
		newExportCmd(a), newImportCmd(a), newCopyCmd(a))
	for _, sub := range cmd.Commands() {
		if sample, ok := scriptOutputs[sub.Name()]; ok {
			a.scriptable(sub, sample)
		}
	}
	return cmd
}

// withSession connects to --provider for one operation and closes
// afterwards. Errors without the facade's context (a refused connection,
// say) are prefixed with the provider and operation; --jq's are the CLI's.
func (a *app) withSession(op customers.Operation, fn func(*session) error) error {
	name, err := a.requireProvider()
	if err != nil {
		return err
	}
	s, err := a.connect(name, true)
	if err != nil {
		return err
	}
	err = errors.Join(fn(s), s.close())
	var ce *customers.Error
	var je jqError
	if err != nil && !errors.As(err, &ce) && !errors.As(err, &je) {
		err = fmt.Errorf("%s %s: %w", name, op, err)
	}
	return err
}

func newCreateCmd(a *app) *cobra.Command {
	var in customerInput
	cmd := &cobra.Command{
		Use:   "create [flags]",
		Short: "Create a customer",
		Long: `Create a customer from flags, from --data (JSON with the facade's field names),
or both (flags win). A field the provider cannot store is refused (exit 7)
rather than dropped: see "multipay providers".`,
		Example: `  multipay customers create -p hitpay --name "Ada Lovelace" --email ada@example.com --phone +6591234567
  multipay customers create -p useepay --name "Ada Lovelace" --external-id ada-7 --email ada@example.com --metadata source=cli --address-country SG
  echo '{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"}' | multipay customers create -p soap --data -`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			p, err := in.createParams(a.std.in)
			if err != nil {
				return err
			}
			return a.withSession(customers.OpCreate, func(s *session) error {
				c, err := s.svc.Create(a.ctx, p)
				if err != nil {
					return err
				}
				return a.printCustomer(c)
			})
		},
	}
	in.register(cmd.Flags(), false)
	return cmd
}

func newGetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "get <customer-id>",
		Short:   "Show a customer",
		Example: `  multipay customers get -p hitpay 9b2ada28-be3c-47ab-883f-ba72e5d8305d -o json`,
		Args:    a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			return a.withSession(customers.OpGet, func(s *session) error {
				c, err := s.svc.Get(a.ctx, args[0])
				if err != nil {
					return err
				}
				return a.printCustomer(c)
			})
		},
	}
}

func newUpdateCmd(a *app) *cobra.Command {
	var in customerInput
	cmd := &cobra.Command{
		Use:   "update <customer-id> [flags]",
		Short: "Change some fields of a customer",
		Long: `Change the fields given as flags or in --data; others stay as they are. A
field set to null in --data, or named in --clear, is removed.`,
		Example: `  multipay customers update -p hitpay 9b2ada28-be3c-47ab-883f-ba72e5d8305d --email new@example.com --clear gender,birth-date
  multipay customers update -p notchpay cus_123 --data '{"company": null}'`,
		Args: a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			u, err := in.updateParams(a.std.in)
			if err != nil {
				return err
			}
			return a.withSession(customers.OpUpdate, func(s *session) error {
				c, err := s.svc.Update(a.ctx, args[0], u)
				if err != nil {
					return err
				}
				return a.printCustomer(c)
			})
		},
	}
	in.register(cmd.Flags(), true)
	return cmd
}

func newDeleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete <customer-id>",
		Short: "Delete a customer (HitPay, Notch Pay)",
		Long: `Delete a customer. When stdin is a terminal it asks first (no: exit 1,
nothing deleted); elsewhere (a script, a pipe) it needs --yes, as gh does, and
refuses without it (exit 2).`,
		Example: `  multipay customers delete -p notchpay cus_123
  multipay customers delete -p hitpay 9b2ada28-be3c-47ab-883f-ba72e5d8305d --yes`,
		Args: a.exactID,
		RunE: func(_ *cobra.Command, args []string) error {
			if !yes {
				if err := a.confirmDelete(args[0]); err != nil {
					return err
				}
			}
			return a.withSession(customers.OpDelete, func(s *session) error {
				if err := s.svc.Delete(a.ctx, args[0]); err != nil {
					return err
				}
				if a.jsonOut() {
					return writeJSON(a.std.out, map[string]any{"id": args[0], "deleted": true})
				}
				_, err := fmt.Fprintf(a.std.out, "deleted %s\n", printable(args[0]))
				return err
			})
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}

// pageFlags are list and search's paging flags.
type pageFlags struct{ limit, pageSize int }

func (p *pageFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&p.limit, "limit", 20, "stop after this many customers (0: all)")
	cmd.Flags().IntVar(&p.pageSize, "page-size", 0, "customers per provider request (0: the provider's default)")
}

func (p *pageFlags) check() error {
	if p.limit < 0 || p.pageSize < 0 {
		return usagef("--limit and --page-size must not be negative")
	}
	return nil
}

func newListCmd(a *app) *cobra.Command {
	var pf pageFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List customers, newest or oldest first as the provider does",
		Example: `  multipay customers list -p hitpay --limit 5
  multipay customers list -p useepay --limit 0 -o json | jq -r .email
  multipay customers list -p hitpay --json id,email,created_at
  multipay customers list -p notchpay --jq 'select(.blocked) | .id'`,
		Args: cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			return a.withSession(customers.OpList, func(s *session) error {
				return a.printCustomers(s.svc.List(a.ctx, &customers.ListParams{PageSize: pf.pageSize}), pf.limit, pf.pageSize)
			})
		},
	}
	pf.register(cmd)
	return cmd
}

func newSearchCmd(a *app) *cobra.Command {
	var pf pageFlags
	var sp customers.SearchParams
	cmd := &cobra.Command{
		Use:   "search [query]",
		Short: "Find customers by e-mail, phone, your own id or free text",
		Long: `Find customers. A positional argument is the free-text query (--query).
Providers honour different criteria ("multipay providers" lists them); a
criterion the provider lacks is refused with exit 7, naming those it honours.`,
		Example: `  multipay customers search -p soap --email ada@example.com
  multipay customers search -p hitpay lovelace`,
		Args: a.optionalQuery(&sp.Query),
		RunE: func(*cobra.Command, []string) error {
			if err := pf.check(); err != nil {
				return err
			}
			if sp == (customers.SearchParams{}) {
				return usagef("search needs a query, --email, --phone or --external-id")
			}
			sp.PageSize = pf.pageSize
			return a.withSession(customers.OpSearch, func(s *session) error {
				searcher, ok := s.svc.(customers.Searcher)
				if !ok {
					return customers.NotSupported(s.name, customers.OpSearch)
				}
				err := a.printCustomers(searcher.Search(a.ctx, &sp), pf.limit, pf.pageSize)
				return withSearchHint(err, s.name, s.svc.Capabilities().Search)
			})
		},
	}
	cmd.Flags().StringVar(&sp.Query, "query", "", "free text (HitPay, Notch Pay); also the argument")
	cmd.Flags().StringVar(&sp.Email, "email", "", "exact e-mail (Soap, UseePay)")
	cmd.Flags().StringVar(&sp.Phone, "phone", "", "phone, E.164 or as the provider stores it (Soap, UseePay)")
	cmd.Flags().StringVar(&sp.ExternalID, "external-id", "", "your own id (UseePay)")
	pf.register(cmd)
	return cmd
}
