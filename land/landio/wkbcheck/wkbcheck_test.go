package wkbcheck

import (
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
)

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestScan(t *testing.T) {
	point := geom.NewPointFlat(geom.XY, []float64{87.6, 43.8}).SetSRID(4490)
	withSRID, err := ewkb.Marshal(point, binary.LittleEndian)
	require.NoError(t, err)

	tests := []struct {
		name     string
		data     []byte
		wantLen  int
		wantEWKB bool
		wantSRID int
	}{
		{"wkb point", mustHex(t, "0101000000000000000000f03f0000000000000040"), 21, false, 0},
		{"wkb point then more", mustHex(t, "0101000000000000000000f03f000000000000004001"), 21, false, 0},
		{"iso point z", mustHex(t, "01e9030000"+
			"000000000000f03f00000000000000400000000000000840"), 29, false, 0},
		{"ewkb srid", withSRID, 25, true, 4490},
		{"empty collection", mustHex(t, "010700000000000000"), 9, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := Scan(tt.data)
			require.NoError(t, err)
			assert.Equal(t, tt.wantLen, info.Len)
			assert.Equal(t, tt.wantEWKB, info.EWKB)
			assert.Equal(t, tt.wantSRID, info.SRID)
		})
	}
}

func TestScanRejects(t *testing.T) {
	deep := []byte{}
	for range MaxDepth + 2 {
		deep = append(deep, mustHex(t, "010700000001000000")...)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "input ends inside"},
		{"huge line count", mustHex(t, "0102000000ffffffff"), "input ends inside"},
		{"huge ring count", mustHex(t, "0103000000ffffff7f"), "input ends inside"},
		{"huge member count", mustHex(t, "0106000000ffffff7f"), "input ends inside"},
		{"byte order", []byte{2}, "byte order 2"},
		{"type", mustHex(t, "0108000000"), "geometry type 8"},
		{"iso 4000", mustHex(t, "01a10f0000"), "geometry type 4001"},
		{"mixed", mustHex(t, "01e9030080"), "mixes EWKB flags and ISO codes"},
		{"deep", deep, "nested deeper than 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Scan(tt.data)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestDecodeNaNPointIsEmpty(t *testing.T) {
	// GDAL writes an empty point as two quiet NaNs 0x7ff8000000000000.
	g, _, err := Decode(mustHex(t, "0101000000000000000000f87f000000000000f87f"))
	require.NoError(t, err)
	assert.True(t, g.Empty())
}

// FuzzScan checks that Scan and Decode never panic and that a decoded
// geometry's length fits the input.
func FuzzScan(f *testing.F) {
	f.Add(mustHex(f, "0101000000000000000000f03f0000000000000040"))
	f.Add(mustHex(f, "01e9030000000000000000f03f00000000000000400000000000000840"))
	f.Add(mustHex(f, "0107000000010000000103000000010000000400000000000000000000000000000000000000"+
		"000000000000f03f0000000000000000000000000000f03f000000000000f03f0000000000000000"+
		"0000000000000000"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, info, err := Decode(data)
		if err != nil {
			return
		}
		if info.Len > len(data) || g == nil {
			t.Fatalf("length %d for %d bytes, geometry %v", info.Len, len(data), g)
		}
	})
}
