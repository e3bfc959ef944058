package clean

import (
	"fmt"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/twpayne/go-geom"
)

// sfLine converts the X and Y of r into a simplefeatures LineString, which
// is the form simplefeatures takes for a ring too.
func sfLine(r *ring, stride int) sf.LineString {
	return sf.NewLineString(sf.NewSequence(xyOnly(r.flat, stride), sf.DimXY))
}

// xyOnly returns the X and Y values of flat, dropping Z and M.
func xyOnly(flat []float64, stride int) []float64 {
	if stride == 2 {
		return flat
	}
	out := make([]float64, 0, len(flat)/stride*2)
	for i := 0; i+1 < len(flat); i += stride {
		out = append(out, flat[i], flat[i+1])
	}
	return out
}

// sfPolygon converts the rings of p listed in group (shell first) into a
// simplefeatures Polygon.
func sfPolygon(p *part, group []int, stride int) sf.Polygon {
	rings := make([]sf.LineString, len(group))
	for k, j := range group {
		rings[k] = sfLine(&p.rings[j], stride)
	}
	return sf.NewPolygon(rings)
}

// toSimpleFeatures converts a go-geom Polygon or MultiPolygon into a
// simplefeatures geometry without validating it. Only X and Y are kept.
func toSimpleFeatures(g geom.T) (sf.Geometry, error) {
	stride := g.Stride()
	convert := func(flat []float64, start int, ends []int) sf.Polygon {
		rings := make([]sf.LineString, len(ends))
		for j, end := range ends {
			seq := sf.NewSequence(xyOnly(flat[start:end], stride), sf.DimXY)
			rings[j] = sf.NewLineString(seq)
			start = end
		}
		return sf.NewPolygon(rings)
	}
	switch t := g.(type) {
	case *geom.Polygon:
		return convert(t.FlatCoords(), 0, t.Ends()).AsGeometry(), nil
	case *geom.MultiPolygon:
		polys := make([]sf.Polygon, len(t.Endss()))
		start := 0
		for i, ends := range t.Endss() {
			polys[i] = convert(t.FlatCoords(), start, ends)
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		return sf.NewMultiPolygon(polys).AsGeometry(), nil
	}
	return sf.Geometry{}, fmt.Errorf("clean: convert to simplefeatures: unsupported type %T", g)
}

// protect runs f and turns a panic inside simplefeatures into an error, so
// that pathological input cannot make Clean panic.
func protect(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("simplefeatures panicked: %v", r)
		}
	}()
	return f()
}
