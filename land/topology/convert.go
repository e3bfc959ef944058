package topology

import (
	"fmt"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/twpayne/go-geom"
)

// toOverlay converts a go-geom polygon or multipolygon to a simplefeatures
// geometry with XY coordinates, closing open rings.
func toOverlay(g geom.T) (sf.Geometry, error) {
	switch g := g.(type) {
	case *geom.Polygon:
		if g == nil {
			return sf.Geometry{}, fmt.Errorf("nil polygon")
		}
		return overlayPolygon(g.FlatCoords(), 0, g.Ends(), g.Stride()).AsGeometry(), nil
	case *geom.MultiPolygon:
		if g == nil {
			return sf.Geometry{}, fmt.Errorf("nil multipolygon")
		}
		var polys []sf.Polygon
		start := 0
		for _, ends := range g.Endss() {
			polys = append(polys, overlayPolygon(g.FlatCoords(), start, ends, g.Stride()))
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		return sf.NewMultiPolygon(polys).AsGeometry(), nil
	default:
		return sf.Geometry{}, fmt.Errorf("type %T, expected *geom.Polygon or *geom.MultiPolygon", g)
	}
}

func overlayPolygon(flat []float64, start int, ends []int, stride int) sf.Polygon {
	var rings []sf.LineString
	for _, end := range ends {
		var xy []float64
		for k := start; k+1 < end; k += stride {
			xy = append(xy, flat[k], flat[k+1])
		}
		start = end
		if n := len(xy); n >= 2 && (xy[0] != xy[n-2] || xy[1] != xy[n-1]) {
			xy = append(xy, xy[0], xy[1])
		}
		if len(xy) < 8 {
			continue
		}
		rings = append(rings, sf.NewLineString(sf.NewSequence(xy, sf.DimXY)))
	}
	return sf.NewPolygon(rings)
}

// fromOverlay returns the polygonal parts of an overlay result as a
// go-geom MultiPolygon in lon/lat, dropping points and lines.
func fromOverlay(g sf.Geometry) *geom.MultiPolygon {
	mp := geom.NewMultiPolygon(geom.XY)
	appendPolygonal(mp, g)
	return mp
}

func appendPolygonal(mp *geom.MultiPolygon, g sf.Geometry) {
	switch g.Type() {
	case sf.TypePolygon:
		_ = mp.Push(fromOverlayPolygon(g.MustAsPolygon()))
	case sf.TypeMultiPolygon:
		m := g.MustAsMultiPolygon()
		for i := range m.NumPolygons() {
			_ = mp.Push(fromOverlayPolygon(m.PolygonN(i)))
		}
	case sf.TypeGeometryCollection:
		c := g.MustAsGeometryCollection()
		for i := range c.NumGeometries() {
			appendPolygonal(mp, c.GeometryN(i))
		}
	}
}

func fromOverlayPolygon(p sf.Polygon) *geom.Polygon {
	var flat []float64
	var ends []int
	for _, seq := range p.Coordinates() {
		for i := range seq.Length() {
			xy := seq.GetXY(i)
			flat = append(flat, xy.X, xy.Y)
		}
		ends = append(ends, len(flat))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends)
}
