package shapefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/twpayne/go-geom"
)

// Encode writes the layer as shapefile bytes: .shp, .shx, a .dbf in UTF-8
// with a .cpg saying so, and a .prj when l.CRS.WKT is set. Polygon rings
// are written in the ESRI orientation (outer rings clockwise, holes
// counter-clockwise) whatever their orientation in the geometry. Records
// keep their order. Nil and empty geometries, typed nil pointers
// included, are written as Null shapes. Z and M
// values come from the geometry layout and default to 0 and "no data".
func (l *Layer) Encode() (Files, error) {
	if _, ok := shapeTypeNames[l.ShapeType]; !ok || l.ShapeType == MultiPatch || l.ShapeType == Null {
		return Files{}, fmt.Errorf("shapefile: encode %s: shape type %v is not supported", l.Name, l.ShapeType)
	}

	shp := &bytes.Buffer{}
	shp.Write(make([]byte, headerLen))
	shx := &bytes.Buffer{}
	shx.Write(make([]byte, headerLen))
	var box bounds
	for i, r := range l.Records {
		content, err := encodeShape(r.Geometry, l.ShapeType, &box)
		if err != nil {
			return Files{}, fmt.Errorf("shapefile: encode %s.shp: record %d: %w", l.Name, i+1, err)
		}
		binary.Write(shx, binary.BigEndian, [2]int32{int32(shp.Len() / 2), int32(len(content) / 2)})
		binary.Write(shp, binary.BigEndian, [2]int32{int32(i + 1), int32(len(content) / 2)})
		shp.Write(content)
	}

	files := Files{SHP: shp.Bytes(), SHX: shx.Bytes(), CPG: []byte("UTF-8")}
	writeMainHeader(files.SHP, l.ShapeType, box)
	writeMainHeader(files.SHX, l.ShapeType, box)
	modified := l.Modified
	if modified.IsZero() {
		modified = time.Now()
	}
	dbf, err := encodeDBF(l.Fields, l.Records, modified)
	if err != nil {
		return Files{}, fmt.Errorf("shapefile: encode %s.dbf: %w", l.Name, err)
	}
	files.DBF = dbf
	if l.CRS.WKT != "" {
		files.PRJ = []byte(l.CRS.WKT)
	}
	return files, nil
}

// bounds accumulates the x/y bounding box of the written shapes.
type bounds struct {
	minX, minY, maxX, maxY float64
	set                    bool
}

func (b *bounds) add(x, y float64) {
	if !b.set {
		*b = bounds{x, y, x, y, true}
		return
	}
	b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
	b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
}

func writeMainHeader(data []byte, t ShapeType, box bounds) {
	binary.BigEndian.PutUint32(data[0:], fileCode)
	binary.BigEndian.PutUint32(data[24:], uint32(len(data)/2))
	binary.LittleEndian.PutUint32(data[28:], version)
	binary.LittleEndian.PutUint32(data[32:], uint32(t))
	for i, v := range []float64{box.minX, box.minY, box.maxX, box.maxY} {
		binary.LittleEndian.PutUint64(data[36+8*i:], math.Float64bits(v))
	}
}

