package main

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/multipay/multipay/pkg/customers"
)

// jsonOut reports whether to print JSON: asked for (-o json, --json,
// --jq), or stdout is not a terminal (a pipe or a file wants data, not a
// table).
func (a *app) jsonOut() bool {
	return a.output == "json" || a.script.active() || (a.output == "" && !a.ttyOut)
}

// printJSON prints an output value in the CLI's JSON form (jsonview.go),
// through --json and --jq: indented, or as one line of JSON Lines.
func (a *app) printJSON(v any, line bool) error {
	doc := a.script.keep(jsonView(reflect.ValueOf(v)))
	switch {
	case a.script.query != nil:
		return a.script.run(a, a.std.out, doc)
	case line:
		return json.NewEncoder(a.std.out).Encode(doc)
	}
	return writeJSON(a.std.out, doc)
}

// writeJSON prints one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printCustomer prints one customer: JSON, or a field: value table.
func (a *app) printCustomer(c *customers.Customer) error {
	if a.jsonOut() {
		return a.printJSON(c, false)
	}
	tw := tabwriter.NewWriter(a.std.out, 0, 0, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", a.bold(printable(k)), printable(v))
		}
	}
	row("id", c.ID)
	row("provider", c.Provider)
	row("name", c.Name)
	row("first name", c.FirstName)
	row("last name", c.LastName)
	row("email", c.Email)
	row("phone", c.Phone)
	row("birth date", c.BirthDate.String())
	row("gender", c.Gender)
	row("company", c.Company)
	row("description", c.Description)
	row("external id", c.ExternalID)
	row("address", addressLine(c.Address))
	row("billing address", addressLine(c.BillingAddress))
	if sh := c.Shipping; sh != nil {
		row("shipping", strings.Join(nonEmpty(sh.Name, sh.Phone, sh.Method, addressLine(sh.Address)), "; "))
	}
	for k, v := range c.Metadata {
		row("metadata."+k, v)
	}
	if c.Blocked {
		row("blocked", "yes")
	}
	row("created", timeCell(c.CreatedAt))
	row("updated", timeCell(c.UpdatedAt))
	return tw.Flush()
}

// printCustomers streams a listing: JSON Lines, or a table, with a progress
// line on a terminal's stderr once it is longer than a page.
func (a *app) printCustomers(seq iter.Seq2[*customers.Customer, error], limit, page int) error {
	var tw *tabwriter.Writer
	if !a.jsonOut() {
		tw = tabwriter.NewWriter(a.std.out, 0, 0, 2, ' ', 0)
		writeRow(tw, "ID", "NAME", "EMAIL", "PHONE", "CREATED")
	}
	prog := a.progress(page)
	defer prog.done()
	n := 0
	for c, err := range seq {
		if err != nil {
			return err
		}
		if tw != nil {
			writeRow(tw, c.ID, c.Name, c.Email, c.Phone, timeCell(c.CreatedAt))
		} else if err := a.printJSON(c, true); err != nil {
			return err
		}
		n++
		prog.tick(n)
		if limit > 0 && n >= limit {
			break
		}
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

// progress counts a listing on stderr when stderr is a terminal.
type progress struct {
	w     io.Writer
	every int
	shown bool
}

func (a *app) progress(page int) *progress {
	if !a.ttyErr || a.quiet {
		return &progress{}
	}
	return &progress{w: a.std.err, every: max(page, 20)}
}

func (p *progress) tick(n int) {
	if p.w != nil && n%p.every == 0 {
		fmt.Fprintf(p.w, "\r%d customers…", n)
		p.shown = true
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (a *app) bold(s string) string {
	if !a.colorOut {
		return s
	}
	return "\033[1m" + s + "\033[0m"
}

func addressLine(ad *customers.Address) string {
	if ad == nil {
		return ""
	}
	return strings.Join(nonEmpty(ad.Line1, ad.Line2, ad.City, ad.State, ad.PostalCode, ad.Country), ", ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return utcTime(t)
}

// writeRow writes one table row, each cell made printable (a tab or newline
// in server data would also break the columns).
func writeRow(w io.Writer, cells ...string) {
	for i, c := range cells {
		cells[i] = printable(c)
	}
	fmt.Fprintln(w, strings.Join(cells, "\t"))
}

// printable renders s for a terminal: C0 and C1 controls, DEL and bytes that
// are not UTF-8 become Go escapes (\x1b, \u009b, \n), so that data from a
// provider or the command line cannot retitle the window, move the cursor or
// hide text. Every human-readable output goes through it; JSON escapes them
// itself.
func printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// printableLines is printable for text of several lines: it keeps the
// newlines between them.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printable(l)
	}
	return strings.Join(lines, "\n")
}

// displayURL is a URL as the CLI shows it: the user info, which can hold a
// password or a key, replaced by xxxxx (url.URL.Redacted keeps the user
// name). A URL that does not parse is never shown, since where its user info
// ends is unknown.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an invalid URL)"
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	return u.String()
}
