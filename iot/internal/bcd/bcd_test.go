package bcd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

func TestByteValue(t *testing.T) {
	for v := range uint8(100) {
		b := bcd.Byte(v)
		got, ok := bcd.Value(b)
		assert.True(t, ok, "byte %#02x", b)
		assert.Equal(t, v, got)
	}
	assert.Equal(t, byte(0x59), bcd.Byte(59))
	_, ok := bcd.Value(0x0E)
	assert.False(t, ok)
	_, ok = bcd.Value(0xA0)
	assert.False(t, ok)
}

func TestUint(t *testing.T) {
	tests := []struct {
		name   string
		in     []byte
		want   uint64
		wantOK bool
	}{
		{"empty", nil, 0, true},
		{"two bytes", []byte{0x12, 0x34}, 1234, true},
		{"max length", []byte{0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, 999_999_999_999_999_999, true},
		{"too long", make([]byte, 10), 0, false},
		{"bad nibble", []byte{0x12, 0x3E}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := bcd.Uint(tt.in)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestUintLE(t *testing.T) {
	got, ok := bcd.UintLE([]byte{0x06, 0x00, 0x00, 0x00})
	assert.True(t, ok)
	assert.Equal(t, uint64(6), got)

	got, ok = bcd.UintLE([]byte{0x14, 0x01, 0x00, 0x31, 0x82, 0x21})
	assert.True(t, ok)
	assert.Equal(t, uint64(218231000114), got)

	_, ok = bcd.UintLE([]byte{0x00, 0x00, 0x0E, 0x00})
	assert.False(t, ok)
}

func TestPutUint(t *testing.T) {
	dst := make([]byte, 3)
	assert.True(t, bcd.PutUint(dst, 12345))
	assert.Equal(t, []byte{0x01, 0x23, 0x45}, dst)
	assert.True(t, bcd.PutUintLE(dst, 12345))
	assert.Equal(t, []byte{0x45, 0x23, 0x01}, dst)
	assert.False(t, bcd.PutUint(dst, 1_000_000))
	assert.False(t, bcd.PutUintLE(dst, 1_000_000))
}

func TestBadByte(t *testing.T) {
	assert.Equal(t, -1, bcd.BadByte([]byte{0x00, 0x99}))
	assert.Equal(t, 1, bcd.BadByte([]byte{0x00, 0x9A}))
}

func FuzzUint(f *testing.F) {
	f.Add([]byte{0x12, 0x34})
	f.Add([]byte{0x0E})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) <= 8 {
			var x uint64
			for i := len(b) - 1; i >= 0; i-- {
				x = x<<8 | uint64(b[i])
			}
			if got, want := bcd.ValidWord(x, len(b)), bcd.BadByte(b) < 0; got != want {
				t.Fatalf("ValidWord(% X) = %v, want %v", b, got, want)
			}
		}
		v, ok := bcd.UintLE(b)
		if !ok {
			return
		}
		again := make([]byte, len(b))
		if !bcd.PutUintLE(again, v) {
			t.Fatalf("PutUintLE(%d) into %d bytes failed", v, len(b))
		}
		assert.Equal(t, b, again)
	})
}

func TestValidWord(t *testing.T) {
	for v := range 256 {
		b := byte(v)
		want := bcd.Valid(b)
		for n := 1; n <= 8; n++ {
			for pos := range n {
				x := uint64(0x99) * 0x0101010101010101 // all bytes valid
				x &^= 0xFF << (8 * pos)
				x |= uint64(b) << (8 * pos)
				assert.Equal(t, want, bcd.ValidWord(x, n), "byte %#02x at %d of %d", b, pos, n)
			}
		}
	}
	assert.True(t, bcd.ValidWord(0xFFFF_0000_0000_0000, 6), "bytes past n are ignored")
}