// encodeShape returns the content of one record.
func encodeShape(g geom.T, t ShapeType, box *bounds) ([]byte, error) {
	w := &bytes.Buffer{}
	if _, ok := g.(*geom.GeometryCollection); ok {
		return nil, fmt.Errorf("geometry %T does not fit shape type %v", g, t)
	}
	if isNilOrEmpty(g) {
		binary.Write(w, binary.LittleEndian, int32(Null))
		return w.Bytes(), nil
	}
	// Work on a copy because polygon rings may be reversed.
	flat, stride := append([]float64(nil), g.FlatCoords()...), g.Stride()
	parts, err := shapeParts(g, t, flat)
	if err != nil {
		return nil, err
	}
	binary.Write(w, binary.LittleEndian, int32(t))
	if t.base() == Point {
		writePointValues(w, g.Layout(), flat, t, box)
		return w.Bytes(), nil
	}

	n := len(flat) / stride
	var local bounds
	for i := range n {
		local.add(flat[i*stride], flat[i*stride+1])
		box.add(flat[i*stride], flat[i*stride+1])
	}
	binary.Write(w, binary.LittleEndian, [4]float64{local.minX, local.minY, local.maxX, local.maxY})
	if t.base() != MultiPoint {
		binary.Write(w, binary.LittleEndian, int32(len(parts)))
	}
	binary.Write(w, binary.LittleEndian, int32(n))
	if t.base() != MultiPoint {
		for _, start := range parts {
			binary.Write(w, binary.LittleEndian, int32(start/stride))
		}
	}
	for i := range n {
		binary.Write(w, binary.LittleEndian, flat[i*stride:i*stride+2])
	}
	writeMeasures(w, g.Layout(), flat, t)
	return w.Bytes(), nil
}

// isNilOrEmpty reports whether g is nil, a typed nil pointer or a geometry
// without coordinates, all of which a shapefile stores as a Null shape.
func isNilOrEmpty(g geom.T) bool {
	switch g := g.(type) {
	case nil:
		return true
	case *geom.Point:
		return g == nil || g.Empty()
	case *geom.MultiPoint:
		return g == nil || g.Empty()
	case *geom.LineString:
		return g == nil || g.Empty()
	case *geom.MultiLineString:
		return g == nil || g.Empty()
	case *geom.Polygon:
		return g == nil || g.Empty()
	case *geom.MultiPolygon:
		return g == nil || g.Empty()
	}
	return false
}

// writePointValues writes x, y and the Z and M that t calls for.
func writePointValues(w *bytes.Buffer, layout geom.Layout, flat []float64, t ShapeType, box *bounds) {
	box.add(flat[0], flat[1])
	binary.Write(w, binary.LittleEndian, flat[:2])
	if t.hasZ() {
		binary.Write(w, binary.LittleEndian, coordinate(layout, flat, layout.ZIndex(), 0))
	}
	if t.hasM() {
		binary.Write(w, binary.LittleEndian, coordinate(layout, flat, layout.MIndex(), -1e39))
	}
}

// coordinate returns flat[index] or fallback when the layout lacks it.
func coordinate(layout geom.Layout, flat []float64, index int, fallback float64) float64 {
	if index < 0 || index >= layout.Stride() {
		return fallback
	}
	return flat[index]
}

// writeMeasures writes the Z and M ranges and arrays that t calls for.
func writeMeasures(w *bytes.Buffer, layout geom.Layout, flat []float64, t ShapeType) {
	stride := layout.Stride()
	n := len(flat) / stride
	write := func(index int, fallback float64) {
		values := make([]float64, n)
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range values {
			values[i] = coordinate(layout, flat[i*stride:], index, fallback)
			lo, hi = math.Min(lo, values[i]), math.Max(hi, values[i])
		}
		if n == 0 {
			lo, hi = fallback, fallback
		}
		binary.Write(w, binary.LittleEndian, [2]float64{lo, hi})
		binary.Write(w, binary.LittleEndian, values)
	}
	if t.hasZ() {
		write(layout.ZIndex(), 0)
	}
	if t.hasM() {
		write(layout.MIndex(), -1e39)
	}
}

// shapeParts checks that g suits t and returns the flat start offset of
// each part. It reorients the polygon rings in flat, a copy of the
// coordinates of g, to the ESRI rule.
func shapeParts(g geom.T, t ShapeType, flat []float64) ([]int, error) {
	switch g := g.(type) {
	case *geom.Point:
		if t.base() == Point {
			return nil, nil
		}
	case *geom.MultiPoint:
		if t.base() == MultiPoint {
			return nil, nil
		}
	case *geom.LineString:
		if t.base() == PolyLine {
			return []int{0}, nil
		}
	case *geom.MultiLineString:
		if t.base() == PolyLine {
			return append([]int{0}, g.Ends()[:len(g.Ends())-1]...), nil
		}
	case *geom.Polygon:
		if t.base() == Polygon {
			return orientPolygon(flat, 0, g.Ends(), g.Stride()), nil
		}
	case *geom.MultiPolygon:
		if t.base() == Polygon {
			var starts []int
			offset := 0
			for _, ends := range g.Endss() {
				starts = append(starts, orientPolygon(flat, offset, ends, g.Stride())...)
				if len(ends) > 0 {
					offset = ends[len(ends)-1]
				}
			}
			return starts, nil
		}
	}
	return nil, fmt.Errorf("geometry %T does not fit shape type %v", g, t)
}

