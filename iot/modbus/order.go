package modbus

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// ByteOrder is the order in which a device puts the bytes of a value wider
// than one register into consecutive registers. Each register goes on the
// wire high byte first, as the Modbus Application Protocol Specification
// V1.1b3 requires. The specification leaves values of two or
// four registers open, so devices differ in two ways. The registers may come
// lowest word first (word swap), and the two bytes within each register may
// be exchanged (byte swap).
//
// The names spell the bytes as they are sent, with A the most significant:
//
//	order  4 bytes  8 bytes   word swap  byte swap
//	ABCD   ABCD     ABCDEFGH  no         no         big-endian, the default
//	CDAB   CDAB     GHEFCDAB  yes        no
//	BADC   BADC     BADCFEHG  no         yes
//	DCBA   DCBA     HGFEDCBA  yes        yes        little-endian
//
// A 16-bit value follows the byte swap only. The zero value is ABCD. The
// methods that take a slice read or write its first 2, 4 or 8 bytes and
// panic when it is shorter, as encoding/binary does.
type ByteOrder uint8

const (
	wordSwap ByteOrder = 1 << iota
	byteSwap
)

// The four byte orders, with the names of their 8-byte forms.
const (
	ABCD ByteOrder = 0
	CDAB           = wordSwap
	BADC           = byteSwap
	DCBA           = wordSwap | byteSwap

	ABCDEFGH = ABCD
	GHEFCDAB = CDAB
	BADCFEHG = BADC
	HGFEDCBA = DCBA
)

var orderNames = [4][3]string{
	ABCD: {"AB", "ABCD", "ABCDEFGH"},
	CDAB: {"AB", "CDAB", "GHEFCDAB"},
	BADC: {"BA", "BADC", "BADCFEHG"},
	DCBA: {"BA", "DCBA", "HGFEDCBA"},
}

// String returns the 4-byte name of the order, such as "CDAB".
func (o ByteOrder) String() string { return o.Name(4) }

// Name returns the name of the order for values of size bytes: 2 ("AB" or
// "BA"), 4 ("CDAB") or 8 ("GHEFCDAB"). Other sizes get the 4-byte name.
func (o ByteOrder) Name(size int) string {
	if o > DCBA {
		return fmt.Sprintf("ByteOrder(%d)", uint8(o))
	}
	switch size {
	case 2:
		return orderNames[o][0]
	case 8:
		return orderNames[o][2]
	}
	return orderNames[o][1]
}

// byteOrderAliases maps the names other gateways and tools use, lowercased
// and without '-', '_', '.' and spaces, to the order. Names whose meaning
// differs between tools, such as "little-endian byte swap" (CDAB in some,
// BADC in others) or "middle-endian", are left out on purpose.
var byteOrderAliases = map[string]ByteOrder{
	"abcd": ABCD, "abcdefgh": ABCD, "ab": ABCD, "12": ABCD, "1234": ABCD, "12345678": ABCD,
	"big": ABCD, "bigendian": ABCD, "be": ABCD, "msbfirst": ABCD,
	"cdab": CDAB, "ghefcdab": CDAB, "3412": CDAB, "78563412": CDAB,
	"wordswap": CDAB, "swapwords": CDAB, "bigendianwordswap": CDAB, "bewordswap": CDAB,
	"badc": BADC, "badcfehg": BADC, "ba": BADC, "21": BADC, "2143": BADC, "21436587": BADC,
	"byteswap": BADC, "swapbytes": BADC, "bigendianbyteswap": BADC, "bebyteswap": BADC,
	"dcba": DCBA, "hgfedcba": DCBA, "4321": DCBA, "87654321": DCBA,
	"little": DCBA, "littleendian": DCBA, "le": DCBA, "lsbfirst": DCBA,
	"wordbyteswap": DCBA, "bytewordswap": DCBA, "swapwordsandbytes": DCBA, "swapbytesandwords": DCBA,
}

// ParseByteOrder returns the order that name means. It accepts the canonical
// names ABCD, CDAB, BADC and DCBA, their 8-byte forms such as GHEFCDAB, and
// AB and BA for 16-bit values. It also accepts the digit forms (1234, 3412,
// 2143, 4321, 12345678, 78563412, 21436587, 87654321), big-endian and
// little-endian (BE, LE), word-swap, byte-swap and word-byte-swap. Case, '-',
// '_', '.' and spaces are ignored.
func ParseByteOrder(name string) (ByteOrder, error) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', '.', ' ':
			return -1
		}
		return r
	}, strings.ToLower(name))
	if o, ok := byteOrderAliases[key]; ok {
		return o, nil
	}
	return 0, fmt.Errorf("modbus: unknown byte order %q, want ABCD, CDAB, BADC or DCBA "+
		"(or their 8-byte forms ABCDEFGH, GHEFCDAB, BADCFEHG, HGFEDCBA)", name)
}

