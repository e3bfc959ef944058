package sl651

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keepAlive is the keep-alive of the shared table.
const keepAlive = "7E7E011090330853A0002F000802009F26020209410003BDE3"

// patched returns the frame given in hex with bytes replaced from offset
// at, and the CRC computed again so that only the content is wrong.
func patched(t *testing.T, frameHex string, at int, b ...byte) []byte {
	t.Helper()
	f := mustHex(t, frameHex)
	copy(f[at:], b)
	return withCRC(f)
}

// withCRC sets the last two bytes of a hex frame to the CRC of the rest.
func withCRC(f []byte) []byte {
	crc := CRC(f[:len(f)-2])
	f[len(f)-2], f[len(f)-1] = byte(crc>>8), byte(crc)
	return f
}

// resized returns a frame whose body is body, with the length field set to
// length and a valid CRC.
func resized(t *testing.T, frameHex string, length int, body []byte) []byte {
	t.Helper()
	f := mustHex(t, frameHex)
	out := append([]byte{}, f[:headerLen]...)
	out[offLength] = byte(int(f[offLength])&0xF0 | length>>8)
	out[offLength+1] = byte(length)
	out = append(out, body...)
	out = append(out, f[len(f)-3], 0, 0)
	return withCRC(out)
}

func TestRejectImpossibleContent(t *testing.T) {
	timed := mustHex(t, timedReport)
	body := timed[headerLen : len(timed)-trailerLen]
	cases := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"digit not BCD", patched(t, timedReport, 54, 0x3A), "element Z", ErrFormat},
		{"month 13", patched(t, timedReport, 17, 0x13), "send time", ErrFormat},
		{"February 30", patched(t, timedReport, 17, 0x02, 0x30), "send time", ErrFormat},
		{"hour 24", patched(t, timedReport, 19, 0x24), "send time", ErrFormat},
		{"minute 60", patched(t, timedReport, 20, 0x60), "send time", ErrFormat},
		{"second 60", patched(t, timedReport, 21, 0x60), "send time", ErrFormat},
		{"observation day 32", patched(t, timedReport, 34, 0x32), "observation time", ErrFormat},
		{"observation guide", patched(t, timedReport, 31, 0xF1), "observation time", ErrFormat},
		{"unknown function", patched(t, timedReport, offFunction, 0x20), "function code", ErrUnknownFunction},
		{"direction nibble", patched(t, timedReport, offLength, 0x40), "length word", ErrFormat},
		{"start character", patched(t, timedReport, offStart, 0x03), "start character", ErrFormat},
		{"end character", patched(t, timedReport, len(timed)-3, byte(ENQ)), "end character", ErrFormat},
		{"station guide", patched(t, timedReport, 22, 0xF2), "station group", ErrFormat},
		{"station type", patched(t, timedReport, 29, 0x58), "station type", ErrFormat},
		{"zero-length definition", patched(t, timedReport, 38, 0x01), "element PN05", ErrFormat},
		{"truncated element", resized(t, timedReport, len(body)-1, body[:len(body)-1]), "element VT", ErrFormat},
		{"length disagrees", resized(t, timedReport, len(body)+1, body), "length", ErrFormat},
		{"bytes after keep-alive", resized(t, keepAlive, 9, append(mustHex(t, "009F260202094100"), 0x00)), "body", ErrFormat},
		{"CRC", func() []byte { f := mustHex(t, timedReport); f[len(f)-1] ^= 1; return f }(), "CRC", ErrChecksum},
		{"short frame", mustHex(t, "7E7E0110"), "frame", ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.frame)
			require.Error(t, err)
			assert.True(t, errors.Is(err, c.err), "got %v, want it to wrap %v", err, c.err)
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "got %T, want *FieldError", err)
			assert.Equal(t, c.field, fe.Field, "field of %v", err)
		})
	}
}

