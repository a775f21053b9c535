// Package breaking is the breaking-change gate for specs/*.yaml: oasdiff compares a
// spec with its base version (the main branch), and every breaking change must be
// recorded in CHANGELOG.md before it lands, because users generate code from the specs.
//
// The CHANGELOG convention: under the "## Unreleased" heading, a line naming the spec
// and the oasdiff rule id in backquotes, `<spec>:<rule-id>`, records every change of
// that rule in that spec, e.g.
//
//   - `hitpay:response-optional-property-removed`: GET /v1/customers drops `meta.path` (HitPay stopped sending it).
//
// Both of oasdiff's levels fail the gate: its warnings (a removed parameter) delete an
// argument from generated code, which breaks every caller that uses it as surely as an
// error-level change. For the same reason a removed optional response property, which
// oasdiff rates info, counts as an error here.
package breaking

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Change is one backward-incompatible difference oasdiff found.
type Change struct {
	Spec     string // spec name, e.g. "hitpay"
	ID       string // oasdiff rule id, e.g. "response-optional-property-removed"
	Level    string // oasdiff's level: "error" or "warning"
	Text     string // oasdiff's one-line description
	Recorded bool   // CHANGELOG.md records it
}

// Key is how CHANGELOG.md names the change: `<spec>:<rule-id>`.
func (c Change) Key() string { return c.Spec + ":" + c.ID }

func (c Change) String() string {
	state := "NOT RECORDED"
	if c.Recorded {
		state = "recorded in CHANGELOG.md"
	}
	return fmt.Sprintf("%s %s [%s] %s: %s", c.Spec, c.Level, c.ID, state, c.Text)
}

// Compare returns the breaking changes (both levels) from base to rev, two versions of
// the spec named spec, each given as the document's bytes.
func Compare(spec string, base, rev []byte) ([]Change, error) {
	loader := openapi3.NewLoader()
	s1, err := load.NewSpecInfoFromData(loader, base, "base/"+spec+".yaml")
	if err != nil {
		return nil, fmt.Errorf("%s base: %w", spec, err)
	}
	s2, err := load.NewSpecInfoFromData(openapi3.NewLoader(), rev, spec+".yaml")
	if err != nil {
		return nil, fmt.Errorf("%s revision: %w", spec, err)
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), s1, s2)
	if err != nil {
		return nil, fmt.Errorf("%s: oasdiff: %w", spec, err)
	}
	l := checker.NewDefaultLocalizer()
	var out []Change
	config := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(raised))
	for _, c := range checker.CheckBackwardCompatibility(config, d, sources) {
		text := c.GetUncolorizedText(l)
		if op, path := c.GetOperation(), c.GetPath(); op != "" {
			text = op + " " + path + ": " + text
		}
		level := "warning"
		if c.GetLevel() == checker.ERR {
			level = "error"
		}
		out = append(out, Change{Spec: spec, ID: c.GetId(), Level: level, Text: text})
	}
	return out, nil
}

// raised are oasdiff rules this gate treats as breaking although oasdiff rates them
// info: harmless on the wire, but they delete a field from the generated Go types.
var raised = map[string]checker.Level{
	"response-optional-property-removed": checker.ERR,
}

var recordRe = regexp.MustCompile("`([a-z0-9_-]+):([a-z0-9-]+)`")

// Recorded reads CHANGELOG.md and returns the `<spec>:<rule-id>` keys listed under
// its "## Unreleased" heading (up to the next "## " heading).
func Recorded(changelog io.Reader) (map[string]bool, error) {
	keys := map[string]bool{}
	in := false
	sc := bufio.NewScanner(changelog)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(line, "## ")), "Unreleased")
			continue
		}
		if !in {
			continue
		}
		for _, m := range recordRe.FindAllStringSubmatch(line, -1) {
			keys[m[1]+":"+m[2]] = true
		}
	}
	return keys, sc.Err()
}

// Gate marks the changes CHANGELOG.md records and returns how many are not
// recorded: the gate passes when that is 0.
func Gate(changes []Change, recorded map[string]bool) (unrecorded int) {
	for i := range changes {
		changes[i].Recorded = recorded[changes[i].Key()]
		if !changes[i].Recorded {
			unrecorded++
		}
	}
	return unrecorded
}
