// Package kml reads and writes the parts of OGC KML 2.2 (OGC 07-147r2)
// that carry plot boundaries. These are Placemarks with Point,
// LineString, LinearRing, Polygon (outerBoundaryIs, innerBoundaryIs) and
// MultiGeometry, at any depth of Document and Folder elements, with their
// name, description and ExtendedData.
//
// Coordinates are "lon,lat[,alt]" tuples in WGS 84 degrees. A geometry
// keeps altitude (layout XYZ) only when every tuple in it has one.
// Styles, overlays and gx extensions are ignored. The functions hold no
// state and are safe for concurrent use.
package kml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom"
	"golang.org/x/text/encoding/htmlindex"
)

// Placemark is a decoded KML Placemark.
type Placemark struct {
	// Index is the 0-based position of the Placemark in the document.
	Index int
	// ID is the Placemark's id attribute, empty if none.
	ID string
	// Name and Description are the Placemark's text elements.
	Name, Description string
	// Data contains ExtendedData values: Data name/value pairs and the
	// SimpleData of SchemaData.
	Data map[string]string
	// Geometry is a *geom.Point, *geom.LineString, *geom.Polygon, a
	// Multi* of one of these or a *geom.GeometryCollection for a mixed
	// MultiGeometry, in lon/lat degrees. It is nil for a Placemark without
	// geometry and when Err is set.
	Geometry geom.T
	// Err reports why the Placemark's geometry could not be decoded.
	Err error
}

