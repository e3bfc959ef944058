package centre

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/cjt188/cjt188test"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/dlt645/dlt645test"
	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

var terminal = szy206.Address{0x53, 0x03, 0x81, 0x0D, 0x00}

func szyFrame(t *testing.T, m szy206.Message) []byte {
	t.Helper()
	b, err := m.AppendFrame(nil, szy206.Options{})
	require.NoError(t, err)
	return b
}

func TestServerSZY206(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec})
	conn := dial(t, addr)
	label := szy206.TimeLabel{Len: szy206.TimeLabel5, Second: 5, Minute: 30, Hour: 8, Day: 9}
	login := szy206.Message{Header: szy206.Header{
		Control: szy206.NewControl(true, false, 3, szy206.Command), Address: terminal,
		AFN: szy206.LinkCheck, TimeLabel: label}, Link: szy206.Login}
	report := szy206.Message{Header: szy206.Header{
		Control: szy206.NewControl(true, false, 3, szy206.FlowData), Address: terminal,
		AFN: szy206.SelfReport, TimeLabel: label},
		Items: []szy206.Item{
			{Quantity: szy206.Flow, Index: 1, Value: szy206.NewValue(5900, 3), Unit: "m³/s"},
			{Quantity: szy206.AccumulatedWater, Index: 1, Value: szy206.NewValue(106182, 0),
				Unit: "m³"}}}

	_, err := conn.Write(append(szyFrame(t, login), szyFrame(t, report)...))
	require.NoError(t, err)

	reply, err := szy206.Decode(readFrame(t, conn, frame.NewStream(szy206.Protocol{}, 0)))
	require.NoError(t, err)
	assert.False(t, reply.Up())
	assert.Equal(t, szy206.LinkCheck, reply.Header.AFN)
	assert.Equal(t, szy206.Login, reply.Link)
	e := rec.waitFor(t, isKind(Message))
	assert.Equal(t, SZY206, e.Protocol)
	assert.Equal(t, terminal.String(), e.Station)
	require.Len(t, e.SZY206.Items, 2)
	assert.Equal(t, szy206.NewValue(106182, 0), e.SZY206.Items[1].Value)
	assert.Equal(t, uint64(1), srv.Stats().Heartbeats)
}

// waitOnline waits until srv has a connection for station.
func waitOnline(t *testing.T, rec *recorder, station string) {
	t.Helper()
	rec.waitFor(t, func(e *Event) bool { return e.Kind == Online && e.Station == station })
}

func TestSendDLT645(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: DLT645,
		Registration: Registration{Length: 11}, Heartbeat: []byte("HB")})
	a := dlt645.Address{0x01, 0x00, 0x00, 0x00, 0x00, 0x00}
	meter := dlt645test.NewMeter(a, nil)
	conn := dial(t, addr)
	_, err := conn.Write([]byte("13800000001"))
	require.NoError(t, err)
	serveMeter(t, func(ctx context.Context) error { return meter.Serve(ctx, conn) })
	waitOnline(t, rec, "13800000001")
	_, err = conn.Write([]byte("HB"))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return srv.Stats().Heartbeats == 1 },
		5*time.Second, 5*time.Millisecond)

	req := dlt645.AppendReadRequest(nil, a, dlt645.DIForwardActiveEnergy)
	e, err := srv.Send(context.Background(), "13800000001", req)
	require.NoError(t, err)
	require.NotNil(t, e.DLT645)
	assert.Equal(t, dlt645.DIForwardActiveEnergy, e.DLT645.DI)
	assert.Equal(t, a, e.DLT645.Address)
	assert.Equal(t, 0, rec.count(isKind(Message)), "a reply must not reach the handler")
	assert.Equal(t, uint64(1), srv.Stats().Replies)
}

func TestSendTimeout(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: DLT645,
		Registration: Registration{Length: 4}, SendTimeout: 100 * time.Millisecond})
	a := dlt645.Address{0x02}
	meter := dlt645test.NewMeter(a, nil)
	meter.SetFaults(dlt645test.Faults{Silent: true})
	conn := dial(t, addr)
	_, err := conn.Write([]byte("W002"))
	require.NoError(t, err)
	serveMeter(t, func(ctx context.Context) error { return meter.Serve(ctx, conn) })
	waitOnline(t, rec, "W002")

	_, err = srv.Send(context.Background(), "W002",
		dlt645.AppendReadRequest(nil, a, dlt645.DIForwardActiveEnergy))
	assert.ErrorIs(t, err, ErrTimeout)
}

func TestSendOffline(t *testing.T) {
	srv, _ := startServer(t, Config{})
	_, err := srv.Send(context.Background(), "nowhere", []byte{0x68})
	assert.ErrorIs(t, err, ErrOffline)
}

func TestSendCJT188(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, Protocol: CJT188,
		Registration: Registration{Length: 4}})
	a := cjt188.Address{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07}
	meter := cjt188test.NewMeter(cjt188.TypeColdWater, a, nil)
	conn := dial(t, addr)
	_, err := conn.Write([]byte{0xDE, 0xAD, 0xBE, 0xEF})
	require.NoError(t, err)
	serveMeter(t, func(ctx context.Context) error { return meter.Serve(ctx, conn) })
	waitOnline(t, rec, "DEADBEEF")

	req := cjt188.AppendRead(nil, cjt188.TypeColdWater, a, cjt188.DIReading, 9)
	e, err := srv.Send(context.Background(), "DEADBEEF", req)
	require.NoError(t, err)
	require.NotNil(t, e.CJT188)
	assert.Equal(t, uint8(9), e.CJT188.Seq)
	assert.Equal(t, a, e.CJT188.Address)
}

// serveMeter runs a simulated meter until the test ends.
func serveMeter(t *testing.T, serve func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("meter: %v", err)
		}
	})
}
