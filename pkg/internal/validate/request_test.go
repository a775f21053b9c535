package validate

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// queryValue reads a parameter as URL.Query does, with the first non-empty
// value of a repeated key, and allocates nothing for a plain query.
func TestQueryValueReadsAsURLQuery(t *testing.T) {
	queries := []string{"", "page=2", "page=&page=3", "page=&page=", "page", "page=1;x=2", "page=%zz&page=4", "pa%67e=5",
		"page=a+b%20c", "%zz=1&page=6", "&&page=7&", "x=1&page=8&page=9", "PAGE=1", "page=1&" + strings.Repeat("x=1&", maxQueryParams)}
	for _, q := range queries {
		values, _ := url.ParseQuery(q)
		want, wantFound := "", len(values["page"]) > 0
		for _, v := range values["page"] {
			if v != "" {
				want = v
				break
			}
		}
		got, found := queryValue(q, "page")
		assert.Equal(t, wantFound, found, "%.40q", q)
		assert.Equal(t, want, got, "%.40q", q)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { queryValue("page=2&per_page=10&cursor=abc", "cursor") }))
}
