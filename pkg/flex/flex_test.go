package flex

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStringAcceptsNumberStringAndNull(t *testing.T) {
	t.Parallel()
	var v struct {
		A, B, C, D String
	}
	in := `{"A":"+237600000000","B":237600000000,"C":null,"D":12345678901234567890}`
	require.NoError(t, json.Unmarshal([]byte(in), &v))
	require.Equal(t, String("+237600000000"), v.A)
	require.Equal(t, String("237600000000"), v.B)
	require.Equal(t, String(""), v.C)
	require.Equal(t, String("12345678901234567890"), v.D)
	out, _ := json.Marshal(v.B)
	require.Equal(t, `"237600000000"`, string(out))
	var bad String
	require.Error(t, bad.UnmarshalJSON([]byte(`{"x":`)), "malformed JSON decoded as a string")
}

func TestTimeLayouts(t *testing.T) {
	t.Parallel()
	want := time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, in := range []string{
		`"2023-01-01T12:00:00Z"`,
		`"2023-01-01T12:00:00.000Z"`,
		`"2023-01-01 12:00:00+00:00"`,
		`"2023-01-01T20:00:00+08:00"`,
		`"2023-01-01 12:00:00"`,
		`"2023-01-01T12:00:00.000000Z"`,
		`"2023-01-01T12:00:00+0000"`,
		`"2023-01-01 12:00:00+0000"`,
		`"2023-01-01T12:00:00"`,
		`1672574400`,
	} {
		var v Time
		if !assert.NoError(t, json.Unmarshal([]byte(in), &v), in) {
			continue
		}
		assert.True(t, v.Equal(want), "%s decoded to %v", in, v.Time)
		assert.Empty(t, v.Raw, in)
		assert.True(t, v.Valid(), in)
	}
	var odd Time
	require.NoError(t, json.Unmarshal([]byte(`"next tuesday"`), &odd))
	require.Equal(t, "next tuesday", odd.Raw)
	require.False(t, odd.Valid(), "odd value valid")
	b, _ := json.Marshal(odd)
	require.Equal(t, `"next tuesday"`, string(b), "raw re-encoded")
	var null Time
	require.NoError(t, json.Unmarshal([]byte(`null`), &null))
	require.True(t, null.IsZero(), "null: %+v", null)
	b, _ = json.Marshal(NewTime(want))
	require.Equal(t, `"2023-01-01T12:00:00Z"`, string(b))
}

func TestDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`"1990-01-31"`:                  "1990-01-31",
		`"1990-01-31T00:00:00.000000Z"`: "1990-01-31",
		`"1990-01-31T23:30:00-05:00"`:   "1990-01-31", // read as written, never shifted
		`"1990-01-31 00:00:00"`:         "1990-01-31",
	} {
		var d Date
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.Equal(t, want, d.String(), in)
		assert.True(t, d.Valid(), in)
	}
	var odd Date
	_ = json.Unmarshal([]byte(`"31/01/1990"`), &odd)
	require.Equal(t, "31/01/1990", odd.Raw)
	require.False(t, odd.Valid(), "odd date valid")
	require.False(t, NewDate(2023, 2, 30).Valid(), "February 30 is valid")
	b, _ := json.Marshal(NewDate(2023, 12, 25))
	require.Equal(t, `"2023-12-25"`, string(b))
	b, _ = json.Marshal(Date{})
	require.Equal(t, "null", string(b), "zero date encoded")
	b, _ = json.Marshal(odd)
	require.Equal(t, `"31/01/1990"`, string(b), "raw date encoded")
}

// TestDateDigits pins the padding of years, months and days that are not
// four and two digits, as "%04d-%02d-%02d" writes them.
func TestDateDigits(t *testing.T) {
	t.Parallel()
	for want, d := range map[string]Date{
		"0007-03-09":  NewDate(7, 3, 9),
		"12345-11-30": NewDate(12345, 11, 30),
		"-001-00-00":  NewDate(-1, 0, 0),
		"0000-13-100": NewDate(0, 13, 100),
	} {
		assert.Equal(t, want, d.String())
		b, err := json.Marshal(d)
		require.NoError(t, err)
		assert.Equal(t, `"`+want+`"`, string(b))
	}
}

// A birth date is encoded on every create: into one slice, nothing else.
func TestDateEncodesInOneAllocation(t *testing.T) {
	d := NewDate(1990, 5, 17)
	assert.EqualValues(t, 1, testing.AllocsPerRun(100, func() { _, _ = d.MarshalJSON() }))
}

func TestBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Bool{
		`true`: true, `false`: false, `null`: false,
		`1`: true, `0`: false, `1.0`: true,
		`"1"`: true, `"0"`: false, `" 1 "`: true,
		`"true"`: true, `"TRUE"`: true, `"True"`: true, `"false"`: false, `"FaLsE"`: false,
	} {
		v := !want // a decoded value must overwrite what was there
		if assert.NoError(t, json.Unmarshal([]byte(in), &v), in) {
			assert.Equal(t, want, v, in)
		}
	}
	for _, in := range []string{`2`, `-1`, `0.5`, `"yes"`, `""`, `"2"`, `{}`, `[]`} {
		var v Bool
		assert.Error(t, json.Unmarshal([]byte(in), &v), "%s decoded without an error", in)
	}
	var s struct{ A, B Bool }
	require.NoError(t, json.Unmarshal([]byte(`{"A":1,"B":"0"}`), &s))
	require.True(t, s.A.Bool(), "A in a struct")
	require.False(t, s.B.Bool(), "B in a struct")
	out, _ := json.Marshal(s)
	require.Equal(t, `{"A":true,"B":false}`, string(out))
}

func TestNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Number{
		`5000`: 5000, `12.5`: 12.5, `-3`: -3, `1e3`: 1000, `null`: 0,
		`"5000"`: 5000, `"12.50"`: 12.5, `" 7 "`: 7, `"-0.5"`: -0.5, `""`: 0,
	} {
		n := Number(99) // a decoded value must overwrite what was there
		if assert.NoError(t, json.Unmarshal([]byte(in), &n), in) {
			assert.Equal(t, want, n, in)
		}
	}
	for _, in := range []string{`"abc"`, `"NaN"`, `"Inf"`, `"0x10"`, `"1,000"`, `"+5"`, `"1e999"`, `true`, `{}`, `[]`} {
		var n Number
		assert.Error(t, json.Unmarshal([]byte(in), &n), "%s decoded without an error", in)
	}
	var s struct{ Amount Number }
	require.NoError(t, json.Unmarshal([]byte(`{"Amount":"5000"}`), &s))
	require.Equal(t, 5000.0, s.Amount.Float64(), "in a struct")
	out, _ := json.Marshal(s)
	require.Equal(t, `{"Amount":5000}`, string(out))
}

func TestObject(t *testing.T) {
	t.Parallel()
	type address struct {
		City string `json:"city"`
	}
	var v struct {
		A, B, C, D Object[address]
		M, N       Object[map[string]any]
	}
	in := `{"A":{"city":"Douala"},"B":[],"C":null,"D":{},"M":{"k":"v"},"N":[ ]}`
	require.NoError(t, json.Unmarshal([]byte(in), &v))
	a, ok := v.A.Value()
	assert.True(t, ok, "object present")
	assert.Equal(t, "Douala", a.City)
	b, ok := v.B.Value()
	assert.False(t, ok, "[] present")
	assert.Zero(t, b, "[]")
	_, ok = v.C.Value()
	assert.False(t, ok, "null decoded as present")
	assert.False(t, v.C.IsPresent(), "null decoded as present")
	d, ok := v.D.Value()
	assert.True(t, ok, "{} present")
	assert.Zero(t, d, "{}")
	m, ok := v.M.Value()
	assert.True(t, ok, "map present")
	assert.Equal(t, "v", m["k"], "map")
	m, ok = v.N.Value()
	assert.False(t, ok, "[ ] as a map present")
	assert.Nil(t, m, "[ ] as a map")
	out, _ := json.Marshal(v)
	assert.Equal(t, `{"A":{"city":"Douala"},"B":null,"C":null,"D":{"city":""},"M":{"k":"v"},"N":null}`, string(out))

	// Decoding over a present value leaves nothing of it behind.
	prev := NewObject(address{City: "Kribi"})
	assert.NoError(t, json.Unmarshal([]byte(`[]`), &prev))
	assert.False(t, prev.IsPresent(), "[] over a value: %+v", prev)
	var half Object[map[string]int]
	assert.Error(t, json.Unmarshal([]byte(`{"a":1,"b":"x"}`), &half))
	assert.Equal(t, Object[map[string]int]{}, half, "a refused object leaves nothing behind")
	assert.NoError(t, json.Unmarshal([]byte("[ \t\r\n]"), &prev), "[] with JSON white space")
	for _, in := range []string{`["x"]`, `[{}]`, `[ ]]`, `[`, `"x"`, `1`, `true`, `{"city":1}`} {
		var o Object[address]
		assert.Error(t, json.Unmarshal([]byte(in), &o), "%s decoded without an error", in)
	}
	var raw Object[json.RawMessage]
	in2 := []byte(`{"a": [1, "x"]}`)
	require.NoError(t, raw.UnmarshalJSON(in2))
	in2[1] = 'b'
	kept, ok := raw.Value()
	assert.True(t, ok, "a raw object present")
	assert.Equal(t, `{"a": [1, "x"]}`, string(kept), "a raw object kept as sent, in its own memory")
	assert.Error(t, raw.UnmarshalJSON([]byte(`{"a":`)), "a raw object cut short")
	assert.False(t, raw.IsPresent(), "a raw object cut short is present")

	var zero Object[address]
	bz, _ := json.Marshal(zero)
	assert.Equal(t, "null", string(bz), "zero encoded")
}

