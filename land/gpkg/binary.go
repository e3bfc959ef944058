package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/shuxiang/shuxiang/land/landio/wkbcheck"
	"github.com/twpayne/go-geom"
)

// EnvelopeKind is the envelope indicator of a GeoPackageBinary header: the
// coordinates its envelope covers.
type EnvelopeKind int

// Envelope kinds, with the number of float64 values each stores.
const (
	EnvelopeNone EnvelopeKind = 0 // no envelope
	EnvelopeXY   EnvelopeKind = 1 // minx, maxx, miny, maxy
	EnvelopeXYZ  EnvelopeKind = 2 // and minz, maxz
	EnvelopeXYM  EnvelopeKind = 3 // and minm, maxm
	EnvelopeXYZM EnvelopeKind = 4 // and minz, maxz, minm, maxm
)

// values returns the number of float64 values in an envelope of kind k.
func (k EnvelopeKind) values() int {
	return [...]int{0, 4, 6, 6, 8}[k]
}

// Header is the decoded header of a GeoPackageBinary geometry.
type Header struct {
	// Version is the binary format version; 0 means version 1, the only
	// one defined by GeoPackage 1.0 to 1.4.
	Version byte
	// Empty reports whether the flags mark the geometry as empty.
	Empty bool
	// ByteOrder is the byte order of the header's srs_id and envelope.
	ByteOrder binary.ByteOrder
	// SRSID is the srs_id of the geometry, a key of gpkg_spatial_ref_sys.
	SRSID int32
	// Envelope is the envelope kind and Bounds its values in the order
	// minx, maxx, miny, maxy, then the z and m ranges of the kind.
	Envelope EnvelopeKind
	Bounds   []float64
	// Len is the header size in bytes; the WKB starts at blob[Len:].
	Len int
}

// Errors of [DecodeHeader] that callers may test for.
var (
	ErrNotGeoPackageBinary = errors.New("gpkg: geometry does not start with the magic \"GP\"")
	ErrExtended            = errors.New("gpkg: extended GeoPackageBinary geometries are not supported")
)

// DecodeHeader decodes the GeoPackageBinary header at the start of blob.
func DecodeHeader(blob []byte) (Header, error) {
	if len(blob) < 8 {
		return Header{}, fmt.Errorf("gpkg: geometry of %d bytes is shorter than the 8-byte header", len(blob))
	}
	if blob[0] != 'G' || blob[1] != 'P' {
		return Header{}, ErrNotGeoPackageBinary
	}
	h := Header{Version: blob[2]}
	if h.Version != 0 {
		return Header{}, fmt.Errorf("gpkg: binary version %d is not supported: want 0 (version 1)", h.Version)
	}
	flags := blob[3]
	if flags&0xC0 != 0 {
		return Header{}, fmt.Errorf("gpkg: reserved flag bits set in flags 0x%02x", flags)
	}
	if flags&0x20 != 0 {
		return Header{}, ErrExtended
	}
	h.Empty = flags&0x10 != 0
	h.Envelope = EnvelopeKind(flags >> 1 & 0x07)
	if h.Envelope > EnvelopeXYZM {
		return Header{}, fmt.Errorf("gpkg: envelope indicator %d is invalid: want 0 to 4", h.Envelope)
	}
	h.ByteOrder = binary.ByteOrder(binary.BigEndian)
	if flags&0x01 != 0 {
		h.ByteOrder = binary.LittleEndian
	}
	h.SRSID = int32(h.ByteOrder.Uint32(blob[4:]))

	n := h.Envelope.values()
	h.Len = 8 + 8*n
	if len(blob) < h.Len {
		return Header{}, fmt.Errorf("gpkg: geometry of %d bytes is shorter than its %d-byte header", len(blob), h.Len)
	}
	if n > 0 {
		h.Bounds = make([]float64, n)
		for i := range h.Bounds {
			h.Bounds[i] = math.Float64frombits(h.ByteOrder.Uint64(blob[8+8*i:]))
		}
	}
	return h, nil
}

// DecodeGeometry decodes a GeoPackageBinary geometry: the header, then
// the WKB that follows it. Bytes after the WKB are an error.
func DecodeGeometry(blob []byte) (geom.T, Header, error) {
	h, err := DecodeHeader(blob)
	if err != nil {
		return nil, h, err
	}
	g, info, err := wkbcheck.Decode(blob[h.Len:])
	if err != nil {
		return nil, h, fmt.Errorf("gpkg: %w", err)
	}
	if rest := len(blob) - h.Len - info.Len; rest != 0 {
		return nil, h, fmt.Errorf("gpkg: %d bytes after the geometry", rest)
	}
	return g, h, nil
}
