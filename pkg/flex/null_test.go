package flex

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type nullDoc struct {
	S Null[string]         `json:"s,omitzero"`
	T Null[Time]           `json:"t,omitzero"`
	M Null[map[string]any] `json:"m,omitzero"`
}

func TestNullKeepsAbsentNullAndValueApart(t *testing.T) {
	t.Parallel()
	var absent, null, set nullDoc
	require.NoError(t, json.Unmarshal([]byte(`{}`), &absent))
	require.NoError(t, json.Unmarshal([]byte(`{"s":null,"t":null,"m":null}`), &null))
	require.NoError(t, json.Unmarshal([]byte(`{"s":"Ann","t":"2024-01-24 16:05:10+08:00","m":{"k":1}}`), &set))

	assert.False(t, absent.S.IsSpecified())
	_, err := absent.S.Get()
	assert.EqualError(t, err, "value is not specified")

	assert.True(t, null.S.IsSpecified())
	assert.True(t, null.S.IsNull())
	_, err = null.T.Get()
	assert.EqualError(t, err, "value is null")

	assert.Equal(t, "Ann", set.S.MustGet())
	assert.Equal(t, "2024-01-24T08:05:10Z", set.T.MustGet().UTC().Format("2006-01-02T15:04:05Z07:00"))
	assert.Equal(t, map[string]any{"k": 1.0}, set.M.MustGet())
	assert.Panics(t, func() { null.S.MustGet() })
}

func TestNullEncodesAsItWasDecoded(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{}`, `{"s":null,"t":null,"m":null}`, `{"s":"Ann","m":{"k":"v"}}`} {
		var d nullDoc
		require.NoError(t, json.Unmarshal([]byte(in), &d))
		out, err := json.Marshal(d)
		require.NoError(t, err)
		assert.JSONEq(t, in, string(out))
	}
	// Without omitzero an absent field is written as null, as nullable.Nullable does.
	out, err := json.Marshal(struct{ S Null[string] }{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"S":null}`, string(out))
}

// The fast path for plain strings returns what encoding/json returns; escapes,
// control characters and invalid UTF-8 take the slow path and come out the same.
func TestNullStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`""`, `"plain"`, `"caf\u00e9"`, `"tab\there"`, `"quote\"d"`, "\"\xff\xfe\"", `"日本"`, `"a\/b"`} {
		var want string
		wantErr := json.Unmarshal([]byte(in), &want)
		var n Null[string]
		err := n.UnmarshalJSON([]byte(in))
		if wantErr != nil {
			assert.Error(t, err, in)
			continue
		}
		require.NoError(t, err, in)
		assert.Equal(t, want, n.MustGet(), in)
	}
	var n Null[string]
	assert.Error(t, n.UnmarshalJSON([]byte(`12`)), "a number is not a string")
	assert.Error(t, n.UnmarshalJSON([]byte("\"a\x01b\"")), "a raw control character is not JSON")
}

func TestNullSetters(t *testing.T) {
	t.Parallel()
	n := Value("x")
	n.SetNull()
	assert.True(t, n.IsNull())
	n.Set("y")
	assert.Equal(t, "y", n.MustGet())
	n.SetUnspecified()
	assert.True(t, n.IsZero())
	assert.Equal(t, Nil[int](), func() Null[int] { var m Null[int]; m.SetNull(); return m }())
}

// A decoded string field costs what a plain string field costs: no map and no
// nested decoder, which is why the response models use Null.
func TestNullStringDecodesWithoutExtraAllocations(t *testing.T) {
	body := []byte(`{"a":"one","b":"two","c":null}`)
	var plain struct{ A, B, C string }
	var null struct{ A, B, C Null[string] }
	plainAllocs := testing.AllocsPerRun(200, func() { _ = json.Unmarshal(body, &plain) })
	nullAllocs := testing.AllocsPerRun(200, func() { _ = json.Unmarshal(body, &null) })
	assert.LessOrEqual(t, nullAllocs, plainAllocs)
}
