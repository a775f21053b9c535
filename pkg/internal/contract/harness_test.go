package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/internal/specs"
	"github.com/multipay/multipay/pkg/internal/specguard/specguardtest"
)

// call sends one operation with the generated client and parses the answer
// with the generated Parse function.
type call struct {
	do    func(ctx context.Context, baseURL string) (*http.Response, error)
	parse func(*http.Response) (any, error)
}

// exampleCase is one documented response to replay.
type exampleCase struct {
	status   string // "200", "404", "default"
	name     string
	media    string
	body     []byte // nil: no body
	hasModel bool   // the spec gives a JSON schema: the typed field must be set
}

// runContract checks that calls covers exactly the spec's operations, then for
// each operation and each documented response example: the client's request
// passes validation, the example passes response validation, and the generated
// parser decodes it into the typed field for that status.
func runContract(t *testing.T, provider string, calls map[string]call) {
	t.Helper()
	doc, err := specs.Load(context.Background(), provider)
	require.NoError(t, err)
	ops := map[string]*openapi3.Operation{}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			ops[op.OperationID] = op
		}
	}
	for id := range ops {
		assert.Contains(t, calls, id, "operation %s has no contract call", id)
	}
	for id := range calls {
		assert.Contains(t, ops, id, "contract call %s names no operation in the spec", id)
	}
	for id, op := range ops {
		c, ok := calls[id]
		if !ok {
			continue
		}
		cases := examplesOf(t, op)
		assert.NotEmpty(t, cases, "%s: the spec documents no response examples", id)
		for _, ex := range cases {
			t.Run(id+"/"+ex.status+"/"+ex.name, func(t *testing.T) {
				t.Parallel()
				runCase(t, doc, id, c, ex)
			})
		}
	}
}

func runCase(t *testing.T, doc *openapi3.T, id string, c call, ex exampleCase) {
	status := statusFor(ex.status, examplesStatuses(doc, id))
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if ex.body != nil {
			w.Header().Set("Content-Type", ex.media)
		}
		w.WriteHeader(status)
		_, _ = w.Write(ex.body)
	})
	srv, guard := specguardtest.Serve(t, doc, handler)
	rsp, err := c.do(context.Background(), srv.URL)
	require.NoError(t, err, "send")
	defer func() { _ = rsp.Body.Close() }()
	for _, v := range guard.Violations() {
		assert.True(t, v.Response, "the generated client's request breaks the spec: %s", v)
	}
	require.Equal(t, status, rsp.StatusCode, "status")
	parsed, err := c.parse(rsp)
	require.NoError(t, err, "parse example %s", ex.name)
	if !ex.hasModel {
		return
	}
	field := "JSON" + ex.status
	if ex.status == "default" {
		field = "JSONDefault"
	}
	v := reflect.Indirect(reflect.ValueOf(parsed)).FieldByName(field)
	require.True(t, v.IsValid(), "parsed %T has no field %s", parsed, field)
	require.False(t, v.IsNil(), "parsed %T.%s is nil for example %s", parsed, field, ex.name)
	assert.Empty(t, mapBacked(v.Type(), field, map[reflect.Type]bool{}),
		"response models decode nullable fields into plain values (gen/<provider>/overlay.yaml), not a map per field")
	// Every key the example sets must survive decoding into the typed model
	// (a misspelt property would be silently dropped by encoding/json).
	var want, got any
	_ = json.Unmarshal(ex.body, &want)
	again, err := json.Marshal(v.Interface())
	require.NoError(t, err, "re-encode %s", field)
	_ = json.Unmarshal(again, &got)
	assert.Empty(t, missingKeys("", want, got), "example %s: keys lost by the generated model %s", ex.name, field)
}

// mapBacked lists the fields of t, at any depth, typed nullable.Nullable: a
// map per field, which request models need (to send null) and response
// models must not pay for.
func mapBacked(t reflect.Type, path string, seen map[reflect.Type]bool) []string {
	if t.PkgPath() == "github.com/oapi-codegen/nullable" {
		return []string{path}
	}
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return mapBacked(t.Elem(), path, seen)
	case reflect.Struct:
		var out []string
		for i := range t.NumField() {
			f := t.Field(i)
			out = append(out, mapBacked(f.Type, path+"."+f.Name, seen)...)
		}
		return out
	}
	return nil
}

// missingKeys lists object keys with non-null values in want that got lacks.
func missingKeys(prefix string, want, got any) []string {
	w, ok := want.(map[string]any)
	if !ok {
		return nil
	}
	g, _ := got.(map[string]any)
	var out []string
	for k, wv := range w {
		if wv == nil {
			continue
		}
		gv, ok := g[k]
		if !ok {
			out = append(out, prefix+k)
			continue
		}
		out = append(out, missingKeys(prefix+k+".", wv, gv)...)
	}
	sort.Strings(out)
	return out
}

func examplesStatuses(doc *openapi3.T, id string) map[string]bool {
	out := map[string]bool{}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			if op.OperationID == id {
				for code := range op.Responses.Map() {
					out[code] = true
				}
			}
		}
	}
	return out
}

// statusFor turns a response key into a concrete status; "default" becomes a
// server error the operation does not list explicitly.
func statusFor(code string, listed map[string]bool) int {
	if n, err := strconv.Atoi(code); err == nil {
		return n
	}
	for _, s := range []int{500, 502, 503, 504, 400, 409} {
		if !listed[strconv.Itoa(s)] {
			return s
		}
	}
	return 599
}

func examplesOf(t *testing.T, op *openapi3.Operation) []exampleCase {
	var out []exampleCase
	for code, ref := range op.Responses.Map() {
		resp := ref.Value
		if len(resp.Content) == 0 {
			out = append(out, exampleCase{status: code, name: "empty"})
			continue
		}
		for media, mt := range resp.Content {
			isJSON := strings.Contains(media, "json")
			add := func(name string, value any) {
				var body []byte
				if s, ok := value.(string); ok && !isJSON {
					body = []byte(s)
				} else {
					b, err := json.Marshal(value)
					require.NoError(t, err, "%s %s example %s", op.OperationID, code, name)
					body = b
				}
				out = append(out, exampleCase{status: code, name: name, media: media, body: body, hasModel: isJSON && mt.Schema != nil})
			}
			if mt.Example != nil {
				add("example", mt.Example)
			}
			for name, ex := range mt.Examples {
				if ex.Value != nil {
					add(name, ex.Value.Value)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}
