package client

import (
	"context"
	"net"
	"sync"
	"time"
)

// transport is a transporter that takes a context: [TCPTransporter] and the
// unit transporters of a [Port].
type transport interface {
	sendContext(ctx context.Context, req []byte) ([]byte, error)
}

// busLock is a mutex whose waiters give up when their context ends. The
// zero value is unlocked.
type busLock struct {
	mu sync.Mutex // guards the creation of ch
	ch chan struct{}
}

func (l *busLock) sem() chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ch == nil {
		l.ch = make(chan struct{}, 1)
	}
	return l.ch
}

// lockContext locks l, or returns ctx's error when ctx ends first.
func (l *busLock) lockContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case l.sem() <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *busLock) lock() { l.sem() <- struct{}{} }

func (l *busLock) unlock() { <-l.sem() }

// replyDeadline returns the end of a wait of timeout from now, or ctx's
// deadline when that is earlier, and whether ctx's deadline was taken.
func replyDeadline(ctx context.Context, timeout time.Duration) (time.Time, bool) {
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		return d, true
	}
	return deadline, false
}

// waitError returns the error of a wait that timed out with err: ctx's
// error when ctx has ended, [context.DeadlineExceeded] when the deadline
// came from ctx, and err otherwise.
func waitError(ctx context.Context, err error, ctxDeadline bool) error {
	if e := ctx.Err(); e != nil {
		return e
	}
	if ctxDeadline {
		return context.DeadlineExceeded
	}
	return err
}

// sleepContext waits for d, or returns ctx's error when ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// longAgo is a deadline in the past, which makes blocked reads and writes
// on a connection return at once.
var longAgo = time.Unix(1, 0)

// aborter makes reads and writes on a connection return with a timeout
// error when a request's context ends, by moving the connection's deadlines
// into the past. Its owner uses it for one request at a time, so that a
// request allocates only what [context.AfterFunc] does. The zero value is
// ready to use.
type aborter struct {
	conn  net.Conn
	moved chan struct{} // receives once per move
	move  func()
}

// watch arranges the move for c when ctx ends and returns the function
// that cancels it, or nil when ctx never ends. Call it after setting the
// request's deadlines, which would otherwise undo the move, and pass its
// result to release when the request is done.
func (a *aborter) watch(ctx context.Context, c net.Conn) (stop func() bool) {
	if ctx.Done() == nil {
		return nil
	}
	if a.move == nil {
		a.moved = make(chan struct{}, 1)
		a.move = func() {
			a.conn.SetDeadline(longAgo)
			a.moved <- struct{}{}
		}
	}
	a.conn = c
	return context.AfterFunc(ctx, a.move)
}

// release cancels the move, or waits for a move that has started and then
// clears both deadlines, so that none of it reaches the next request.
func (a *aborter) release(stop func() bool) {
	if stop == nil || stop() {
		return
	}
	<-a.moved
	a.conn.SetDeadline(time.Time{})
}
