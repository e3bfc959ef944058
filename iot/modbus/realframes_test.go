package modbus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/internal/framestest"
	"github.com/shuxiang/shuxiang/iot/modbus"
)

// publicRows returns the Modbus rows of the public frames table beside the
// module. It skips the test when the table is missing, or fails it when
// CI=true.
func publicRows(tb testing.TB) []framestest.Row {
	tb.Helper()
	rows, err := readPublicRows(tb)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("read the public frames table: %v", err)
		}
		tb.Skipf("public frames table not available: %v", err)
	}
	return rows
}

func readPublicRows(tb testing.TB) ([]framestest.Row, error) {
	path := filepath.Join(framestest.ModuleRoot(tb), "..", "shared", "testdata", "water-frames.tsv")
	return framestest.Read(path, "Modbus")
}

// publicWant is what one row decodes to, written out from its expected
// column, or how it is rejected.
type publicWant struct {
	dir      modbus.Direction
	address  uint16
	quantity uint16
	floats   []float32 // float32 values of a reply, ABCD order
	payload  bool      // a bare register payload, not a frame
	crcGot   string    // set for a frame rejected for its CRC
	crcWant  string
}

var publicWants = map[string]publicWant{
	"010300010005D409":                   {dir: modbus.Request, address: 1, quantity: 5},
	"01030A41A0000000001541B0000097B8":   {crcGot: "97 B8", crcWant: "F9 BC"},
	"01030009000615CA":                   {dir: modbus.Request, address: 9, quantity: 6},
	"01030C41F0000042200000424800005CCA": {dir: modbus.Reply, quantity: 6, floats: []float32{30, 40, 50}},
	"806B4212":                           {payload: true},
}

func TestPublicFrames(t *testing.T) {
	seen := 0
	for _, row := range publicRows(t) {
		seen++
		t.Run(row.Hex, func(t *testing.T) {
			w, ok := publicWants[row.Hex]
			require.True(t, ok, "no expectation for the row from %s", row.Source)
			b := mustHex(t, row.Hex)
			if w.payload {
				checkPayload(t, b)
				return
			}
			marked := strings.Contains(row.Expected, "expected result=reject")
			assert.Equal(t, marked, w.crcGot != "", "the table marks this row rejected: %v", marked)

			var f modbus.Frame
			err := f.Decode(b, modbus.Unknown)
			if w.crcGot != "" {
				require.ErrorIs(t, err, modbus.ErrCRC)
				var fe *modbus.FrameError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, "crc", fe.Field)
				assert.Equal(t, w.crcGot, fe.Got)
				assert.Contains(t, fe.Want, w.crcWant)
				assert.Contains(t, err.Error(), w.crcWant)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, uint8(1), f.Unit)
			assert.Equal(t, modbus.ReadHoldingRegisters, f.Function)
			assert.Equal(t, w.dir, f.Direction)
			assert.Equal(t, w.address, f.Address)
			assert.Equal(t, w.quantity, f.Quantity)
			var floats []float32
			for i := 0; i+4 <= len(f.Data()); i += 4 {
				floats = append(floats, modbus.ABCD.Float32(f.Data()[i:]))
			}
			assert.Equal(t, w.floats, floats)
		})
	}
	assert.Equal(t, len(publicWants), seen, "Modbus rows of the table")
}

// checkPayload checks the register payload row: a float32 that a flow meter
// sends in CDAB order, 36.625 °C to three decimals.
func checkPayload(t *testing.T, b []byte) {
	require.Len(t, b, 4)
	assert.InDelta(t, 36.625, modbus.CDAB.Float32(b), 0.0005)
	assert.InDelta(t, -9.85e-39, modbus.ABCD.Float32(b), 0.01e-39, "read as ABCD")
}

func TestPublicFramesInStream(t *testing.T) {
	var data []byte
	var want [][]byte
	for _, row := range publicRows(t) {
		b := mustHex(t, row.Hex)
		data = append(data, b...)
		if w := publicWants[row.Hex]; !w.payload && w.crcGot == "" {
			want = append(want, b)
		}
	}
	got, _ := split(modbus.Protocol{}, data, 3)
	assert.Equal(t, want, got)
}
