//go:build tools

// tools.go pins the build-time tools in go.mod: the code generator, and oasdiff
// (`go run github.com/oasdiff/oasdiff breaking OLD NEW` by hand; `make breaking` uses
// its Go API through specs/breaking). The build tag keeps it out of every build. It
// shares generate.go's package name, as Go requires.
package multipay

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "github.com/oasdiff/oasdiff"
)
