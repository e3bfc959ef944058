package metering

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSVParse(t *testing.T) {
	tests := []struct {
		name  string
		scale int
		in    string
		want  []Reading
	}{
		{"two places", 2, "1,1717200000,1234.56\n", []Reading{{Meter: 1, Time: 1717200000, Value: 123456}}},
		{"one place padded", 2, "7,5,3.5\n", []Reading{{Meter: 7, Time: 5, Value: 350}}},
		{"no point", 3, "7,5,3\n", []Reading{{Meter: 7, Time: 5, Value: 3000}}},
		{"negative", 2, "7,5,-0.01\n", []Reading{{Meter: 7, Time: 5, Value: -1}}},
		{"crlf", 0, "1,2,3\r\n4,5,6\r\n", []Reading{{Meter: 1, Time: 2, Value: 3}, {Meter: 4, Time: 5, Value: 6}}},
		{"last line without newline", 0, "1,2,3\n4,5,6", []Reading{{Meter: 1, Time: 2, Value: 3}, {Meter: 4, Time: 5, Value: 6}}},
		{"largest meter id", 0, "4294967295,1,1\n", []Reading{{Meter: 4294967295, Time: 1, Value: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := CSVParser{Scale: tt.scale}
			got, n, err := p.Parse(nil, []byte(tt.in), true)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.in), n)
		})
	}
}

func TestCSVParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		column   int
	}{
		{"after blank lines", "1,2,3\n\n\r\nx,1,1\n", 4, 1},
		{"spaces only", "1,2,3\n \n", 2, 1},
		{"letter in id", "x,2,3\n", 1, 1},
		{"meter id too large", "4294967296,1,1\n", 1, 11},
		{"missing field", "1,2\n", 1, 4},
		{"too many places", "1,2,3.456\n", 1, 10},
		{"point without places", "1,2,3.\n", 1, 7},
		{"extra field", "1,2,3,4\n", 1, 6},
		{"quoted", "\"1\",2,3\n", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := CSVParser{Scale: 2}
			_, _, err := p.Parse(nil, []byte(tt.in), true)
			var ce *CSVError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.line, ce.Line, "line")
			assert.Equal(t, tt.column, ce.Column, "column")
		})
	}
}

func TestCSVParseBlankLines(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []Reading
		blank int
	}{
		{"between lines", "1,2,3\n\n4,5,6\n", []Reading{{Meter: 1, Time: 2, Value: 3}, {Meter: 4, Time: 5, Value: 6}}, 1},
		{"crlf", "\r\n1,2,3\r\n\r\n", []Reading{{Meter: 1, Time: 2, Value: 3}}, 2},
		{"trailing", "1,2,3\n\n\n", []Reading{{Meter: 1, Time: 2, Value: 3}}, 2},
		{"final carriage return", "1,2,3\n\r", []Reading{{Meter: 1, Time: 2, Value: 3}}, 1},
		{"only blank", "\n\n", nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := CSVParser{}
			got, n, err := p.Parse(nil, []byte(tt.in), true)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.in), n, "bytes consumed")
			assert.Equal(t, tt.blank, p.BlankLines(), "blank lines")
		})
	}

	t.Run("carriage return at a chunk end", func(t *testing.T) {
		p := CSVParser{}
		got, n, err := p.Parse(nil, []byte("1,2,3\n\r"), false)
		require.NoError(t, err)
		assert.Len(t, got, 1)
		assert.Equal(t, 6, n, "bytes consumed before the incomplete line")
		assert.Zero(t, p.BlankLines(), "blank lines before the line is complete")
	})
}

// TestCSVParseChunks feeds a file in chunks cut anywhere, as a reader would.
func TestCSVParseChunks(t *testing.T) {
	rs := genReadings(50, 40, 9, 0.01, 0.01)
	var file bytes.Buffer
	file.WriteString("well_id,unix_ts,kwh_total\n")
	for _, r := range rs {
		fmt.Fprintf(&file, "%d,%d,%d.%02d\n", r.Meter, r.Time, r.Value/100, r.Value%100)
	}
	data := file.Bytes()
	for _, chunk := range []int{1, 7, 64, 4096} {
		p := CSVParser{Scale: 2, Header: true}
		var got []Reading
		var pending []byte
		for off := 0; off < len(data); off += chunk {
			pending = append(pending, data[off:min(off+chunk, len(data))]...)
			var n int
			var err error
			got, n, err = p.Parse(got, pending, off+chunk >= len(data))
			require.NoError(t, err)
			pending = append(pending[:0], pending[n:]...)
		}
		assert.Equal(t, rs, got, "chunk %d", chunk)
	}
}

func TestCSVParseAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	data := []byte("1,1717200000,1234.56\n2,1717200001,99.9\n")
	buf := make([]Reading, 0, 4)
	p := CSVParser{Scale: 2}
	allocs := testing.AllocsPerRun(100, func() {
		buf, _, _ = p.Parse(buf[:0], data, true)
	})
	assert.Zero(t, allocs)
}

func FuzzCSVParse(f *testing.F) {
	f.Add([]byte("well_id,unix_ts,kwh_total\n1,1717200000,1234.56\n2,1717200300,0.5\r\n"), 2)
	f.Add([]byte("1,2,3"), 0)
	f.Add([]byte("4294967295,999999999999999999,-99999999999999.99\n"), 2)
	f.Fuzz(func(t *testing.T, data []byte, scale int) {
		p := CSVParser{Scale: scale % 18, Header: len(data) > 0 && data[0] == 'w'}
		got, n, err := p.Parse(nil, data, true)
		require.LessOrEqual(t, n, len(data))
		if err != nil {
			return
		}
		require.Equal(t, len(data), n)
		// Every reading prints back to a line that parses to the same reading.
		for _, r := range got {
			line := strconv.FormatUint(uint64(r.Meter), 10) + "," + strconv.FormatInt(r.Time, 10) + "," + strconv.FormatInt(r.Value, 10) + "\n"
			again, _, err := (&CSVParser{}).Parse(nil, []byte(line), true)
			require.NoError(t, err, "line %q", line)
			require.Equal(t, []Reading{r}, again)
		}
	})
}

func TestEightDigits(t *testing.T) {
	for _, n := range []uint64{0, 1, 12345678, 99999999, 17172000, 10000000, 90909090} {
		text := fmt.Sprintf("%08d", n)
		got, ok := eightDigits(binary.LittleEndian.Uint64([]byte(text)))
		assert.True(t, ok, text)
		assert.Equal(t, n, got, text)
	}
	for _, text := range []string{"1234567a", "/1234567", "12:45678", "1234 678", "\xff2345678"} {
		_, ok := eightDigits(binary.LittleEndian.Uint64([]byte(text)))
		assert.False(t, ok, "%q", text)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 10000 {
		n := rng.Uint64N(1e10)
		line := fmt.Sprintf("3,%010d,1\n", n)
		got, _, err := (&CSVParser{}).Parse(nil, []byte(line), true)
		require.NoError(t, err)
		require.Equal(t, int64(n), got[0].Time, line)
	}
}
