//go:build tools

// tools.go pins the code generator in go.mod (`make generate` runs the version
// pinned here). oasdiff is pinned in its own module, specs/breaking, so that it
// stays out of the library's go.mod. The build tag keeps this file out of every
// build. It shares generate.go's package name, as Go requires.
package multipay

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
