package multipay

import (
	"embed"
	"io/fs"
)

// The specs are embedded here because //go:embed cannot reach a parent
// directory and specs/ holds no Go package: the YAML files are the product,
// their loader is internal (internal/specs).
//
//go:embed specs/*.yaml
var specFiles embed.FS

// SpecFS returns the raw bytes of the hand-written OpenAPI specs: specs/<provider>.yaml,
// read from the returned file system as <provider>.yaml.
func SpecFS() fs.FS {
	sub, err := fs.Sub(specFiles, "specs")
	if err != nil {
		panic(err) // "specs" is a valid path; fs.Sub fails on nothing else
	}
	return sub
}
