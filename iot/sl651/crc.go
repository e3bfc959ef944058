package sl651

// crcTables are the slicing-by-16 tables of CRC-16/MODBUS: polynomial
// x¹⁶+x¹⁵+x²+1 (0x8005, reflected 0xA001), initial value 0xFFFF, no final
// XOR, as SL 651-2014 appendix H describes it. crcTables[0] is the usual
// byte table; crcTables[k] advances a byte through k more zero bytes. The
// 16 tables take 8 KiB, which fits the level-1 data cache of current
// x86-64 and arm64 cores (32 KiB or more).
var crcTables = func() (t [16][256]uint16) {
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
	for k := 1; k < len(t); k++ {
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
	return crcUpdate(0xFFFF, p, &crcTables)
}

// crcUpdate continues the CRC c over p, 16 bytes per step, then 8 and 4. It takes the
// tables as a parameter so that their address stays in a register instead
// of being loaded for every lookup.
//
//go:noinline
func crcUpdate(c uint16, p []byte, t *[16][256]uint16) uint16 {
	for len(p) >= 16 {
		q := p[:16:16]
		c ^= uint16(q[0]) | uint16(q[1])<<8
		c = t[15][byte(c)] ^ t[14][c>>8] ^ t[13][q[2]] ^ t[12][q[3]] ^
			t[11][q[4]] ^ t[10][q[5]] ^ t[9][q[6]] ^ t[8][q[7]] ^
			t[7][q[8]] ^ t[6][q[9]] ^ t[5][q[10]] ^ t[4][q[11]] ^
			t[3][q[12]] ^ t[2][q[13]] ^ t[1][q[14]] ^ t[0][q[15]]
		p = p[16:]
	}
	if len(p) >= 8 {
		q := p[:8:8]
		c ^= uint16(q[0]) | uint16(q[1])<<8
		c = t[7][byte(c)] ^ t[6][c>>8] ^ t[5][q[2]] ^ t[4][q[3]] ^
			t[3][q[4]] ^ t[2][q[5]] ^ t[1][q[6]] ^ t[0][q[7]]
		p = p[8:]
	}
	if len(p) >= 4 {
		q := p[:4:4]
		c ^= uint16(q[0]) | uint16(q[1])<<8
		c = t[3][byte(c)] ^ t[2][c>>8] ^ t[1][q[2]] ^ t[0][q[3]]
		p = p[4:]
	}
	for _, b := range p {
		c = c>>8 ^ t[0][byte(c)^b]
	}
	return c
}
