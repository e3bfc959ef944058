package spatial

import (
	"errors"
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
)

// shape is a geometry flattened for planar predicates: polylines
// (linestrings, closed polygon rings, and each point as a segment of zero
// length) and polygons as lists of closed rings. All coordinates are x, y
// pairs, and every polyline has at least two vertices.
type shape struct {
	lines [][]float64
	polys [][][]float64
	box   Box
}

// project maps lon/lat degrees to the plane a shape is built in.
type project func(lon, lat float64) (x, y float64)

func identity(lon, lat float64) (float64, float64) { return lon, lat }

// shapeOf flattens g through proj. It accepts Point, MultiPoint,
// LineString, MultiLineString, Polygon and MultiPolygon.
func shapeOf(g geom.T, proj project) (shape, error) {
	s := shape{box: emptyBox}
	if g == nil {
		return s, errors.New("nil geometry")
	}
	if _, err := boxOfFlat(g.FlatCoords(), g.Stride()); err != nil {
		return s, err
	}
	flat, stride := g.FlatCoords(), g.Stride()
	switch g := g.(type) {
	case *geom.Point, *geom.MultiPoint:
		for k := 0; k+1 < len(flat); k += stride {
			s.addLine(s.appendCoords(nil, flat[k:k+2], 2, proj))
		}
	case *geom.LineString:
		s.addLine(s.appendCoords(nil, flat, stride, proj))
	case *geom.MultiLineString:
		s.addLines(flat, 0, g.Ends(), stride, proj)
	case *geom.Polygon:
		s.polys = append(s.polys, s.addRings(flat, 0, g.Ends(), stride, proj))
	case *geom.MultiPolygon:
		start := 0
		for _, ends := range g.Endss() {
			s.polys = append(s.polys, s.addRings(flat, start, ends, stride, proj))
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
	default:
		return s, fmt.Errorf("unsupported type %T", g)
	}
	return s, nil
}

func (s *shape) appendCoords(dst, flat []float64, stride int, proj project) []float64 {
	for k := 0; k+1 < len(flat); k += stride {
		x, y := proj(flat[k], flat[k+1])
		dst = append(dst, x, y)
		s.box = s.box.extend(x, y)
	}
	return dst
}

func (s *shape) addLines(flat []float64, start int, ends []int, stride int, proj project) {
	for _, end := range ends {
		s.addLine(s.appendCoords(nil, flat[start:end], stride, proj))
		start = end
	}
}

// addLine adds a polyline, doubling a single vertex into a segment of zero
// length and dropping an empty one.
func (s *shape) addLine(line []float64) {
	switch len(line) {
	case 0:
		return
	case 2:
		line = append(line, line[0], line[1])
	}
	s.lines = append(s.lines, line)
}

// addRings adds the rings of one polygon as closed polylines and returns them.
func (s *shape) addRings(flat []float64, start int, ends []int, stride int, proj project) [][]float64 {
	var rings [][]float64
	for _, end := range ends {
		ring := s.appendCoords(nil, flat[start:end], stride, proj)
		if n := len(ring); n >= 4 && (ring[0] != ring[n-2] || ring[1] != ring[n-1]) {
			ring = append(ring, ring[0], ring[1])
		}
		if len(ring) > 0 {
			rings = append(rings, ring)
			s.addLine(ring)
		}
		start = end
	}
	return rings
}

// containsPoint reports whether a polygon of s contains (x, y) by the
// package's boundary rule.
func (s *shape) containsPoint(x, y float64) bool {
	for _, rings := range s.polys {
		inside := false
		for _, ring := range rings {
			if ringParity(ring, x, y) {
				inside = !inside
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// anyVertex reports whether fn returns true for the first vertex of any
// polyline of s, which is one vertex of every component.
func (s *shape) anyVertex(fn func(x, y float64) bool) bool {
	for _, line := range s.lines {
		if fn(line[0], line[1]) {
			return true
		}
	}
	return false
}

// intersects reports whether a and b share a point, boundaries included.
func intersects(a, b *shape) bool {
	if !a.box.Intersects(b.box) {
		return false
	}
	for _, la := range a.lines {
		for _, lb := range b.lines {
			if polylinesIntersect(la, lb) {
				return true
			}
		}
	}
	return a.anyVertex(b.containsPoint) || b.anyVertex(a.containsPoint)
}

func polylinesIntersect(a, b []float64) bool {
	for i := 0; i+3 < len(a); i += 2 {
		for j := 0; j+3 < len(b); j += 2 {
			if segmentsIntersect(a[i], a[i+1], a[i+2], a[i+3], b[j], b[j+1], b[j+2], b[j+3]) {
				return true
			}
		}
	}
	return false
}

// distance returns the planar distance between a and b: 0 when they
// intersect, else the smallest distance between their polylines.
func distance(a, b *shape) float64 {
	if a.anyVertex(b.containsPoint) || b.anyVertex(a.containsPoint) {
		return 0
	}
	best := math.Inf(1)
	for _, la := range a.lines {
		for _, lb := range b.lines {
			best = polylineDistance(la, lb, best)
			if best == 0 {
				return 0
			}
		}
	}
	return best
}

// polylineDistance returns the smaller of best and the smallest distance
// between the segments of a and b.
func polylineDistance(a, b []float64, best float64) float64 {
	for i := 0; i+3 < len(a); i += 2 {
		for j := 0; j+3 < len(b); j += 2 {
			d := segmentDistance(a[i], a[i+1], a[i+2], a[i+3], b[j], b[j+1], b[j+2], b[j+3])
			if d < best {
				best = d
				if d == 0 {
					return 0
				}
			}
		}
	}
	return best
}

// segmentDistance returns the distance between segments p1p2 and q1q2,
// 0 when they cross or touch.
func segmentDistance(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y float64) float64 {
	if segmentsIntersect(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y) {
		return 0
	}
	return min(pointSegmentDistance(p1x, p1y, q1x, q1y, q2x, q2y),
		pointSegmentDistance(p2x, p2y, q1x, q1y, q2x, q2y),
		pointSegmentDistance(q1x, q1y, p1x, p1y, p2x, p2y),
		pointSegmentDistance(q2x, q2y, p1x, p1y, p2x, p2y))
}

func pointSegmentDistance(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = max(0, min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
	}
	return math.Hypot(x-(ax+t*dx), y-(ay+t*dy))
}

// segmentsIntersect reports whether closed segments p1p2 and q1q2 share a
// point, from the signs of four orientation tests.
func segmentsIntersect(p1x, p1y, p2x, p2y, q1x, q1y, q2x, q2y float64) bool {
	d1 := orientation(q1x, q1y, q2x, q2y, p1x, p1y)
	d2 := orientation(q1x, q1y, q2x, q2y, p2x, p2y)
	d3 := orientation(p1x, p1y, p2x, p2y, q1x, q1y)
	d4 := orientation(p1x, p1y, p2x, p2y, q2x, q2y)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(q1x, q1y, q2x, q2y, p1x, p1y)) ||
		(d2 == 0 && onSegment(q1x, q1y, q2x, q2y, p2x, p2y)) ||
		(d3 == 0 && onSegment(p1x, p1y, p2x, p2y, q1x, q1y)) ||
		(d4 == 0 && onSegment(p1x, p1y, p2x, p2y, q2x, q2y))
}

// orientation is positive when c lies left of the line a→b, negative when
// right and zero when on it.
func orientation(ax, ay, bx, by, cx, cy float64) float64 {
	return (bx-ax)*(cy-ay) - (by-ay)*(cx-ax)
}

// onSegment reports whether c, collinear with a and b, lies between them.
func onSegment(ax, ay, bx, by, cx, cy float64) bool {
	return min(ax, bx) <= cx && cx <= max(ax, bx) && min(ay, by) <= cy && cy <= max(ay, by)
}
