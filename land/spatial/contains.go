package spatial

import "github.com/twpayne/go-geom"

// ringParity reports whether the ray from (x, y) towards +lon crosses the
// closed ring in xy (stride 2) an odd number of times. An edge counts when
// its lower end is at or below y and its upper end above y, and the point
// lies strictly left of it. Each edge is evaluated from its lower end, so an
// edge shared by two rings gives the same result in both.
func ringParity(xy []float64, x, y float64) bool {
	if len(xy) < 4 {
		return false
	}
	inside := false
	x1, y1 := xy[0], xy[1]
	for k := 2; k+1 < len(xy); k += 2 {
		x2, y2 := xy[k], xy[k+1]
		if (y1 > y) != (y2 > y) {
			ax, ay, bx, by := x1, y1, x2, y2
			if ay > by {
				ax, ay, bx, by = x2, y2, x1, y1
			}
			if (bx-ax)*(y-ay)-(x-ax)*(by-ay) > 0 {
				inside = !inside
			}
		}
		x1, y1 = x2, y2
	}
	return inside
}

// containsAt reports whether the item at Hilbert position k contains (x, y).
func (s *flatShapes) containsAt(k int, x, y float64) bool {
	parts := s.partOff[s.itemOff[k] : s.itemOff[k+1]+1]
	for p := 0; p+1 < len(parts); p++ {
		rings := s.ringOff[parts[p] : parts[p+1]+1]
		inside := false
		for r := 0; r+1 < len(rings); r++ {
			if ringParity(s.xy[rings[r]:rings[r+1]], x, y) {
				inside = !inside
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// singleRing returns the xy range of the item at position k when it is one
// polygon with one ring.
func (s *flatShapes) singleRing(k int) ([2]int32, bool) {
	part := s.itemOff[k]
	if s.itemOff[k+1] != part+1 || s.partOff[part+1] != s.partOff[part]+1 {
		return [2]int32{}, false
	}
	r := s.partOff[part]
	return [2]int32{s.ringOff[r], s.ringOff[r+1]}, true
}

// entryContains reports whether the item of grid entry e contains (x, y).
func (s *flatShapes) entryContains(e *gridEntry, x, y float64) bool {
	if !e.box.containsPoint(x, y) {
		return false
	}
	if e.inner.containsPoint(x, y) {
		return true
	}
	if e.xyStart >= 0 {
		return ringParity(s.xy[e.xyStart:e.xyEnd], x, y)
	}
	return s.containsAt(int(e.pos), x, y)
}

// Contains reports whether polygonal g contains the point (lon, lat), with
// the boundary rule of the package documentation. It returns false for
// geometries other than *geom.Polygon and *geom.MultiPolygon.
func Contains(g geom.T, lon, lat float64) bool {
	switch g := g.(type) {
	case *geom.Polygon:
		return g != nil && polygonContains(g.FlatCoords(), 0, g.Ends(), g.Stride(), lon, lat)
	case *geom.MultiPolygon:
		if g == nil {
			return false
		}
		start := 0
		for _, ends := range g.Endss() {
			if polygonContains(g.FlatCoords(), start, ends, g.Stride(), lon, lat) {
				return true
			}
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
	}
	return false
}

func polygonContains(flat []float64, start int, ends []int, stride int, x, y float64) bool {
	if stride < 2 {
		return false
	}
	inside := false
	for _, end := range ends {
		if strideRingParity(flat[start:end], stride, x, y) {
			inside = !inside
		}
		start = end
	}
	return inside
}

// strideRingParity is ringParity for a ring of any stride that need not be
// closed.
func strideRingParity(ring []float64, stride int, x, y float64) bool {
	n := len(ring) / stride
	if n < 3 {
		return false
	}
	inside := false
	x1, y1 := ring[(n-1)*stride], ring[(n-1)*stride+1]
	for k := 0; k < n; k++ {
		x2, y2 := ring[k*stride], ring[k*stride+1]
		if (y1 > y) != (y2 > y) {
			ax, ay, bx, by := x1, y1, x2, y2
			if ay > by {
				ax, ay, bx, by = x2, y2, x1, y1
			}
			if (bx-ax)*(y-ay)-(x-ax)*(by-ay) > 0 {
				inside = !inside
			}
		}
		x1, y1 = x2, y2
	}
	return inside
}
