package main

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"iter"
	"reflect"
	"slices"
	"time"
)

// The CLI's JSON has one form at every provider, whatever the library's
// tags leave out (its Customer omits empty fields, and its times keep the
// provider's offset and precision):
//   - every field is present: an empty text, date, time, object or pointer
//     is null, a boolean is true or false ("blocked"), an empty list is []
//     and an empty map {}; so `jq .blocked` and `.metadata | keys` never
//     meet a missing key or the wrong type;
//   - times are UTC to the second in RFC 3339, "2024-05-01T09:30:00Z", so
//     they sort and compare as strings.
const timeLayout = "2006-01-02T15:04:05Z"

// utcTime is t in timeLayout.
func utcTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// jsonView is v in the CLI's JSON form: nil, bool, int, float64, string,
// []any or object.
func jsonView(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if t, ok := v.Interface().(time.Time); ok {
		if t.IsZero() {
			return nil
		}
		return utcTime(t)
	}
	if tm, ok := v.Interface().(encoding.TextMarshaler); ok && v.Kind() == reflect.Struct { // customers.Date
		if v.IsZero() {
			return nil
		}
		text, _ := tm.MarshalText()
		return string(text)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return jsonView(v.Elem())
	case reflect.Struct:
		return structView(v)
	case reflect.Map:
		return mapView(v)
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonView(v.Index(i))
		}
		return out
	case reflect.String:
		if v.Len() == 0 {
			return nil
		}
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(v.Int())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return v.Interface()
}

// structView is a struct's exported fields under their JSON names, in order.
func structView(v reflect.Value) object {
	out := object{}
	for i, key := range jsonMembers(v.Type()) {
		out = append(out, member{key, jsonView(v.Field(i))})
	}
	return out
}

// jsonMembers yields the index and JSON name of each field of struct type t
// that encoding/json would encode.
func jsonMembers(t reflect.Type) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := range t.NumField() {
			sf := t.Field(i)
			if key, skip := jsonKey(sf); sf.IsExported() && !skip && !yield(i, key) {
				return
			}
		}
	}
}

// mapView is a map with string keys, sorted.
func mapView(v reflect.Value) object {
	out := object{}
	for it := v.MapRange(); it.Next(); {
		out = append(out, member{it.Key().String(), jsonView(it.Value())})
	}
	slices.SortFunc(out, func(x, y member) int { return cmp.Compare(x.key, y.key) })
	return out
}

// object is a JSON object that keeps its members' order (a struct's).
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// plain is v with objects as maps, the form gojq takes.
func plain(v any) any {
	switch v := v.(type) {
	case object:
		m := make(map[string]any, len(v))
		for _, mb := range v {
			m[mb.key] = plain(mb.value)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// jsonKeys are the JSON names of the fields of t's items (t, or what t
// points to or lists).
func jsonKeys(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	var out []string
	for _, key := range jsonMembers(t) {
		out = append(out, key)
	}
	return out
}
