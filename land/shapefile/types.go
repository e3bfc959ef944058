package shapefile

import (
	"fmt"
	"time"

	"github.com/twpayne/go-geom"
	"golang.org/x/text/encoding"
)

// ShapeType is the shape type code of a shapefile or one of its records.
type ShapeType int32

// Shape types of the ESRI specification.
const (
	Null        ShapeType = 0
	Point       ShapeType = 1
	PolyLine    ShapeType = 3
	Polygon     ShapeType = 5
	MultiPoint  ShapeType = 8
	PointZ      ShapeType = 11
	PolyLineZ   ShapeType = 13
	PolygonZ    ShapeType = 15
	MultiPointZ ShapeType = 18
	PointM      ShapeType = 21
	PolyLineM   ShapeType = 23
	PolygonM    ShapeType = 25
	MultiPointM ShapeType = 28
	MultiPatch  ShapeType = 31
)

var shapeTypeNames = map[ShapeType]string{
	Null: "Null", Point: "Point", PolyLine: "PolyLine", Polygon: "Polygon",
	MultiPoint: "MultiPoint", PointZ: "PointZ", PolyLineZ: "PolyLineZ",
	PolygonZ: "PolygonZ", MultiPointZ: "MultiPointZ", PointM: "PointM",
	PolyLineM: "PolyLineM", PolygonM: "PolygonM", MultiPointM: "MultiPointM",
	MultiPatch: "MultiPatch",
}

// String returns the ESRI name of t, such as "PolygonZ".
func (t ShapeType) String() string {
	if name, ok := shapeTypeNames[t]; ok {
		return name
	}
	return fmt.Sprintf("ShapeType(%d)", int32(t))
}

// base returns the plain 2D type of t: Polygon for PolygonZ and PolygonM.
func (t ShapeType) base() ShapeType {
	switch {
	case t > 20 && t < 30:
		return t - 20
	case t > 10 && t < 20:
		return t - 10
	}
	return t
}

// hasZ reports whether records of type t carry Z values.
func (t ShapeType) hasZ() bool { return t > 10 && t < 20 }

// hasM reports whether records of type t may carry M values.
func (t ShapeType) hasM() bool { return t > 10 && t < 30 }

// Files contains the bytes of one layer. SHP is required; the others may be
// nil. Without SHX the records are read in sequence, without DBF they have
// no attributes.
type Files struct {
	SHP, SHX, DBF, PRJ, CPG []byte
}

// Options sets how a layer is decoded. The zero value detects the code
// page as the package documentation describes.
type Options struct {
	// Encoding decodes the text of the .dbf, overriding .cpg and header.
	Encoding encoding.Encoding
}

// Layer is a decoded shapefile layer.
type Layer struct {
	// Name is the base name of the layer's files, such as "plots".
	Name string
	// ShapeType is the type given in the .shp header.
	ShapeType ShapeType
	// Bounds is the bounding box from the .shp header (min x, min y,
	// max x, max y) in file coordinates.
	Bounds [4]float64
	// Fields are the .dbf columns in file order, nil without a .dbf.
	Fields []Field
	// Records are the layer's records in file order.
	Records []Record
	// CRS is the coordinate reference system read from the .prj file.
	CRS CRS
	// Encoding names the code page used for the .dbf text, such as "GBK".
	Encoding string
	// Modified is the last-update date in the .dbf header, zero without a
	// .dbf. [Layer.Encode] writes it, or the current date when zero.
	Modified time.Time
}

// Field is a .dbf column.
type Field struct {
	Name     string // decoded with the layer's code page
	Type     byte   // dBASE type: 'C', 'N', 'F', 'L', 'D' or another letter
	Length   int    // width in bytes
	Decimals int    // digits after the decimal point, for 'N' and 'F'
}

// Record is one shape with its attributes.
type Record struct {
	// Number is the 1-based record number, the position in the file.
	Number int
	// Geometry is the shape in file coordinates: *geom.Point,
	// *geom.LineString, *geom.MultiLineString, *geom.Polygon,
	// *geom.MultiPolygon or *geom.MultiPoint. It is nil for a Null shape
	// and when Err is set.
	Geometry geom.T
	// Attributes maps field names to values. 'C' fields give a string,
	// 'N' and 'F' an int64 (without decimals) or a float64, 'L' a bool,
	// 'D' a time.Time in UTC, and other types their trimmed text. Blank
	// values are nil.
	Attributes map[string]any
	// Deleted reports whether the .dbf marks the record as deleted.
	Deleted bool
	// Err is non-nil, a *RecordError, when the record could not be decoded.
	Err error
}

// RecordError reports a record that could not be decoded.
type RecordError struct {
	File   string // file name, such as "plots.dbf"
	Record int    // 1-based record number
	Field  string // field name, empty for geometry faults
	Err    error
}

// Error implements error.
func (e *RecordError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("shapefile: %s: record %d: field %q: %v", e.File, e.Record, e.Field, e.Err)
	}
	return fmt.Sprintf("shapefile: %s: record %d: %v", e.File, e.Record, e.Err)
}

// Unwrap returns the fault.
func (e *RecordError) Unwrap() error { return e.Err }

// CRS is the coordinate reference system of a layer.
type CRS struct {
	// EPSG is the code recognised from the .prj, 0 when the layer has no
	// .prj or the .prj was not recognised (Err then gives the reason).
	EPSG int
	// Name is the name in the .prj WKT, such as "GCS_WGS_1984".
	Name string
	// WKT is the text of the .prj file.
	WKT string
	// Err reports why a .prj was not recognised, nil otherwise.
	Err error
}
