package szy206

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dataAt is the frame offset of the first data byte of an unsplit frame:
// 68 L 68, C, the 5-byte address and the AFN come first.
const dataAt = 9 + 1

func TestRejectImpossibleWater(t *testing.T) {
	setRecharge := build(t, Message{Header: down(SetRecharge), Water: Water{Recharge: v(5000, 0)}}, Options{})
	rechargeReply := build(t, Message{Header: up(Command, QueryRecharge),
		Water: Water{Recharge: v(5000, 0), Remaining: v(-120, 0)}}, Options{})
	remainingReply := build(t, Message{Header: up(Command, QueryRemaining),
		Water: Water{Remaining: v(4880, 0), AlarmLevel: v(100, 0)}}, Options{})
	setAlarm := build(t, Message{Header: down(SetRemainingAlarm), Water: Water{AlarmLevel: v(100, 0)}}, Options{})
	patch := func(f []byte, at int, b byte) []byte {
		g := append([]byte{}, f...)
		g[at] = b
		return withCRC(g)
	}
	cases := []struct {
		name  string
		frame []byte
		field string
		err   error
	}{
		{"recharge digit not BCD", patch(setRecharge, dataAt+1, 0x5A), "recharge", ErrFormat},
		{"reply recharge not BCD", patch(rechargeReply, dataAt+3, 0xC0), "recharge", ErrFormat},
		{"reply remaining not BCD", patch(rechargeReply, dataAt+5, 0x0F), "remaining water", ErrFormat},
		{"remaining not BCD", patch(remainingReply, dataAt+2, 0xE0), "remaining water", ErrFormat},
		{"alarm value not BCD", patch(remainingReply, dataAt+6, 0x0B), "remaining-water alarm value", ErrFormat},
		{"set alarm value not BCD", patch(setAlarm, dataAt, 0xA1), "remaining-water alarm value", ErrFormat},
		{"recharge reply one byte short", cut(t, hex.EncodeToString(rechargeReply), 1), "length", ErrFormat},
		{"remaining reply one byte short", cut(t, hex.EncodeToString(remainingReply), 1), "length", ErrFormat},
		// C1H is in no SZY 206-2016 source at hand, so the decoder rejects
		// it unless a Variant lists it in RawAFNs.
		{"AFN C1H", patch(rechargeReply, 9, 0xC1), "AFN", ErrUnknownFunction},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m Message
			err := NewDecoder(Options{}).Decode(c.frame, &m)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.err)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, c.field, fe.Field, "field of %v", err)
		})
	}
}

func TestWaterNoDataIsInvalid(t *testing.T) {
	f := build(t, Message{Header: up(Command, QueryRemaining),
		Water: Water{Remaining: v(4880, 0), AlarmLevel: v(100, 0)}}, Options{})
	for i := range 5 {
		f[dataAt+i] = 0xAA
	}
	m, err := Decode(withCRC(f))
	require.NoError(t, err)
	assert.False(t, m.Water.Remaining.Valid, "remaining water of all AA bytes")
	assert.Equal(t, v(100, 0), m.Water.AlarmLevel)
}
