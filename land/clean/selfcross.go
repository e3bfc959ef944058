package clean

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/peterstace/simplefeatures/rtree"
	"github.com/twpayne/go-geom"
)

// crossKind classifies one place where a ring meets itself.
type crossKind uint8

const (
	// crossVertexTouch: the ring passes through one vertex twice without
	// crossing itself there.
	crossVertexTouch crossKind = iota
	// crossEdgeTouch: a vertex lies inside another edge and the ring does
	// not cross that edge.
	crossEdgeTouch
	// crossProper: two edges cross, or the ring crosses itself at a vertex.
	crossProper
	// crossOverlap: two edges overlap along a segment.
	crossOverlap
)

// crossing is one place where a ring meets itself. For crossings and
// overlaps, i and j are edge indexes, where edge i runs from vertex i to
// vertex i+1 of the cleaned ring. For vertex events they are the two vertex
// indexes, and for a crossEdgeTouch i is the edge and j the vertex.
type crossing struct {
	kind crossKind
	i, j int
	at   xy
	// atVertex is set for vertex events, whose i and j are vertex indexes.
	atVertex bool
}

// maxCrossings is the number of places after which the search for self
// crossings stops. A ring of n edges can cross itself about n²/2 times, so
// a star of a few thousand vertices would otherwise take seconds and
// hundreds of megabytes to describe.
const maxCrossings = 1000

var errEnoughCrossings = errors.New("clean: enough crossings found")

// findSelfCrossings returns the places where the closed ring r meets itself
// other than at the shared vertex of consecutive edges, worst first. It
// reports false when it stopped at [maxCrossings] before finding them all.
func findSelfCrossings(r *ring, stride int) ([]crossing, bool) {
	out := vertexCrossings(r, stride)
	n := r.len()
	items := make([]rtree.BulkItem, n-1)
	for i := range items {
		a, b := r.at(i, stride), r.at(i+1, stride)
		items[i] = rtree.BulkItem{
			Box:      rtree.Box{MinX: min(a.x, b.x), MinY: min(a.y, b.y), MaxX: max(a.x, b.x), MaxY: max(a.y, b.y)},
			RecordID: i,
		}
	}
	tree := rtree.BulkLoad(items)
	for i := range items {
		if len(out) >= maxCrossings {
			break
		}
		// A callback error other than rtree.Stop ends the whole search,
		// because Stop only leaves the current leaf in simplefeatures v0.50.0.
		_ = tree.RangeSearch(items[i].Box, func(j int) error {
			if j > i {
				out = appendEdgeCrossing(out, r, stride, i, j)
			}
			if len(out) >= maxCrossings {
				return errEnoughCrossings
			}
			return nil
		})
	}
	complete := len(out) < maxCrossings
	sort.Slice(out, func(a, b int) bool {
		if out[a].kind != out[b].kind {
			return out[a].kind > out[b].kind
		}
		if out[a].i != out[b].i {
			return out[a].i < out[b].i
		}
		return out[a].j < out[b].j
	})
	return uniqueCrossings(out), complete
}

// uniqueCrossings keeps the first of the sorted crossings at each point,
// because a vertex lying inside an edge is found once for each of its two
// edges.
func uniqueCrossings(found []crossing) []crossing {
	seen := make(map[xy]bool, len(found))
	out := found[:0]
	for _, cr := range found {
		if seen[cr.at] {
			continue
		}
		seen[cr.at] = true
		out = append(out, cr)
	}
	return out
}

// vertexCrossings returns the vertices that the ring passes through more
// than once, classified as a crossing or a touch, up to [maxCrossings].
func vertexCrossings(r *ring, stride int) []crossing {
	open := r.len() - 1
	seen := make(map[xy][]int)
	for k := 0; k < open; k++ {
		p := r.at(k, stride)
		seen[p] = append(seen[p], k)
	}
	var out []crossing
	for k := 0; k < open; k++ {
		visits := seen[r.at(k, stride)]
		if len(visits) < 2 || visits[0] != k {
			continue
		}
		for a := 0; a < len(visits) && len(out) < maxCrossings; a++ {
			for b := a + 1; b < len(visits) && len(out) < maxCrossings; b++ {
				kind := crossVertexTouch
				if passesCross(r, stride, visits[a], visits[b]) {
					kind = crossProper
				}
				out = append(out, crossing{
					kind: kind, i: visits[a], j: visits[b], at: r.at(k, stride), atVertex: true,
				})
			}
		}
	}
	return out
}

