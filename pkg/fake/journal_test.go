package fake

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRingKeepsTheLastEntriesInOrder(t *testing.T) {
	j := newRing(3)
	for i := range 5 {
		j.add(Request{Path: fmt.Sprint(i)})
	}
	got, total := j.snapshot()
	require.Len(t, got, 3)
	assert.Equal(t, []string{"2", "3", "4"}, []string{got[0].Path, got[1].Path, got[2].Path})
	assert.EqualValues(t, 5, total)
}

func TestWithJournalSizeBoundsTheServerJournal(t *testing.T) {
	srv := Start(t, "hitpay", WithJournalSize(2))
	for range 4 {
		srv.record(Request{Operation: "getCustomer"})
	}
	assert.Len(t, srv.Journal(), 2)
}

func TestDefaultJournalSize(t *testing.T) {
	assert.Equal(t, DefaultJournalSize, cap(newRing(0).buf))
}
