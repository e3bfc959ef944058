package clean

import (
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
)

// ring is one cleaned ring or line: rings are closed, and neither has
// consecutive repeated vertices.
type ring struct {
	// flat holds stride values per vertex, Z and M kept as in the input.
	flat []float64
	// src maps each vertex of flat to its index in the input ring.
	src []int
	// area2 is twice the signed planar area in degrees², positive for a
	// counter-clockwise ring; zero for lines.
	area2 float64
}

func (r *ring) len() int { return len(r.src) }

func (r *ring) at(i int, stride int) xy {
	return xy{r.flat[i*stride], r.flat[i*stride+1]}
}

// reversed returns the vertices of r in the opposite order.
func (r *ring) reversed(stride int) []float64 {
	out := make([]float64, len(r.flat))
	n := r.len()
	for i := 0; i < n; i++ {
		copy(out[i*stride:(i+1)*stride], r.flat[(n-1-i)*stride:(n-i)*stride])
	}
	return out
}

// checkCoordinates reports NaN, ±Inf and out-of-range coordinates in one
// ring or line and reports whether all of them are finite.
func (c *checker) checkCoordinates(flat []float64, stride int, where place) bool {
	nonFinite, outOfRange := -1, -1
	var nonFiniteCount, outOfRangeCount int
	for i := 0; i+1 < len(flat); i += stride {
		x, y := flat[i], flat[i+1]
		switch {
		case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
			if nonFinite < 0 {
				nonFinite = i / stride
			}
			nonFiniteCount++
		case x < -180 || x > 180 || y < -90 || y > 90:
			if outOfRange < 0 {
				outOfRange = i / stride
			}
			outOfRangeCount++
		}
	}
	if nonFinite >= 0 {
		at := where
		at.vertex = vertexOf(where, nonFinite)
		x, y := flat[nonFinite*stride], flat[nonFinite*stride+1]
		c.add(CodeNonFinite, BothRules, false, at, nil,
			"coordinate %s is not a finite number%s", formatXY(x, y), inAll(nonFiniteCount, "vertices"))
	}
	if outOfRange >= 0 {
		at := where
		at.vertex = vertexOf(where, outOfRange)
		x, y := flat[outOfRange*stride], flat[outOfRange*stride+1]
		c.add(CodeOutOfRange, 0, false, at, geom.Coord{x, y},
			"coordinate %s is outside longitude [-180, 180] and latitude [-90, 90] degrees%s",
			formatXY(x, y), inAll(outOfRangeCount, "vertices"))
	}
	return nonFinite < 0
}

// vertexOf returns vertex index i for where, or -1 for a point, which has
// only one vertex.
func vertexOf(where place, i int) int {
	if where.noun == "point" {
		return -1
	}
	return i
}

// inAll returns " (N vertices in all)" for a count above one, and "" for one.
func inAll(count int, noun string) string {
	if count < 2 {
		return ""
	}
	return fmt.Sprintf(" (%d %s in all)", count, noun)
}

// cleanRing closes one input ring, drops its repeated vertices and checks
// its vertex count and edges. It reports false when the ring is unusable.
func (c *checker) cleanRing(flat []float64, stride int, where place) (ring, bool) {
	n := len(flat) / stride
	if n == 0 {
		c.add(CodeTooFewPoints, BothRules, false, where, nil,
			"ring is empty; a ring needs at least 4 points with the closing one")
		return ring{}, false
	}
	if !c.checkCoordinates(flat, stride, where) {
		return ring{}, false
	}

	open := n
	closed := n > 1 && flat[0] == flat[(n-1)*stride] && flat[1] == flat[(n-1)*stride+1]
	if closed {
		open = n - 1
	} else if n > 1 {
		at := where
		at.vertex = n - 1
		c.add(CodeUnclosedRing, BothRules, true, at, nil,
			"last vertex %s differs from vertex 0 %s; the repair repeats vertex 0 at the end",
			formatXY(flat[(n-1)*stride], flat[(n-1)*stride+1]), formatXY(flat[0], flat[1]))
	}

	kept := c.dropRepeats(flat, stride, open, true, where)
	if len(kept) < 3 {
		c.add(CodeTooFewPoints, BothRules, false, where, nil,
			"ring has %d distinct vertices; a ring needs at least 3 distinct vertices",
			len(kept))
		return ring{}, false
	}

	kept = append(kept, kept[0])
	r := gather(flat, stride, kept)
	r.area2 = signedArea2(r.flat, stride)
	c.checkEdges(&r, stride, where)
	return r, true
}

