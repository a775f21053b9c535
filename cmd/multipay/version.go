package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the module version and VCS revision this binary was built from",
		Args:  cobra.ExactArgs(0),
		RunE: func(*cobra.Command, []string) error {
			if a.output == "json" {
				return writeJSON(a.std.out, buildInfo())
			}
			_, err := fmt.Fprintf(a.std.out, "multipay %s\n", versionString())
			return err
		},
	}
}

type build struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

// buildInfo reads what the Go toolchain stamped: the module version for
// "go install …@v1.2.3", the VCS revision for a build in a checkout.
func buildInfo() build {
	b := build{Version: "(devel)", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func moduleVersion() string { return buildInfo().Version }

func versionString() string {
	b := buildInfo()
	s := b.Version
	if b.Revision != "" {
		s += " (" + b.Revision
		if b.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + b.Go
}