type xmlPlacemark struct {
	ID           string `xml:"id,attr"`
	Name         string `xml:"name"`
	Description  string `xml:"description"`
	ExtendedData struct {
		Data []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value"`
		} `xml:"Data"`
		SchemaData []struct {
			SimpleData []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:",chardata"`
			} `xml:"SimpleData"`
		} `xml:"SchemaData"`
	} `xml:"ExtendedData"`
	xmlGeometries
}

type xmlGeometries struct {
	Points   []xmlCoordinates `xml:"Point"`
	Lines    []xmlCoordinates `xml:"LineString"`
	Rings    []xmlCoordinates `xml:"LinearRing"`
	Polygons []xmlPolygon     `xml:"Polygon"`
	Multi    []xmlGeometries  `xml:"MultiGeometry"`
}

type xmlCoordinates struct {
	Coordinates string `xml:"coordinates"`
}

type xmlPolygon struct {
	Outer []xmlCoordinates `xml:"outerBoundaryIs>LinearRing"`
	Inner []xmlCoordinates `xml:"innerBoundaryIs>LinearRing"`
}

// Read decodes every Placemark in a KML document. A Placemark whose
// geometry is invalid gets [Placemark.Err] and the others are still read;
// malformed XML fails the whole read.
func Read(r io.Reader) ([]Placemark, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charsetReader
	var placemarks []Placemark
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return placemarks, nil
		}
		if err != nil {
			return nil, fmt.Errorf("kml: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "Placemark" {
			continue
		}
		var x xmlPlacemark
		if err := dec.DecodeElement(&x, &start); err != nil {
			return nil, fmt.Errorf("kml: placemark %d: %w", len(placemarks), err)
		}
		placemarks = append(placemarks, convert(len(placemarks), &x))
	}
}

// charsetReader decodes documents that declare an encoding other than
// UTF-8, such as encoding="GBK", with the WHATWG encoding of that label.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("encoding %q is not supported: %w", label, err)
	}
	return enc.NewDecoder().Reader(input), nil
}

// convert builds a Placemark from its XML form.
func convert(index int, x *xmlPlacemark) Placemark {
	p := Placemark{Index: index, ID: x.ID, Name: strings.TrimSpace(x.Name),
		Description: strings.TrimSpace(x.Description)}
	for _, d := range x.ExtendedData.Data {
		p.setData(d.Name, d.Value)
	}
	for _, s := range x.ExtendedData.SchemaData {
		for _, d := range s.SimpleData {
			p.setData(d.Name, d.Value)
		}
	}
	var parts []geom.T
	err := collect(&x.xmlGeometries, &parts)
	if err == nil && len(parts) > 0 {
		p.Geometry, err = combine(parts)
	}
	if err != nil {
		p.Geometry = nil
		p.Err = fmt.Errorf("kml: placemark %d (%s): %w", index, p.label(), err)
	}
	return p
}

func (p *Placemark) setData(name, value string) {
	if p.Data == nil {
		p.Data = make(map[string]string)
	}
	p.Data[name] = strings.TrimSpace(value)
}

// label names the Placemark in errors by id, else by name.
func (p *Placemark) label() string {
	switch {
	case p.ID != "":
		return "id " + strconv.Quote(p.ID)
	case p.Name != "":
		return "name " + strconv.Quote(p.Name)
	}
	return "no name"
}

// collect appends the geometries of g, flattening MultiGeometry.
func collect(g *xmlGeometries, parts *[]geom.T) error {
	for _, c := range g.Points {
		tuples, err := parseCoordinates(c.Coordinates)
		if err != nil {
			return fmt.Errorf("<Point>: %w", err)
		}
		if len(tuples) != 1 {
			return fmt.Errorf("<Point> has %d coordinate tuples, want 1", len(tuples))
		}
		layout := layoutOf(tuples)
		*parts = append(*parts, geom.NewPointFlat(layout, flatten(tuples, layout)))
	}
	for _, c := range g.Lines {
		tuples, err := parseCoordinates(c.Coordinates)
		if err != nil {
			return fmt.Errorf("<LineString>: %w", err)
		}
		layout := layoutOf(tuples)
		*parts = append(*parts, geom.NewLineStringFlat(layout, flatten(tuples, layout)))
	}
	for _, c := range g.Rings {
		p, err := polygon([]xmlCoordinates{c}, nil)
		if err != nil {
			return err
		}
		*parts = append(*parts, p)
	}
	for _, x := range g.Polygons {
		p, err := polygon(x.Outer, x.Inner)
		if err != nil {
			return err
		}
		*parts = append(*parts, p)
	}
	for i := range g.Multi {
		if err := collect(&g.Multi[i], parts); err != nil {
			return err
		}
	}
	return nil
}

// polygon builds a polygon from its outer and inner rings.
func polygon(outer, inner []xmlCoordinates) (*geom.Polygon, error) {
	if len(outer) != 1 {
		return nil, fmt.Errorf("<Polygon> has %d <outerBoundaryIs> rings, want 1", len(outer))
	}
	rings := append([]xmlCoordinates{outer[0]}, inner...)
	var all [][]float64
	ringTuples := make([][][]float64, len(rings))
	for i, r := range rings {
		tuples, err := parseCoordinates(r.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("<Polygon> ring %d: %w", i, err)
		}
		ringTuples[i] = tuples
		all = append(all, tuples...)
	}
	layout := layoutOf(all)
	var flat []float64
	ends := make([]int, len(rings))
	for i, tuples := range ringTuples {
		flat = append(flat, flatten(tuples, layout)...)
		ends[i] = len(flat)
	}
	return geom.NewPolygonFlat(layout, flat, ends), nil
}

// layoutOf returns XYZ when every tuple has an altitude, else XY.
func layoutOf(tuples [][]float64) geom.Layout {
	for _, t := range tuples {
		if len(t) != 3 {
			return geom.XY
		}
	}
	return geom.XYZ
}

// flatten returns the tuples as flat coordinates of layout.
func flatten(tuples [][]float64, layout geom.Layout) []float64 {
	stride := layout.Stride()
	flat := make([]float64, 0, len(tuples)*stride)
	for _, t := range tuples {
		flat = append(flat, t[:stride]...)
	}
	return flat
}

// parseCoordinates parses a KML coordinates string into tuples.
func parseCoordinates(s string) ([][]float64, error) {
	fields := splitTuples(s)
	if len(fields) == 0 {
		return nil, errors.New("coordinates are empty")
	}
	tuples := make([][]float64, len(fields))
	for i, f := range fields {
		v, err := parseTuple(f)
		if err != nil {
			return nil, fmt.Errorf("tuple %d %q: %w", i, f, err)
		}
		tuples[i] = v
	}
	return tuples, nil
}

// splitTuples splits on white space, rejoining tuples written with a
// space after a comma ("87.6, 43.8").
func splitTuples(s string) []string {
	var tuples []string
	for _, f := range strings.Fields(s) {
		if n := len(tuples); n > 0 && (strings.HasSuffix(tuples[n-1], ",") || strings.HasPrefix(f, ",")) {
			tuples[n-1] += f
			continue
		}
		tuples = append(tuples, f)
	}
	return tuples
}

// parseTuple parses "lon,lat[,alt]" and checks the ranges.
func parseTuple(t string) ([]float64, error) {
	parts := strings.Split(t, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, errors.New("want lon,lat or lon,lat,alt")
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("value %q is not a finite number", p)
		}
		v[i] = f
	}
	if v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90 {
		return nil, fmt.Errorf("lon %g, lat %g outside -180..180, -90..90", v[0], v[1])
	}
	return v, nil
}

// combine returns one part as is and several as the matching Multi type,
// or a GeometryCollection when their kinds or layouts differ.
func combine(parts []geom.T) (geom.T, error) {
	if len(parts) == 1 {
		return parts[0], nil
	}
	if multi := combineSame(parts); multi != nil {
		return multi, nil
	}
	gc := geom.NewGeometryCollection()
	if err := gc.Push(parts...); err != nil {
		return nil, fmt.Errorf("<MultiGeometry>: %w", err)
	}
	return gc, nil
}

// combineSame returns a Multi geometry when all parts share type and
// layout, else nil.
func combineSame(parts []geom.T) geom.T {
	layout := parts[0].Layout()
	for _, p := range parts {
		if p.Layout() != layout {
			return nil
		}
	}
	switch parts[0].(type) {
	case *geom.Polygon:
		mp := geom.NewMultiPolygon(layout)
		for _, p := range parts {
			poly, ok := p.(*geom.Polygon)
			if !ok || mp.Push(poly) != nil {
				return nil
			}
		}
		return mp
	case *geom.LineString:
		ml := geom.NewMultiLineString(layout)
		for _, p := range parts {
			line, ok := p.(*geom.LineString)
			if !ok || ml.Push(line) != nil {
				return nil
			}
		}
		return ml
	case *geom.Point:
		mp := geom.NewMultiPoint(layout)
		for _, p := range parts {
			point, ok := p.(*geom.Point)
			if !ok || mp.Push(point) != nil {
				return nil
			}
		}
		return mp
	}
	return nil
}
