package modbus

// CRC returns the CRC-16/MODBUS of b: polynomial 0x8005 in reflected form
// (0xA001), initial value 0xFFFF, no final XOR, as the Modbus over Serial Line
// specification V1.02 defines it. A frame carries it low byte first, and
// [AppendCRC] appends it that way.
func CRC(b []byte) uint16 {
	return UpdateCRC(0xFFFF, b)
}

// UpdateCRC returns the CRC-16/MODBUS of the bytes whose CRC so far is crc
// followed by b, so a frame can be checked in pieces. Start with 0xFFFF.
func UpdateCRC(crc uint16, b []byte) uint16 {
	t := crcTables
	for len(b) >= 8 {
		crc ^= uint16(b[0]) | uint16(b[1])<<8
		crc = t[7][byte(crc)] ^ t[6][crc>>8] ^ t[5][b[2]] ^ t[4][b[3]] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
		b = b[8:]
	}
	for _, c := range b {
		crc = crc>>8 ^ t[0][byte(crc)^c]
	}
	return crc
}

// AppendCRC appends the CRC-16/MODBUS of b to b, low byte first, and returns
// the extended slice.
func AppendCRC(b []byte) []byte {
	crc := CRC(b)
	return append(b, byte(crc), byte(crc>>8))
}

// crcOK reports whether the last two bytes of b are the CRC of the rest,
// low byte first. b holds at least two bytes.
func crcOK(b []byte) bool {
	n := len(b) - 2
	crc := CRC(b[:n])
	return b[n] == byte(crc) && b[n+1] == byte(crc>>8)
}

// crcTables[k][i] is the CRC register after shifting the byte i and then k
// zero bytes through the reflected polynomial 0xA001, starting from 0.
// crcTables[0] is the classic byte table, and the others let [UpdateCRC]
// take eight bytes a step (slicing-by-8). TestCRCTable checks them bit by bit.
var crcTables = makeCRCTables()

func makeCRCTables() *[8][256]uint16 {
	t := new([8][256]uint16)
	for i := range 256 {
		crc := uint16(i)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for k := 1; k < 8; k++ {
		for i := range 256 {
			prev := t[k-1][i]
			t[k][i] = prev>>8 ^ t[0][byte(prev)]
		}
	}
	return t
}
