package customers_test

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/multipay/multipay/pkg/customers"
	"github.com/multipay/multipay/pkg/internal/fuzzkit"
)

// listPage is one provider's list answer around items (a JSON array's
// elements), and the listing that reads it with a page size of 5.
type listPage struct {
	envelope string
	walk     func(customers.Service) iter.Seq2[*customers.Customer, error]
}

var listPages = map[string]listPage{
	"hitpay":   {`{"data":[%s],"meta":{"current_page":1,"per_page":5}}`, list},
	"notchpay": {`{"items":[%s],"current_page":1,"last_page":1}`, list},
	"useepay":  {`{"items":[%s],"has_more":false}`, list},
	"soap": {`{"results":[%s]}`, func(svc customers.Service) iter.Seq2[*customers.Customer, error] {
		return svc.(customers.Searcher).Search(context.Background(), &customers.SearchParams{Email: "ada@example.com"})
	}},
}

func list(svc customers.Service) iter.Seq2[*customers.Customer, error] {
	return svc.List(context.Background(), &customers.ListParams{PageSize: 5})
}

// firstError walks a listing answered by body and returns its error.
func firstError(t *testing.T, name string, body string) error {
	t.Helper()
	svc, err := newWith(name, customers.WithBaseURL(fuzzkit.BaseURL),
		customers.WithHTTPClient(fuzzkit.Answer{Status: 200, Body: []byte(body)}), customers.WithMaxRetries(0))
	require.NoError(t, err)
	for _, err := range listPages[name].walk(svc) {
		if err != nil {
			return err
		}
	}
	return nil
}

// A listed item without an id names no customer (as Get treats {}), and a
// page with more items than were asked for is not the provider's answer:
// both are ErrInvalidResponse, and an 8 MiB page of {} is refused before it
// is decoded (it was 2.8 million empty customers and 3.85 GB).
func TestListPagesAreBounded(t *testing.T) {
	t.Parallel()
	for name, page := range listPages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := firstError(t, name, fmt.Sprintf(page.envelope, `{}`))
			require.ErrorIs(t, err, customers.ErrInvalidResponse, "an item without an id")
			assert.Contains(t, err.Error(), "no id")

			limit := 5
			if name == "soap" {
				limit = 100 // Soap's search is not paged: its bound
			}
			many := strings.TrimSuffix(strings.Repeat(`{},`, limit+1), ",")
			err = firstError(t, name, fmt.Sprintf(page.envelope, many))
			require.ErrorIs(t, err, customers.ErrInvalidResponse, "more items than asked for")

		})
	}
}

// Not parallel: the allocation count is the process's.
func TestHugeListPageIsRefusedBeforeDecoding(t *testing.T) {
	for name, page := range listPages {
		huge := fmt.Sprintf(page.envelope, strings.TrimSuffix(strings.Repeat(`{},`, 8<<20/3), ","))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := firstError(t, name, huge)
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, customers.ErrInvalidResponse, name)
		allocated := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d MB allocated for a %d MB page", name, allocated>>20, len(huge)>>20)
		assert.Less(t, allocated, uint64(8*len(huge)), "%s: allocated for an 8 MiB page", name)
	}
}
