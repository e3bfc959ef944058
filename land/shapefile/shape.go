package shapefile

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
)

// noData is the bound below which an M value means "no data" (ESRI).
const noData = -1e38

// content is a cursor over the little-endian content of one record.
type content struct {
	data []byte
	pos  int
}

func (c *content) int32() (int, error) {
	if len(c.data)-c.pos < 4 {
		return 0, errTruncated
	}
	v := int32(binary.LittleEndian.Uint32(c.data[c.pos:]))
	c.pos += 4
	return int(v), nil
}

func (c *content) float64() (float64, error) {
	if len(c.data)-c.pos < 8 {
		return 0, errTruncated
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(c.data[c.pos:]))
	c.pos += 8
	return v, nil
}

func (c *content) skip(n int) error {
	if n < 0 || n > len(c.data)-c.pos {
		return errTruncated
	}
	c.pos += n
	return nil
}

// count reads a non-negative count whose items take size bytes each and
// checks that they fit in what is left.
func (c *content) count(what string, size int) (int, error) {
	n, err := c.int32()
	if err != nil {
		return 0, err
	}
	if n < 0 || n > (len(c.data)-c.pos)/size {
		return 0, fmt.Errorf("%s count %d does not fit the %d-byte record", what, n, len(c.data))
	}
	return n, nil
}

// decodeShape decodes the content of one record of a layer of type
// layerType. A Null shape yields a nil geometry.
func decodeShape(data []byte, layerType ShapeType) (geom.T, error) {
	c := &content{data: data}
	n, err := c.int32()
	if err != nil {
		return nil, err
	}
	t := ShapeType(n)
	if t == Null {
		return nil, nil
	}
	if t != layerType {
		return nil, fmt.Errorf("shape type %v, want %v as in the file header", t, layerType)
	}
	switch t.base() {
	case Point:
		return decodePoint(c, t)
	case MultiPoint:
		flat, layout, err := decodePoints(c, t, 0)
		if err != nil {
			return nil, err
		}
		return geom.NewMultiPointFlat(layout, flat), nil
	case PolyLine, Polygon:
		return decodeParts(c, t)
	default:
		return nil, fmt.Errorf("shape type %v is not supported", t)
	}
}

// decodePoint decodes x, y and the optional Z and M of a point record.
func decodePoint(c *content, t ShapeType) (geom.T, error) {
	values := make([]float64, 0, 4)
	for range 2 {
		v, err := c.float64()
		if err != nil {
			return nil, err
		}
		values = append(values, v)
	}
	layout := geom.XY
	if t.hasZ() {
		z, err := c.float64()
		if err != nil {
			return nil, err
		}
		values, layout = append(values, z), geom.XYZ
	}
	if t.hasM() && len(c.data)-c.pos >= 8 {
		m, _ := c.float64()
		if m > noData {
			values = append(values, m)
			layout = addM(layout)
		}
	}
	return geom.NewPointFlat(layout, values), nil
}

// addM returns the layout with an M value added.
func addM(layout geom.Layout) geom.Layout {
	if layout == geom.XYZ {
		return geom.XYZM
	}
	return geom.XYM
}

// decodePoints decodes the bounding box, point count and points of a
// MultiPoint record. For PolyLine and Polygon records decodeParts reads
// the box and counts itself and passes n.
func decodePoints(c *content, t ShapeType, n int) ([]float64, geom.Layout, error) {
	if t.base() == MultiPoint {
		if err := c.skip(32); err != nil {
			return nil, geom.NoLayout, err
		}
		var err error
		if n, err = c.count("point", 16); err != nil {
			return nil, geom.NoLayout, err
		}
	}
	xy := make([]float64, 2*n)
	for i := range xy {
		xy[i], _ = c.float64() // count has checked that the points fit
	}
	var z, m []float64
	var err error
	if t.hasZ() {
		if z, err = measures(c, n); err != nil {
			return nil, geom.NoLayout, fmt.Errorf("z values: %w", err)
		}
	}
	if t.hasM() && len(c.data)-c.pos >= 16+8*n {
		m, _ = measures(c, n)
		if allNoData(m) {
			m = nil
		}
	}
	return interleave(xy, z, m)
}

// measures reads a range and n values of Z or M.
func measures(c *content, n int) ([]float64, error) {
	if err := c.skip(16); err != nil {
		return nil, err
	}
	if n > (len(c.data)-c.pos)/8 {
		return nil, errTruncated
	}
	values := make([]float64, n)
	for i := range values {
		values[i], _ = c.float64()
	}
	return values, nil
}

func allNoData(m []float64) bool {
	for _, v := range m {
		if v > noData {
			return false
		}
	}
	return true
}

// interleave builds flat coordinates from separate x/y, z and m arrays.
func interleave(xy, z, m []float64) ([]float64, geom.Layout, error) {
	layout := geom.XY
	if z != nil {
		layout = geom.XYZ
	}
	if m != nil {
		layout = addM(layout)
	}
	if layout == geom.XY {
		return xy, layout, nil
	}
	n := len(xy) / 2
	flat := make([]float64, 0, n*layout.Stride())
	for i := range n {
		flat = append(flat, xy[2*i], xy[2*i+1])
		if z != nil {
			flat = append(flat, z[i])
		}
		if m != nil {
			flat = append(flat, m[i])
		}
	}
	return flat, layout, nil
}

// decodeParts decodes a PolyLine or Polygon record and its variants.
func decodeParts(c *content, t ShapeType) (geom.T, error) {
	if err := c.skip(32); err != nil {
		return nil, err
	}
	numParts, err := c.count("part", 4)
	if err != nil {
		return nil, err
	}
	numPoints, err := c.count("point", 16)
	if err != nil {
		return nil, err
	}
	if numParts*4 > len(c.data)-c.pos-16*numPoints {
		return nil, fmt.Errorf("%d parts and %d points do not fit the %d-byte record", numParts, numPoints, len(c.data))
	}

	ends, err := partEnds(c, numParts, numPoints)
	if err != nil {
		return nil, err
	}
	flat, layout, err := decodePoints(c, t, numPoints)
	if err != nil {
		return nil, err
	}

	stride := layout.Stride()
	for i := range ends {
		ends[i] *= stride
	}
	if t.base() == PolyLine {
		return lines(layout, flat, ends), nil
	}
	return assemblePolygon(layout, flat, ends), nil
}

// partEnds reads the part start indexes and returns each part's end index
// (in points), checking that starts begin at 0 and increase.
func partEnds(c *content, numParts, numPoints int) ([]int, error) {
	starts := make([]int, numParts)
	for i := range starts {
		starts[i], _ = c.int32() // decodeParts has checked that the parts fit
	}
	ends := make([]int, numParts)
	for i, start := range starts {
		end := numPoints
		if i+1 < numParts {
			end = starts[i+1]
		}
		if (i == 0 && start != 0) || start < 0 || end <= start || end > numPoints {
			return nil, fmt.Errorf("part %d starts at point %d: part starts must begin at 0 and increase "+
				"below the point count %d", i, start, numPoints)
		}
		ends[i] = end
	}
	return ends, nil
}

// lines returns one part as a LineString, several as a MultiLineString.
func lines(layout geom.Layout, flat []float64, ends []int) geom.T {
	if len(ends) == 1 {
		return geom.NewLineStringFlat(layout, flat)
	}
	return geom.NewMultiLineStringFlat(layout, flat, ends)
}
