package bulk

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"

	"github.com/shuxiang/shuxiang/land/clean"
)

// boundary checks a feature's geometry as a plot boundary and returns it
// repaired, with one problem per repair. A geometry that is not a polygon, or
// that land/clean finds invalid, is returned as an error.
func boundary(record string, pos int, g geom.T) (geom.T, []Problem, error) {
	var repairs []Problem
	switch g := g.(type) {
	case nil:
		return nil, nil, &rowError{column: "geometry", reason: "missing_geometry",
			message: "the feature has no geometry; draw its boundary in the source file or leave the feature out"}
	case *geom.Polygon, *geom.MultiPolygon:
	default:
		return nil, nil, &rowError{column: "geometry", value: fmt.Sprintf("%T", g), reason: "not_polygon",
			message: fmt.Sprintf("the geometry is a %s, want a Polygon or MultiPolygon; close the boundary in the source file", typeName(g))}
	}
	if g.Layout() != geom.XY {
		g = flatten(g)
		repairs = append(repairs, Problem{Record: record, pos: pos, Field: "geometry", Reason: "dropped_z_m",
			Message: "dropped the Z and M values, because plot boundaries are stored as lon, lat"})
	}
	repaired, problems := clean.Clean(g, clean.Options{})
	for _, p := range problems {
		if p.Severity == clean.SeverityInvalid {
			return nil, nil, &rowError{column: "geometry", value: location(p.Location), reason: p.Code.String(),
				message: p.Message + "; correct the boundary in the source file"}
		}
	}
	for _, p := range problems {
		repairs = append(repairs, Problem{Record: record, pos: pos, Field: "geometry", Reason: p.Code.String(), Message: p.Message})
	}
	return repaired, repairs, nil
}

func typeName(g geom.T) string {
	switch g.(type) {
	case *geom.Point:
		return "Point"
	case *geom.MultiPoint:
		return "MultiPoint"
	case *geom.LineString:
		return "LineString"
	case *geom.MultiLineString:
		return "MultiLineString"
	case *geom.GeometryCollection:
		return "GeometryCollection"
	}
	return fmt.Sprintf("%T", g)
}

func location(c geom.Coord) string {
	if len(c) < 2 {
		return ""
	}
	return "(" + strconv.FormatFloat(c[0], 'f', -1, 64) + ", " + strconv.FormatFloat(c[1], 'f', -1, 64) + ")"
}

// flatten returns a Polygon or MultiPolygon with only its X and Y values.
func flatten(g geom.T) geom.T {
	stride := g.Stride()
	flat := g.FlatCoords()
	xy := make([]float64, 0, len(flat)/stride*2)
	for i := 0; i+1 < len(flat); i += stride {
		xy = append(xy, flat[i], flat[i+1])
	}
	scale := func(ends []int) []int {
		out := make([]int, len(ends))
		for i, e := range ends {
			out[i] = e / stride * 2
		}
		return out
	}
	switch g := g.(type) {
	case *geom.Polygon:
		return geom.NewPolygonFlat(geom.XY, xy, scale(g.Ends()))
	case *geom.MultiPolygon:
		endss := make([][]int, len(g.Endss()))
		for i, ends := range g.Endss() {
			endss[i] = scale(ends)
		}
		return geom.NewMultiPolygonFlat(geom.XY, xy, endss)
	}
	return g
}

// fingerprint returns a key that is equal for geometries with the same type
// and coordinates, bit for bit. A plot without a code is known again by it.
func fingerprint(g geom.T) string {
	if g == nil {
		return ""
	}
	b, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return ""
	}
	return string(b)
}
