package shapefile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

const (
	headerLen    = 100  // bytes of the .shp and .shx main header
	fileCode     = 9994 // big-endian int32 at offset 0
	version      = 1000 // little-endian int32 at offset 28
	recordHeader = 8    // record number and content length, big-endian
)

var errTruncated = errors.New("content ends early")

// shpHeader is the main header of a .shp or .shx file.
type shpHeader struct {
	shapeType ShapeType
	bounds    [4]float64
}

// parseHeader checks the main header of a .shp or .shx file named name.
func parseHeader(name string, data []byte) (shpHeader, error) {
	if len(data) < headerLen {
		return shpHeader{}, fmt.Errorf("shapefile: %s: %d bytes is shorter than the %d-byte header", name, len(data), headerLen)
	}
	if code := int32(binary.BigEndian.Uint32(data)); code != fileCode {
		return shpHeader{}, fmt.Errorf("shapefile: %s: file code %d, want %d", name, code, fileCode)
	}
	if v := int32(binary.LittleEndian.Uint32(data[28:])); v != version {
		return shpHeader{}, fmt.Errorf("shapefile: %s: version %d, want %d", name, v, version)
	}
	h := shpHeader{shapeType: ShapeType(int32(binary.LittleEndian.Uint32(data[32:])))}
	if _, ok := shapeTypeNames[h.shapeType]; !ok || h.shapeType == MultiPatch {
		return shpHeader{}, fmt.Errorf("shapefile: %s: shape type %d is not supported: "+
			"want Null, Point, PolyLine, Polygon or MultiPoint in plain, Z or M form", name, h.shapeType)
	}
	for i := range h.bounds {
		h.bounds[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[36+8*i:]))
	}
	return h, nil
}

// span is the position of one record in the .shp file.
type span struct {
	offset int // byte offset of the record header
	length int // content length in bytes, after the record header
}

// indexFromSHX returns the record spans listed in a .shx file.
func indexFromSHX(name string, data []byte) ([]span, error) {
	if _, err := parseHeader(name, data); err != nil {
		return nil, err
	}
	entries := data[headerLen:]
	if len(entries)%8 != 0 {
		return nil, fmt.Errorf("shapefile: %s: index length %d is not a multiple of 8", name, len(entries))
	}
	spans := make([]span, len(entries)/8)
	for i := range spans {
		spans[i] = span{
			offset: 2 * int(binary.BigEndian.Uint32(entries[8*i:])),
			length: 2 * int(binary.BigEndian.Uint32(entries[8*i+4:])),
		}
	}
	return spans, nil
}

// indexFromSHP returns the record spans found by walking the .shp file
// from record to record. It stops at the first record header that does not
// fit in the file and reports it.
func indexFromSHP(name string, data []byte) ([]span, error) {
	var spans []span
	for off := headerLen; off < len(data); {
		if len(data)-off < recordHeader {
			return spans, fmt.Errorf("shapefile: %s: record %d: header at offset %d: %w", name, len(spans)+1, off, errTruncated)
		}
		length := 2 * int(binary.BigEndian.Uint32(data[off+4:]))
		if length > len(data)-off-recordHeader {
			return spans, fmt.Errorf("shapefile: %s: record %d: content length %d at offset %d: %w",
				name, len(spans)+1, length, off, errTruncated)
		}
		spans = append(spans, span{offset: off, length: length})
		off += recordHeader + length
	}
	return spans, nil
}

// recordContent returns the content of record number (1-based) at sp,
// checked against its record header.
func recordContent(data []byte, number int, sp span) ([]byte, error) {
	if sp.offset < headerLen || sp.offset > len(data)-recordHeader {
		return nil, fmt.Errorf("offset %d from the index lies outside the %d-byte .shp", sp.offset, len(data))
	}
	gotNumber := int(int32(binary.BigEndian.Uint32(data[sp.offset:])))
	gotLength := 2 * int(binary.BigEndian.Uint32(data[sp.offset+4:]))
	if gotNumber != number {
		return nil, fmt.Errorf("record header at offset %d has number %d, want %d", sp.offset, gotNumber, number)
	}
	if gotLength != sp.length {
		return nil, fmt.Errorf("record header gives content length %d bytes, the index %d", gotLength, sp.length)
	}
	start := sp.offset + recordHeader
	if sp.length > len(data)-start {
		return nil, fmt.Errorf("content length %d at offset %d: %w", sp.length, sp.offset, errTruncated)
	}
	return data[start : start+sp.length], nil
}
