package cjt188

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// DefaultTimeout is how long [Client] waits for a reply when neither
// Client.Timeout nor the context sets a shorter limit. M-Bus meters are slow
// to wake, and a DTU adds its own delay.
const DefaultTimeout = 3 * time.Second

// DefaultWakeup is the number of 0xFE bytes sent before each request.
const DefaultWakeup = 2

// Client reads meters through a link that carries CJ/T 188 frames: an M-Bus
// or RS-485 adapter, or a TCP connection to a transparent DTU. It sends one
// request at a time and matches the reply by meter address, function and data
// identifier. It does not require the meter to echo SER, because some meters
// do not. A Client is not safe for concurrent use; use one per link.
type Client struct {
	// Conn is the link. If it has SetReadDeadline, as a net.Conn does, the
	// timeout and the context's cancellation interrupt a blocked read.
	Conn io.ReadWriter
	// Timeout bounds the wait for each reply. Zero means [DefaultTimeout].
	Timeout time.Duration
	// Wakeup is the number of 0xFE bytes sent before each request. Zero means
	// [DefaultWakeup]; a negative value sends none.
	Wakeup int
	// Logger receives a debug line for each skipped frame. Nil discards.
	Logger *slog.Logger

	stream  *frame.Stream
	buf     []byte
	msg     Message
	seq     uint8
	skipped uint64
}

// NewClient returns a client on conn with the default settings.
func NewClient(conn io.ReadWriter) *Client { return &Client{Conn: conn} }

// Skipped returns the number of frames read that were not the reply to a
// request.
func (c *Client) Skipped() uint64 { return c.skipped }

// Stats returns the framing counters of the link.
func (c *Client) Stats() frame.Stats {
	if c.stream == nil {
		return frame.Stats{}
	}
	return c.stream.Stats()
}

// Read reads di from the meter of type t at a and returns the reply, which
// the next call reuses. An abnormal reply returns the message with an
// [*AbnormalError].
func (c *Client) Read(ctx context.Context, t MeterType, a Address, di DI) (*Message, error) {
	c.seq++
	c.buf = AppendRead(c.prepare(), t, a, di, c.seq)
	return c.exchange(ctx, a, FuncRead, di)
}

// ReadAddress reads the type and address of the only meter on the link.
func (c *Client) ReadAddress(ctx context.Context) (MeterType, Address, error) {
	c.seq++
	c.buf = AppendReadAddress(c.prepare(), c.seq)
	m, err := c.exchange(ctx, Wildcard, FuncReadAddress, DIAddress)
	if err != nil {
		return 0, Address{}, err
	}
	return m.Type, m.Address, nil
}

// SetValve opens or closes the valve of the meter of type t at a and returns
// the status word of the reply.
func (c *Client) SetValve(ctx context.Context, t MeterType, a Address, cmd ValveCommand) (Status, error) {
	c.seq++
	c.buf = AppendValve(c.prepare(), t, a, c.seq, cmd)
	m, err := c.exchange(ctx, a, FuncWrite, DIValve)
	if err != nil {
		return 0, err
	}
	return m.Status, nil
}

func (c *Client) prepare() []byte {
	n := c.Wakeup
	if n == 0 {
		n = DefaultWakeup
	}
	return AppendPreamble(c.buf[:0], n)
}

// exchange sends c.buf and waits for the reply of a meter that a matches to
// function f and identifier di, or an abnormal reply to f.
func (c *Client) exchange(ctx context.Context, a Address, f Function, di DI) (*Message, error) {
	if c.stream == nil {
		c.stream = frame.NewStream(Protocol{}, 4*MaxFrameLen)
	}
	c.stream.Discard()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("cjt188: sending request: %w", err)
	}
	if _, err := c.Conn.Write(c.buf); err != nil {
		return nil, fmt.Errorf("cjt188: sending request: %w", err)
	}
	stop := c.setDeadline(ctx)
	defer stop()
	for {
		fr, err := c.stream.ReadFrame(c.Conn)
		if err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return nil, fmt.Errorf("cjt188: waiting for reply: %w", err)
		}
		decodeErr := c.msg.UnmarshalBinary(fr)
		m := &c.msg
		if m.Control.Reply() && a.Matches(m.Address) && m.Control.Function() == f &&
			(m.Control.Abnormal() || m.DI == di) {
			if decodeErr != nil {
				return nil, decodeErr
			}
			return m, m.Err()
		}
		c.skipped++
		if c.Logger != nil {
			c.Logger.Debug("cjt188: skipped frame", "frame", fmt.Sprintf("% X", fr), "err", decodeErr)
		}
	}
}

func (c *Client) setDeadline(ctx context.Context) func() {
	d, ok := c.Conn.(interface{ SetReadDeadline(time.Time) error })
	if !ok {
		return func() {}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	deadline := time.Now().Add(timeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(deadline) {
		deadline = cd
	}
	_ = d.SetReadDeadline(deadline)
	stopCancel := context.AfterFunc(ctx, func() { _ = d.SetReadDeadline(time.Unix(1, 0)) })
	return func() {
		stopCancel()
		_ = d.SetReadDeadline(time.Time{})
	}
}

// IsTimeout reports whether err is a [Client] call that timed out waiting
// for the reply.
func IsTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
