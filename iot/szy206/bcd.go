package szy206

// Packed BCD helpers. SZY 206-2016 sends multi-byte numbers low byte first,
// each byte high nibble first.

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
func toBCD(n int) byte { return byte(n/10<<4 | n%10) }

// SignRule is the way a signed number marks its sign in the high nibble of
// its most significant (last) byte.
type SignRule uint8

// Sign rules.
const (
	// SignNibbleF marks a negative number with the nibble F in place of the
	// most significant digit, as SL/T 427-2021 encoders in the field do.
	SignNibbleF SignRule = iota
	// SignBit7 marks a negative number with bit 7 of the most significant
	// byte, leaving 3 bits for the most significant digit (0 to 7).
	SignBit7
)

// numberStatus is the outcome of decoding a number.
type numberStatus uint8

const (
	numberOK numberStatus = iota
	numberNoData
	numberNotBCD
)

// decodeLE decodes a little-endian packed BCD number. All bytes AA mean no
// data. A signed number marks its sign by rule. It returns the index of the
// first bad byte, or -1.
func decodeLE(b []byte, signed bool, rule SignRule) (int64, numberStatus, int) {
	if allBytes(b, 0xAA) {
		return 0, numberNoData, -1
	}
	neg := false
	var v int64
	for i := len(b) - 1; i >= 0; i-- {
		c := b[i]
		hi, lo := c>>4, c&0x0F
		if signed && i == len(b)-1 {
			switch {
			case rule == SignNibbleF && hi == 0xF:
				neg, hi = true, 0
			case rule == SignBit7 && hi&0x8 != 0:
				neg, hi = true, hi&0x7
			}
		}
		if hi > 9 || lo > 9 {
			return 0, numberNotBCD, i
		}
		v = v*100 + int64(hi)*10 + int64(lo)
	}
	if neg {
		v = -v
	}
	return v, numberOK, -1
}

// appendLE appends v as size bytes of little-endian packed BCD, marking a
// negative value by rule. It reports false when v does not fit.
func appendLE(dst []byte, v int64, size int, signed bool, rule SignRule) ([]byte, bool) {
	neg := v < 0
	if neg && !signed {
		return dst, false
	}
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	start := len(dst)
	for range size {
		lo := u % 10
		u /= 10
		hi := u % 10
		u /= 10
		dst = append(dst, byte(hi<<4|lo))
	}
	if u != 0 {
		return dst, false
	}
	top := &dst[start+size-1]
	if signed {
		limit := byte(0x9)
		if rule == SignBit7 {
			limit = 0x7
		}
		if neg && rule == SignNibbleF {
			limit = 0
		}
		if *top>>4 > limit {
			return dst, false
		}
	}
	if neg {
		switch rule {
		case SignNibbleF:
			*top |= 0xF0
		case SignBit7:
			*top |= 0x80
		}
	}
	return dst, true
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
