package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

// AssertPages checks that a listing returns the keys want in one unlimited
// page and in pages of 1, 2, 3, len(want) and len(want)+1 records, and that
// no page holds more records than its limit.
func AssertPages(t *testing.T, want []string, list func(land.Page) ([]string, string, error)) {
	t.Helper()
	all, next, err := list(land.Page{})
	require.NoError(t, err)
	assert.Empty(t, next, "next token of an unlimited listing")
	assert.Equal(t, want, all, "keys of the unlimited listing")

	for _, limit := range []int{1, 2, 3, len(want), len(want) + 1} {
		var keys []string
		page := land.Page{Limit: limit}
		for calls := 0; calls <= len(want); calls++ {
			got, next, err := list(page)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(got), limit, "records in one page")
			keys = append(keys, got...)
			if next == "" {
				break
			}
			page.After = next
		}
		assert.Equal(t, want, keys, "keys listed %d per page", limit)
	}
}

// PageAll returns every record of a listing, read limit records per page. It
// fails the test after 100 pages.
func PageAll[T any](t *testing.T, limit int, list func(land.Page) ([]*T, string, error)) []*T {
	t.Helper()
	var all []*T
	page := land.Page{Limit: limit}
	for range 100 {
		got, next, err := list(page)
		require.NoError(t, err)
		all = append(all, got...)
		if next == "" {
			return all
		}
		page.After = next
	}
	t.Fatal("listing did not end after 100 pages")
	return nil
}

// Keys returns the key of each record, or nil for none.
func Keys[T any](records []*T, key func(*T) string) []string {
	var keys []string
	for _, r := range records {
		keys = append(keys, key(r))
	}
	return keys
}
