package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

// FilterCase is one filter of a listing and the keys of the records it
// returns, in order.
type FilterCase[F any] struct {
	Name   string
	Filter F
	Want   []string
}

// CheckFilters runs each case as a subtest: the filter as it is, in one call,
// and, when setPage is not nil, one record per page, with setPage setting the
// page of the filter. key returns the key of a record.
func CheckFilters[F, T any](t *testing.T, cases []FilterCase[F],
	list func(context.Context, F) ([]*T, string, error), key func(*T) string, setPage func(*F, land.Page)) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			ctx := context.Background()
			records, _, err := list(ctx, c.Filter)
			require.NoError(t, err)
			assert.Equal(t, c.Want, Keys(records, key), "keys in one call")
			if setPage == nil {
				return
			}

			var keys []string
			f := c.Filter
			setPage(&f, land.Page{Limit: 1})
			for range len(c.Want) + 1 {
				records, next, err := list(ctx, f)
				require.NoError(t, err)
				keys = append(keys, Keys(records, key)...)
				if next == "" {
					break
				}
				setPage(&f, land.Page{Limit: 1, After: next})
			}
			assert.Equal(t, c.Want, keys, "keys one per page")
		})
	}
}