// passesCross reports whether the two passages of the ring through the
// shared vertex at k and m cross each other: the directions of the second
// passage lie on both sides of the first one.
func passesCross(r *ring, stride, k, m int) bool {
	open := r.len() - 1
	v := r.at(k, stride)
	angle := func(i int) float64 {
		p := r.at((i+open)%open, stride)
		return math.Atan2(p.y-v.y, p.x-v.x)
	}
	inK, outK := angle(k-1), angle(k+1)
	inM, outM := angle(m-1), angle(m+1)
	return insideArc(inK, outK, inM) != insideArc(inK, outK, outM)
}

// insideArc reports whether angle t lies strictly inside the
// counter-clockwise arc from a to b.
func insideArc(a, b, t float64) bool {
	span := math.Mod(b-a+4*math.Pi, 2*math.Pi)
	off := math.Mod(t-a+4*math.Pi, 2*math.Pi)
	return off > 0 && off < span
}

// appendEdgeCrossing classifies edges i < j of the ring and appends what it
// finds. Touches at a vertex shared by both edges are left to
// vertexCrossings.
func appendEdgeCrossing(out []crossing, r *ring, stride, i, j int) []crossing {
	n := r.len()
	a0, a1 := r.at(i, stride), r.at(i+1, stride)
	b0, b1 := r.at(j, stride), r.at(j+1, stride)
	if j == i+1 || (i == 0 && j == n-2) {
		return appendSpike(out, i, j, a0, a1, b0, b1)
	}
	if !boxesMeet(a0, a1, b0, b1) {
		return out
	}

	o1, o2 := orient(a0, a1, b0), orient(a0, a1, b1)
	if o1 == 0 && o2 == 0 {
		if at, ok := collinearOverlap(a0, a1, b0, b1); ok {
			out = append(out, crossing{kind: crossOverlap, i: i, j: j, at: at})
		}
		return out
	}
	o3, o4 := orient(b0, b1, a0), orient(b0, b1, a1)
	if o1*o2 > 0 || o3*o4 > 0 {
		return out
	}
	if o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
		return append(out, crossing{kind: crossProper, i: i, j: j, at: intersectLines(a0, a1, b0, b1)})
	}
	return appendVertexOnEdge(out, r, stride, i, j, [4]int{o1, o2, o3, o4})
}

// appendSpike reports consecutive edges that run back over each other.
func appendSpike(out []crossing, i, j int, a0, a1, b0, b1 xy) []crossing {
	// Find the shared vertex s and the far ends p and q of the two edges.
	s, p, q := a1, a0, b1
	if a1 != b0 {
		s, p, q = a0, a1, b0
	}
	dot := (p.x-s.x)*(q.x-s.x) + (p.y-s.y)*(q.y-s.y)
	if orient(p, s, q) == 0 && dot > 0 {
		out = append(out, crossing{kind: crossOverlap, i: i, j: j, at: s})
	}
	return out
}

// appendVertexOnEdge handles edges i and j that meet where a vertex of one
// lies on the other; o holds the orientations of b0 and b1 against edge i
// and of a0 and a1 against edge j. A vertex shared by both edges is left to
// vertexCrossings.
func appendVertexOnEdge(out []crossing, r *ring, stride, i, j int, o [4]int) []crossing {
	open := r.len() - 1
	candidates := [4]struct{ vertex, edge, side int }{
		{j, i, o[0]}, {j + 1, i, o[1]}, {i, j, o[2]}, {i + 1, j, o[3]},
	}
	for _, cand := range candidates {
		if cand.side != 0 {
			continue
		}
		vertex := cand.vertex % open
		v := r.at(vertex, stride)
		e0, e1 := r.at(cand.edge, stride), r.at(cand.edge+1, stride)
		if v == e0 || v == e1 || !between(e0, e1, v) {
			continue
		}
		prev := r.at((vertex-1+open)%open, stride)
		next := r.at(vertex+1, stride)
		kind := crossEdgeTouch
		if orient(e0, e1, prev)*orient(e0, e1, next) <= 0 {
			kind = crossProper
		}
		if kind == crossEdgeTouch {
			return append(out, crossing{kind: kind, i: cand.edge, j: vertex, at: v})
		}
		return append(out, crossing{kind: kind, i: i, j: j, at: v})
	}
	return out
}