// MarshalText returns the 4-byte name of the order.
func (o ByteOrder) MarshalText() ([]byte, error) {
	if o > DCBA {
		return nil, fmt.Errorf("modbus: invalid byte order %d", uint8(o))
	}
	return []byte(o.String()), nil
}

// UnmarshalText sets o to the order that text names, as [ParseByteOrder]
// reads it, so a configuration file can name it in any of those forms.
func (o *ByteOrder) UnmarshalText(text []byte) error {
	v, err := ParseByteOrder(string(text))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// swap16 applies the byte swap of o to the 16-bit value v.
func (o ByteOrder) swap16(v uint16) uint16 {
	if o&byteSwap != 0 {
		v = bits.ReverseBytes16(v)
	}
	return v
}

// swap32 applies o to v. It is its own inverse.
func (o ByteOrder) swap32(v uint32) uint32 {
	if o&byteSwap != 0 {
		v = v>>8&0x00FF00FF | v&0x00FF00FF<<8
	}
	if o&wordSwap != 0 {
		v = bits.RotateLeft32(v, 16)
	}
	return v
}

// swap64 applies o to v. It is its own inverse.
func (o ByteOrder) swap64(v uint64) uint64 {
	if o&byteSwap != 0 {
		v = v>>8&0x00FF00FF00FF00FF | v&0x00FF00FF00FF00FF<<8
	}
	if o&wordSwap != 0 {
		v = bits.RotateLeft64(v, 32)
		v = v>>16&0x0000FFFF0000FFFF | v&0x0000FFFF0000FFFF<<16
	}
	return v
}

// Uint16 decodes the register in b[:2].
func (o ByteOrder) Uint16(b []byte) uint16 { return o.swap16(binary.BigEndian.Uint16(b)) }

// Int16 decodes the register in b[:2] as two's complement.
func (o ByteOrder) Int16(b []byte) int16 { return int16(o.Uint16(b)) }

// Uint32 decodes the two registers in b[:4].
func (o ByteOrder) Uint32(b []byte) uint32 { return o.swap32(binary.BigEndian.Uint32(b)) }

// Int32 decodes the two registers in b[:4] as two's complement.
func (o ByteOrder) Int32(b []byte) int32 { return int32(o.Uint32(b)) }

// Uint64 decodes the four registers in b[:8].
func (o ByteOrder) Uint64(b []byte) uint64 { return o.swap64(binary.BigEndian.Uint64(b)) }

// Int64 decodes the four registers in b[:8] as two's complement.
func (o ByteOrder) Int64(b []byte) int64 { return int64(o.Uint64(b)) }

// Float32 decodes the two registers in b[:4] as an IEEE 754 binary32.
func (o ByteOrder) Float32(b []byte) float32 { return math.Float32frombits(o.Uint32(b)) }

// Float64 decodes the four registers in b[:8] as an IEEE 754 binary64.
func (o ByteOrder) Float64(b []byte) float64 { return math.Float64frombits(o.Uint64(b)) }

// PutUint16 encodes v into the register b[:2].
func (o ByteOrder) PutUint16(b []byte, v uint16) { binary.BigEndian.PutUint16(b, o.swap16(v)) }

// PutInt16 encodes v into the register b[:2].
func (o ByteOrder) PutInt16(b []byte, v int16) { o.PutUint16(b, uint16(v)) }

// PutUint32 encodes v into the two registers b[:4].
func (o ByteOrder) PutUint32(b []byte, v uint32) { binary.BigEndian.PutUint32(b, o.swap32(v)) }

// PutInt32 encodes v into the two registers b[:4].
func (o ByteOrder) PutInt32(b []byte, v int32) { o.PutUint32(b, uint32(v)) }

// PutUint64 encodes v into the four registers b[:8].
func (o ByteOrder) PutUint64(b []byte, v uint64) { binary.BigEndian.PutUint64(b, o.swap64(v)) }

// PutInt64 encodes v into the four registers b[:8].
func (o ByteOrder) PutInt64(b []byte, v int64) { o.PutUint64(b, uint64(v)) }

// PutFloat32 encodes v into the two registers b[:4]. The bits of v are kept
// as they are, NaN payloads included.
func (o ByteOrder) PutFloat32(b []byte, v float32) { o.PutUint32(b, math.Float32bits(v)) }

// PutFloat64 encodes v into the four registers b[:8]. The bits of v are kept
// as they are, NaN payloads included.
func (o ByteOrder) PutFloat64(b []byte, v float64) { o.PutUint64(b, math.Float64bits(v)) }
