package shapefile

import (
	"math"

	"github.com/twpayne/go-geom"
)

// ring is one part of a polygon record as flat coordinates.
type ring struct {
	flat []float64
	area float64 // signed shoelace area in file units; negative is clockwise
	box  box
}

// box is the bounding box of a ring. NaN coordinates do not extend it.
type box struct{ minX, minY, maxX, maxY float64 }

// ringBox returns the bounding box of the ring in flat.
func ringBox(flat []float64, stride int) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for i := 0; i+1 < len(flat); i += stride {
		x, y := flat[i], flat[i+1]
		if x < b.minX {
			b.minX = x
		}
		if x > b.maxX {
			b.maxX = x
		}
		if y < b.minY {
			b.minY = y
		}
		if y > b.maxY {
			b.maxY = y
		}
	}
	return b
}

// mayContain reports whether the ring with box b can contain inner by the
// test of [ringInside]. That test decides at the first vertex of inner
// that is not on the boundary, and a first vertex outside b is outside the
// ring. Checking that vertex here keeps the verdicts exact and spares the
// vertex walk for the many pairs of a record that lie far apart.
func (b box) mayContain(inner []float64) bool {
	if len(inner) < 2 {
		return true
	}
	x, y := inner[0], inner[1]
	return x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY
}

// assemblePolygon groups the rings of a polygon record into polygons by
// the ESRI rule: clockwise rings are outer rings and counter-clockwise
// rings are holes of the smallest outer ring that contains them. One outer
// ring yields a Polygon, several a MultiPolygon.
func assemblePolygon(layout geom.Layout, flat []float64, ends []int) geom.T {
	if len(ends) == 1 {
		return geom.NewPolygonFlat(layout, flat, ends)
	}
	stride := layout.Stride()
	rings := make([]ring, len(ends))
	start := 0
	for i, end := range ends {
		part := flat[start:end]
		rings[i] = ring{flat: part, area: signedArea(part, stride), box: ringBox(part, stride)}
		start = end
	}

	shellOf := assignRings(rings, stride)
	polygons := groupRings(rings, shellOf)
	if len(polygons) == 1 {
		return buildPolygon(layout, polygons[0])
	}
	mp := geom.NewMultiPolygon(layout)
	for _, p := range polygons {
		// Push only fails on a layout mismatch, and all rings share layout.
		_ = mp.Push(buildPolygon(layout, p))
	}
	return mp
}

// assignRings returns for each ring the index of its outer ring, which is
// the ring itself for outer rings.
func assignRings(rings []ring, stride int) []int {
	shellOf := make([]int, len(rings))
	anyClockwise := false
	for _, r := range rings {
		if r.area <= 0 {
			anyClockwise = true
		}
	}
	if !anyClockwise {
		return assignByNesting(rings, stride)
	}
	outerRings := around(rings, func(r ring) bool { return r.area <= 0 })
	for i, r := range rings {
		shellOf[i] = i
		if r.area <= 0 || len(r.flat) < 2 {
			continue
		}
		best := -1
		outerRings(r.flat[0], r.flat[1], func(j int) {
			s := rings[j]
			if !s.box.mayContain(r.flat) || !ringInside(r.flat, s.flat, stride) {
				return
			}
			// The smallest outer ring wins, the first in file order on a tie.
			if best < 0 || -s.area < -rings[best].area || s.area == rings[best].area && j < best {
				best = j
			}
		})
		if best >= 0 {
			shellOf[i] = best
		}
	}
	return shellOf
}

