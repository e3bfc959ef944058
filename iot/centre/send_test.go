package centre

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// TestSendSL651 queries a station's realtime values. The station first
// sends a report that does not match, which goes to the Handler.
func TestSendSL651(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, SL651: sl651.Options{Location: cst}})
	conn := dial(t, addr)
	a := stationAddress(21)
	st := frame.NewStream(sl651.Protocol{}, 0)
	report(t, conn, 21, 1)
	rec.waitFor(t, isKind(Message))

	query := sl651.Message{Header: sl651.Header{Direction: sl651.Down, Center: 1, Station: a,
		Password: 0x1234, Function: sl651.QueryRealtime, End: sl651.ENQ}, SendTime: observed}
	req, err := query.AppendFrame(nil, sl651.Options{Location: cst})
	require.NoError(t, err)
	replies := make(chan *Event, 1)
	go func() {
		e, err := srv.Send(context.Background(), a.String(), req)
		assert.NoError(t, err)
		replies <- e
	}()

	got, err := sl651.Decode(readFrame(t, conn, st))
	require.NoError(t, err)
	require.Equal(t, sl651.QueryRealtime, got.Header.Function)
	reply := sl651.Message{Header: sl651.Header{Direction: sl651.Up, Center: 1, Station: a,
		Password: 0x1234, Function: sl651.QueryRealtime, End: sl651.ETX},
		Serial: 9, SendTime: observed, Station: a, StationType: sl651.River,
		ObservedAt: observed, Elements: []sl651.Element{{ID: sl651.Voltage,
			Value: sl651.NewValue(1230, 2), ObservedAt: observed}}}
	b, err := reply.AppendFrame(nil, sl651.Options{Location: cst})
	require.NoError(t, err)
	_, err = conn.Write(append(timedReport(t, a, 2, observed, 7), b...))
	require.NoError(t, err)

	e := <-replies
	require.NotNil(t, e)
	assert.Equal(t, uint16(9), e.SL651.Serial)
	rec.waitForCount(t, isKind(Message), 2)
	assert.Equal(t, uint64(1), srv.Stats().Replies)
}

func TestSendSZY206(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec})
	conn := dial(t, addr)
	label := szy206.TimeLabel{Len: szy206.TimeLabel5, Second: 5, Minute: 30, Hour: 8, Day: 9}
	up := func(afn szy206.AFN) szy206.Header {
		return szy206.Header{Control: szy206.NewControl(true, false, 3, szy206.Command),
			Address: terminal, AFN: afn, TimeLabel: label}
	}
	_, err := conn.Write(szyFrame(t, szy206.Message{Header: up(szy206.LinkCheck),
		Link: szy206.Login}))
	require.NoError(t, err)
	st := frame.NewStream(szy206.Protocol{}, 0)
	readFrame(t, conn, st)
	waitOnline(t, rec, terminal.String())

	stop := szy206.Message{Header: szy206.Header{
		Control: szy206.NewControl(false, false, 3, szy206.Command), Address: terminal,
		AFN: szy206.RemoteStop, Password: 0x1234, HasPassword: true, TimeLabel: label},
		Unit: 1}
	replies := make(chan *Event, 1)
	go func() {
		e, err := srv.Send(context.Background(), terminal.String(), szyFrame(t, stop))
		assert.NoError(t, err)
		replies <- e
	}()
	got, err := szy206.Decode(readFrame(t, conn, st))
	require.NoError(t, err)
	require.Equal(t, szy206.RemoteStop, got.Header.AFN)
	_, err = conn.Write(szyFrame(t, szy206.Message{Header: up(szy206.RemoteStop), Unit: 1}))
	require.NoError(t, err)

	e := <-replies
	require.NotNil(t, e)
	assert.Equal(t, szy206.RemoteStop, e.SZY206.Header.AFN)
	assert.Equal(t, uint8(1), e.SZY206.Unit)
}
