package jsonscan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRepeatedKey(t *testing.T) {
	t.Parallel()
	many := func(extra string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range 40 {
			fmt.Fprintf(&b, `"k%d":%d,`, i, i)
		}
		b.WriteString(extra + `"last":1}`)
		return b.String()
	}
	for doc, want := range map[string]string{
		`{"email":"a","email":"evil"}`:               "email",
		`{"email":"a","EMAIL":"evil"}`:               "EMAIL",
		`{"a":{"b":[{"kelvin":1,"\u212Aelvin":2}]}}`: "\u212Aelvin",
		`{"list":[{"id":1},{"id":2,"Id":3}]}`:        "Id",
		`{"\u0065mail":"a","email":"b"}`:             "email",
		`{"Name":1,"nAME":2}`:                        "nAME",
		`{"@a":1,"` + "`" + `a":2}`:                  "",
		`{"abcdefghij\u006b":1,"abcdefghijk":2}`:     "abcdefghijk",
		"{\"long key with \xc3\xa9 past eight\":1,\"LONG KEY WITH \xc3\x89 PAST EIGHT\":2}": "LONG KEY WITH \u00c9 PAST EIGHT",
		many(`"K5":1,`):      "K5",
		many(`"ſ":1,"S":2,`): "S",
		`{"id":1,"child":{"id":2},"list":[{"id":3},{"id":4}]}`: "",
		many(""):            "",
		`[{"a":1},{"a":2}]`: "",
	} {
		got, ok := RepeatedKey([]byte(doc))
		assert.True(t, ok, doc)
		assert.Equal(t, want, got, doc)
	}
	_, ok := RepeatedKey([]byte(`{"a":`))
	assert.False(t, ok, "cut short")
}