// assignByNesting classifies rings of a record that breaks the winding
// rule: a ring inside an even number of others is an outer ring, a ring
// inside an odd number is a hole of the smallest ring around it.
func assignByNesting(rings []ring, stride int) []int {
	shellOf := make([]int, len(rings))
	depth := make([]int, len(rings))
	parent := make([]int, len(rings))
	allRings := around(rings, func(ring) bool { return true })
	for i, r := range rings {
		parent[i] = -1
		if len(r.flat) < 2 {
			continue
		}
		allRings(r.flat[0], r.flat[1], func(j int) {
			s := rings[j]
			if i == j || !s.box.mayContain(r.flat) || !ringInside(r.flat, s.flat, stride) {
				return
			}
			depth[i]++
			// The smallest ring around wins, the first in file order on a tie.
			p := parent[i]
			if p < 0 || math.Abs(s.area) < math.Abs(rings[p].area) || math.Abs(s.area) == math.Abs(rings[p].area) && j < p {
				parent[i] = j
			}
		})
	}
	for i := range rings {
		shellOf[i] = i
		if depth[i]%2 == 1 && parent[i] >= 0 && depth[parent[i]]%2 == 0 {
			shellOf[i] = parent[i]
		}
	}
	return shellOf
}

// groupRings returns the rings of each polygon, outer ring first, with
// polygons in the order of their outer rings and holes in file order.
func groupRings(rings []ring, shellOf []int) [][][]float64 {
	var polygons [][][]float64
	slot := make(map[int]int)
	for i, s := range shellOf {
		if s == i {
			slot[i] = len(polygons)
			polygons = append(polygons, [][]float64{rings[i].flat})
		}
	}
	for i, s := range shellOf {
		if s != i {
			polygons[slot[s]] = append(polygons[slot[s]], rings[i].flat)
		}
	}
	return polygons
}

// buildPolygon makes a polygon from rings of flat coordinates.
func buildPolygon(layout geom.Layout, rings [][]float64) *geom.Polygon {
	size := 0
	for _, r := range rings {
		size += len(r)
	}
	flat := make([]float64, 0, size)
	ends := make([]int, len(rings))
	for i, r := range rings {
		flat = append(flat, r...)
		ends[i] = len(flat)
	}
	return geom.NewPolygonFlat(layout, flat, ends)
}

// signedArea returns the shoelace area of a ring, positive when the ring
// runs counter-clockwise with y pointing up.
func signedArea(flat []float64, stride int) float64 {
	n := len(flat) / stride
	if n < 3 {
		return 0
	}
	// Coordinates are taken relative to the first vertex so that large
	// projected values (Gauss-Krüger eastings with zone prefix) keep their
	// precision.
	x0, y0 := flat[0], flat[1]
	sum := 0.0
	for i := range n {
		j := (i + 1) % n
		xi, yi := flat[i*stride]-x0, flat[i*stride+1]-y0
		xj, yj := flat[j*stride]-x0, flat[j*stride+1]-y0
		sum += xi*yj - xj*yi
	}
	return sum / 2
}

// ringInside reports whether inner lies inside outer, judged by the first
// vertex of inner that is not on the boundary of outer.
func ringInside(inner, outer []float64, stride int) bool {
	for i := 0; i+1 < len(inner); i += stride {
		switch pointInRing(inner[i], inner[i+1], outer, stride) {
		case 1:
			return true
		case -1:
			return false
		}
	}
	return false
}

// pointInRing returns 1 when (x, y) lies inside the ring, -1 outside and
// 0 on its boundary, by the even-odd crossing rule.
func pointInRing(x, y float64, flat []float64, stride int) int {
	n := len(flat) / stride
	inside := false
	for i := range n {
		j := (i + 1) % n
		xi, yi := flat[i*stride], flat[i*stride+1]
		xj, yj := flat[j*stride], flat[j*stride+1]
		if onSegment(x, y, xi, yi, xj, yj) {
			return 0
		}
		if (yi > y) != (yj > y) && x < xi+(y-yi)*(xj-xi)/(yj-yi) {
			inside = !inside
		}
	}
	if inside {
		return 1
	}
	return -1
}

// onSegment reports whether (x, y) lies on the segment from (xi, yi) to
// (xj, yj), exactly.
func onSegment(x, y, xi, yi, xj, yj float64) bool {
	if (x-xi)*(yj-yi) != (y-yi)*(xj-xi) {
		return false
	}
	return x >= math.Min(xi, xj) && x <= math.Max(xi, xj) && y >= math.Min(yi, yj) && y <= math.Max(yi, yj)
}
