package dlt645test_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/dlt645/dlt645test"
)

var meterAddress = dlt645.Address{0x14, 0x01, 0x00, 0x31, 0x82, 0x21}

// dial starts m on a loopback listener and returns a client connected to it.
func dial(t *testing.T, m *dlt645test.Meter) *dlt645.Client {
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
	c := dlt645.NewClient(conn)
	c.Timeout = 2 * time.Second
	return c
}

func TestClientReads(t *testing.T) {
	c := dial(t, dlt645test.NewMeter(meterAddress, nil))
	ctx := context.Background()
	tests := []struct {
		di   dlt645.DI
		want []string
	}{
		{dlt645.DIForwardActiveEnergy, []string{"12345.67 kWh"}},
		{dlt645.DIVoltages, []string{"220.1 V", "219.8 V", "221.0 V"}},
		{dlt645.DICurrents, []string{"15.250 A", "14.800 A", "-0.120 A"}},
		{dlt645.DIActivePower, []string{"9.8765 kW"}},
		{dlt645.DIPowerFactor, []string{"0.962"}},
		{dlt645.DIFrequency, []string{"49.98 Hz"}},
		{dlt645.DIMeterCoverOpenCount, []string{"0"}},
		{dlt645.DITerminalCoverCount, []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.di.Name(), func(t *testing.T) {
			m, err := c.Read(ctx, meterAddress, tt.di)
			require.NoError(t, err)
			var got []string
			for _, v := range m.Item.Values() {
				got = append(got, v.String())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestClientWildcardAndAddress(t *testing.T) {
	c := dial(t, dlt645test.NewMeter(meterAddress, nil))
	ctx := context.Background()

	a, err := c.ReadAddress(ctx)
	require.NoError(t, err)
	assert.Equal(t, meterAddress, a)

	m, err := c.Read(ctx, dlt645.Wildcard, dlt645.DIForwardActiveEnergy)
	require.NoError(t, err)
	assert.Equal(t, meterAddress, m.Address)
}

func TestClientBroadcastTimeSetsClock(t *testing.T) {
	base := time.Date(2026, 7, 1, 6, 30, 0, 0, time.UTC)
	meter := dlt645test.NewMeter(meterAddress, func() time.Time { return base })
	c := dial(t, meter)
	ctx := context.Background()
	target := time.Date(2026, 7, 1, 6, 33, 20, 0, time.UTC)

	require.NoError(t, c.BroadcastTime(ctx, target))
	// The sync has no reply, so read the time to know it was handled.
	m, err := c.Read(ctx, meterAddress, dlt645.DITime)
	require.NoError(t, err)
	assert.Equal(t, dlt645.Clock{Hour: 6, Minute: 33, Second: 20}, m.Item.Clock)
	assert.Equal(t, target, meter.Clock())

	m, err = c.Read(ctx, meterAddress, dlt645.DIDate)
	require.NoError(t, err)
	assert.Equal(t, dlt645.Clock{Year: 2026, Month: 7, Day: 1, Weekday: 3}, m.Item.Clock)
}

func TestClientMisbehavingMeter(t *testing.T) {
	other := dlt645.AppendAddressReply(nil, dlt645.Address{0x99, 0x88, 0x77, 0x66, 0x55, 0x44})
	tests := []struct {
		name   string
		faults dlt645test.Faults
		check  func(t *testing.T, c *dlt645.Client)
	}{
		{"split reply", dlt645test.Faults{Split: 3, Gap: time.Millisecond}, nil},
		{"delayed reply", dlt645test.Faults{Delay: 50 * time.Millisecond}, nil},
		{"garbage before reply", dlt645test.Faults{Garbage: []byte{0x00, 0x68, 0x12, 0xFF}},
			func(t *testing.T, c *dlt645.Client) {
				assert.Positive(t, c.Stats().Noise+c.Stats().BadHeader)
			}},
		{"reply of another meter first", dlt645test.Faults{Garbage: other},
			func(t *testing.T, c *dlt645.Client) {
				assert.Equal(t, uint64(1), c.Skipped())
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meter := dlt645test.NewMeter(meterAddress, nil)
			meter.SetFaults(tt.faults)
			c := dial(t, meter)
			m, err := c.Read(context.Background(), meterAddress, dlt645.DIForwardActiveEnergy)
			require.NoError(t, err)
			assert.Equal(t, "12345.67 kWh", m.Item.Value().String())
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestClientFailures(t *testing.T) {
	tests := []struct {
		name    string
		faults  dlt645test.Faults
		di      dlt645.DI
		timeout bool
		status  dlt645.ErrorStatus
	}{
		{"bad checksum", dlt645test.Faults{BadChecksum: true}, dlt645.DIForwardActiveEnergy, true, 0},
		{"silent", dlt645test.Faults{Silent: true}, dlt645.DIForwardActiveEnergy, true, 0},
		{"too slow", dlt645test.Faults{Delay: time.Second}, dlt645.DIForwardActiveEnergy, true, 0},
		{"abnormal", dlt645test.Faults{Abnormal: dlt645.StatusUnauthorized}, dlt645.DIForwardActiveEnergy, false, dlt645.StatusUnauthorized},
		{"unknown item", dlt645test.Faults{}, 0x04000501, false, dlt645.StatusNoData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meter := dlt645test.NewMeter(meterAddress, nil)
			meter.SetFaults(tt.faults)
			c := dial(t, meter)
			c.Timeout = 200 * time.Millisecond
			_, err := c.Read(context.Background(), meterAddress, tt.di)
			require.Error(t, err)
			if tt.timeout {
				assert.True(t, dlt645.IsTimeout(err), "got %v, want a timeout", err)
				return
			}
			var ae *dlt645.AbnormalError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.status, ae.Status)
		})
	}
}

func TestClientBadChecksumCounted(t *testing.T) {
	meter := dlt645test.NewMeter(meterAddress, nil)
	meter.SetFaults(dlt645test.Faults{BadChecksum: true})
	c := dial(t, meter)
	c.Timeout = 100 * time.Millisecond
	_, err := c.Read(context.Background(), meterAddress, dlt645.DIForwardActiveEnergy)
	require.Error(t, err)
	assert.Equal(t, uint64(1), c.Stats().BadChecksum)
}

func TestClientContextCancel(t *testing.T) {
	meter := dlt645test.NewMeter(meterAddress, nil)
	meter.SetFaults(dlt645test.Faults{Silent: true})
	c := dial(t, meter)
	c.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.Read(ctx, meterAddress, dlt645.DIForwardActiveEnergy)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestMeterIgnoresOtherAddresses(t *testing.T) {
	meter := dlt645test.NewMeter(meterAddress, nil)
	c := dial(t, meter)
	c.Timeout = 100 * time.Millisecond
	_, err := c.Read(context.Background(), dlt645.Address{0x01}, dlt645.DIForwardActiveEnergy)
	assert.True(t, dlt645.IsTimeout(err), "got %v, want a timeout", err)
	assert.Zero(t, meter.Requests())
}

func TestMeterSetRejectsBadValue(t *testing.T) {
	meter := dlt645test.NewMeter(meterAddress, nil)
	err := meter.Set(dlt645.DIVoltageA, dlt645.Value{Int: 1, Scale: 1, Unit: dlt645.UnitA})
	assert.Error(t, err)
	require.NoError(t, meter.Set(dlt645.DIVoltageA, dlt645.Value{Int: 2305, Scale: 1, Unit: dlt645.UnitV}))
}