// cleanLine drops the repeated vertices of one line string and checks its
// vertex count and edges. It reports false when the line is unusable.
func (c *checker) cleanLine(flat []float64, stride int, where place) (ring, bool) {
	n := len(flat) / stride
	if n == 0 {
		c.add(CodeEmpty, 0, false, where, nil, "line is empty")
		return ring{}, false
	}
	if !c.checkCoordinates(flat, stride, where) {
		return ring{}, false
	}
	kept := c.dropRepeats(flat, stride, n, false, where)
	if len(kept) < 2 {
		c.add(CodeTooFewPoints, BothRules, false, where, nil,
			"line has 1 distinct vertex; a line needs at least 2")
		return ring{}, false
	}
	r := gather(flat, stride, kept)
	c.checkEdges(&r, stride, where)
	return r, true
}

// dropRepeats returns the indexes of the first open vertices of flat that
// remain after dropping each vertex nearby the one kept before it. For a
// ring, trailing vertices nearby vertex 0 are dropped too, because the ring
// closes on vertex 0.
func (c *checker) dropRepeats(flat []float64, stride, open int, isRing bool, where place) []int {
	kept := make([]int, 1, open+1)
	for i := 1; i < open; i++ {
		last := kept[len(kept)-1]
		if c.repeats(flat, stride, i, last, where) {
			continue
		}
		kept = append(kept, i)
	}
	for isRing && len(kept) > 1 {
		last := kept[len(kept)-1]
		if !c.repeats(flat, stride, last, 0, where) {
			break
		}
		kept = kept[:len(kept)-1]
	}
	return kept
}

// repeats reports whether vertex i is nearby vertex j and, when it is,
// records the repeated point.
func (c *checker) repeats(flat []float64, stride, i, j int, where place) bool {
	xi, yi := flat[i*stride], flat[i*stride+1]
	xj, yj := flat[j*stride], flat[j*stride+1]
	if !nearby(xi, yi, xj, yj, c.opts.SnapDistance) {
		return false
	}
	at := where
	at.vertex = i
	msg := fmt.Sprintf("repeats vertex %d at %s; the repair drops it", j, formatXY(xj, yj))
	if xi != xj || yi != yj {
		msg = fmt.Sprintf("lies %.3g m from vertex %d, within the %g m snap distance; "+
			"the repair drops it", groundDistance(xi, yi, xj, yj), j, c.opts.SnapDistance)
	}
	c.add(CodeRepeatedPoint, 0, true, at, geom.Coord{xi, yi}, "%s", msg)
	return true
}

// gather copies the vertices listed in kept into a new ring.
func gather(flat []float64, stride int, kept []int) ring {
	r := ring{flat: make([]float64, 0, len(kept)*stride), src: kept}
	for _, i := range kept {
		r.flat = append(r.flat, flat[i*stride:(i+1)*stride]...)
	}
	return r
}

// checkEdges reports edges that would cross the antimeridian.
func (c *checker) checkEdges(r *ring, stride int, where place) {
	first, count := -1, 0
	for i := 0; i+1 < r.len(); i++ {
		if math.Abs(r.flat[(i+1)*stride]-r.flat[i*stride]) > 180 {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	if first < 0 {
		return
	}
	a, b := r.at(first, stride), r.at(first+1, stride)
	at := where
	at.vertex = r.src[first]
	c.add(CodeAntimeridian, 0, false, at, geom.Coord{a.x, a.y},
		"edge from %s to vertex %d at %s spans more than 180 degrees of longitude, so it "+
			"crosses the antimeridian%s; cut the geometry into parts at the antimeridian",
		formatXY(a.x, a.y), r.src[first+1], formatXY(b.x, b.y), inAll(count, "edges"))
}
