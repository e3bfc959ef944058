package sl651

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestElementReadings(t *testing.T) {
	m, err := Decode(mustHex(t, "7E7E011090330853A00031004E020096260202090033F1F1109033085350F0F0260202080504180000053923FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0000017003A2BC"))
	require.NoError(t, err)
	got, err := m.Elements[0].Readings(nil, 7, 4)
	require.NoError(t, err)
	at := time.Date(2026, 2, 2, 8, 5, 0, 0, chinaStandardTime).Add(11 * 5 * time.Minute)
	assert.Equal(t, []metering.Reading{{Time: at.Unix(), Value: 1700, Meter: 7}}, got,
		"only the last of 12 values is valid, 0.170 m at scale 4")
}

func TestElementReadingsRejectLostDigits(t *testing.T) {
	e := Element{ID: WaterLevel, Value: NewValue(138, 3), ObservedAt: seen}
	_, err := e.Readings(nil, 1, 2)
	assert.Error(t, err, "0.138 m does not fit scale 2")
	_, err = Element{ID: WaterLevel, Value: NewValue(1, 0)}.Readings(nil, 1, 0)
	assert.Error(t, err, "no observation time")
}

func TestValueRescale(t *testing.T) {
	cases := []struct {
		v     Value
		scale uint8
		want  int64
		ok    bool
	}{
		{NewValue(138, 3), 5, 13800, true},
		{NewValue(-1250, 3), 2, -125, true},
		{NewValue(1255, 3), 2, 0, false},
		{Value{}, 2, 0, false},
		{NewValue(1<<62, 0), 3, 0, false},
	}
	for _, c := range cases {
		got, err := c.v.Rescale(c.scale)
		assert.Equal(t, c.ok, err == nil, "%s at %d: %v", c.v, c.scale, err)
		if c.ok {
			assert.Equal(t, c.want, got, "%s at %d", c.v, c.scale)
		}
	}
}

func TestParseValue(t *testing.T) {
	for s, want := range map[string]Value{"0.138": NewValue(138, 3), "-1.50": NewValue(-150, 2),
		"12": NewValue(12, 0), "M": {}} {
		got, err := ParseValue(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
		if want.Valid {
			assert.Equal(t, s, got.String())
		}
	}
	for _, s := range []string{"", "1.2.3", "x", "-", "1234567890123456789"} {
		_, err := ParseValue(s)
		assert.Error(t, err, s)
	}
}
