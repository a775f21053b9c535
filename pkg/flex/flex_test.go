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
	if err := json.Unmarshal([]byte(`{"x":1}`), &bad); err == nil {
		t.Fatal("an object decoded as a string")
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
