package phone

import (
	"strconv"
	"testing"
)

func BenchmarkFromParts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := FromParts("65", "91234567"); !ok {
			b.Fatal("not ok")
		}
	}
}

func BenchmarkParseE164(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseE164("+6591234567"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromPartsUnseen converts numbers the cache has not seen: what a
// long listing of distinct customers pays once per customer.
func BenchmarkFromPartsUnseen(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, ok := FromParts("65", "9"+strconv.Itoa(1000000+i%8999999)); !ok {
			b.Fatal("not ok")
		}
	}
}