func boxesMeet(a0, a1, b0, b1 xy) bool {
	return math.Max(a0.y, a1.y) >= math.Min(b0.y, b1.y) &&
		math.Max(b0.y, b1.y) >= math.Min(a0.y, a1.y) &&
		math.Max(a0.x, a1.x) >= math.Min(b0.x, b1.x) &&
		math.Max(b0.x, b1.x) >= math.Min(a0.x, a1.x)
}

// collinearOverlap reports whether collinear segments a and b share more
// than one point, and returns the start of the shared stretch.
func collinearOverlap(a0, a1, b0, b1 xy) (xy, bool) {
	key := func(p xy) float64 { return p.x }
	if math.Abs(a1.x-a0.x) < math.Abs(a1.y-a0.y) {
		key = func(p xy) float64 { return p.y }
	}
	lo, hi := a0, a1
	if key(lo) > key(hi) {
		lo, hi = hi, lo
	}
	blo, bhi := b0, b1
	if key(blo) > key(bhi) {
		blo, bhi = bhi, blo
	}
	start := lo
	if key(blo) > key(start) {
		start = blo
	}
	end := hi
	if key(bhi) < key(end) {
		end = bhi
	}
	return start, key(start) < key(end)
}

// intersectLines returns the crossing point of segments a and b, which are
// known to cross properly.
func intersectLines(a0, a1, b0, b1 xy) xy {
	dx, dy := a1.x-a0.x, a1.y-a0.y
	ex, ey := b1.x-b0.x, b1.y-b0.y
	t := ((b0.x-a0.x)*ey - (b0.y-a0.y)*ex) / (dx*ey - dy*ex)
	return xy{a0.x + t*dx, a0.y + t*dy}
}

// reportSelfCrossing records the worst place where ring r meets itself.
// When simplefeatures found the ring not simple but no place was located,
// the finding has no location.
func (c *checker) reportSelfCrossing(r *ring, stride int, where place) {
	found, complete := findSelfCrossings(r, stride)
	count := inAll(len(found), "places")
	if !complete {
		count = fmt.Sprintf(" (at least %d places)", len(found))
	}
	if len(found) == 0 {
		c.add(CodeSelfIntersection, BothRules, false, where, nil,
			"ring is not simple, but no crossing point could be located")
		return
	}
	worst := found[0]
	at := where
	loc := geom.Coord{worst.at.x, worst.at.y}
	pos := formatXY(worst.at.x, worst.at.y)
	switch worst.kind {
	case crossOverlap, crossProper:
		at.vertex = r.src[worst.i]
		verb := "crosses"
		if worst.kind == crossOverlap {
			verb = "overlaps"
		}
		if worst.atVertex {
			c.add(CodeSelfIntersection, BothRules, false, at, loc,
				"ring crosses itself at %s, where vertices %d and %d coincide%s",
				pos, r.src[worst.i], r.src[worst.j], count)
			return
		}
		c.add(CodeSelfIntersection, BothRules, false, at, loc, "edge %d-%d %s edge %d-%d at %s%s",
			r.src[worst.i], r.src[worst.i+1], verb, r.src[worst.j], r.src[worst.j+1], pos, count)
	case crossEdgeTouch:
		at.vertex = r.src[worst.j]
		c.add(CodeSelfTouch, BothRules, false, at, loc,
			"vertex lies on edge %d-%d at %s without crossing it; both OGC and the ESRI "+
				"rule forbid a ring to touch itself inside an edge",
			r.src[worst.i], r.src[worst.i+1], pos)
	default:
		at.vertex = r.src[worst.j]
		c.add(CodeSelfTouch, OGC, false, at, loc,
			"ring touches itself at %s, where vertices %d and %d coincide; OGC forbids a ring "+
				"to pass through a point twice, the ESRI rule allows it at a vertex",
			pos, r.src[worst.i], r.src[worst.j])
	}
}
