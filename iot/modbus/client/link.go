package client

import (
	"context"
	"errors"
	"io"
	"net"
	"time"

	"github.com/goburrow/serial"
)

// link is the byte channel under a [Port]: a serial port or a TCP
// connection.
type link interface {
	io.Writer
	io.Closer
	// readBy reads into b, waiting until deadline at most. It returns
	// errTimeout when nothing arrived before deadline or before ctx ended.
	readBy(ctx context.Context, b []byte, deadline time.Time) (int, error)
	// drain discards input until none has arrived for quiet, or only the
	// input already received when quiet is zero, and stops after
	// maxDrain whatever arrives. It returns the number of bytes discarded,
	// and ctx's error if ctx ends first.
	drain(ctx context.Context, quiet time.Duration) (int, error)
	// watch makes a blocked read or write return when ctx ends, where the
	// link cannot check ctx itself, until release is called with the
	// function it returned.
	watch(ctx context.Context) (stop func() bool)
	release(stop func() bool)
}

var errTimeout = errors.New("timed out waiting for the reply")

// maxDrain bounds a drain beyond its quiet time, so that a line with
// continuous noise or heartbeats cannot hold a request back for ever.
const maxDrain = 50 * time.Millisecond

// netLink is a TCP connection to a serial server or from a DTU.
type netLink struct {
	net.Conn
	// filter, if set, removes bytes that are not Modbus, such as DTU
	// heartbeats, from each read.
	filter func([]byte) []byte
	abort  aborter
}

func (l *netLink) readBy(ctx context.Context, b []byte, deadline time.Time) (int, error) {
	if err := l.SetReadDeadline(deadline); err != nil {
		return 0, err
	}
	// watch moves the deadline into the past when ctx ends, but a new
	// deadline set after that move undoes it, so check ctx after setting.
	if ctx.Err() != nil {
		return 0, errTimeout
	}
	n, err := l.Read(b)
	if l.filter != nil && n > 0 {
		n = copy(b, l.filter(b[:n]))
	}
	if isTimeout(err) {
		err = errTimeout
	}
	return n, err
}

func (l *netLink) watch(ctx context.Context) func() bool { return l.abort.watch(ctx, l.Conn) }

func (l *netLink) release(stop func() bool) { l.abort.release(stop) }

func (l *netLink) drain(ctx context.Context, quiet time.Duration) (int, error) {
	if quiet <= 0 {
		// The previous request's read deadline may have passed while the link was
		// idle, and Go fails every read on the socket after it, even a raw one.
		if err := l.SetReadDeadline(time.Time{}); err != nil {
			return 0, err
		}
		return l.drainBuffered()
	}
	var buf [256]byte
	total := 0
	stop := time.Now().Add(quiet + maxDrain)
	for time.Now().Before(stop) {
		n, err := l.readBy(ctx, buf[:], time.Now().Add(quiet))
		total += n
		if err == errTimeout {
			return total, ctx.Err()
		}
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// serialLink is a serial port opened with goburrow/serial. Its read timeout
// is the inter-frame silence, so each read that times out has also seen the
// line quiet for that long.
type serialLink struct {
	serial.Port
}

// watch does nothing: readBy and drain check ctx after each read, which
// returns within one silence, and a write is not interrupted.
func (l *serialLink) watch(context.Context) func() bool { return nil }

func (l *serialLink) release(func() bool) {}

func (l *serialLink) readBy(ctx context.Context, b []byte, deadline time.Time) (int, error) {
	for {
		n, err := l.Read(b)
		if err == serial.ErrTimeout {
			if ctx.Err() == nil && time.Now().Before(deadline) {
				continue
			}
			return 0, errTimeout
		}
		if n == 0 && err == nil {
			// A read of nothing on a port that select reported readable
			// means the other end has gone, as a pseudo-terminal does.
			return 0, io.EOF
		}
		return n, err
	}
}

func (l *serialLink) drain(ctx context.Context, quiet time.Duration) (int, error) {
	var buf [256]byte
	total := 0
	last := time.Now()
	stop := last.Add(quiet + maxDrain)
	for time.Now().Before(stop) {
		n, err := l.Read(buf[:])
		total += n
		switch {
		case err == serial.ErrTimeout:
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			if time.Since(last) >= quiet {
				return total, nil
			}
		case err != nil:
			return total, err
		case n == 0:
			return total, io.EOF
		default:
			last = time.Now()
		}
	}
	return total, nil
}
