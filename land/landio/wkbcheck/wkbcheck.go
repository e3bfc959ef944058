// Package wkbcheck decodes OGC well-known binary (WKB, including the ISO
// Z/M type codes 1001–3007) and PostGIS extended WKB (EWKB) with go-geom,
// after checking that every count in the input fits the bytes that follow.
//
// go-geom allocates a slice as large as a count read from the input
// before it reads the values, so four corrupt bytes can ask for tens of
// gigabytes. [Scan] walks the structure first and rejects such input.
// The functions are safe for concurrent use.
package wkbcheck

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/twpayne/go-geom/encoding/wkb"
	"github.com/twpayne/go-geom/encoding/wkbcommon"
)

// MaxDepth is the deepest nesting of collections that [Scan] accepts.
const MaxDepth = 32

// EWKB type flags.
const (
	flagZ    = 0x80000000
	flagM    = 0x40000000
	flagSRID = 0x20000000
)

// ErrTruncated reports input that ends inside a geometry.
var ErrTruncated = errors.New("wkb: input ends inside the geometry")

// Info describes one encoded geometry.
type Info struct {
	// Len is the length in bytes of the geometry, so that data[Len:]
	// starts the next one of a concatenated sequence.
	Len int
	// EWKB reports whether the type codes carry PostGIS flags.
	EWKB bool
	// SRID is the SRID of an EWKB geometry, 0 if none.
	SRID int
}

// Decode decodes the first geometry of data. Empty points, which WKB
// encodes as NaN coordinates (GeoPackage requirement 152), decode as empty.
func Decode(data []byte) (geom.T, Info, error) {
	info, err := Scan(data)
	if err != nil {
		return nil, info, err
	}
	var g geom.T
	if info.EWKB {
		g, err = ewkb.Unmarshal(data[:info.Len])
	} else {
		g, err = wkb.Unmarshal(data[:info.Len],
			wkbcommon.WKBOptionEmptyPointHandling(wkbcommon.EmptyPointHandlingNaN))
	}
	if err != nil {
		return nil, info, fmt.Errorf("wkb: %w", err)
	}
	if p, ok := g.(*geom.Point); ok && allNaN(p.FlatCoords()) {
		// go-geom only takes one NaN bit pattern for empty; writers use others.
		g = geom.NewPointEmpty(p.Layout())
	}
	return g, info, nil
}

func allNaN(values []float64) bool {
	for _, v := range values {
		if !math.IsNaN(v) {
			return false
		}
	}
	return len(values) > 0
}

// Scan checks the structure of the first geometry in data without
// decoding coordinates and returns its length, kind and SRID.
func Scan(data []byte) (Info, error) {
	s := scanner{data: data}
	err := s.geometry(0)
	return Info{Len: s.pos, EWKB: s.ewkb, SRID: s.srid}, err
}

type scanner struct {
	data []byte
	pos  int
	ewkb bool
	iso  bool
	srid int
}

func (s *scanner) remaining() int { return len(s.data) - s.pos }

func (s *scanner) skip(n uint64) error {
	if n > uint64(s.remaining()) {
		return ErrTruncated
	}
	s.pos += int(n)
	return nil
}

func (s *scanner) uint32(order binary.ByteOrder) (uint32, error) {
	if s.remaining() < 4 {
		return 0, ErrTruncated
	}
	v := order.Uint32(s.data[s.pos:])
	s.pos += 4
	return v, nil
}

// header reads the byte order and type of a geometry and returns the byte
// order, base type (1–7) and number of values per point.
func (s *scanner) header(depth int) (binary.ByteOrder, uint32, int, error) {
	if s.remaining() < 1 {
		return nil, 0, 0, ErrTruncated
	}
	var order binary.ByteOrder
	switch b := s.data[s.pos]; b {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return nil, 0, 0, fmt.Errorf("wkb: byte order %d at offset %d: want 0 (big endian) or 1 (little endian)", b, s.pos)
	}
	s.pos++

	at := s.pos
	typ, err := s.uint32(order)
	if err != nil {
		return nil, 0, 0, err
	}
	base, dims, err := s.decodeType(typ, at)
	if err != nil {
		return nil, 0, 0, err
	}
	if typ&flagSRID != 0 {
		srid, err := s.uint32(order)
		if err != nil {
			return nil, 0, 0, err
		}
		if depth == 0 {
			s.srid = int(int32(srid))
		}
	}
	return order, base, dims, nil
}

// decodeType splits a type code into base type and point dimension. It
// accepts EWKB flags or ISO codes but not a mix of the two in one input.
func (s *scanner) decodeType(typ uint32, at int) (uint32, int, error) {
	dims := 2
	if typ&(flagZ|flagM|flagSRID) != 0 {
		s.ewkb = true
		if typ&flagZ != 0 {
			dims++
		}
		if typ&flagM != 0 {
			dims++
		}
	}
	base := typ &^ (flagZ | flagM | flagSRID)
	if base >= 1000 {
		s.iso = true
		switch base / 1000 {
		case 1, 2:
			dims = 3
		case 3:
			dims = 4
		default:
			return 0, 0, fmt.Errorf("wkb: geometry type %d at offset %d is not supported", typ, at)
		}
		base %= 1000
	}
	if s.ewkb && s.iso {
		return 0, 0, fmt.Errorf("wkb: geometry type %d at offset %d mixes EWKB flags and ISO codes", typ, at)
	}
	if base < wkbcommon.PointID || base > wkbcommon.GeometryCollectionID {
		return 0, 0, fmt.Errorf("wkb: geometry type %d at offset %d is not supported: want 1 to 7", typ, at)
	}
	return base, dims, nil
}

// geometry checks one geometry and everything nested in it.
func (s *scanner) geometry(depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("wkb: collections nested deeper than %d", MaxDepth)
	}
	order, base, dims, err := s.header(depth)
	if err != nil {
		return err
	}
	point := uint64(8 * dims)
	switch base {
	case wkbcommon.PointID:
		return s.skip(point)
	case wkbcommon.LineStringID:
		return s.points(order, point)
	case wkbcommon.PolygonID:
		return s.rings(order, point)
	default:
		return s.members(order, depth)
	}
}

// points checks a count followed by that many points of size bytes each.
func (s *scanner) points(order binary.ByteOrder, size uint64) error {
	n, err := s.uint32(order)
	if err != nil {
		return err
	}
	return s.skip(uint64(n) * size)
}

// rings checks a polygon's ring count and rings.
func (s *scanner) rings(order binary.ByteOrder, size uint64) error {
	n, err := s.uint32(order)
	if err != nil {
		return err
	}
	if uint64(n)*4 > uint64(s.remaining()) {
		return ErrTruncated
	}
	for range n {
		if err := s.points(order, size); err != nil {
			return err
		}
	}
	return nil
}

// members checks the count and members of a multi-geometry or collection.
// Every member takes at least 5 bytes (byte order and type).
func (s *scanner) members(order binary.ByteOrder, depth int) error {
	n, err := s.uint32(order)
	if err != nil {
		return err
	}
	if uint64(n)*5 > uint64(s.remaining()) {
		return ErrTruncated
	}
	for range n {
		if err := s.geometry(depth + 1); err != nil {
			return err
		}
	}
	return nil
}
