package clean

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	sf "github.com/peterstace/simplefeatures/geom"
)

// maxPairFaults is the number of faulty pairs of rings, or of parts, after
// which Clean stops relating the pairs of one geometry. Relating two
// overlapping rings takes a DE-9IM matrix and an intersection, so a
// MultiPolygon of 1000 mutually overlapping fields, with 499,500 faulty
// pairs, took two minutes and reported each pair.
const maxPairFaults = 100

// pairFaults counts the faults that relating the pairs of one geometry
// finds, to stop at [maxPairFaults].
type pairFaults struct {
	c       *checker
	noun    string // "ring" or "polygon", for the message
	checked int    // findings counted so far, as an index into c.findings
	count   int
}

func (c *checker) newPairFaults(noun string) *pairFaults {
	return &pairFaults{c: c, noun: noun, checked: len(c.findings)}
}

// full reports whether the findings added so far hold [maxPairFaults]
// faults. When they first do, it notes in the last one that the checks
// stop there.
func (p *pairFaults) full() bool {
	if p.count >= maxPairFaults {
		return true
	}
	for _, f := range p.c.findings[p.checked:] {
		if !f.fixable {
			p.count++
		}
	}
	p.checked = len(p.c.findings)
	if p.count < maxPairFaults {
		return false
	}
	last := &p.c.findings[len(p.c.findings)-1]
	last.message += fmt.Sprintf(" (checks of further %s pairs stopped after %d faults)", p.noun, maxPairFaults)
	return true
}

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
