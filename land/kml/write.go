package kml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/twpayne/go-geom"
)

// Write writes placemarks as a KML 2.2 document with one Placemark each:
// its id, name, description, ExtendedData (sorted by name) and geometry.
// Geometries may be Point, LineString, Polygon, their Multi types (written
// as MultiGeometry) or nil (no geometry element, also for a typed nil
// pointer). Coordinates are written as "lon,lat[,alt]" with the shortest
// decimal form that reads back the same float64. A coordinate that [Read]
// would reject (NaN, infinite, or lon and lat outside -180..180 and
// -90..90) is an error.
func Write(w io.Writer, placemarks []Placemark) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` + "\n")
	for _, p := range placemarks {
		if err := writePlacemark(bw, p); err != nil {
			return fmt.Errorf("kml: write placemark %d (%s): %w", p.Index, p.label(), err)
		}
	}
	bw.WriteString("</Document></kml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("kml: write: %w", err)
	}
	return nil
}

func writePlacemark(w *bufio.Writer, p Placemark) error {
	w.WriteString("<Placemark")
	if p.ID != "" {
		w.WriteString(` id="`)
		xml.EscapeText(w, []byte(p.ID))
		w.WriteString(`"`)
	}
	w.WriteString(">")
	writeText(w, "name", p.Name)
	writeText(w, "description", p.Description)
	if len(p.Data) > 0 {
		names := make([]string, 0, len(p.Data))
		for name := range p.Data {
			names = append(names, name)
		}
		sort.Strings(names)
		w.WriteString("<ExtendedData>")
		for _, name := range names {
			w.WriteString(`<Data name="`)
			xml.EscapeText(w, []byte(name))
			w.WriteString(`">`)
			writeText(w, "value", p.Data[name])
			w.WriteString("</Data>")
		}
		w.WriteString("</ExtendedData>")
	}
	if !isNilGeometry(p.Geometry) {
		if err := writeGeometry(w, p.Geometry); err != nil {
			return err
		}
	}
	w.WriteString("</Placemark>\n")
	return nil
}

func writeText(w *bufio.Writer, element, text string) {
	if text == "" {
		return
	}
	w.WriteString("<" + element + ">")
	xml.EscapeText(w, []byte(text))
	w.WriteString("</" + element + ">")
}

func writeGeometry(w *bufio.Writer, g geom.T) error {
	if err := checkWritable(g); err != nil {
		return err
	}
	switch g := g.(type) {
	case *geom.Point:
		writeCoordinates(w, "Point", g.FlatCoords(), g.Layout())
	case *geom.LineString:
		writeCoordinates(w, "LineString", g.FlatCoords(), g.Layout())
	case *geom.Polygon:
		writePolygon(w, g)
	case *geom.MultiPoint:
		w.WriteString("<MultiGeometry>")
		for i := range g.NumPoints() {
			writeCoordinates(w, "Point", g.Point(i).FlatCoords(), g.Layout())
		}
		w.WriteString("</MultiGeometry>")
	case *geom.MultiLineString:
		w.WriteString("<MultiGeometry>")
		for i := range g.NumLineStrings() {
			writeCoordinates(w, "LineString", g.LineString(i).FlatCoords(), g.Layout())
		}
		w.WriteString("</MultiGeometry>")
	case *geom.MultiPolygon:
		w.WriteString("<MultiGeometry>")
		for i := range g.NumPolygons() {
			writePolygon(w, g.Polygon(i))
		}
		w.WriteString("</MultiGeometry>")
	}
	return nil
}

// checkWritable rejects a geometry that [Write] cannot write or that
// [Read] would not read back: a type other than those Write lists, or a
// coordinate that is not finite or lies outside lon/lat range.
func checkWritable(g geom.T) error {
	switch g.(type) {
	case *geom.Point, *geom.LineString, *geom.Polygon, *geom.MultiPoint, *geom.MultiLineString, *geom.MultiPolygon:
	default:
		return fmt.Errorf("geometry %T cannot be written: want a point, line or polygon type", g)
	}
	flat, stride := g.FlatCoords(), g.Stride()
	for i := 0; i+1 < len(flat); i += stride {
		for _, v := range flat[i : i+stride] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("vertex %d has a coordinate %v: want finite numbers", i/stride, v)
			}
		}
		if lon, lat := flat[i], flat[i+1]; lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			return fmt.Errorf("vertex %d at lon %g, lat %g lies outside -180..180, -90..90", i/stride, lon, lat)
		}
	}
	return nil
}

// isNilGeometry reports whether g is nil or a typed nil pointer to a
// go-geom type, both of which mean no geometry.
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

func writePolygon(w *bufio.Writer, p *geom.Polygon) {
	w.WriteString("<Polygon>")
	for i := range p.NumLinearRings() {
		boundary := "innerBoundaryIs"
		if i == 0 {
			boundary = "outerBoundaryIs"
		}
		w.WriteString("<" + boundary + ">")
		writeCoordinates(w, "LinearRing", p.LinearRing(i).FlatCoords(), p.Layout())
		w.WriteString("</" + boundary + ">")
	}
	w.WriteString("</Polygon>")
}

// writeCoordinates writes element with a coordinates child. Only x, y
// and, for XYZ layouts, z are written; M values have no place in KML.
func writeCoordinates(w *bufio.Writer, element string, flat []float64, layout geom.Layout) {
	w.WriteString("<" + element + "><coordinates>")
	stride, values := layout.Stride(), 2
	if layout == geom.XYZ || layout == geom.XYZM {
		values = 3
	}
	var buf []byte
	for i := 0; i+stride <= len(flat); i += stride {
		if i > 0 {
			buf = append(buf, ' ')
		}
		for j := range values {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendFloat(buf, flat[i+j], 'f', -1, 64)
		}
	}
	w.Write(buf)
	w.WriteString("</coordinates></" + element + ">")
}
