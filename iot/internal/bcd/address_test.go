package bcd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []byte
		wantBad int
	}{
		{"digits", "218231000114", []byte{0x14, 0x01, 0x00, 0x31, 0x82, 0x21}, -1},
		{"wildcard", "AAaa31000114", []byte{0x14, 0x01, 0x00, 0x31, 0xAA, 0xAA}, -1},
		{"letter", "21823100011X", nil, 0},
		{"mixed case pair", "Aa8231000114", nil, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := make([]byte, 6)
			bad := bcd.ParseAddress(dst, tt.in)
			assert.Equal(t, tt.wantBad, bad)
			if tt.wantBad < 0 {
				assert.Equal(t, tt.want, dst)
			}
		})
	}
}

func TestAppendAddress(t *testing.T) {
	got := bcd.AppendAddress(nil, []byte{0x14, 0x01, 0x00, 0x31, 0xAA, 0xAA})
	assert.Equal(t, "AAAA31000114", string(got))
}

func TestMatchAddress(t *testing.T) {
	meter := []byte{0x14, 0x01, 0x00, 0x31}
	assert.True(t, bcd.MatchAddress([]byte{0x14, 0x01, 0x00, 0x31}, meter))
	assert.True(t, bcd.MatchAddress([]byte{0x14, 0x01, 0xAA, 0xAA}, meter))
	assert.True(t, bcd.MatchAddress([]byte{0xAA, 0xAA, 0xAA, 0xAA}, meter))
	assert.False(t, bcd.MatchAddress([]byte{0x15, 0x01, 0xAA, 0xAA}, meter))
}

func TestBadAddressByte(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"plain", []byte{0x14, 0x01, 0x99}, -1},
		{"wildcard high", []byte{0x14, 0xAA, 0xAA}, -1},
		{"all wildcard", []byte{0xAA, 0xAA, 0xAA}, -1},
		{"wildcard low", []byte{0xAA, 0x01, 0x99}, 0},
		{"bad nibble", []byte{0x14, 0x0B, 0xAA}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, bcd.BadAddressByte(tt.in))
		})
	}
}

func TestWordValue(t *testing.T) {
	tests := []struct {
		name string
		in   []byte // least significant byte first
		want uint64
	}{
		{"one byte", []byte{0x59}, 59},
		{"energy", []byte{0x69, 0x02, 0x00, 0x00}, 269},
		{"three bytes", []byte{0x56, 0x34, 0x12}, 123456},
		{"eight nines", []byte{0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99}, 9999999999999999},
		{"digits in every lane", []byte{0x01, 0x23, 0x45, 0x67, 0x89, 0x10, 0x32, 0x54}, 5432108967452301},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x uint64
			for i, c := range tt.in {
				x |= uint64(c) << (8 * i)
			}
			want, ok := bcd.UintLE(tt.in)
			assert.True(t, ok)
			assert.Equal(t, tt.want, want)
			if len(tt.in) < 8 {
				x |= 0xEE << (8 * len(tt.in)) // bytes above n must be ignored
			}
			assert.Equal(t, tt.want, bcd.WordValue(x, len(tt.in)))
		})
	}
}

func FuzzWordValue(f *testing.F) {
	f.Add(uint64(0x0000000000000269), 4)
	f.Fuzz(func(t *testing.T, x uint64, n int) {
		n = 1 + int(uint(n)%8)
		if !bcd.ValidWord(x, n) {
			return
		}
		var b [8]byte
		for i := range n {
			b[i] = byte(x >> (8 * i))
		}
		want, ok := bcd.UintLE(b[:n])
		if !ok {
			t.Fatalf("ValidWord accepted %#x but UintLE rejected it", x)
		}
		if got := bcd.WordValue(x, n); got != want {
			t.Fatalf("WordValue(%#x, %d) = %d, want %d", x, n, got, want)
		}
	})
}