func TestRejectBodyContent(t *testing.T) {
	serialTime := mustHex(t, "0001260701060005")
	stationGroup := append([]byte{0xF1, 0xF1}, station[:]...)
	build := func(f FunctionCode, dir Direction, rest ...byte) []byte {
		h := upHeader(f)
		if dir == Down {
			h = downHeader(f, ENQ)
		}
		var b []byte
		b = append(b, serialTime...)
		if dir == Up {
			b = append(b, stationGroup...)
		}
		b = append(b, rest...)
		out, err := AppendFrame(nil, &h, b)
		require.NoError(t, err)
		return out
	}
	cases := []struct {
		name  string
		frame []byte
		field string
	}{
		{"set-point byte", build(SetPointControl, Down, 0x55), "set-point control"},
		{"time step with two units", build(IntervalReport, Up, 'H', 0xF0, 0xF0, 0x26, 0x07, 0x01, 0x06, 0x00,
			0x04, 0x18, 0x00, 0x01, 0x05, 0x39, 0x23, 0, 0, 0, 1), "time step"},
		{"series of broken values", build(IntervalReport, Up, 'H', 0xF0, 0xF0, 0x26, 0x07, 0x01, 0x06, 0x00,
			0x04, 0x18, 0x00, 0x00, 0x05, 0x39, 0x23, 0, 0, 0, 1, 0, 0), "element Z"},
		{"hour series definition", build(HourlyReport, Up, 'H', 0xF4, 0x61, 0, 0, 0), "element DRP"},
		{"status word definition", build(QueryStatus, Up, 0x45, 0x18, 0, 0, 0), "element ZT"},
		{"picture definition", build(PictureReport, Up, 'H', 0xF3, 0x00, 0xFF, 0xD8), "element PIC"},
		{"gate count zero", build(GateControl, Down, 0x00), "switch states"},
		{"gate openings missing", build(GateControl, Down, 0x02, 0x03, 0x00, 0x10), "gate opening"},
		{"gate opening not BCD", build(GateControl, Down, 0x01, 0x01, 0x00, 0x1F), "gate opening"},
		{"events short", build(QueryEvents, Up, 0x00, 0x01), "event records"},
		{"version short", build(QueryVersion, Up, 0x05, 'V', '1'), "version"},
		{"second station group", build(TimedReport, Up, 'H', 0xF1, 0xF1, 0, 0, 0, 0, 1), "station group"},
		{"query end before start", build(QueryPeriod, Down, 0x26, 0x07, 0x01, 0x06, 0x26, 0x07, 0x01, 0x05,
			0x04, 0x18, 0x00, 0x01, 0x00, 0x1A, 0x19), "query end"},
		{"digit not BCD in a parameter list", build(QueryPeriod, Down, 0x26, 0x07, 0x01, 0x0A, 0x26, 0x07, 0x01, 0x05),
			"query start"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.frame)
			require.ErrorIs(t, err, ErrFormat)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, c.field, fe.Field, "field of %v", err)
		})
	}
}

func TestRejectedPacketField(t *testing.T) {
	h := Header{Direction: Up, Center: 1, Station: station, Function: ManualReport, Start: SYN,
		Packet: Packet{Total: 2, Seq: 1}, End: ETB}
	f, err := AppendFrame(nil, &h, []byte("part"))
	require.NoError(t, err)
	f[headerLen+2] = 0x03 // sequence 3 of 2
	_, err = Decode(withCRC(f))
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "packet field", fe.Field)
}

func TestUserFunctionNeedsOption(t *testing.T) {
	h := upHeader(0xE1)
	f, err := AppendFrame(nil, &h, append(mustHex(t, "0001260701060005"), 1, 2, 3))
	require.NoError(t, err)
	_, err = Decode(f)
	require.ErrorIs(t, err, ErrUnknownFunction)
	var m Message
	require.NoError(t, NewDecoder(Options{UserFunctions: true}).Decode(f, &m))
	assert.True(t, bytes.Equal([]byte{1, 2, 3}, m.Payload), "payload %X", m.Payload)
}
