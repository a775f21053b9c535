package adapter

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A page is bounded by its longest list under any of its keys, found in one
// pass that allocates nothing.
func TestLongestList(t *testing.T) {
	keys := []string{"items", "data"}
	body := []byte(` {"items":[1,2],"DATA":[{"a":[1,2,3,4,5]},2,3],"other":[1,2,3,4],"data2":[1,2,3,4]} `)
	key, n := longestList(body, keys)
	assert.Equal(t, "DATA", string(key), "key")
	assert.Equal(t, 3, n, "count")
	assert.Zero(t, testing.AllocsPerRun(100, func() { longestList(body, keys) }), "allocations")
	key, n = longestList([]byte(`{"items":{"a":1},"data":"[1,2]"}`), keys)
	assert.Zero(t, n, "not a list: %s", key)
}
