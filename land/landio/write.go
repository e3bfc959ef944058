package landio

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/twpayne/go-geom/encoding/geojson"
	"github.com/twpayne/go-geom/encoding/wkb"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// WriteGeoJSON writes features as an RFC 7946 FeatureCollection with their
// ID as the "id" member and their properties. A nil geometry, or a typed
// nil pointer such as a nil *geom.Polygon, is written as null. Ring
// orientation is written as given.
func WriteGeoJSON(w io.Writer, features []Feature) error {
	fc := geojson.FeatureCollection{Features: make([]*geojson.Feature, len(features))}
	for i, f := range features {
		g := f.Geometry
		if isNilGeometry(g) {
			g = nil
		}
		fc.Features[i] = &geojson.Feature{ID: f.ID, Geometry: g, Properties: f.Properties}
	}
	data, err := json.Marshal(&fc)
	if err != nil {
		return fmt.Errorf("landio: write geojson: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("landio: write geojson: %w", err)
	}
	return nil
}

// WriteWKT writes one WKT geometry per line in the format [ReadWKT] reads.
// It fails on a feature without a geometry.
func WriteWKT(w io.Writer, features []Feature) error {
	bw := bufio.NewWriter(w)
	for _, f := range features {
		if isNilGeometry(f.Geometry) {
			return fmt.Errorf("landio: write wkt: %w", newFeatureError(f.Index, f.ID, errNoGeometry))
		}
		text, err := wkt.Marshal(f.Geometry)
		if err != nil {
			return fmt.Errorf("landio: write wkt: %w", newFeatureError(f.Index, f.ID, err))
		}
		bw.WriteString(text)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("landio: write wkt: %w", err)
	}
	return nil
}

// WriteWKB writes the geometries of features as concatenated OGC WKB in
// byte order order (binary.LittleEndian or binary.BigEndian). It fails on a
// feature without a geometry.
func WriteWKB(w io.Writer, features []Feature, order binary.ByteOrder) error {
	for _, f := range features {
		if isNilGeometry(f.Geometry) {
			return fmt.Errorf("landio: write wkb: %w", newFeatureError(f.Index, f.ID, errNoGeometry))
		}
		if err := wkb.Write(w, order, f.Geometry); err != nil {
			return fmt.Errorf("landio: write wkb: %w", newFeatureError(f.Index, f.ID, err))
		}
	}
	return nil
}

// WriteEWKB writes the geometries of features as concatenated PostGIS EWKB
// carrying srid (0 writes no SRID). With hexLines it writes one hex
// geometry per line instead, as PostGIS prints them. It fails on a feature
// without a geometry.
func WriteEWKB(w io.Writer, features []Feature, srid int, order binary.ByteOrder, hexLines bool) error {
	for _, f := range features {
		data, err := marshalEWKB(f, srid, order)
		if err != nil {
			return fmt.Errorf("landio: write ewkb: %w", err)
		}
		if hexLines {
			data = append([]byte(hex.EncodeToString(data)), '\n')
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("landio: write ewkb: %w", err)
		}
	}
	return nil
}

// marshalEWKB encodes the geometry of f with srid.
func marshalEWKB(f Feature, srid int, order binary.ByteOrder) ([]byte, error) {
	if isNilGeometry(f.Geometry) {
		return nil, newFeatureError(f.Index, f.ID, errNoGeometry)
	}
	g, err := withSRID(f.Geometry, srid)
	if err != nil {
		return nil, newFeatureError(f.Index, f.ID, err)
	}
	data, err := ewkb.Marshal(g, order)
	if err != nil {
		return nil, newFeatureError(f.Index, f.ID, err)
	}
	return data, nil
}

// withSRID returns a copy of g that carries srid.
func withSRID(g geom.T, srid int) (geom.T, error) {
	switch g := g.(type) {
	case *geom.Point:
		return g.Clone().SetSRID(srid), nil
	case *geom.LineString:
		return g.Clone().SetSRID(srid), nil
	case *geom.Polygon:
		return g.Clone().SetSRID(srid), nil
	case *geom.MultiPoint:
		return g.Clone().SetSRID(srid), nil
	case *geom.MultiLineString:
		return g.Clone().SetSRID(srid), nil
	case *geom.MultiPolygon:
		return g.Clone().SetSRID(srid), nil
	case *geom.GeometryCollection:
		out := geom.NewGeometryCollection()
		if err := out.Push(g.Geoms()...); err != nil {
			return nil, err
		}
		return out.SetSRID(srid), nil
	default:
		return nil, fmt.Errorf("%w %T", errUnknownGeometry, g)
	}
}

// isNilGeometry reports whether g is nil or a typed nil pointer to a
// go-geom type, whose methods would panic.
func isNilGeometry(g geom.T) bool {
	switch g := g.(type) {
	case nil:
		return true
	case *geom.Point:
		return g == nil
	case *geom.LineString:
		return g == nil
	case *geom.Polygon:
		return g == nil
	case *geom.MultiPoint:
		return g == nil
	case *geom.MultiLineString:
		return g == nil
	case *geom.MultiPolygon:
		return g == nil
	case *geom.GeometryCollection:
		return g == nil
	}
	return false
}
