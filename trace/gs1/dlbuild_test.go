package gs1

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// allPaths returns every Digital Link path of key, joined by spaces and
// sorted: the key alone, then the key with each non-empty, order-preserving
// selection from one of its qualifier sequences.
func allPaths(key *AI) []string {
	seen := map[string]bool{key.Code: true}
	out := []string{key.Code}
	for _, seq := range key.Qualifiers {
		for mask := 1; mask < 1<<len(seq); mask++ {
			path := key.Code
			for i, q := range seq {
				if mask&(1<<i) != 0 {
					path += " " + q
				}
			}
			if !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestLongestPathMatchesSortedSearch checks longestPath against a search
// of all sorted paths of each key for every subset of its qualifiers.
func TestLongestPathMatchesSortedSearch(t *testing.T) {
	for _, key := range AIs() {
		if !key.PrimaryKey {
			continue
		}
		var quals []string
		for _, seq := range key.Qualifiers {
			quals = append(quals, seq...)
		}
		for mask := 0; mask < 1<<len(quals); mask++ {
			es := Elements{{AI: key.Code}}
			for i, q := range quals {
				if mask&(1<<i) != 0 {
					es = append(es, Element{AI: q})
				}
			}
			want, most := key.Code, 0
			for _, path := range allPaths(key) {
				fields := strings.Fields(path)[1:]
				all := true
				for _, q := range fields {
					_, ok := es.Get(q)
					all = all && ok
				}
				if all && len(fields) > most {
					want, most = path, len(fields)
				}
			}
			got := strings.Join(longestPath(nil, key, es), " ")
			assert.Equal(t, want, got, "key (%s) with %s", key.Code, es)
		}
	}
}
