package fake

import (
	"crypto/rand"

	"github.com/google/uuid"
)

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlnum returns n random letters and digits.
func randomAlnum(n int) string { return randomOf(alnum, n) }

// randomOf returns n random characters of chars.
func randomOf(chars string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b)
}

func newUUID() string { return uuid.NewString() }
