// Package adapter holds what every provider adapter does the same way: the
// capability checks that refuse unsupported fields before any network call,
// base-URL selection, and lazy paging. Each adapter keeps only its own mapping.
package adapter
