package clean

import (
	"cmp"
	"math"
	"slices"

	sf "github.com/peterstace/simplefeatures/geom"
)

// meetingPairs returns the index pairs (i, j), i < j, of the envelopes that
// intersect, in the order a double loop over i and j would visit them. A
// sweep over the envelopes sorted by minimum x finds them without testing
// every pair, so that a polygon with thousands of holes, or a MultiPolygon
// with thousands of parts, is checked in about linear time. Empty
// envelopes, and envelopes with a NaN bound, meet nothing.
func meetingPairs(envelopes []sf.Envelope) [][2]int {
	type span struct {
		index      int
		minX, maxX float64
	}
	spans := make([]span, 0, len(envelopes))
	for i, e := range envelopes {
		lo, hi, ok := e.MinMaxXYs()
		if !ok || math.IsNaN(lo.X) || math.IsNaN(hi.X) || math.IsNaN(lo.Y) || math.IsNaN(hi.Y) {
			continue
		}
		spans = append(spans, span{index: i, minX: lo.X, maxX: hi.X})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.minX, b.minX) })

	var pairs [][2]int
	for a := range spans {
		for b := a + 1; b < len(spans) && spans[b].minX <= spans[a].maxX; b++ {
			i, j := spans[a].index, spans[b].index
			if !envelopes[i].Intersects(envelopes[j]) {
				continue
			}
			pairs = append(pairs, [2]int{min(i, j), max(i, j)})
		}
	}
	slices.SortFunc(pairs, func(p, q [2]int) int {
		return cmp.Or(cmp.Compare(p[0], q[0]), cmp.Compare(p[1], q[1]))
	})
	return pairs
}