// orientPolygon reverses rings so the first is clockwise and the others
// counter-clockwise, and returns the ring start offsets.
func orientPolygon(flat []float64, offset int, ends []int, stride int) []int {
	starts := make([]int, len(ends))
	start := offset
	for i, end := range ends {
		starts[i] = start
		r := flat[start:end]
		clockwise := signedArea(r, stride) < 0
		if clockwise != (i == 0) {
			reverseRing(r, stride)
		}
		start = end
	}
	return starts
}

func reverseRing(flat []float64, stride int) {
	n := len(flat) / stride
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		for k := range stride {
			flat[i*stride+k], flat[j*stride+k] = flat[j*stride+k], flat[i*stride+k]
		}
	}
}

// encodeDBF writes a dBASE III table of fields with one row per record.
func encodeDBF(fields []Field, records []Record, modified time.Time) ([]byte, error) {
	w := &bytes.Buffer{}
	rowSize := 1
	for _, f := range fields {
		rowSize += f.Length
	}
	headerSize := 32 + 32*len(fields) + 1
	w.Write([]byte{0x03, byte(modified.Year() - 1900), byte(modified.Month()), byte(modified.Day())})
	binary.Write(w, binary.LittleEndian, uint32(len(records)))
	binary.Write(w, binary.LittleEndian, [2]uint16{uint16(headerSize), uint16(rowSize)})
	w.Write(make([]byte, 20))
	for _, f := range fields {
		if len(f.Name) > 10 || f.Length < 1 || f.Length > 254 {
			return nil, fmt.Errorf("field %q: name over 10 bytes or length %d outside 1..254", f.Name, f.Length)
		}
		desc := make([]byte, 32)
		copy(desc, f.Name)
		desc[11], desc[16], desc[17] = f.Type, byte(f.Length), byte(f.Decimals)
		w.Write(desc)
	}
	w.WriteByte(0x0D)
	for i, r := range records {
		if err := encodeRow(w, fields, r); err != nil {
			return nil, fmt.Errorf("record %d: %w", i+1, err)
		}
	}
	w.WriteByte(0x1A)
	return w.Bytes(), nil
}

// encodeRow writes one row: the deletion flag and each cell padded.
func encodeRow(w *bytes.Buffer, fields []Field, r Record) error {
	if r.Deleted {
		w.WriteByte('*')
	} else {
		w.WriteByte(' ')
	}
	for _, f := range fields {
		text, err := formatCell(f, r.Attributes[f.Name])
		if err != nil {
			return fmt.Errorf("field %q: %w", f.Name, err)
		}
		if len(text) > f.Length {
			return fmt.Errorf("field %q: value %q is longer than %d bytes", f.Name, text, f.Length)
		}
		pad := bytes.Repeat([]byte{' '}, f.Length-len(text))
		if f.Type == 'N' || f.Type == 'F' {
			w.Write(pad)
			w.WriteString(text)
		} else {
			w.WriteString(text)
			w.Write(pad)
		}
	}
	return nil
}

// formatCell formats a value for field f; nil is a blank cell.
func formatCell(f Field, v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', f.Decimals, 64), nil
	case bool:
		if v {
			return "T", nil
		}
		return "F", nil
	case time.Time:
		return v.Format("20060102"), nil
	}
	return "", fmt.Errorf("value of type %T cannot be written", v)
}
