package server

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
)

// fakeStore pages through the integers 0 to n-1 as a store lists records.
type fakeStore struct {
	n       int
	queries int
}

func (s *fakeStore) fetch(after string, limit int) ([]int, string, error) {
	s.queries++
	start := 0
	if after != "" {
		v, err := strconv.Atoi(after)
		if err != nil {
			return nil, "", err
		}
		start = v + 1
	}
	var page []int
	for i := start; i < s.n && len(page) < limit; i++ {
		page = append(page, i)
	}
	next := ""
	if len(page) == limit && page[len(page)-1] < s.n-1 {
		next = strconv.Itoa(page[len(page)-1])
	}
	return page, next, nil
}

func TestCollect(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		limit int
		keep  func(int) bool
	}{
		{"all", 50, 7, func(int) bool { return true }},
		{"none", 50, 7, func(int) bool { return false }},
		{"sparse", 10000, 3, func(i int) bool { return i%2500 == 7 }},
		{"dense after gap", 3000, 10, func(i int) bool { return i >= 2000 }},
		{"every third", 100, 4, func(i int) bool { return i%3 == 0 }},
		{"limit one", 20, 1, func(i int) bool { return i%5 == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []int
			for i := range tt.n {
				if tt.keep(i) {
					want = append(want, i)
				}
			}
			s := &fakeStore{n: tt.n}
			var got []int
			after := ""
			for pages := 0; ; pages++ {
				if pages > tt.n {
					t.Fatal("paging does not end")
				}
				items, next, err := collect(tt.limit, after, s.fetch, func(i int) (bool, error) { return tt.keep(i), nil })
				if err != nil {
					t.Fatal(err)
				}
				if len(items) > tt.limit {
					t.Fatalf("page of %d items, want at most %d", len(items), tt.limit)
				}
				got = append(got, items...)
				if next == "" {
					break
				}
				after = next
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if tt.name == "sparse" && s.queries > 100 {
				t.Errorf("sparse scan took %d queries, want the page size to grow", s.queries)
			}
		})
	}
}

func TestCollectError(t *testing.T) {
	fetch := func(string, int) ([]int, string, error) { return []int{1}, "x", nil }
	keep := func(int) (bool, error) { return false, fmt.Errorf("lookup failed") }
	if _, _, err := collect(5, "", fetch, keep); err == nil {
		t.Error("got nil error, want the error of keep")
	}
}
