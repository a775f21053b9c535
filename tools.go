//go:build tools

// tools.go pins the build-time code generator in go.mod; the build tag keeps it
// out of every build. It shares generate.go's package name, as Go requires.
package multipay

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
