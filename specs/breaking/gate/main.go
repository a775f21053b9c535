// Command gate is `make breaking`: it compares each specs/<name>.yaml with the copy of
// the base revision in -base and fails on breaking changes CHANGELOG.md does not
// record (the convention is in package breaking).
//
//	cd specs/breaking && go run ./gate -base DIR -changelog ../../CHANGELOG.md ../*.yaml
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/multipay/multipay/specs/breaking"
)

func main() {
	baseDir := flag.String("base", "", "directory holding the base revision's <name>.yaml files")
	changelog := flag.String("changelog", "CHANGELOG.md", "changelog that records accepted breaking changes")
	flag.Parse()
	if *baseDir == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gate -base DIR [-changelog CHANGELOG.md] SPEC.yaml...")
		os.Exit(2)
	}
	os.Exit(run(*baseDir, *changelog, flag.Args()))
}

func run(baseDir, changelog string, specs []string) int {
	recorded := map[string]bool{}
	if f, err := os.Open(changelog); err == nil {
		recorded, err = breaking.Recorded(f)
		_ = f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	} else if !os.IsNotExist(err) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	failed := 0
	for _, path := range specs {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		base, err := os.ReadFile(filepath.Join(baseDir, name+".yaml"))
		if os.IsNotExist(err) {
			fmt.Printf("%s: new spec, nothing to compare\n", name)
			continue
		}
		rev, err2 := os.ReadFile(path)
		if err != nil || err2 != nil {
			fmt.Fprintln(os.Stderr, name, err, err2)
			return 1
		}
		changes, err := breaking.Compare(name, base, rev)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		n := breaking.Gate(changes, recorded)
		failed += n
		fmt.Printf("%s: %d changes oasdiff flags, %d breaking and unrecorded\n", name, len(changes), n)
		for _, c := range changes {
			fmt.Println("  " + c.String())
		}
	}
	if failed > 0 {
		fmt.Printf("%d breaking changes are not recorded: add a `<spec>:<rule-id>` line under \"## Unreleased\" in %s saying why, or undo them\n", failed, changelog)
		return 1
	}
	return 0
}
