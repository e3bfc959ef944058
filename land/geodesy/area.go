package geodesy

import (
	"math"

	"github.com/twpayne/go-geom"
)

// Area returns the area in m² of a Polygon or MultiPolygon given in lon/lat
// degrees on the CGCS2000 ellipsoid. [Ellipsoid.Area] describes how holes,
// winding and invalid input are treated, and [Ellipsoid.RingArea] the
// method and its accuracy.
func Area(g geom.T) float64 {
	return CGCS2000.Area(g)
}

// Area returns the area in m² of g on e. g must be a *geom.Polygon or
// *geom.MultiPolygon with lon/lat degrees as its first two ordinates; Z and M
// are ignored. Any other type, nil included, has area 0.
//
// Each ring counts with its absolute area, so the result does not depend on
// winding: a polygon's area is its shell's minus its holes', and a
// MultiPolygon's is the sum over its polygons. Nothing is checked beyond
// that: a hole larger than its shell gives a negative area, and overlapping
// polygons of a MultiPolygon count twice.
//
// Rings may be closed (last point equal to the first) or not. A ring with
// fewer than three distinct points has area 0. The result is NaN when a
// coordinate is NaN or infinite, a latitude lies outside [-90, 90], or e is
// the zero Ellipsoid. Each edge is the shorter way around in longitude, so
// rings that cross the antimeridian get their true area.
//
// BUG: Rings that enclose a pole, and edges that span 180° of longitude or
// more, are not supported: the area is then measured to the other side.
func (e Ellipsoid) Area(g geom.T) float64 {
	switch g := g.(type) {
	case *geom.Polygon:
		if g == nil {
			return 0
		}
		return e.polygonArea(g.FlatCoords(), g.Ends(), 0, g.Stride())
	case *geom.MultiPolygon:
		if g == nil {
			return 0
		}
		flat, stride := g.FlatCoords(), g.Stride()
		sum, start := 0.0, 0
		for _, ends := range g.Endss() {
			sum += e.polygonArea(flat, ends, start, stride)
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		return sum
	}
	return 0
}

// polygonArea returns the area of the polygon whose rings end at ends in
// flat, the first ring starting at start: the shell's absolute area minus
// each hole's.
func (e Ellipsoid) polygonArea(flat []float64, ends []int, start, stride int) float64 {
	area := 0.0
	for i, end := range ends {
		ring := math.Abs(e.RingArea(flat[start:end], stride))
		if i == 0 {
			area = ring
		} else {
			area -= ring
		}
		start = end
	}
	return area
}
