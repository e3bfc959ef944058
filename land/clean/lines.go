package clean

import (
	"github.com/twpayne/go-geom"
)

// checkLines checks each line of g (a LineString, or a MultiLineString when
// multi is set) and returns the builder of the repaired geometry.
func (c *checker) checkLines(g geom.T, lines [][]float64, multi bool) func() geom.T {
	c.stride = g.Stride()
	cleaned := make([]ring, len(lines))
	for i, flat := range lines {
		where := place{part: i, ring: -1, vertex: -1, multi: multi, noun: "line"}
		cleaned[i], _ = c.cleanLine(flat, c.stride, where)
	}
	return func() geom.T {
		var flat []float64
		var ends []int
		for _, r := range cleaned {
			flat = append(flat, r.flat...)
			ends = append(ends, len(flat))
		}
		if !multi {
			return geom.NewLineStringFlat(g.Layout(), flat).SetSRID(g.SRID())
		}
		return geom.NewMultiLineStringFlat(g.Layout(), flat, ends).SetSRID(g.SRID())
	}
}

// checkPoints checks the coordinates of a Point or MultiPoint.
func (c *checker) checkPoints(g geom.T, multi bool) {
	stride := g.Stride()
	if stride < 2 {
		c.add(CodeMalformed, 0, false, place{part: -1, ring: -1, vertex: -1}, nil,
			"layout %v has %d dimensions; want at least X and Y", g.Layout(), stride)
		return
	}
	flat := g.FlatCoords()
	if len(flat) < stride {
		c.add(CodeEmpty, 0, false, place{part: -1, ring: -1, vertex: -1}, nil, "geometry has no points")
		return
	}
	for i := 0; i+stride <= len(flat); i += stride {
		where := place{part: i / stride, ring: -1, vertex: -1, multi: multi, noun: "point"}
		if !multi {
			where.part = 0
		}
		c.checkCoordinates(flat[i:i+stride], stride, where)
	}
}
