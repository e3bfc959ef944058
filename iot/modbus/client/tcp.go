package client

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	gmodbus "github.com/goburrow/modbus"
)

// MBAP header size: transaction id, protocol id, length and unit id.
const mbapLen = 7

// DefaultTimeout is the reply timeout used when a transporter's Timeout is
// zero.
const DefaultTimeout = time.Second

// TCPTransporter is a goburrow Transporter for Modbus TCP. It rewrites the
// transaction id of each request with its own counter, so that clients for
// several units can share one connection. It returns only the reply whose
// transaction id matches, and reads and discards the late replies to
// earlier requests that timed out. Any other error closes the connection, and the next
// Send dials again. The zero value needs Address. A TCPTransporter is safe
// for concurrent use, and it sends one request at a time.
//
// A [Client] request whose context ends while it waits for its turn is not
// sent. One whose context ends after it was sent stops waiting for the
// reply, as at a timeout. The connection stays open and the late reply is
// discarded by its transaction id, unless the request or a reply was cut
// off part-way, which closes the connection.
type TCPTransporter struct {
	// Address is the device's host:port, such as "192.168.1.20:502".
	Address string
	// Timeout bounds the dial and each request's round trip. Zero means
	// [DefaultTimeout].
	Timeout time.Duration

	lock  busLock // held for each request, and guards the fields below
	conn  net.Conn
	tid   uint16
	buf   [mbapLen + 256]byte
	stale uint64
	// partial is set while a frame has been read or written in part.
	partial bool
	abort   aborter
}

var _ gmodbus.Transporter = (*TCPTransporter)(nil)

// Stale returns the number of replies discarded because their transaction
// id belonged to an earlier request.
func (t *TCPTransporter) Stale() uint64 {
	t.lock.lock()
	defer t.lock.unlock()
	return t.stale
}

// Close closes the connection. The next Send dials again.
func (t *TCPTransporter) Close() error {
	t.lock.lock()
	defer t.lock.unlock()
	return t.closeLocked()
}

func (t *TCPTransporter) closeLocked() error {
	if t.conn == nil {
		return nil
	}
	err := t.conn.Close()
	t.conn = nil
	return err
}

// Send implements goburrow's Transporter: it sends the MBAP frame req and
// returns the reply with req's transaction id. Send has no context, so
// Timeout alone bounds it.
func (t *TCPTransporter) Send(req []byte) ([]byte, error) {
	return t.sendContext(context.Background(), req)
}

func (t *TCPTransporter) sendContext(ctx context.Context, req []byte) ([]byte, error) {
	if len(req) < mbapLen+1 {
		return nil, fmt.Errorf("modbus tcp: request of %d bytes is shorter than an MBAP header and a function code", len(req))
	}
	if err := t.lock.lockContext(ctx); err != nil {
		return nil, fmt.Errorf("modbus tcp: %s: waiting for the connection: %w", t.Address, err)
	}
	defer t.lock.unlock()
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	deadline, ctxDeadline := replyDeadline(ctx, timeout)
	if t.conn == nil {
		d := net.Dialer{Deadline: deadline}
		c, err := d.DialContext(ctx, "tcp", t.Address)
		if err != nil {
			return nil, fmt.Errorf("modbus tcp: dial %s: %w", t.Address, err)
		}
		t.conn = c
	}
	rep, err := t.exchange(ctx, req, deadline)
	if err != nil && (!isTimeout(err) || t.partial) {
		// A timeout between frames leaves the connection usable, because a
		// late reply is recognised by its transaction id. Anything else may
		// have left it broken or out of step.
		t.closeLocked()
	}
	if err != nil {
		if isTimeout(err) {
			err = waitError(ctx, err, ctxDeadline)
		}
		return nil, fmt.Errorf("modbus tcp: %s: %w", t.Address, err)
	}
	return rep, nil
}

// exchange sends req and reads frames until the reply to it. The end of
// ctx ends the wait as a timeout does.
func (t *TCPTransporter) exchange(ctx context.Context, req []byte, deadline time.Time) ([]byte, error) {
	t.partial = false
	if err := t.conn.SetDeadline(deadline); err != nil {
		return nil, err
	}
	defer t.abort.release(t.abort.watch(ctx, t.conn))
	t.tid++
	orig := binary.BigEndian.Uint16(req)
	wire := t.buf[:len(req)]
	if len(req) > len(t.buf) {
		wire = make([]byte, len(req))
	}
	copy(wire, req)
	binary.BigEndian.PutUint16(wire, t.tid)
	if n, err := t.conn.Write(wire); err != nil {
		// A request cut off part-way leaves the stream out of step.
		t.partial = n > 0
		return nil, err
	}
	for {
		rep, err := t.readFrame()
		if err != nil {
			return nil, err
		}
		if binary.BigEndian.Uint16(rep) != t.tid {
			t.stale++
			continue
		}
		if rep[6] != req[6] {
			return nil, fmt.Errorf("reply from unit %d to a request for unit %d", rep[6], req[6])
		}
		if fc := rep[mbapLen]; fc != req[mbapLen] && fc != req[mbapLen]|0x80 {
			return nil, fmt.Errorf("reply of function 0x%02X to a request of function 0x%02X", fc, req[mbapLen])
		}
		binary.BigEndian.PutUint16(rep, orig)
		// goburrow returns slices of the reply to its caller, so the
		// reply must outlive the next Send.
		return append([]byte(nil), rep...), nil
	}
}

// readFrame reads one MBAP frame into t.buf.
func (t *TCPTransporter) readFrame() ([]byte, error) {
	n0, err := io.ReadFull(t.conn, t.buf[:mbapLen])
	t.partial = n0 > 0
	if err != nil {
		return nil, err
	}
	if p := binary.BigEndian.Uint16(t.buf[2:]); p != 0 {
		return nil, fmt.Errorf("reply protocol id %d, want 0 (Modbus)", p)
	}
	n := int(binary.BigEndian.Uint16(t.buf[4:]))
	if n < 2 || n > 254 {
		return nil, fmt.Errorf("reply MBAP length %d, want 2-254", n)
	}
	end := mbapLen - 1 + n
	if _, err := io.ReadFull(t.conn, t.buf[mbapLen:end]); err != nil {
		return nil, err
	}
	t.partial = false
	return t.buf[:end], nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
