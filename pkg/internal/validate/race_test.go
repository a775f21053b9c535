//go:build race

package validate

// raceEnabled: the race detector makes sync.Pool drop a quarter of what is
// put back, so pooled documents are allocated again now and then.
const raceEnabled = true
