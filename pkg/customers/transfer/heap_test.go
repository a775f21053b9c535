package transfer

import (
	"fmt"
	"runtime"
)

// runtimeStats reads the live heap after a collection.
type runtimeStats struct{ runtime.MemStats }

func (m *runtimeStats) live() uint64 {
	runtime.GC()
	runtime.ReadMemStats(&m.MemStats)
	return m.HeapAlloc
}

func mb(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

func mbs(bs []uint64) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = mb(b)
	}
	return out
}
