package sl651

// crcTables are the slicing-by-8 tables of CRC-16/MODBUS: polynomial
// x¹⁶+x¹⁵+x²+1 (0x8005, reflected 0xA001), initial value 0xFFFF, no final
// XOR, as SL 651-2014 appendix H describes it. crcTables[0] is the usual
// byte table; crcTables[k] advances a byte through k more zero bytes.
var crcTables = func() (t [8][256]uint16) {
	for i := range t[0] {
		c := uint16(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for k := 1; k < 8; k++ {
		for i := range t[k] {
			prev := t[k-1][i]
			t[k][i] = prev>>8 ^ t[0][byte(prev)]
		}
	}
	return t
}()

// CRC returns the CRC-16/MODBUS of p. An SL 651 frame carries the CRC of all
// bytes before it, high byte first (unlike Modbus RTU, which sends it low byte
// first).
func CRC(p []byte) uint16 {
	c := uint16(0xFFFF)
	t := &crcTables
	for len(p) >= 8 {
		c ^= uint16(p[0]) | uint16(p[1])<<8
		c = t[7][byte(c)] ^ t[6][c>>8] ^ t[5][p[2]] ^ t[4][p[3]] ^
			t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]]
		p = p[8:]
	}
	for _, b := range p {
		c = c>>8 ^ t[0][byte(c)^b]
	}
	return c
}
