package backend

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pipeline passes its call, attempt and options as values: no package
// on the path from the facade to the wire writes a context value
// (context.WithValue) or reads one by a key of its own (ctx.Value(key{})).
// httptrace's hook, net/http's own mechanism, is installed through
// httptrace.WithClientTrace.
func TestNoContextValuesOnThePipeline(t *testing.T) {
	t.Parallel()
	for _, root := range []string{".", "../adapter", "../../customers"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "context" && sel.Sel.Name == "WithValue" {
					assert.Fail(t, "a context value is written", "%s: context.WithValue", path)
				}
				if _, lit := unparen(call.Args).(*ast.CompositeLit); lit && sel.Sel.Name == "Value" {
					assert.Fail(t, "a context value is read by a key", "%s: %s.Value(key{})", path, name(sel.X))
				}
				return true
			})
			return nil
		})
		require.NoError(t, err, root)
	}
}

// unparen is the only argument of a call, nil when there is not exactly one.
func unparen(args []ast.Expr) ast.Expr {
	if len(args) != 1 {
		return nil
	}
	return ast.Unparen(args[0])
}

func name(x ast.Expr) string {
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return "…"
}
