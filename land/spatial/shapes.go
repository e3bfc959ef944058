package spatial

import (
	"errors"
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
)

// InvalidGeometryError reports a geometry that cannot be indexed or
// measured, with its position in the input slice.
type InvalidGeometryError struct {
	Index  int    // position in the input slice; -1 for a query geometry
	Reason string // what is wrong with it
}

// Error returns the index of the geometry, or says it is the query geometry, and the
// reason.
func (e *InvalidGeometryError) Error() string {
	if e.Index < 0 {
		return "spatial: invalid query geometry: " + e.Reason
	}
	return fmt.Sprintf("spatial: invalid geometry at index %d: %s", e.Index, e.Reason)
}

var errNotFinite = errors.New("coordinate is NaN or infinite")

// flatShapes stores polygons as flat XY coordinates in Hilbert order.
// Ring r spans xy[ringOff[r]:ringOff[r+1]] and is closed. Polygon part p
// has rings ringOff-indexes partOff[p]..partOff[p+1]-1, and the item at
// position k has parts itemOff[k]..itemOff[k+1]-1.
type flatShapes struct {
	xy       []float64
	ringOff  []int32
	partOff  []int32
	itemOff  []int32
	box      []Box   // per position
	position []int32 // per item index: its position
}

// reserve sizes the arrays for geoms, already checked by boundsOf, with one
// spare vertex per ring for closing it.
func (s *flatShapes) reserve(geoms any) {
	var coords, rings, parts, items int
	count := func(g geom.T) {
		items++
		switch g := g.(type) {
		case *geom.Polygon:
			parts++
			rings += len(g.Ends())
			coords += len(g.FlatCoords()) / max(g.Stride(), 1) * 2
		case *geom.MultiPolygon:
			for _, ends := range g.Endss() {
				parts++
				rings += len(ends)
			}
			coords += len(g.FlatCoords()) / max(g.Stride(), 1) * 2
		}
	}
	switch gs := geoms.(type) {
	case []*geom.Polygon:
		for _, g := range gs {
			count(g)
		}
	case []geom.T:
		for _, g := range gs {
			count(g)
		}
	default:
		return
	}
	s.xy = make([]float64, 0, coords+2*rings)
	s.ringOff = make([]int32, 1, rings+1)
	s.partOff = make([]int32, 1, parts+1)
	s.itemOff = make([]int32, 1, items+1)
	s.box = make([]Box, 0, items)
}

// add appends g, already checked by boundsOf, at the next position.
func (s *flatShapes) add(g geom.T) error {
	if s.ringOff == nil {
		s.ringOff, s.partOff, s.itemOff = []int32{0}, []int32{0}, []int32{0}
	}
	box := emptyBox
	switch g := g.(type) {
	case *geom.Polygon:
		box = s.addPolygon(g.FlatCoords(), 0, g.Ends(), g.Stride(), box)
	case *geom.MultiPolygon:
		flat, stride, start := g.FlatCoords(), g.Stride(), 0
		for _, ends := range g.Endss() {
			box = s.addPolygon(flat, start, ends, stride, box)
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
	default:
		return fmt.Errorf("type %T, expected *geom.Polygon or *geom.MultiPolygon", g)
	}
	if len(s.xy) > math.MaxInt32 {
		return errors.New("too many coordinates for one index")
	}
	s.itemOff = append(s.itemOff, int32(len(s.partOff)-1))
	s.box = append(s.box, box)
	return nil
}

// addPolygon appends the rings of one polygon whose coordinates start at
// flat[start] and whose ring ends are absolute offsets into flat. It closes
// any open ring and returns box extended by the vertices.
func (s *flatShapes) addPolygon(flat []float64, start int, ends []int, stride int, box Box) Box {
	for _, end := range ends {
		if end-start < stride {
			start = end
			continue
		}
		for k := start; k < end; k += stride {
			s.xy = append(s.xy, flat[k], flat[k+1])
			box = box.extend(flat[k], flat[k+1])
		}
		if flat[start] != flat[end-stride] || flat[start+1] != flat[end-stride+1] {
			s.xy = append(s.xy, flat[start], flat[start+1])
		}
		s.ringOff = append(s.ringOff, int32(len(s.xy)))
		start = end
	}
	s.partOff = append(s.partOff, int32(len(s.ringOff)-1))
	return box
}

// boundsOf checks that g can be indexed and returns its bounding box.
func boundsOf(g geom.T) (Box, error) {
	var flat []float64
	var stride int
	switch g := g.(type) {
	case *geom.Polygon:
		if g == nil {
			return emptyBox, errors.New("nil polygon")
		}
		flat, stride = g.FlatCoords(), g.Stride()
	case *geom.MultiPolygon:
		if g == nil {
			return emptyBox, errors.New("nil multipolygon")
		}
		flat, stride = g.FlatCoords(), g.Stride()
	case nil:
		return emptyBox, errors.New("nil geometry")
	default:
		return emptyBox, fmt.Errorf("type %T, expected *geom.Polygon or *geom.MultiPolygon", g)
	}
	return boxOfFlat(flat, stride)
}

func boxOfFlat(flat []float64, stride int) (Box, error) {
	if stride < 2 && len(flat) > 0 {
		return emptyBox, fmt.Errorf("layout with stride %d, expected at least XY", stride)
	}
	box := emptyBox
	for k := 0; k+1 < len(flat); k += stride {
		x, y := flat[k], flat[k+1]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			return emptyBox, fmt.Errorf("%w at (%v, %v)", errNotFinite, x, y)
		}
		box = box.extend(x, y)
	}
	return box, nil
}
