package outbox

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Record layout inside a segment file, all integers little-endian:
//
//	[0:4)   payload length in bytes (uint32)
//	[4:8)   CRC-32C (Castagnoli) of bytes [8:24+length)
//	[8:16)  sequence number (uint64)
//	[16:24) append time in Unix nanoseconds (int64)
//	[24:)   payload
const recordHeaderSize = 24

// MaxPayloadBytes is the largest payload a segment record can carry. The
// decoder rejects a larger length field as corrupt, so a garbage length never
// makes it allocate or read gigabytes.
const MaxPayloadBytes = 16 << 20

// segmentMagic opens every segment file and names the format version.
const segmentMagic = "SXOBSEG1"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var (
	// errShortRecord means the bytes end inside a record: a torn tail.
	errShortRecord = errors.New("outbox: record truncated")
	// errCorruptRecord means a length beyond MaxPayloadBytes or a CRC mismatch.
	errCorruptRecord = errors.New("outbox: record corrupt")
)

// appendRecord appends the encoded record to dst and returns the extended slice.
func appendRecord(dst []byte, seq uint64, unixNano int64, payload []byte) []byte {
	start := len(dst)
	var h [recordHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:4], uint32(len(payload)))
	binary.LittleEndian.PutUint64(h[8:16], seq)
	binary.LittleEndian.PutUint64(h[16:24], uint64(unixNano))
	dst = append(dst, h[:]...)
	dst = append(dst, payload...)
	sum := crc32.Checksum(dst[start+8:], castagnoli)
	binary.LittleEndian.PutUint32(dst[start+4:start+8], sum)
	return dst
}

// decodedRecord is one record read from a segment; payload aliases the input.
type decodedRecord struct {
	seq      uint64
	unixNano int64
	payload  []byte
}

// decodeRecord decodes the record at the start of b and returns it with its
// encoded size. It returns errShortRecord when b ends inside the record and
// errCorruptRecord when the length is out of range or the CRC does not match.
func decodeRecord(b []byte) (decodedRecord, int, error) {
	if len(b) < recordHeaderSize {
		return decodedRecord{}, 0, errShortRecord
	}
	n := binary.LittleEndian.Uint32(b[0:4])
	if n > MaxPayloadBytes {
		return decodedRecord{}, 0, errCorruptRecord
	}
	size := recordHeaderSize + int(n)
	if len(b) < size {
		return decodedRecord{}, 0, errShortRecord
	}
	want := binary.LittleEndian.Uint32(b[4:8])
	if crc32.Checksum(b[8:size], castagnoli) != want {
		return decodedRecord{}, 0, errCorruptRecord
	}
	rec := decodedRecord{
		seq:      binary.LittleEndian.Uint64(b[8:16]),
		unixNano: int64(binary.LittleEndian.Uint64(b[16:24])),
		payload:  b[recordHeaderSize:size:size],
	}
	return rec, size, nil
}
