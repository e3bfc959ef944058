package centre

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

var cst = time.FixedZone("CST", 8*3600)

// recorder is a Handler that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []*Event
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) Handle(_ context.Context, e *Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// waitFor waits until some recorded event satisfies ok and returns it.
func (r *recorder) waitFor(t *testing.T, ok func(*Event) bool) *Event {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		for _, e := range r.events {
			if ok(e) {
				r.mu.Unlock()
				return e
			}
		}
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatal("timed out waiting for an event")
		}
	}
}

func (r *recorder) count(ok func(*Event) bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if ok(e) {
			n++
		}
	}
	return n
}

func isKind(k Kind) func(*Event) bool { return func(e *Event) bool { return e.Kind == k } }

// startServer serves cfg on a loopback port and stops the server when the
// test ends. It returns the server and its address.
func startServer(t testing.TB, cfg Config) (*Server, string) {
	t.Helper()
	srv, err := New(cfg)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(context.Background(), ln) }()
	t.Cleanup(func() {
		require.NoError(t, srv.Close())
		if err := <-errc; !errors.Is(err, ErrClosed) {
			require.NoError(t, err)
		}
	})
	return srv, ln.Addr().String()
}

func dial(t testing.TB, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

// stationAddress returns the SL 651 address of simulated station n.
func stationAddress(n int) sl651.Address {
	return sl651.Address{0x00, 0x10, byte(n >> 16), byte(n >> 8), byte(n)}
}

// timedReport encodes a timed report of the water level (m, 3 decimals)
// observed at obs by station a.
func timedReport(t testing.TB, a sl651.Address, serial uint16, obs time.Time, level int64) []byte {
	t.Helper()
	m := sl651.Message{
		Header: sl651.Header{Direction: sl651.Up, Center: 1, Station: a, Password: 0x1234,
			Function: sl651.TimedReport, End: sl651.ETX},
		Serial: serial, SendTime: obs.Add(5 * time.Second), Station: a,
		StationType: sl651.River, ObservedAt: obs,
		Elements: []sl651.Element{{ID: sl651.WaterLevel, Value: sl651.NewValue(level, 3),
			ObservedAt: obs}},
	}
	b, err := m.AppendFrame(nil, sl651.Options{Location: cst})
	require.NoError(t, err)
	return b
}

// readFrame reads the next frame from conn with st within 5 s.
func readFrame(t testing.TB, conn net.Conn, st *frame.Stream) []byte {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	b, err := st.ReadFrame(conn)
	require.NoError(t, err)
	return b
}

// isClosed reports whether the server closed conn, waiting up to 5 s.
func isClosed(conn net.Conn) bool {
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var b [64]byte
	for {
		_, err := conn.Read(b[:])
		if err != nil {
			var ne net.Error
			return !(errors.As(err, &ne) && ne.Timeout())
		}
	}
}

// waitForCount waits until n recorded events satisfy ok.
func (r *recorder) waitForCount(t *testing.T, ok func(*Event) bool, n int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for r.count(ok) < n {
		select {
		case <-r.notify:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("got %d events, want %d", r.count(ok), n)
		}
	}
}

func (r *recorder) all() []*Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Event(nil), r.events...)
}
