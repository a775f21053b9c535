package phone

import "testing"

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
