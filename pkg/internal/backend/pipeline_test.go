package backend

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
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

// Only bodies the facade built take the fast body check: a request sent
// through Generated() (the direct call, no operation) is validated in full.
func TestGeneratedRequestsGetTheFullBodyCheck(t *testing.T) {
	t.Parallel()
	p := PreflightFor("hitpay")
	require.NotNil(t, p.bodyOpts, "the hitpay spec takes the fast check")
	b := New(Options{Provider: "hitpay", Preflight: p, Authorize: func(h http.Header) {}})
	assert.Same(t, p, b.preflightFor(b.Call(customers.OpCreate, nil)), "a facade call")
	full := b.preflightFor(b.direct)
	require.NotNil(t, full)
	assert.Nil(t, full.bodyOpts, "a request from Generated() took the fast check")
	assert.Same(t, p.router, full.router)
}
