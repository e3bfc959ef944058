package centre

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

var observed = time.Date(2026, 7, 1, 8, 0, 0, 0, cst)

func TestServerSL651Report(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, SL651: sl651.Options{Location: cst}})
	conn := dial(t, addr)
	a := stationAddress(7)

	_, err := conn.Write(timedReport(t, a, 42, observed, 12345))
	require.NoError(t, err)

	e := rec.waitFor(t, isKind(Message))
	assert.Equal(t, a.String(), e.Station)
	assert.Equal(t, SL651, e.Protocol)
	require.NotNil(t, e.SL651)
	assert.Equal(t, uint16(42), e.SL651.Serial)
	z, ok := e.SL651.Element(sl651.WaterLevel)
	require.True(t, ok)
	assert.Equal(t, sl651.NewValue(12345, 3), z.Value)
	assert.Equal(t, 1, rec.count(isKind(Online)))

	ack, err := sl651.Decode(readFrame(t, conn, frame.NewStream(sl651.Protocol{}, 0)))
	require.NoError(t, err)
	assert.Equal(t, sl651.Down, ack.Header.Direction)
	assert.Equal(t, sl651.EOT, ack.Header.End)
	assert.Equal(t, uint16(42), ack.Serial)
	assert.Equal(t, sl651.TimedReport, ack.Header.Function)

	st := srv.Stats()
	assert.Equal(t, uint64(1), st.Frames)
	assert.Equal(t, uint64(1), st.Confirms)
	assert.Equal(t, int64(1), st.Stations)
	assert.Equal(t, []string{a.String()}, srv.Stations())
}

func TestServerOfflineEvent(t *testing.T) {
	rec := newRecorder()
	_, addr := startServer(t, Config{Handler: rec})
	conn := dial(t, addr)
	_, err := conn.Write(timedReport(t, stationAddress(1), 1, observed, 1))
	require.NoError(t, err)
	rec.waitFor(t, isKind(Message))
	readFrame(t, conn, frame.NewStream(sl651.Protocol{}, 0))
	require.NoError(t, conn.Close())

	e := rec.waitFor(t, isKind(Offline))
	assert.Equal(t, stationAddress(1).String(), e.Station)
	assert.NoError(t, e.Err)
}

func TestServerKeepAliveNotHandedOn(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec})
	conn := dial(t, addr)
	a := stationAddress(3)
	keep := sl651.Message{Header: sl651.Header{Direction: sl651.Up, Center: 1, Station: a,
		Function: sl651.KeepAlive, End: sl651.ETX}, Serial: 1, SendTime: observed}
	b, err := keep.AppendFrame(nil, sl651.Options{})
	require.NoError(t, err)
	_, err = conn.Write(b)
	require.NoError(t, err)
	_, err = conn.Write(timedReport(t, a, 2, observed, 5))
	require.NoError(t, err)

	rec.waitFor(t, isKind(Message))
	assert.Equal(t, 1, rec.count(isKind(Message)))
	assert.Equal(t, uint64(1), srv.Stats().Heartbeats)
}
