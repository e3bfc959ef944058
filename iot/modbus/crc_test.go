package modbus_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// bitwiseCRC computes CRC-16/MODBUS one bit at a time, as the Modbus over
// Serial Line specification V1.02 describes it.
func bitwiseCRC(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc ^= uint16(c)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

func TestCRCTable(t *testing.T) {
	for i := range 256 {
		b := []byte{byte(i)}
		assert.Equal(t, bitwiseCRC(b), modbus.CRC(b), "byte 0x%02X", i)
	}
	long := make([]byte, 300)
	for i := range long {
		long[i] = byte(i*7 + 3)
	}
	for n := range len(long) {
		assert.Equal(t, bitwiseCRC(long[:n]), modbus.CRC(long[:n]), "%d bytes", n)
	}
}

func TestCRC(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want uint16
	}{
		{"empty", nil, 0xFFFF},
		{"check value", []byte("123456789"), 0x4B37}, // the catalogued check value of CRC-16/MODBUS
		{"read request", mustHex(t, "010300010005"), 0x09D4},
		{"spec example", mustHex(t, "1103006B0003"), 0x8776},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, modbus.CRC(tt.in))
		})
	}
}

func TestUpdateCRCInPieces(t *testing.T) {
	b := []byte("123456789")
	for i := range b {
		assert.Equal(t, uint16(0x4B37), modbus.UpdateCRC(modbus.UpdateCRC(0xFFFF, b[:i]), b[i:]), "split at %d", i)
	}
}

func TestAppendCRCLowByteFirst(t *testing.T) {
	got := modbus.AppendCRC(mustHex(t, "010300010005"))
	assert.Equal(t, mustHex(t, "010300010005D409"), got)
}
