package sl651

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
