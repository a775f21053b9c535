// Package adapter holds what every provider adapter does the same way: the
// capability and input checks that refuse bad calls before any network call,
// the connection (Connect, Routes), the shapes of a call (One, Update, Pages),
// reconcile and lazy paging. Each adapter keeps only its own mapping.
package adapter
