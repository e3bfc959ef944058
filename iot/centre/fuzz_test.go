package centre

import (
	"bytes"
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// pipeListener is a net.Listener that hands out the server ends of
// in-memory pipes.
type pipeListener struct {
	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// dial returns the client end of a new pipe whose server end the listener
// hands out.
func (l *pipeListener) dial() net.Conn {
	client, server := net.Pipe()
	l.conns <- server
	return client
}

// FuzzServer gives arbitrary bytes to a connection of an auto-detecting
// server and checks that it neither panics nor hangs, and that every frame
// it counts became an event.
func FuzzServer(f *testing.F) {
	at := time.Date(2026, 7, 1, 8, 0, 0, 0, cst)
	f.Add(timedReport(f, stationAddress(1), 1, at, 5))
	f.Add(append([]byte{0xFE, 0xFE}, dlt645.AppendReadRequest(nil, dlt645.Address{1},
		dlt645.DIForwardActiveEnergy)...))
	f.Add(cjt188.AppendRead(nil, cjt188.TypeColdWater, cjt188.Address{1}, cjt188.DIReading, 1))
	f.Add([]byte{0x68, 0x03, 0x68, 0x00, 0x00, 0x16})
	packets := reportPackets(f, stationAddress(2), 3, 14)
	f.Add(bytes.Join([][]byte{packets[2], packets[0], packets[1], packets[1]}, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		var mu sync.Mutex
		messages := 0
		h := HandlerFunc(func(_ context.Context, e *Event) {
			if e.Kind == Message || e.Kind == Invalid {
				mu.Lock()
				messages++
				mu.Unlock()
			}
		})
		srv, err := New(Config{Handler: h, SL651: sl651.Options{Location: cst},
			ByteRate: -1, WriteTimeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ln := newPipeListener()
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(context.Background(), ln) }()
		conn := ln.dial()
		go discardAcks(conn)
		_, _ = conn.Write(data)
		conn.Close()
		waitClosed(t, srv)
		_ = srv.Close()
		if err := <-errc; err != nil {
			t.Fatalf("serve: %v", err)
		}
		st := srv.Stats()
		// Packets of multi-packet messages make an event when their
		// message is joined or dropped.
		want := st.Frames - st.Packets + st.Joined + st.Dropped + st.Invalid - st.Heartbeats
		if got := uint64(messages); got != want {
			t.Fatalf("got %d events, want frames %d - packets %d + joined %d + dropped %d"+
				" + invalid %d - heartbeats %d", got, st.Frames, st.Packets, st.Joined,
				st.Dropped, st.Invalid, st.Heartbeats)
		}
	})
}

// waitClosed waits until the server has no open connection.
func waitClosed(t *testing.T, srv *Server) {
	deadline := time.Now().Add(5 * time.Second)
	for srv.Stats().Open > 0 || srv.Stats().Accepted == 0 {
		if time.Now().After(deadline) {
			t.Fatal("connection still open after 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
