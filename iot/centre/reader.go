package centre

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"time"
)

// connReader reads a DTU connection for its session: it sets the idle
// deadline before each read, skips heartbeat packets, counts bytes and
// waits out the byte rate limit. When wake returns a time before the idle
// deadline, a read that times out then calls expire and reads on.
type connReader struct {
	ctx       context.Context
	conn      net.Conn
	srv       *Server
	bucket    *bucket
	heartbeat []byte
	timeout   time.Duration
	wake      func() (time.Time, bool)
	expire    func() error
}

func (r *connReader) Read(p []byte) (int, error) {
	idle := time.Now().Add(r.timeout)
	for {
		deadline, early := idle, false
		if r.wake != nil {
			if t, ok := r.wake(); ok && t.Before(idle) {
				deadline, early = t, true
			}
		}
		if err := r.conn.SetReadDeadline(deadline); err != nil {
			return 0, err
		}
		n, err := r.conn.Read(p)
		if n == 0 && early && errors.Is(err, os.ErrDeadlineExceeded) {
			if err := r.expire(); err != nil {
				return 0, err
			}
			continue
		}
		if n == 0 {
			return 0, err
		}
		r.srv.stats.bytesIn.Add(uint64(n))
		if err := r.throttle(n); err != nil {
			return 0, err
		}
		if len(r.heartbeat) > 0 && bytes.Equal(p[:n], r.heartbeat) {
			r.srv.stats.heartbeats.Add(1)
			if err != nil {
				return 0, err
			}
			idle = time.Now().Add(r.timeout)
			continue
		}
		return n, err
	}
}

// throttle waits until the connection is back within its byte rate.
func (r *connReader) throttle(n int) error {
	wait := r.bucket.take(n, time.Now())
	if wait <= 0 {
		return nil
	}
	r.srv.stats.throttled.Add(1)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}
