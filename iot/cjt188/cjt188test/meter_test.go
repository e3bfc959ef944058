package cjt188test_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/cjt188/cjt188test"
)

var addr = cjt188.Address{0x45, 0x41, 0x10, 0x05, 0x15, 0x33, 0x78}

func dial(t *testing.T, m *cjt188test.Meter) *cjt188.Client {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.ServeListener(ctx, l) }()
	conn, err := net.Dial("tcp", l.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() {
		conn.Close()
		cancel()
		assert.NoError(t, <-done)
	})
	c := cjt188.NewClient(conn)
	c.Timeout = 2 * time.Second
	return c
}

func TestClientReadsWaterMeter(t *testing.T) {
	clock := time.Date(2026, 7, 1, 6, 30, 15, 0, time.UTC)
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, func() time.Time { return clock })
	c := dial(t, meter)
	ctx := context.Background()

	m, err := c.Read(ctx, cjt188.TypeColdWater, addr, cjt188.DIReading)
	require.NoError(t, err)
	assert.Equal(t, "1234.56 m³", m.Reading.Flow.String())
	assert.Equal(t, "1200.00 m³", m.Reading.SettlementFlow.String())
	assert.Equal(t, cjt188.ClockOf(clock), m.Reading.Time)
	assert.Equal(t, cjt188.ValveOpen, m.Status.Valve())

	mt, a, err := c.ReadAddress(ctx)
	require.NoError(t, err)
	assert.Equal(t, cjt188.TypeColdWater, mt)
	assert.Equal(t, addr, a)
}

func TestClientReadsHeatMeter(t *testing.T) {
	meter := cjt188test.NewMeter(cjt188.TypeHeat, addr, nil)
	c := dial(t, meter)
	m, err := c.Read(context.Background(), cjt188.TypeAny, cjt188.Wildcard, cjt188.DIReading)
	require.NoError(t, err)
	assert.Equal(t, "45.67 kWh", m.Reading.Heat.String())
	assert.Equal(t, "1.2500 m³/h", m.Reading.FlowRate.String())
	assert.Equal(t, "55.20 °C", m.Reading.SupplyTemp.String())
	assert.Equal(t, "8760 h", m.Reading.WorkingTime.String())
}

func TestClientValve(t *testing.T) {
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, nil)
	c := dial(t, meter)
	ctx := context.Background()

	st, err := c.SetValve(ctx, cjt188.TypeColdWater, addr, cjt188.ValveCommandClose)
	require.NoError(t, err)
	assert.Equal(t, cjt188.ValveClosed, st.Valve())
	m, err := c.Read(ctx, cjt188.TypeColdWater, addr, cjt188.DIReading)
	require.NoError(t, err)
	assert.Equal(t, cjt188.ValveClosed, m.Status.Valve())

	st, err = c.SetValve(ctx, cjt188.TypeColdWater, addr, cjt188.ValveCommandOpen)
	require.NoError(t, err)
	assert.Equal(t, cjt188.ValveOpen, st.Valve())
}

func TestClientMagneticBit(t *testing.T) {
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, nil)
	meter.SetStatus(cjt188.StatusBatteryLow | 0x0800)
	c := dial(t, meter)
	m, err := c.Read(context.Background(), cjt188.TypeColdWater, addr, cjt188.DIReading)
	require.NoError(t, err)
	assert.True(t, m.Status.BatteryLow())
	assert.True(t, m.Status.Magnetic(0x0800))
}

func TestClientMisbehavingMeter(t *testing.T) {
	tests := []struct {
		name   string
		faults cjt188test.Faults
	}{
		{"split reply", cjt188test.Faults{Split: 4, Gap: time.Millisecond}},
		{"delayed reply", cjt188test.Faults{Delay: 30 * time.Millisecond}},
		{"garbage before reply", cjt188test.Faults{Garbage: []byte{0x68, 0x10, 0x00, 0x16, 0xFF}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, nil)
			meter.SetFaults(tt.faults)
			c := dial(t, meter)
			m, err := c.Read(context.Background(), cjt188.TypeColdWater, addr, cjt188.DIReading)
			require.NoError(t, err)
			assert.Equal(t, "1234.56 m³", m.Reading.Flow.String())
		})
	}
}

func TestClientFailures(t *testing.T) {
	tests := []struct {
		name     string
		faults   cjt188test.Faults
		di       cjt188.DI
		abnormal bool
	}{
		{"bad checksum", cjt188test.Faults{BadChecksum: true}, cjt188.DIReading, false},
		{"silent", cjt188test.Faults{Silent: true}, cjt188.DIReading, false},
		{"abnormal", cjt188test.Faults{Abnormal: true}, cjt188.DIReading, true},
		{"unsupported item", cjt188test.Faults{}, cjt188.DIPriceTable, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, nil)
			meter.SetFaults(tt.faults)
			c := dial(t, meter)
			c.Timeout = 150 * time.Millisecond
			_, err := c.Read(context.Background(), cjt188.TypeColdWater, addr, tt.di)
			require.Error(t, err)
			if !tt.abnormal {
				assert.True(t, cjt188.IsTimeout(err), "got %v, want a timeout", err)
				return
			}
			var ae *cjt188.AbnormalError
			assert.ErrorAs(t, err, &ae)
		})
	}
}

func TestMeterIgnoresOtherMeters(t *testing.T) {
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, addr, nil)
	c := dial(t, meter)
	c.Timeout = 100 * time.Millisecond
	_, err := c.Read(context.Background(), cjt188.TypeGas, addr, cjt188.DIReading)
	assert.True(t, cjt188.IsTimeout(err), "another type: got %v", err)
	_, err = c.Read(context.Background(), cjt188.TypeColdWater, cjt188.Address{1}, cjt188.DIReading)
	assert.True(t, cjt188.IsTimeout(err), "another address: got %v", err)
	assert.Zero(t, meter.Requests())
}
