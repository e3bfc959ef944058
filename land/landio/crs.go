package landio

import (
	"errors"
	"fmt"

	"github.com/twpayne/go-geom"
)

// projection converts projected coordinates to lon/lat degrees. It is the
// part of geodesy.Projection that the readers use.
type projection interface {
	ToLonLat(easting, northing float64) (lon, lat float64, err error)
}

// finish settles the source CRS of features decoded in file coordinates and
// converts their geometries to lon/lat. A feature that fails to convert
// gets [Feature.Err]; an unknown CRS fails the whole read.
func finish(features []Feature, crs CRSInfo, opts Options) ([]Feature, CRSInfo, error) {
	if crs.EPSG == 0 && opts.SourceEPSG != 0 {
		crs.EPSG, crs.Origin = opts.SourceEPSG, OriginOptions
	}
	if crs.EPSG == 0 {
		if err := checkLonLat(features); err != nil {
			return nil, crs, err
		}
	}
	if isLonLat(crs.EPSG) {
		return features, crs, nil
	}
	p, err := projectionForEPSG(crs.EPSG)
	if err != nil {
		return nil, crs, fmt.Errorf("landio: source CRS EPSG:%d: %w", crs.EPSG, err)
	}
	for i := range features {
		f := &features[i]
		if f.Err != nil || f.Geometry == nil {
			continue
		}
		g, err := toLonLat(f.Geometry, p)
		if err != nil {
			f.Geometry = nil
			f.Err = newFeatureError(f.Index, f.ID, fmt.Errorf("convert EPSG:%d to lon/lat: %w", crs.EPSG, err))
			continue
		}
		f.Geometry = g
	}
	crs.Converted = true
	return features, crs, nil
}

// checkLonLat guards against projected coordinates taken for degrees in a
// file that names no CRS. When no feature lies wholly within lon/lat range
// the whole read fails. Otherwise each feature with a coordinate out of
// range gets [Feature.Err] and loses its geometry, and the others are kept.
// NaN coordinates pass: land/clean reports them.
func checkLonLat(features []Feature) error {
	var outside []int
	inRange := 0
	for i, f := range features {
		if f.Geometry == nil {
			continue
		}
		if _, _, found := outsideLonLat(f.Geometry); found {
			outside = append(outside, i)
		} else if hasCoords(f.Geometry) {
			inRange++
		}
	}
	if len(outside) == 0 {
		return nil
	}
	if inRange == 0 {
		f := features[outside[0]]
		x, y, _ := outsideLonLat(f.Geometry)
		return fmt.Errorf("landio: feature %d has coordinate (%g, %g) outside lon/lat, "+
			"and the file names no CRS: set Options.SourceEPSG", f.Index, x, y)
	}
	for _, i := range outside {
		f := &features[i]
		x, y, _ := outsideLonLat(f.Geometry)
		f.Geometry = nil
		f.Err = newFeatureError(f.Index, f.ID, fmt.Errorf("coordinate (%g, %g) lies outside lon/lat "+
			"(longitude -180..180, latitude -90..90) and the file names no CRS: fix the coordinate, "+
			"or set Options.SourceEPSG if the file is projected", x, y))
	}
	return nil
}

// outsideLonLat returns the first coordinate of g outside the lon/lat
// range, walking into geometry collections. It does not use go-geom's
// Bounds, which panics on nested collections.
func outsideLonLat(g geom.T) (x, y float64, found bool) {
	if c, ok := g.(*geom.GeometryCollection); ok {
		for _, sub := range c.Geoms() {
			if x, y, found = outsideLonLat(sub); found {
				return x, y, true
			}
		}
		return 0, 0, false
	}
	flat, stride := g.FlatCoords(), g.Stride()
	for i := 0; stride >= 2 && i+1 < len(flat); i += stride {
		x, y = flat[i], flat[i+1]
		if x < -180 || x > 180 || y < -90 || y > 90 {
			return x, y, true
		}
	}
	return 0, 0, false
}

// hasCoords reports whether g contains at least one coordinate.
func hasCoords(g geom.T) bool {
	if c, ok := g.(*geom.GeometryCollection); ok {
		for _, sub := range c.Geoms() {
			if hasCoords(sub) {
				return true
			}
		}
		return false
	}
	return len(g.FlatCoords()) > 0
}

// isLonLat reports whether code is a geographic CRS whose coordinates are
// already lon/lat degrees: none given (0), WGS 84 (4326) or CGCS2000 (4490).
func isLonLat(code int) bool {
	return code == 0 || code == 4326 || code == 4490
}

// toLonLat returns a copy of g with every coordinate converted by p.
// Z and M values are kept.
func toLonLat(g geom.T, p projection) (geom.T, error) {
	if c, ok := g.(*geom.GeometryCollection); ok {
		out := geom.NewGeometryCollection()
		for _, sub := range c.Geoms() {
			conv, err := toLonLat(sub, p)
			if err != nil {
				return nil, err
			}
			if err := out.Push(conv); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	clone, err := cloneGeometry(g)
	if err != nil {
		return nil, err
	}
	flat, stride := clone.FlatCoords(), clone.Stride()
	for i := 0; i+1 < len(flat); i += stride {
		lon, lat, err := p.ToLonLat(flat[i], flat[i+1])
		if err != nil {
			return nil, fmt.Errorf("point (%g, %g): %w", flat[i], flat[i+1], err)
		}
		flat[i], flat[i+1] = lon, lat
	}
	return clone, nil
}

// errUnknownGeometry reports a geom.T that is not one of go-geom's
// concrete types.
var errUnknownGeometry = errors.New("unknown geometry type")

// cloneGeometry returns a deep copy of a geometry other than a collection.
func cloneGeometry(g geom.T) (geom.T, error) {
	switch g := g.(type) {
	case *geom.Point:
		return g.Clone(), nil
	case *geom.LineString:
		return g.Clone(), nil
	case *geom.LinearRing:
		return g.Clone(), nil
	case *geom.Polygon:
		return g.Clone(), nil
	case *geom.MultiPoint:
		return g.Clone(), nil
	case *geom.MultiLineString:
		return g.Clone(), nil
	case *geom.MultiPolygon:
		return g.Clone(), nil
	default:
		return nil, fmt.Errorf("%w %T", errUnknownGeometry, g)
	}
}
