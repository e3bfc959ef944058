package kml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/twpayne/go-geom"
)

// Write writes placemarks as a KML 2.2 document with one Placemark each:
// its id, name, description, ExtendedData (sorted by name) and geometry.
// Geometries may be Point, LineString, Polygon, their Multi types (written
// as MultiGeometry) or nil (no geometry element). Coordinates are written
// as "lon,lat[,alt]" with the shortest decimal form that reads back the
// same float64.
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
	if p.Geometry != nil {
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
	default:
		return fmt.Errorf("geometry %T cannot be written: want a point, line or polygon type", g)
	}
	return nil
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
