//go:build race

package backend

// raceEnabled: the race detector makes sync.Pool drop a quarter of what is
// put back, so the preflight's pooled documents are allocated again now and then.
const raceEnabled = true
