package bcd

// Wildcard is the byte that stands for a pair of digits in a wildcard meter
// address of DL/T 645-2007 and CJ/T 188-2004 (缩位寻址). Wildcard bytes may
// only replace the most significant bytes of an address.
const Wildcard = 0xAA

// ParseAddress fills dst, least significant byte first, from s, which holds
// 2*len(dst) characters with the most significant digit first, as printed
// on a nameplate. A pair "AA" or "aa" becomes [Wildcard]. It returns the
// index in dst of the first byte whose pair is neither two digits nor AA, or
// -1. It does not check where the wildcards stand: see [BadAddressByte].
func ParseAddress(dst []byte, s string) int {
	last := 2*len(dst) - 2
	for i := range dst {
		hi, lo := s[last-2*i], s[last-2*i+1]
		switch {
		case (hi == 'A' && lo == 'A') || (hi == 'a' && lo == 'a'):
			dst[i] = Wildcard
		case isDigit(hi) && isDigit(lo):
			dst[i] = (hi-'0')<<4 | (lo - '0')
		default:
			return i
		}
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// AppendAddress appends the printed form of a, most significant digit first,
// to dst. Nibbles above 9 print as hex letters, so a wildcard byte prints as
// "AA".
func AppendAddress(dst, a []byte) []byte {
	const digits = "0123456789ABCDEF"
	for i := len(a) - 1; i >= 0; i-- {
		dst = append(dst, digits[a[i]>>4], digits[a[i]&0x0F])
	}
	return dst
}

// MatchAddress reports whether a meter whose address is meter is addressed by a
// request to a: the bytes below the first [Wildcard] of a, counted from the
// least significant, equal the meter's. a and meter have the same length.
func MatchAddress(a, meter []byte) bool {
	for i, c := range a {
		if c == Wildcard {
			return true
		}
		if c != meter[i] {
			return false
		}
	}
	return true
}

// BadAddressByte returns the index of the first byte of a, from the most
// significant, that is neither BCD nor part of the run of [Wildcard] bytes
// at the high end, or -1 when a is a valid plain or wildcard address.
func BadAddressByte(a []byte) int {
	i := len(a) - 1
	for i >= 0 && a[i] == Wildcard {
		i--
	}
	for ; i >= 0; i-- {
		if !Valid(a[i]) {
			return i
		}
	}
	return -1
}
