package customers_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/fake"
)

// countingDoer hands out every answer of next with a body that counts its
// first Close: a network body left open holds its connection (and, under a
// caller's http.Client Timeout, a goroutine) for ever.
type countingDoer struct {
	next              customers.HTTPDoer
	responses, closes atomic.Int64
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	rsp, err := d.next.Do(r)
	if rsp != nil {
		d.responses.Add(1)
		rsp.Body = &countedBody{ReadCloser: rsp.Body, closes: &d.closes}
	}
	return rsp, err
}

type countedBody struct {
	io.ReadCloser
	closes *atomic.Int64
	once   sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.closes.Add(1) })
	return b.ReadCloser.Close()
}

// Every answer's network body is closed: a get, a create, the pages of a
// list and an error answer.
func TestEveryNetworkBodyIsClosed(t *testing.T) {
	t.Parallel()
	srv := fake.Start(t, "hitpay")
	doer := &countingDoer{next: &http.Client{}}
	svc, err := newWith("hitpay", customers.WithBaseURL(srv.URL), customers.WithHTTPClient(doer))
	require.NoError(t, err)
	ctx := context.Background()

	c, err := svc.Create(ctx, &customers.CreateParams{Email: "ada@example.com", Phone: "+6591234567", Name: "Ada"})
	require.NoError(t, err)
	_, err = svc.Get(ctx, c.ID)
	require.NoError(t, err)
	for _, err := range svc.List(ctx, nil) {
		require.NoError(t, err)
	}
	_, err = svc.Get(ctx, "00000000-0000-4000-8000-000000000000")
	require.ErrorIs(t, err, customers.ErrNotFound, "the error answer")

	assert.GreaterOrEqual(t, doer.responses.Load(), int64(4))
	assert.Equal(t, doer.responses.Load(), doer.closes.Load(), "network bodies closed, of the answers received")
}
