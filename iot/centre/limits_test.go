package centre

import (
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// report sends one timed report of station n on conn and reads its
// confirmation.
func report(t *testing.T, conn net.Conn, n int, serial uint16) {
	t.Helper()
	_, err := conn.Write(timedReport(t, stationAddress(n), serial, observed, 1))
	require.NoError(t, err)
	readFrame(t, conn, frame.NewStream(sl651.Protocol{}, 0))
}

func TestServerDuplicate(t *testing.T) {
	tests := []struct {
		name       string
		policy     Duplicate
		wantClosed int // 0 the first connection, 1 the second
	}{
		{"replace old", ReplaceOld, 0},
		{"reject new", RejectNew, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			srv, addr := startServer(t, Config{Handler: rec, Duplicate: tt.policy})
			conns := []net.Conn{dial(t, addr), dial(t, addr)}
			report(t, conns[0], 5, 1)
			_, err := conns[1].Write(timedReport(t, stationAddress(5), 2, observed, 1))
			require.NoError(t, err)

			assert.True(t, isClosed(conns[tt.wantClosed]))
			assert.Equal(t, uint64(1), srv.Stats().Rejects.Duplicate)
			assert.Len(t, srv.Stations(), 1)
		})
	}
}

func TestServerMaxConns(t *testing.T) {
	srv, addr := startServer(t, Config{MaxConns: 2})
	dial(t, addr)
	dial(t, addr)
	require.Eventually(t, func() bool { return srv.Stats().Open == 2 },
		5*time.Second, 5*time.Millisecond)
	third := dial(t, addr)
	assert.True(t, isClosed(third))
	assert.Equal(t, uint64(1), srv.Stats().Rejects.MaxConns)
}

func TestServerIdleTimeout(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, IdleTimeout: 100 * time.Millisecond})
	conn := dial(t, addr)
	report(t, conn, 9, 1)

	assert.True(t, isClosed(conn))
	e := rec.waitFor(t, isKind(Offline))
	assert.ErrorContains(t, e.Err, "idle")
	assert.Equal(t, uint64(1), srv.Stats().Rejects.Idle)
}

func TestServerRegistrationTimeout(t *testing.T) {
	srv, addr := startServer(t, Config{RegistrationTimeout: 100 * time.Millisecond})
	conn := dial(t, addr)
	_, err := conn.Write([]byte{0x7E, 0x7E})
	require.NoError(t, err)

	assert.True(t, isClosed(conn))
	require.Eventually(t, func() bool { return srv.Stats().Rejects.Registration == 1 },
		5*time.Second, 5*time.Millisecond)
}

func TestServerDetectLimit(t *testing.T) {
	srv, addr := startServer(t, Config{DetectLimit: 1000})
	conn := dial(t, addr)
	_, err := conn.Write(make([]byte, 2000))
	require.NoError(t, err)

	assert.True(t, isClosed(conn))
	require.Eventually(t, func() bool { return srv.Stats().Rejects.Protocol == 1 },
		5*time.Second, 5*time.Millisecond)
}

func TestServerByteRate(t *testing.T) {
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, ByteRate: 200, ByteBurst: 100})
	conn := dial(t, addr)
	for i := range 4 {
		report(t, conn, 11, uint16(i+1))
	}

	rec.waitForCount(t, isKind(Message), 4)
	assert.Positive(t, srv.Stats().Throttled)
}

func TestServerRegistrationPacket(t *testing.T) {
	rec := newRecorder()
	_, addr := startServer(t, Config{Handler: rec, Registration: Registration{Length: 8},
		Heartbeat: []byte{0x00}})
	conn := dial(t, addr)
	_, err := conn.Write([]byte("DTU-0042"))
	require.NoError(t, err)
	report(t, conn, 42, 1)

	e := rec.waitFor(t, isKind(Message))
	assert.Equal(t, "DTU-0042", e.Station)
}

func TestParseStationID(t *testing.T) {
	tests := []struct {
		name, want string
		in         []byte
	}{
		{"text", "13800000001", []byte("13800000001")},
		{"text with padding", "A1", []byte(" A1\x00\x00")},
		{"binary", "0102FF", []byte{0x01, 0x02, 0xFF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStationID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := parseStationID([]byte("  \x00"))
	assert.Error(t, err)
}

func TestNewInvalidConfig(t *testing.T) {
	_, err := New(Config{Protocol: 9})
	assert.ErrorContains(t, err, "protocol 9")
	_, err = New(Config{Registration: Registration{Length: -1}})
	assert.ErrorContains(t, err, "registration length -1")
}
