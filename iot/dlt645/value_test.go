package dlt645_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/water/metering"
)

func TestValueString(t *testing.T) {
	tests := []struct {
		v    dlt645.Value
		want string
	}{
		{kwh(6), "0.06 kWh"},
		{kwh(0), "0.00 kWh"},
		{kwh(99999850), "999998.50 kWh"},
		{kw(-2512), "-0.2512 kW"},
		{amps(-120), "-0.120 A"},
		{pf(1000), "1.000"},
		{count(17), "17"},
		{dlt645.Value{Int: -9223372036854775808}, "-9223372036854775808"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.v.String())
		})
	}
}

func TestValueRescale(t *testing.T) {
	got, ok := kwh(269).Rescale(3)
	assert.True(t, ok)
	assert.Equal(t, int64(2690), got)
	got, ok = kwh(200).Rescale(0)
	assert.True(t, ok)
	assert.Equal(t, int64(2), got)
	_, ok = kwh(269).Rescale(0)
	assert.False(t, ok, "drops digits")
	_, ok = kwh(1 << 62).Rescale(4)
	assert.False(t, ok, "overflows")
}

func TestValueReading(t *testing.T) {
	r, err := kwh(99999850).Reading(7, 1_780_000_000, 2)
	require.NoError(t, err)
	assert.Equal(t, metering.Reading{Meter: 7, Time: 1_780_000_000, Value: 99999850}, r)

	r, err = kwh(125).Reading(7, 1, 3)
	require.NoError(t, err)
	assert.Equal(t, int64(1250), r.Value)

	_, err = kwh(125).Reading(7, 1, 1)
	assert.Error(t, err, "scale too coarse")
	_, err = kw(-1).Reading(7, 1, 4)
	assert.Error(t, err, "negative")
}

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in      string
		want    dlt645.Address
		wantErr bool
	}{
		{"218231000114", dlt645.Address{0x14, 0x01, 0x00, 0x31, 0x82, 0x21}, false},
		{"AAAAAAAAAAAA", dlt645.Wildcard, false},
		{"AAAA31000114", dlt645.Address{0x14, 0x01, 0x00, 0x31, 0xAA, 0xAA}, false},
		{"999999999999", dlt645.Broadcast, false},
		{"21823100011", dlt645.Address{}, true},
		{"2182310001x4", dlt645.Address{}, true},
		{"21AA31000114", dlt645.Address{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := dlt645.ParseAddress(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestAddressMatches(t *testing.T) {
	m := dlt645.Address{0x14, 0x01, 0x00, 0x31, 0x82, 0x21}
	assert.True(t, m.Matches(m))
	assert.True(t, dlt645.Wildcard.Matches(m))
	assert.True(t, dlt645.Address{0x14, 0x01, 0x00, 0x31, 0xAA, 0xAA}.Matches(m))
	assert.False(t, dlt645.Address{0x15, 0x01, 0x00, 0x31, 0xAA, 0xAA}.Matches(m))
	assert.False(t, dlt645.Broadcast.Matches(m))
}

func TestDIName(t *testing.T) {
	tests := []struct {
		di   dlt645.DI
		want string
	}{
		{0x00010000, "forward active energy"},
		{0x00010201, "forward active energy, tariff 2, settlement 1"},
		{0x0001FF00, "forward active energy, total and tariffs"},
		{0x02010100, "phase A voltage"},
		{0x0201FF00, "phase voltage block"},
		{0x02030000, "total active power"},
		{0x02800002, "grid frequency"},
		{0x03300D00, "meter cover open count"},
		{0x04000102, "time"},
		{0x02010000, ""},
		{0x0001FFFF, ""},
		{0x05060101, ""},
	}
	for _, tt := range tests {
		t.Run(tt.di.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.di.Name())
		})
	}
}

func TestParseDI(t *testing.T) {
	di, err := dlt645.ParseDI("02800002")
	require.NoError(t, err)
	assert.Equal(t, dlt645.DIFrequency, di)
	_, err = dlt645.ParseDI("2800002")
	assert.Error(t, err)
}

func TestClockTime(t *testing.T) {
	c := dlt645.Clock{Year: 2026, Month: 2, Day: 2, Hour: 9, Minute: 41}
	loc := time.FixedZone("CST", 8*3600)
	assert.Equal(t, time.Date(2026, 2, 2, 9, 41, 0, 0, loc), c.Time(loc))
	assert.Equal(t, "2026-02-02 09:41:00", c.String())
	assert.Equal(t, uint8(1), dlt645.ClockOf(c.Time(loc)).Weekday, "a Monday")
}

func TestErrorStatusString(t *testing.T) {
	assert.Equal(t, "none", dlt645.ErrorStatus(0).String())
	assert.Equal(t, "other error, too many tariffs", (dlt645.StatusOther | dlt645.StatusTariffs).String())
}

func TestControlBits(t *testing.T) {
	c := dlt645.Control(0xB1)
	assert.True(t, c.Reply())
	assert.False(t, c.Abnormal())
	assert.True(t, c.FollowUp())
	assert.Equal(t, dlt645.FuncRead, c.Function())
	assert.Equal(t, "read data", c.Function().String())
	assert.Equal(t, "function 0x1f", dlt645.Function(0x1F).String())
}

func TestChecksumMatchesByteSum(t *testing.T) {
	// Frames of every length up to the longest: the lane sum must equal a
	// plain byte sum, which rawFrame's encoder and the decoder both use.
	for n := 0; n <= dlt645.MaxData; n++ {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(0xCC + 7*i) // with the offset, bytes near 0xFF
		}
		b := rawFrame(t, meter, 0x91, data...)
		var sum byte
		for _, c := range b[:len(b)-2] {
			sum += c
		}
		require.Equal(t, sum, b[len(b)-2], "length %d", n)
		var f dlt645.Frame
		require.NoError(t, f.UnmarshalBinary(b), "length %d", n)
	}
}
