package cjt188_test

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
)

type frameRow struct {
	protocol, hex, expected, source string
}

// readFramesFile reads the public frames file beside the module. It skips
// the test when the file is missing, unless CI=true.
func readFramesFile(t *testing.T) []frameRow {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "go.mod not found above the test directory")
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "testdata", "water-frames.tsv")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("frames file %s is missing", path)
		}
		t.Skipf("frames file %s is missing", path)
	}
	require.NoError(t, err)
	defer f.Close()

	var rows []frameRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 || cols[0] == "protocol" {
			continue
		}
		rows = append(rows, frameRow{cols[0], cols[1], cols[2], cols[3]})
	}
	require.NoError(t, sc.Err())
	return rows
}

type want struct {
	meterType cjt188.MeterType
	address   string
	control   cjt188.Control
	di        cjt188.DI
	swapped   bool
	seq       uint8
	flow      string
	settle    string
	noTime    bool
	err       error
	field     string
}

var realFrames = map[string]want{
	"6810120000000000000103901F003D16":         {meterType: 0x10, address: "00000000000012", control: 0x01, di: 0x901F},
	"FEFEFEFE68AAAAAAAAAAAAAAAA0303810A004916": {meterType: 0xAA, address: "AAAAAAAAAAAAAA", control: 0x03, di: 0x810A},
	"FEFEFE6810120000000000008303810A009B16":   {meterType: 0x10, address: "00000000000012", control: 0x83, di: 0x810A},
	"FEFEFE6810120000000000008116901F00100010002C100010002C000000000000000000FF6716": {
		err: cjt188.ErrLength, field: "length"},
	"FEFE6810454110051533788116901FAA005959002CFFFFFFFF2CFFFFFFFFFFFFFF0000C216": {
		meterType: 0x10, address: "78331505104145", control: 0x81, di: 0x901F, seq: 0xAA,
		flow: "5959.00 m³", settle: "absent", noTime: true},
	"FEFE68108967452301337883030A81A73416": {meterType: 0x10, address: "78330123456789", control: 0x83,
		di: 0x810A, swapped: true, seq: 0xA7},
	"FEFEFEFE68104433221100337881161F9000007766552C007766552C3101221105152021840816": {
		err: cjt188.ErrChecksum, field: "checksum"},
}

func TestRealFrames(t *testing.T) {
	seen := 0
	for _, row := range readFramesFile(t) {
		if row.protocol != "CJ/T 188" {
			continue
		}
		seen++
		t.Run(row.hex, func(t *testing.T) {
			w, ok := realFrames[row.hex]
			require.True(t, ok, "no expectation for the row from %s", row.source)
			marked := strings.Contains(row.expected, "expected result=reject")
			assert.Equal(t, marked, w.err != nil, "the file marks this row rejected: %v", marked)

			b, err := hex.DecodeString(row.hex)
			require.NoError(t, err)
			var m cjt188.Message
			err = m.UnmarshalBinary(b)
			if w.err != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, w.err)
				var fe *cjt188.FieldError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, w.field, fe.Field)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, w.meterType, m.Type)
			assert.Equal(t, w.address, m.Address.String())
			assert.Equal(t, w.control, m.Control)
			assert.Equal(t, w.di, m.DI)
			assert.Equal(t, w.swapped, m.Swapped)
			assert.Equal(t, w.seq, m.Seq)
			if w.flow != "" {
				assert.Equal(t, w.flow, m.Reading.Flow.String())
				assert.Equal(t, w.settle, m.Reading.SettlementFlow.String())
				assert.Equal(t, w.noTime, m.Reading.TimeAbsent)
				assert.Equal(t, cjt188.ValveOpen, m.Status.Valve())
			}
		})
	}
	assert.Equal(t, len(realFrames), seen, "rows of the file")
}
