package modbus_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/modbus"
)

// split feeds data to a new stream for p in pieces of chunk bytes and returns
// the frames found and the stream's counters.
func split(p modbus.Protocol, data []byte, chunk int) ([][]byte, frame.Stats) {
	s := frame.NewStream(p, 512)
	var out [][]byte
	for len(data) > 0 {
		piece := data[:min(chunk, len(data))]
		data = data[len(piece):]
		for len(piece) > 0 {
			n := s.Feed(piece)
			piece = piece[n:]
			for f, ok := s.Next(); ok; f, ok = s.Next() {
				out = append(out, bytes.Clone(f))
			}
		}
	}
	return out, s.Stats()
}

func TestProtocolFindsFrames(t *testing.T) {
	request := withCRC(t, "01 03 0001 0005")
	reply := withCRC(t, "01 03 0A 0001 0002 0003 0004 0005")
	exception := withCRC(t, "01 83 02")
	write := withCRC(t, "01 10 0001 0002 04 000A 0102")
	var data []byte
	data = append(data, 0x00, 0xFF, 0x55) // line noise
	data = append(data, request...)
	data = append(data, reply...)
	data = append(data, 0xAA)
	data = append(data, exception...)
	data = append(data, write...)
	data = append(data, request[:5]...) // a frame cut off by a reset
	want := [][]byte{request, reply, exception, write}

	whole, stats := split(modbus.Protocol{}, data, len(data))
	require.Equal(t, want, whole)
	assert.Equal(t, uint64(4), stats.Frames)
	for chunk := 1; chunk < 12; chunk++ {
		got, s := split(modbus.Protocol{}, data, chunk)
		assert.Equal(t, want, got, "pieces of %d bytes", chunk)
		assert.Equal(t, stats, s, "pieces of %d bytes", chunk)
	}
}

func TestProtocolSkipsBadCRC(t *testing.T) {
	good := withCRC(t, "01 03 0009 0006")
	bad := bytes.Clone(good)
	bad[len(bad)-1] ^= 0xFF
	data := append(append(bad, good...), good...)
	got, stats := split(modbus.Protocol{}, data, 3)
	assert.Equal(t, [][]byte{good, good}, got)
	assert.NotZero(t, stats.BadChecksum)
	assert.Equal(t, uint64(len(bad)), stats.Skipped())
}

func TestProtocolLongFalseStart(t *testing.T) {
	// 01 03 FA claims a 255-byte reply. The request behind it must come out
	// as soon as it is complete, not after 255 bytes.
	request := withCRC(t, "02 03 0001 0005")
	data := append([]byte{0x01, 0x03, 0xFA}, request...)
	got, stats := split(modbus.Protocol{}, data, 1)
	assert.Equal(t, [][]byte{request}, got)
	assert.Equal(t, uint64(3), stats.Skipped())
}

func TestProtocolDirection(t *testing.T) {
	request := withCRC(t, "01 03 0001 0005")
	reply := withCRC(t, "01 03 02 0007")
	data := append(bytes.Clone(request), reply...)
	got, _ := split(modbus.Protocol{Direction: modbus.Reply}, data, len(data))
	assert.Equal(t, [][]byte{reply}, got)
	got, _ = split(modbus.Protocol{Direction: modbus.Request}, data, len(data))
	assert.Equal(t, [][]byte{request}, got)
	got, stats := split(modbus.Protocol{Direction: 7}, data, len(data))
	assert.Empty(t, got, "an invalid direction accepts no frame")
	assert.Equal(t, uint64(len(data)), stats.Noise)
}

func TestProtocolLongestFrames(t *testing.T) {
	regs := make([]uint16, 125)
	for i := range regs {
		regs[i] = uint16(i * 257)
	}
	f := modbus.Frame{Unit: 9, Function: modbus.ReadInputRegisters, Direction: modbus.Reply}
	require.NoError(t, f.SetRegisters(regs))
	reply, err := f.AppendBinary(nil)
	require.NoError(t, err)
	require.Len(t, reply, 255)

	got, _ := split(modbus.Protocol{}, append(bytes.Clone(reply), reply...), 7)
	assert.Equal(t, [][]byte{reply, reply}, got)
}

func TestProtocolGoldenFrames(t *testing.T) {
	var data []byte
	var want [][]byte
	for _, g := range readGolden(t) {
		data = append(data, g.frame...)
		want = append(want, g.frame)
	}
	for _, chunk := range []int{1, 5, len(data)} {
		got, stats := split(modbus.Protocol{}, data, chunk)
		assert.Equal(t, want, got, "pieces of %d bytes", chunk)
		assert.Zero(t, stats.Skipped(), "pieces of %d bytes", chunk)
	}
}

func TestProtocolNextAllocs(t *testing.T) {
	data := append(withCRC(t, "01 03 0001 0005"), withCRC(t, "01 03 0A 0001 0002 0003 0004 0005")...)
	s := frame.NewStream(modbus.Protocol{}, 512)
	allocs := testing.AllocsPerRun(100, func() {
		s.Feed(data)
		for _, ok := s.Next(); ok; _, ok = s.Next() {
		}
	})
	assert.Zero(t, allocs)
}

func TestFrameLen(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		dir    modbus.Direction
		want   int
	}{
		{"read request", "01 03", modbus.Request, 8},
		{"write request needs byte count", "01 10 0000 0002", modbus.Request, -1},
		{"write request", "01 10 0000 0002 04", modbus.Request, 13},
		{"write request wrong byte count", "01 10 0000 0002 05", modbus.Request, 0},
		{"read reply needs byte count", "01 03", modbus.Reply, -1},
		{"read reply", "01 03 0A", modbus.Reply, 15},
		{"odd register byte count", "01 03 0B", modbus.Reply, 0},
		{"exception", "01 83", modbus.Reply, 5},
		{"undefined exception code", "01 83 09", modbus.Reply, 0},
		{"write reply", "01 10", modbus.Reply, 8},
		{"reply from broadcast", "00 03 02", modbus.Reply, 0},
		{"unknown function", "01 2B", modbus.Reply, 0},
		{"empty", "", modbus.Reply, -1},
		{"no direction", "01 03", modbus.Unknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, modbus.FrameLen(mustHex(t, tt.prefix), tt.dir))
		})
	}
}
