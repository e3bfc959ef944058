package server

import "fmt"

// maxScanPage is the largest store page that collect reads at once.
const maxScanPage = 1000

// collect fills one page of up to limit records that keep accepts, reading
// store pages through fetch from the token after. It returns the records and
// the store token of the next page, "" after the last.
//
// The store pages are filtered here, for listings whose scope the store cannot
// filter on. The page size starts at the number of records still wanted and
// doubles after a page without a match, up to maxScanPage, so that a sparse
// scope costs few queries. A page with more matches than wanted is read again
// at half the size, because a store token can only resume after a whole page.
func collect[T any](limit int, after string, fetch func(after string, limit int) ([]T, string, error),
	keep func(T) (bool, error)) ([]T, string, error) {
	items := make([]T, 0, limit)
	size := limit
	for {
		remaining := limit - len(items)
		size = max(size, remaining)
		page, next, err := fetch(after, size)
		if err != nil {
			return nil, "", err
		}
		var matches []T
		for _, rec := range page {
			ok, err := keep(rec)
			if err != nil {
				return nil, "", err
			}
			if ok {
				matches = append(matches, rec)
			}
		}
		if len(matches) > remaining {
			if size <= remaining {
				return nil, "", fmt.Errorf("store returned %d records for a page of %d", len(page), size)
			}
			size = max(remaining, size/2)
			continue
		}

		items = append(items, matches...)
		if next == "" || len(items) == limit {
			return items, next, nil
		}
		after = next
		if len(matches) == 0 {
			size = min(size*2, maxScanPage)
		}
	}
}
