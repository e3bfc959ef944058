package sl651

import "math/bits"

// Packed BCD helpers. SL 651-2014 sends BCD digits high nibble first and
// high byte first.

// bcdByte returns the two digits of b as a number 0..99, or false when a
// nibble is not a decimal digit.
func bcdByte(b byte) (int, bool) {
	hi, lo := b>>4, b&0x0F
	if hi > 9 || lo > 9 {
		return 0, false
	}
	return int(hi)*10 + int(lo), true
}

// toBCD returns n (0..99) as one packed BCD byte.
func toBCD(n int) byte {
	return byte(n/10<<4 | n%10)
}

// numberStatus is the outcome of decoding an element's data.
type numberStatus uint8

const (
	numberOK numberStatus = iota
	numberInvalid
	numberNotBCD
	numberTooLong
)

// maxDigits is the number of decimal digits that always fit an int64.
const maxDigits = 18

// decodeNumber decodes element data by the rules of SL 651-2014 6.6.3.3:
// packed BCD, all bytes FF for invalid data, and a first byte FF for a
// negative number whose digits follow (with a leading 0 nibble when their
// count is odd, the "FF0" prefix). It returns the value and the index of
// the first bad byte, or -1.
func decodeNumber(b []byte) (int64, numberStatus, int) {
	i := 0
	neg := len(b) > 0 && b[0] == 0xFF
	if neg {
		if allBytes(b, 0xFF) {
			return 0, numberInvalid, -1
		}
		i = 1
	}
	if len(b)-i > maxDigits/2 {
		// Only leading zero bytes may make a long field fit an int64.
		for i < len(b)-maxDigits/2 && b[i] == 0 {
			i++
		}
		if len(b)-i > maxDigits/2 {
			return 0, numberTooLong, i
		}
	}
	var v int64
	for ; i < len(b); i++ {
		d := bcdValue[b[i]]
		if d > 99 {
			return 0, numberNotBCD, i
		}
		v = v*100 + int64(d)
	}
	if neg {
		v = -v
	}
	return v, numberOK, -1
}

// bcdValue maps a packed BCD byte to its value 0 to 99, and other bytes to
// 0xFF.
var bcdValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
		if i>>4 <= 9 && i&0x0F <= 9 {
			t[i] = byte(i>>4*10 + i&0x0F)
		}
	}
	return t
}()

// appendNumber appends v as size bytes of element data, the inverse of
// decodeNumber: a negative number gets a first byte FF and size-1 bytes of
// digits. It reports false when v does not fit.
func appendNumber(dst []byte, v int64, size int) ([]byte, bool) {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
		dst = append(dst, 0xFF)
		size--
	}
	if size <= 0 && (u != 0 || !neg) {
		return dst, false
	}
	start := len(dst)
	for range size {
		dst = append(dst, 0)
	}
	for i := len(dst) - 1; i >= start; i-- {
		lo := u % 10
		u /= 10
		hi := u % 10
		u /= 10
		dst[i] = byte(hi<<4 | lo)
	}
	return dst, u == 0
}

// allBytes reports whether b is not empty and every byte equals c.
func allBytes(b []byte, c byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, x := range b {
		if x != c {
			return false
		}
	}
	return true
}

// bcdMasks[n] keeps the low n bytes of a 64-bit word.
var bcdMasks = [9]uint64{0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFF_FFFFFFFF,
	0xFFFF_FFFFFFFF, 0xFFFFFF_FFFFFFFF, 0xFFFFFFFF_FFFFFFFF}

// packedBCD returns the value of the 16 packed BCD digits in x, most
// significant nibble first, and reports whether every nibble is 0 to 9.
// It works on all digits at once (SWAR): adding 6 to a nibble carries into
// the next one exactly when the nibble is 10 to 15, and the digits are
// then joined pairwise into bytes, 16-bit, 32-bit and 64-bit lanes.
func packedBCD(x uint64) (uint64, bool) {
	const sixes = 0x6666666666666666
	sum, carry := bits.Add64(x, sixes, 0)
	if (sum^x^sixes)&0x1111111111111110 != 0 || carry != 0 {
		return 0, false
	}
	x = (x>>4&0x0F0F0F0F0F0F0F0F)*10 + x&0x0F0F0F0F0F0F0F0F
	x = (x>>8&0x00FF00FF00FF00FF)*100 + x&0x00FF00FF00FF00FF
	x = (x>>16&0x0000FFFF0000FFFF)*10000 + x&0x0000FFFF0000FFFF
	return (x>>32)*100000000 + x&0xFFFFFFFF, true
}

// packedBCD4 returns the value of the 8 packed BCD digits in x, most
// significant nibble first, and reports whether every nibble is 0 to 9.
// For 4 bytes, four lookups in bcdValue take fewer instructions than
// [packedBCD].
func packedBCD4(x uint32) (uint64, bool) {
	d0, d1 := bcdValue[byte(x>>24)], bcdValue[byte(x>>16)]
	d2, d3 := bcdValue[byte(x>>8)], bcdValue[byte(x)]
	v := uint64(d0)*1000000 + uint64(d1)*10000 + uint64(d2)*100 + uint64(d3)
	return v, d0|d1|d2|d3 < 0x80
}
