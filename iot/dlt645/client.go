package dlt645

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
// Client.Timeout nor the context sets a shorter limit. DL/T 645-2007 lets a
// meter take up to 500 ms to start replying, and a 4G DTU adds its own delay.
const DefaultTimeout = 2 * time.Second

// DefaultWakeup is the number of 0xFE bytes sent before each request.
const DefaultWakeup = 4

// Client reads meters through a link that carries DL/T 645 frames: an RS-485
// serial port or a TCP connection to a transparent DTU. It sends one request
// at a time and matches the reply by address and data identifier, skipping
// echoes of its own requests, replies to other masters and noise. A Client is
// not safe for concurrent use; one per link.
type Client struct {
	// Conn is the link. If it has SetReadDeadline, as a net.Conn does, the
	// timeout and the context's cancellation interrupt a blocked read.
	// Otherwise a read returns only when Conn returns.
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

// Read reads di from the meter at a, which may be a wildcard, and returns the
// reply. The message is reused by the next call. An abnormal reply returns
// the message with an [*AbnormalError].
func (c *Client) Read(ctx context.Context, a Address, di DI) (*Message, error) {
	c.buf = AppendReadRequest(c.prepare(), a, di)
	return c.Exchange(ctx, c.buf, func(m *Message) bool {
		f := m.Control.Function()
		return a.Matches(m.Address) && f == FuncRead &&
			(m.Control.Abnormal() || m.DI == di)
	})
}

// ReadAddress reads the address of the only meter on the link.
func (c *Client) ReadAddress(ctx context.Context) (Address, error) {
	c.buf = AppendReadAddress(c.prepare())
	m, err := c.Exchange(ctx, c.buf, func(m *Message) bool {
		return m.Control.Function() == FuncReadAddress
	})
	if err != nil {
		return Address{}, err
	}
	return m.Address, nil
}

// BroadcastTime sends a broadcast time sync with the time t, in the meters'
// zone. Meters do not reply.
func (c *Client) BroadcastTime(ctx context.Context, t time.Time) error {
	b, err := AppendBroadcastTime(c.prepare(), ClockOf(t))
	if err != nil {
		return err
	}
	c.buf = b
	return c.write(ctx, b)
}

func (c *Client) prepare() []byte {
	n := c.Wakeup
	if n == 0 {
		n = DefaultWakeup
	}
	return AppendPreamble(c.buf[:0], n)
}

// Exchange sends request and returns the first reply for which match reports
// true. match sees the fields decoded before any error, so a reply it accepts
// whose data is invalid returns that error. Other frames are skipped and
// counted in [Client.Skipped]. The message is reused by the next call.
func (c *Client) Exchange(ctx context.Context, request []byte, match func(*Message) bool) (*Message, error) {
	if c.stream == nil {
		c.stream = frame.NewStream(Protocol{}, 4*MaxFrameLen)
	}
	c.stream.Discard()
	if err := c.write(ctx, request); err != nil {
		return nil, err
	}
	stop := c.setDeadline(ctx)
	defer stop()
	for {
		fr, err := c.stream.ReadFrame(c.Conn)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("dlt645: waiting for reply: %w", ctx.Err())
			}
			return nil, fmt.Errorf("dlt645: waiting for reply: %w", err)
		}
		decodeErr := c.msg.UnmarshalBinary(fr)
		if c.msg.Control.Reply() && match(&c.msg) {
			if decodeErr != nil {
				return nil, decodeErr
			}
			return &c.msg, c.msg.Err()
		}
		c.skipped++
		if c.Logger != nil {
			c.Logger.Debug("dlt645: skipped frame", "frame", fmt.Sprintf("% X", fr), "err", decodeErr)
		}
	}
}

func (c *Client) write(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dlt645: sending request: %w", err)
	}
	if _, err := c.Conn.Write(b); err != nil {
		return fmt.Errorf("dlt645: sending request: %w", err)
	}
	return nil
}

type readDeadliner interface {
	SetReadDeadline(t time.Time) error
}

// setDeadline bounds reads by the timeout and ctx, if Conn allows it, and
// returns a function that lifts the bound.
func (c *Client) setDeadline(ctx context.Context) func() {
	d, ok := c.Conn.(readDeadliner)
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

// IsTimeout reports whether err is a [Client] call that timed out waiting for
// the reply.
func IsTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
