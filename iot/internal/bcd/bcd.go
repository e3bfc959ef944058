// Package bcd converts packed binary-coded decimal, two decimal digits per
// byte with the tens digit in the high nibble, as used by DL/T 645, CJ/T 188,
// SZY 206 and SL 651. Functions report whether every nibble was a decimal
// digit, so that decoders can reject a frame instead of reading 0x0E as 14.
package bcd

// MaxBytes is the longest BCD number, in bytes, that fits a uint64 (18
// decimal digits).
const MaxBytes = 9

// Byte encodes v modulo 100 as one BCD byte: Byte(59) is 0x59.
func Byte(v uint8) byte {
	v %= 100
	return v/10<<4 | v%10
}

// Value decodes one BCD byte and reports whether both nibbles were digits.
func Value(b byte) (uint8, bool) {
	hi, lo := b>>4, b&0x0F
	return hi*10 + lo, hi <= 9 && lo <= 9
}

// Valid reports whether both nibbles of b are decimal digits.
func Valid(b byte) bool {
	return b>>4 <= 9 && b&0x0F <= 9
}

// Uint decodes b with its most significant byte first. It reports false when
// a nibble is not a digit or b is longer than [MaxBytes].
func Uint(b []byte) (uint64, bool) {
	if len(b) > MaxBytes {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		d, ok := Value(c)
		if !ok {
			return 0, false
		}
		v = v*100 + uint64(d)
	}
	return v, true
}

// UintLE decodes b with its least significant byte first, the order of DL/T
// 645, CJ/T 188 and SZY 206. It reports false when a nibble is not a digit
// or b is longer than [MaxBytes].
func UintLE(b []byte) (uint64, bool) {
	if len(b) > MaxBytes {
		return 0, false
	}
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		d, ok := Value(b[i])
		if !ok {
			return 0, false
		}
		v = v*100 + uint64(d)
	}
	return v, true
}

// PutUint encodes v into all of dst, most significant byte first, and
// reports false, leaving dst partly written, when v needs more digits than
// dst holds.
func PutUint(dst []byte, v uint64) bool {
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = Byte(uint8(v % 100))
		v /= 100
	}
	return v == 0
}

// PutUintLE encodes v into all of dst, least significant byte first, and
// reports false, leaving dst partly written, when v needs more digits than
// dst holds.
func PutUintLE(dst []byte, v uint64) bool {
	for i := range dst {
		dst[i] = Byte(uint8(v % 100))
		v /= 100
	}
	return v == 0
}

// BadByte returns the index of the first byte of b with a nibble that is not
// a decimal digit, or -1 when every nibble is a digit.
func BadByte(b []byte) int {
	for i, c := range b {
		if !Valid(c) {
			return i
		}
	}
	return -1
}

// nibbles is 0x0F in every byte of a uint64.
const nibbles = 0x0F0F0F0F0F0F0F0F

// ValidWord reports whether every nibble of the first n bytes of x, n at most
// 8, is a decimal digit. It tests all nibbles at once, for hot paths that
// check addresses and registers of up to eight bytes.
func ValidWord(x uint64, n int) bool {
	mask := uint64(nibbles)
	if n < 8 {
		mask = nibbles & (1<<(8*n) - 1)
	}
	lo, hi := x&mask, x>>4&mask
	// A nibble above 9 carries into bit 4 of its byte when 6 is added.
	six := 0x0606060606060606 & mask
	return (lo+six)&(mask<<4) == 0 && (hi+six)&(mask<<4) == 0
}

// WordValue decodes the first n bytes of x, n at most 8, as a BCD number
// with its least significant byte in the low bits of x, the order of DL/T
// 645 and CJ/T 188 registers loaded little-endian. It does not check the
// digits: call [ValidWord] first. It converts all bytes at once, in three
// steps that merge neighbouring digit groups, for the hot decode paths.
func WordValue(x uint64, n int) uint64 {
	if n < 8 {
		x &= 1<<(8*n) - 1
	}
	// Each byte from two digits to 0-99.
	x = x>>4&nibbles*10 + x&nibbles
	// Each 16-bit lane from two bytes to 0-9999.
	x = x>>8&0x00FF00FF00FF00FF*100 + x&0x00FF00FF00FF00FF
	// Each 32-bit lane from two 16-bit lanes to 0-99999999.
	x = x>>16&0x0000FFFF0000FFFF*10000 + x&0x0000FFFF0000FFFF
	return x>>32*100000000 + x&0xFFFFFFFF
}
