package flex

import (
	"encoding/json"
	"testing"
	"time"
)

func TestStringAcceptsNumberStringAndNull(t *testing.T) {
	t.Parallel()
	var v struct {
		A, B, C, D String
	}
	in := `{"A":"+237600000000","B":237600000000,"C":null,"D":12345678901234567890}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != "+237600000000" || v.B != "237600000000" || v.C != "" || v.D != "12345678901234567890" {
		t.Fatalf("decoded %+v", v)
	}
	out, _ := json.Marshal(v.B)
	if string(out) != `"237600000000"` {
		t.Fatalf("encoded %s", out)
	}
	var bad String
	if err := bad.UnmarshalJSON([]byte(`{"x":`)); err == nil {
		t.Fatal("malformed JSON decoded as a string")
	}
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
		`1672574400`,
	} {
		var v Time
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !v.Equal(want) || v.Raw != "" || !v.Valid() {
			t.Errorf("%s decoded to %v raw %q", in, v.Time, v.Raw)
		}
	}
	var odd Time
	if err := json.Unmarshal([]byte(`"next tuesday"`), &odd); err != nil {
		t.Fatal(err)
	}
	if odd.Raw != "next tuesday" || odd.Valid() {
		t.Fatalf("odd value: %+v", odd)
	}
	b, _ := json.Marshal(odd)
	if string(b) != `"next tuesday"` {
		t.Fatalf("raw re-encoded as %s", b)
	}
	var null Time
	if err := json.Unmarshal([]byte(`null`), &null); err != nil || !null.IsZero() {
		t.Fatalf("null: %v %+v", err, null)
	}
	b, _ = json.Marshal(NewTime(want))
	if string(b) != `"2023-01-01T12:00:00Z"` {
		t.Fatalf("encoded %s", b)
	}
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
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if d.String() != want || !d.Valid() {
			t.Errorf("%s decoded to %q (valid %v)", in, d.String(), d.Valid())
		}
	}
	var odd Date
	_ = json.Unmarshal([]byte(`"31/01/1990"`), &odd)
	if odd.Raw != "31/01/1990" || odd.Valid() {
		t.Fatalf("odd date %+v", odd)
	}
	if NewDate(2023, 2, 30).Valid() {
		t.Fatal("February 30 is valid")
	}
	b, _ := json.Marshal(NewDate(2023, 12, 25))
	if string(b) != `"2023-12-25"` {
		t.Fatalf("encoded %s", b)
	}
	b, _ = json.Marshal(Date{})
	if string(b) != "null" {
		t.Fatalf("zero encoded %s", b)
	}
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
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if v != want {
			t.Errorf("%s decoded to %v, want %v", in, v, want)
		}
	}
	for _, in := range []string{`2`, `-1`, `0.5`, `"yes"`, `""`, `"2"`, `{}`, `[]`} {
		var v Bool
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s decoded to %v, want an error", in, v)
		}
	}
	var s struct{ A, B Bool }
	if err := json.Unmarshal([]byte(`{"A":1,"B":"0"}`), &s); err != nil || !s.A.Bool() || s.B.Bool() {
		t.Fatalf("in a struct: %+v %v", s, err)
	}
	out, _ := json.Marshal(s)
	if string(out) != `{"A":true,"B":false}` {
		t.Fatalf("encoded %s", out)
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Number{
		`5000`: 5000, `12.5`: 12.5, `-3`: -3, `1e3`: 1000, `null`: 0,
		`"5000"`: 5000, `"12.50"`: 12.5, `" 7 "`: 7, `"-0.5"`: -0.5, `""`: 0,
	} {
		n := Number(99) // a decoded value must overwrite what was there
		if err := json.Unmarshal([]byte(in), &n); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if n != want {
			t.Errorf("%s decoded to %v, want %v", in, n, want)
		}
	}
	for _, in := range []string{`"abc"`, `"NaN"`, `"Inf"`, `"0x10"`, `"1,000"`, `"+5"`, `"1e999"`, `true`, `{}`, `[]`} {
		var n Number
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("%s decoded to %v, want an error", in, n)
		}
	}
	var s struct{ Amount Number }
	if err := json.Unmarshal([]byte(`{"Amount":"5000"}`), &s); err != nil || s.Amount.Float64() != 5000 {
		t.Fatalf("in a struct: %+v %v", s, err)
	}
	out, _ := json.Marshal(s)
	if string(out) != `{"Amount":5000}` {
		t.Fatalf("encoded %s", out)
	}
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
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if a, ok := v.A.Value(); !ok || a.City != "Douala" {
		t.Errorf("object: %+v %v", a, ok)
	}
	if b, ok := v.B.Value(); ok || b != (address{}) {
		t.Errorf("[]: %+v %v", b, ok)
	}
	if _, ok := v.C.Value(); ok || v.C.IsPresent() {
		t.Error("null decoded as present")
	}
	if d, ok := v.D.Value(); !ok || d != (address{}) {
		t.Errorf("{}: %+v %v", d, ok)
	}
	if m, ok := v.M.Value(); !ok || m["k"] != "v" {
		t.Errorf("map: %v %v", m, ok)
	}
	if m, ok := v.N.Value(); ok || m != nil {
		t.Errorf("[ ] as a map: %v %v", m, ok)
	}
	out, _ := json.Marshal(v)
	if want := `{"A":{"city":"Douala"},"B":null,"C":null,"D":{"city":""},"M":{"k":"v"},"N":null}`; string(out) != want {
		t.Errorf("encoded %s, want %s", out, want)
	}

	// Decoding over a present value leaves nothing of it behind.
	prev := NewObject(address{City: "Kribi"})
	if err := json.Unmarshal([]byte(`[]`), &prev); err != nil || prev.IsPresent() {
		t.Errorf("[] over a value: %+v %v", prev, err)
	}
	for _, in := range []string{`["x"]`, `[{}]`, `"x"`, `1`, `true`, `{"city":1}`} {
		var o Object[address]
		if err := json.Unmarshal([]byte(in), &o); err == nil {
			t.Errorf("%s decoded to %+v, want an error", in, o)
		}
	}
	var zero Object[address]
	if b, _ := json.Marshal(zero); string(b) != "null" {
		t.Errorf("zero encoded %s", b)
	}
}

func TestStringNeverFailsOnOddJSON(t *testing.T) {
	t.Parallel()
	var v struct{ A, B, C, D String }
	if err := json.Unmarshal([]byte(`{"A":false,"B":true,"C":[1,2],"D":{"x":1}}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != "" || v.B != "true" || v.C != "[1,2]" || v.D != `{"x":1}` {
		t.Fatalf("decoded %+v", v)
	}
}

func TestTimeFromEpochMilliseconds(t *testing.T) {
	t.Parallel()
	var sec, ms, huge Time
	_ = json.Unmarshal([]byte(`1730100498`), &sec)
	_ = json.Unmarshal([]byte(`1730100498000`), &ms)
	_ = json.Unmarshal([]byte(`1e300`), &huge)
	want := time.Unix(1730100498, 0).UTC()
	if !sec.Equal(want) || !ms.Equal(want) {
		t.Fatalf("seconds %v, milliseconds %v, want %v", sec.Time, ms.Time, want)
	}
	if huge.Raw != "1e300" || !huge.IsZero() {
		t.Fatalf("an out-of-range number decoded to %v (raw %q)", huge.Time, huge.Raw)
	}
}
