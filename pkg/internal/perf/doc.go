// Package perf holds the client's performance benchmarks (its files are
// tests only): every facade operation of every provider against a
// hand-written net/http + encoding/json call doing the same request and
// decoding the same answer into a plain struct, with the canned answers
// served by a separate process so that only the client's CPU is counted;
// paging over 100,000 customers; 256 concurrent callers on one client; and
// the fakes' throughput. `make bench` runs them and prints one table.
//
// See docs/performance.md for the figures and how to reproduce them.
package perf
