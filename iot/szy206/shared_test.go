package szy206

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frameWant is what a frame of the shared table decodes to, written out
// from the table's expected_decoded column.
type frameWant struct {
	control   Control
	function  FunctionCode
	region    string
	station   uint16
	afn       AFN
	items     string // "QUANTITY=VALUE" separated by "; "
	alarm     AlarmWord
	status    StatusWord
	timeLabel TimeLabel
}

var sharedWant = map[string]frameWant{
	"681A68B35303810D00C00059000000826110000001106000004508090A3516": {
		control: 0xB3, function: FlowData, region: "530381", station: 13, afn: SelfReport,
		items: "flow=5.900; accumulated water=106182", alarm: 0x1001, status: 0x0060,
		timeLabel: TimeLabel{Len: 5, Second: 0, Minute: 45, Hour: 8, Day: 9, Delay: 10}},
	"681568B34406070001C0AAAAAAAAAA004040000000000101E516": {
		control: 0xB3, function: FlowData, region: "440607", station: 0x0100, afn: SelfReport,
		items: "flow=no data; accumulated water=404000", alarm: 0, status: 0x0101},
	"681568B40102030405C05545040020700030151412052600AD16": {
		control: 0xB4, function: VelocityData, region: "010203", station: 0x0504, afn: SelfReport,
		items: "velocity=44.555", alarm: BoxDoorAlarm, status: 0x0070,
		timeLabel: TimeLabel{Len: 7, Second: 30, Minute: 15, Hour: 14, Day: 12, Month: 5, Year: 2026}},
}

// optionsFor returns the decoder options for a protocol column.
func optionsFor(protocol string) Options {
	if strings.HasPrefix(protocol, "SL/T 427") {
		return Options{Variant: SLT427()}
	}
	return Options{}
}

func describeItems(items []Item) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.Quantity.String() + "=" + it.Value.String()
	}
	return strings.Join(parts, "; ")
}

func sharedRows(t *testing.T) []tsvRow {
	rows := append(sharedFrames(t, "SZY206"), sharedFrames(t, "SL/T 427")...)
	require.NotEmpty(t, rows, "no SZY206 or SL/T 427 rows in the shared table")
	return rows
}

func TestSharedFramesDecode(t *testing.T) {
	for _, row := range sharedRows(t) {
		t.Run(row.hex[:40], func(t *testing.T) {
			want, ok := sharedWant[row.hex]
			require.True(t, ok, "no expectation written for row %s (%s)", row.hex, row.expected)
			var m Message
			require.NoError(t, NewDecoder(optionsFor(row.protocol)).Decode(mustHex(t, row.hex), &m))
			h := m.Header
			assert.Equal(t, want.control, h.Control, "control byte")
			assert.True(t, h.Control.Up(), "direction up")
			assert.Equal(t, uint8(3), h.Control.FCB(), "FCB")
			assert.Equal(t, want.function, h.Control.Function(), "function code")
			assert.Equal(t, want.region, h.Address.Region(), "region code")
			assert.Equal(t, want.station, h.Address.Station(), "station")
			assert.Equal(t, want.afn, h.AFN, "AFN")
			assert.Equal(t, want.items, describeItems(m.Items), "items")
			assert.True(t, m.HasStatus, "alarm and status present")
			assert.Equal(t, want.alarm, m.Alarm, "alarm word")
			assert.Equal(t, want.status, m.Status, "status word")
			assert.Equal(t, want.timeLabel, h.TimeLabel, "time label")
			assert.False(t, m.ClockSuspect, "clock suspect")
		})
	}
}

func TestSharedFramesReencode(t *testing.T) {
	for _, row := range sharedRows(t) {
		t.Run(row.hex[:40], func(t *testing.T) {
			frame := mustHex(t, row.hex)
			opts := optionsFor(row.protocol)
			var m Message
			require.NoError(t, NewDecoder(opts).Decode(frame, &m))
			got, err := m.AppendFrame(nil, opts)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(frame, got), "got %X, want %X", got, frame)
		})
	}
}

func TestSharedSLT427NeedsItsVariant(t *testing.T) {
	frame := mustHex(t, "681568B40102030405C05545040020700030151412052600AD16")
	_, err := Decode(frame)
	require.ErrorIs(t, err, ErrFormat)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "length", fe.Field)
}