func TestStringNeverFailsOnOddJSON(t *testing.T) {
	t.Parallel()
	var v struct{ A, B, C, D String }
	require.NoError(t, json.Unmarshal([]byte(`{"A":false,"B":true,"C":[1,2],"D":{"x":1}}`), &v))
	require.Equal(t, String(""), v.A)
	require.Equal(t, String("true"), v.B)
	require.Equal(t, String("[1,2]"), v.C)
	require.Equal(t, String(`{"x":1}`), v.D)
}

func TestTimeFromEpochMilliseconds(t *testing.T) {
	t.Parallel()
	var sec, ms, huge Time
	_ = json.Unmarshal([]byte(`1730100498`), &sec)
	_ = json.Unmarshal([]byte(`1730100498000`), &ms)
	_ = json.Unmarshal([]byte(`1e300`), &huge)
	want := time.Unix(1730100498, 0).UTC()
	require.True(t, sec.Equal(want), "seconds %v, want %v", sec.Time, want)
	require.True(t, ms.Equal(want), "milliseconds %v, want %v", ms.Time, want)
	require.Equal(t, "1e300", huge.Raw, "an out-of-range number")
	require.True(t, huge.IsZero(), "an out-of-range number decoded to %v", huge.Time)
}

// TestDecodingAllocatesOnlyTheValue holds each type to decoding its own JSON
// form in place: what is left is the decoded text or copy, not a nested
// json.Unmarshal's decoding state.
func TestDecodingAllocatesOnlyTheValue(t *testing.T) {
	for _, c := range []struct {
		in     string
		into   json.Unmarshaler
		allocs float64
	}{
		{`"+237600000000"`, new(String), 1},
		{`237600000000`, new(String), 1},
		{`"2023-01-01T12:00:00Z"`, new(Time), 1},
		{`"1990-01-31"`, new(Date), 1},
		{`" true "`, new(Bool), 1},
		{`{"tier":"gold"}`, new(Object[json.RawMessage]), 1},
		{`[ ]`, new(Object[json.RawMessage]), 0},
	} {
		in := []byte(c.in)
		got := testing.AllocsPerRun(100, func() { require.NoError(t, c.into.UnmarshalJSON(in)) })
		assert.Equal(t, c.allocs, got, "%s into %T", c.in, c.into)
	}
}

// A layout whose date/time separator or zone differs cannot match, and
// trying it costs a time.ParseError: Notch Pay's space-separated form took
// 13 allocations a timestamp, then 4, none now.
func TestParseTimeTriesOnlyLayoutsWithItsSeparator(t *testing.T) {
	for _, tc := range []struct {
		in  string
		max float64
	}{{"2023-01-01 12:00:00", 0}, {"2023-01-01T12:00:00Z", 0}, {"2023-01-01T12:00:00+0800", 3}, {"2023-01-01 1:00:00-07:00", 3}, {"2023-01-01T1:00:00.5", 3}} {
		_, ok := ParseTime(tc.in)
		require.True(t, ok, tc.in)
		assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { ParseTime(tc.in) }), tc.max, tc.in)
	}
	_, ok := ParseTime("2023-01-01")
	assert.False(t, ok, "a date alone is no timestamp")
}
