package flex

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// flexSeeds are wire values seen from the providers (the specs' examples
// and the odd forms the flex types exist for).
var flexSeeds = []string{
	`"237600000000"`, `237600000000`, `12345678901234567890`, `-1.5e3`, `null`, `false`, `true`, `"true"`, `"0"`, `1`,
	`"1990-02-03"`, `"1990-02-03T00:00:00Z"`, `"2024-10-23T08:38:08.000+08:00"`, `"2024-10-23 08:38:08"`, `1729672688`,
	`"not a date"`, `""`, `{"a":1}`, `["x"]`, `"12.50"`, `" 42 "`, `"\u00e9"`,
}

// roundTrip decodes data into v; when that succeeds, the value must encode,
// decode again, and encode to the same bytes: what the library reads it can
// write back unchanged.
func roundTrip[T any](t *testing.T, name string, data []byte) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		trimmed := bytes.TrimSpace(data)
		if json.Valid(trimmed) && len(trimmed) >= 6 {
			require.NotContains(t, err.Error(), string(trimmed), "%s: the error quotes the input", name)
		}
		return
	}
	out, err := json.Marshal(v)
	require.NoError(t, err, "%s: decoded %q but cannot encode it", name, data)
	var again T
	require.NoError(t, json.Unmarshal(out, &again), "%s: %q re-encoded as %s, which does not decode", name, data, out)
	out2, err := json.Marshal(again)
	require.NoError(t, err, "%s: %q re-encoded as %s", name, data, out)
	require.Equal(t, string(out), string(out2), "%s: %q encodes differently the second time", name, data)
}

// FuzzFlex feeds arbitrary JSON values to every flex type: none may panic,
// an error never quotes the value, and a decoded value round-trips.
func FuzzFlex(f *testing.F) {
	for _, s := range flexSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		roundTrip[String](t, "String", data)
		roundTrip[Bool](t, "Bool", data)
		roundTrip[Number](t, "Number", data)
		roundTrip[Date](t, "Date", data)
		roundTrip[Time](t, "Time", data)
		roundTrip[Object[map[string]String]](t, "Object", data)
	})
}

// FuzzObjectReadsAsEncodingJSON holds Object's one-pass read of a struct of
// strings (an address) to what json.Unmarshal reads into the struct.
func FuzzObjectReadsAsEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"city":"Douala","country":"CM"}`, ` { "CITY" : "a\u00e9\"" , "city":"b", "State": null } `, `{"City":"x","city":"y"}`,
		`{"street":1}`, `{"other":"x"}`, `{"city":"\ud800"}`, "{\"city\":\"\xff\"}", `{"ci\u0074y":"x"}`, `{"city":"x"} x`,
		`{"city":"\x"}`, `{"city":"a",}`, `{}`, `{"\u212Aity":"k"}`, `{"city":["x"]}`,
	} {
		f.Add([]byte(s))
	}
	type address struct {
		City    string `json:"city,omitempty"`
		Country string `json:"country"`
		State   string
		Street  string `json:"street,omitempty"`
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.TrimSpace(data) // as Object trims it
		if len(data) == 0 || data[0] != '{' {
			return // only an object is decoded into T
		}
		var want address
		wantErr := json.Unmarshal(data, &want)
		var got Object[address]
		err := got.UnmarshalJSON(data)
		require.Equal(t, wantErr == nil, err == nil, "%q: json.Unmarshal says %v, Object %v", data, wantErr, err)
		if err == nil {
			v, _ := got.Value()
			require.Equal(t, want, v, "%q", data)
		}
	})
}
