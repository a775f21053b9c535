package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/multipay/multipay/pkg/customers"
)

// customerFlags are the customer fields settable from the command line.
type customerFlags struct {
	name, firstName, lastName, email, phone, birthDate string
	gender, company, description, externalID, clear    string
}

func (f *customerFlags) register(fs *flag.FlagSet, withClear bool) {
	fs.StringVar(&f.name, "name", "", "full name")
	fs.StringVar(&f.firstName, "first-name", "", "first name")
	fs.StringVar(&f.lastName, "last-name", "", "last name")
	fs.StringVar(&f.email, "email", "", "e-mail")
	fs.StringVar(&f.phone, "phone", "", "phone, E.164 (+6591234567)")
	fs.StringVar(&f.birthDate, "birth-date", "", "birth date, YYYY-MM-DD")
	fs.StringVar(&f.gender, "gender", "", "gender")
	fs.StringVar(&f.company, "company", "", "company")
	fs.StringVar(&f.description, "description", "", "description (HitPay remark)")
	fs.StringVar(&f.externalID, "external-id", "", "your own id for the customer")
	if withClear {
		fs.StringVar(&f.clear, "clear", "", "comma-separated fields to clear, e.g. Gender,Address")
	}
}

func (f *customerFlags) create() (*customers.CreateParams, error) {
	p := &customers.CreateParams{Name: f.name, FirstName: f.firstName, LastName: f.lastName, Email: f.email,
		Phone: f.phone, Gender: f.gender, Company: f.company, Description: f.description, ExternalID: f.externalID}
	if f.birthDate != "" {
		d, err := customers.ParseDate(f.birthDate)
		if err != nil {
			return nil, usageError(err.Error())
		}
		p.BirthDate = d
	}
	return p, nil
}

func (f *customerFlags) update() (*customers.UpdateParams, error) {
	u := &customers.UpdateParams{}
	for _, s := range []struct {
		v   string
		opt *customers.Optional[string]
	}{{f.name, &u.Name}, {f.firstName, &u.FirstName}, {f.lastName, &u.LastName}, {f.email, &u.Email},
		{f.phone, &u.Phone}, {f.gender, &u.Gender}, {f.company, &u.Company}, {f.description, &u.Description},
		{f.externalID, &u.ExternalID}} {
		if s.v != "" {
			*s.opt = customers.Set(s.v)
		}
	}
	if f.birthDate != "" {
		d, err := customers.ParseDate(f.birthDate)
		if err != nil {
			return nil, usageError(err.Error())
		}
		u.BirthDate = customers.Set(d)
	}
	for _, name := range strings.Split(f.clear, ",") {
		if name = strings.TrimSpace(name); name != "" {
			if err := u.ClearField(customers.Field(name)); err != nil {
				return nil, usageError(err.Error())
			}
		}
	}
	return u, nil
}

// crud runs one operation at one provider and prints the result as JSON.
func crud(ctx context.Context, g globals, cmd string, args []string, out, errOut io.Writer) error {
	if g.provider == "" {
		return usageError(cmd + " needs -provider")
	}
	if _, err := selected(g); err != nil {
		return err
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(errOut)
	var cf customerFlags
	var limit, pageSize, seed int
	var query string
	switch cmd {
	case "create", "update":
		cf.register(fs, cmd == "update")
	case "list", "search":
		fs.IntVar(&limit, "limit", 20, "stop after this many customers (0: all)")
		fs.IntVar(&pageSize, "page-size", 0, "customers per provider request (0: provider default)")
		fs.IntVar(&seed, "seed", 0, "with the fake provider: store this many sample customers first")
		if cmd == "search" {
			fs.StringVar(&query, "query", "", "free text (HitPay, Notch Pay)")
			fs.StringVar(&cf.email, "email", "", "exact e-mail (Soap, UseePay)")
			fs.StringVar(&cf.phone, "phone", "", "E.164 phone (Soap, UseePay)")
			fs.StringVar(&cf.externalID, "external-id", "", "your own id (UseePay)")
		}
	}
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	needID := cmd == "get" || cmd == "update" || cmd == "delete"
	if needID && fs.NArg() != 1 {
		return usageError(cmd + " needs exactly one customer id")
	}
	s, err := connect(g, g.provider)
	if err != nil {
		return err
	}
	defer s.close()
	if seed > 0 && s.fake != nil {
		if _, err := s.fake.Seed(seed); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	switch cmd {
	case "create":
		p, err := cf.create()
		if err != nil {
			return err
		}
		c, err := s.svc.Create(ctx, p)
		if err != nil {
			return err
		}
		return enc.Encode(c)
	case "get":
		c, err := s.svc.Get(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		return enc.Encode(c)
	case "update":
		u, err := cf.update()
		if err != nil {
			return err
		}
		c, err := s.svc.Update(ctx, fs.Arg(0), u)
		if err != nil {
			return err
		}
		return enc.Encode(c)
	case "delete":
		if err := s.svc.Delete(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(out, "deleted %s\n", fs.Arg(0))
		return nil
	case "list":
		return printAll(s.svc.List(ctx, &customers.ListParams{PageSize: pageSize}), limit, enc)
	default: // search
		searcher, ok := s.svc.(customers.Searcher)
		if !ok {
			return customers.NotSupported(g.provider, customers.OpSearch)
		}
		return printAll(searcher.Search(ctx, &customers.SearchParams{Query: query, Email: cf.email, Phone: cf.phone,
			ExternalID: cf.externalID, PageSize: pageSize}), limit, enc)
	}
}

func printAll(seq func(func(*customers.Customer, error) bool), limit int, enc *json.Encoder) error {
	n := 0
	for c, err := range seq {
		if err != nil {
			return err
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
		n++
		if limit > 0 && n >= limit {
			break
		}
	}
	return nil
}
