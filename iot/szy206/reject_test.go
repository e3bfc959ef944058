package szy206

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowReport is the flow self-report of the shared table.
const flowReport = "681A68B35303810D00C00059000000826110000001106000004508090A3516"

// withCRC sets the CRC byte of a frame to the CRC of its user data region.
func withCRC(f []byte) []byte {
	f[len(f)-2] = CRC(f[offControl : len(f)-2])
	return f
}

// patched returns the frame given in hex with bytes replaced from offset at
// and its CRC computed again, so that only the content is wrong.
func patched(t *testing.T, frameHex string, at int, b ...byte) []byte {
	t.Helper()
	f := mustHex(t, frameHex)
	copy(f[at:], b)
	return withCRC(f)
}

// build encodes m with opts for a rejection case, or fails the test.
func build(t *testing.T, m Message, opts Options) []byte {
	t.Helper()
	f, err := m.AppendFrame(nil, opts)
	require.NoError(t, err)
	return f
}

// cut returns the frame given in hex without its last n data bytes, with L
// and the CRC fixed up.
func cut(t *testing.T, frameHex string, n int) []byte {
	t.Helper()
	f := mustHex(t, frameHex)
	f = append(f[:len(f)-2-n], 0, 0x16)
	f[1] = byte(len(f) - 5)
	return withCRC(f)
}

func TestRejectImpossibleContent(t *testing.T) {
	noLabel := Options{Variant: Variant{UplinkTime: Never}}
	cases := []struct {
		name  string
		frame []byte
		opts  Options
		field string
		err   error
	}{
		{"CRC", func() []byte { f := mustHex(t, flowReport); f[len(f)-2] ^= 1; return f }(), Options{}, "CRC", ErrChecksum},
		{"length disagrees", patched(t, flowReport, 1, 0x1B), Options{}, "length", ErrFormat},
		{"end byte", func() []byte { f := mustHex(t, flowReport); f[len(f)-1] = 0x17; return f }(), Options{}, "end byte", ErrFormat},
		{"frame start", patched(t, flowReport, 2, 0x69), Options{}, "frame start", ErrFormat},
		{"region not BCD", patched(t, flowReport, 4, 0x5A), Options{}, "address region code", ErrFormat},
		{"unknown AFN", patched(t, flowReport, 9, 0x77), Options{}, "AFN", ErrUnknownFunction},
		{"flow digit not BCD", patched(t, flowReport, 11, 0x5C), Options{}, "flow", ErrFormat},
		{"volume digit not BCD", patched(t, flowReport, 15, 0xB1), Options{}, "accumulated water", ErrFormat},
		{"label hour 25", patched(t, flowReport, 26, 0x25), Options{}, "time label", ErrFormat},
		{"label day 32", patched(t, flowReport, 27, 0x32), Options{}, "time label", ErrFormat},
		{"label minute 61", patched(t, flowReport, 25, 0x61), Options{}, "time label", ErrFormat},
		{"label where none is allowed", mustHex(t, flowReport), noLabel, "length", ErrFormat},
		{"points do not fit", cut(t, flowReport, 1), Options{}, "length", ErrFormat},
		{"function code 0", patched(t, flowReport, 3, 0xB0), Options{}, "function code", ErrFormat},
		{"label month 13", build(t, Message{Header: Header{Control: NewControl(true, false, 3, VelocityData),
			Address: terminal, AFN: SelfReport, TimeLabel: TimeLabel{Len: 7, Day: 1, Month: 13, Year: 2026}},
			Items: items(Item{Velocity, 1, v(1, 3), "m/s"}), HasStatus: true}, Options{Variant: SLT427()}),
			Options{Variant: SLT427()}, "time label", ErrFormat},
		{"link state", build(t, Message{Header: up(Command, LinkCheck), Link: 0x33}, Options{}),
			Options{}, "link state", ErrFormat},
		{"working mode", build(t, Message{Header: down(SetWorkMode), Mode: 7}, Options{}),
			Options{}, "working mode", ErrFormat},
		{"short frame", mustHex(t, "681A68B3"), Options{}, "frame", ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m Message
			err := NewDecoder(c.opts).Decode(c.frame, &m)
			require.Error(t, err)
			assert.True(t, errors.Is(err, c.err), "got %v, want it to wrap %v", err, c.err)
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "got %T, want *FieldError", err)
			assert.Equal(t, c.field, fe.Field, "field of %v", err)
		})
	}
}

func TestRejectImpossibleClock(t *testing.T) {
	reply := Message{Header: up(Command, QueryClock), Clock: clock}
	f := build(t, reply, Options{})
	clockAt := 10 // the clock data after C, A and AFN
	cases := []struct {
		name string
		at   int
		b    byte
	}{
		{"second 60", 0, 0x60},
		{"hour 24", 2, 0x24},
		{"day 31 of June", 3, 0x31},
		{"month 13", 4, 0x13},
		{"wrong weekday", 4, 0x26}, // 2026-06-09 is a Tuesday, not a Monday
		{"digit not BCD", 5, 0x2A},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := append([]byte{}, f...)
			g[clockAt+c.at] = c.b
			_, err := Decode(withCRC(g))
			require.ErrorIs(t, err, ErrFormat)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "clock", fe.Field)
		})
	}
}

func TestClockNotSetIsFlagged(t *testing.T) {
	reply := Message{Header: up(Command, QueryClock), Clock: clock.AddDate(33, 0, 0)}
	f := build(t, reply, Options{})
	m, err := Decode(f)
	require.NoError(t, err)
	assert.True(t, m.ClockSuspect, "clock of %s", m.Clock)
	err = NewDecoder(Options{StrictClock: true}).Decode(f, new(Message))
	assert.ErrorIs(t, err, ErrClock)
}

func TestRawAFNsAreAccepted(t *testing.T) {
	f := patched(t, flowReport, 9, 0xE7)
	var m Message
	require.NoError(t, NewDecoder(Options{Variant: Variant{RawAFNs: []AFN{0xE7}}}).Decode(f, &m))
	assert.Len(t, m.Payload, 19, "data and time label kept raw")
}
