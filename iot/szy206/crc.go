package szy206

// crcTable is the byte table of the CRC-8 of SZY 206-2016: polynomial
// x⁷+x⁶+x⁵+x²+1 (0xE5, the x⁸ term implied), initial value 0, not
// reflected, no final XOR.
var crcTable = func() (t [256]byte) {
	for i := range t {
		c := byte(i)
		for range 8 {
			if c&0x80 != 0 {
				c = c<<1 ^ 0xE5
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

// CRC returns the CRC-8 of p. A frame carries the CRC of its user data
// region, from the control byte to the end of the time label.
func CRC(p []byte) byte {
	var c byte
	for _, b := range p {
		c = crcTable[c^b]
	}
	return c
}
