package centre

import (
	"context"
	"errors"
	"fmt"
)

// Errors of [Server.Send] that callers branch on.
var (
	// ErrOffline means no connection serves the station.
	ErrOffline = errors.New("centre: station offline")
	// ErrTimeout means no matching reply arrived in time.
	ErrTimeout = errors.New("centre: reply timed out")
)

// pending is a Send waiting for its reply.
type pending struct {
	req *Event
	ch  chan result // capacity 1, written once
}

type result struct {
	e   *Event
	err error
}

// Send writes the downlink frame request to station and returns the uplink
// event that replies to it. Build request with the protocol package of the
// station's connection; Send decodes it to know the reply to wait for:
//
//   - SL 651: the same station and function code, and the serial number
//     when the request's is not zero;
//   - SZY 206: the same address and AFN;
//   - DL/T 645: a reply from a matching address (wildcard digits allowed)
//     with the same function and, unless abnormal, data identifier;
//   - CJ/T 188: a reply from a matching address with the same SER.
//
// The reply is not handed to the Handler. An abnormal DL/T 645 or CJ/T 188
// reply is returned with its event and the message's Err. Send waits until
// ctx ends or Config.SendTimeout passes, whichever comes first, and then
// returns an error wrapping ErrTimeout (or ctx's error). Calls for one
// station run one at a time; ErrOffline means no connection serves the
// station or its protocol is not yet known.
func (s *Server) Send(ctx context.Context, station string, request []byte) (*Event, error) {
	sess, err := s.session(station)
	if err != nil {
		return nil, err
	}
	req := &Event{Kind: Message, Station: station, Frame: request}
	if _, err := sess.codec.decode(request, req); err != nil {
		return nil, fmt.Errorf("centre: send to %s: request: %w", station, err)
	}

	sess.sendMu.Lock()
	defer sess.sendMu.Unlock()
	p := &pending{req: req, ch: make(chan result, 1)}
	sess.mu.Lock()
	sess.pending = p
	sess.mu.Unlock()
	defer sess.clearPending(p)
	if err := sess.write(request); err != nil {
		return nil, fmt.Errorf("centre: send to %s: %w", station, err)
	}
	return s.await(ctx, station, p)
}

func (s *Server) await(ctx context.Context, station string, p *pending) (*Event, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SendTimeout)
	defer cancel()
	select {
	case r := <-p.ch:
		if r.err != nil {
			return nil, fmt.Errorf("centre: send to %s: %w", station, r.err)
		}
		return r.e, replyErr(r.e)
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("centre: send to %s: %w", station, ErrTimeout)
		}
		return nil, fmt.Errorf("centre: send to %s: %w", station, ctx.Err())
	}
}

// replyErr returns the error an abnormal meter reply carries.
func replyErr(e *Event) error {
	switch {
	case e.DLT645 != nil:
		return e.DLT645.Err()
	case e.CJT188 != nil:
		return e.CJT188.Err()
	}
	return nil
}

// session returns the session of a station whose protocol is known.
func (s *Server) session(station string) (*session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	sess := s.stations[station]
	if sess == nil || sess.protocolNow() == Auto {
		return nil, fmt.Errorf("centre: send to %s: %w", station, ErrOffline)
	}
	return sess, nil
}

// deliverReply passes e to the pending Send it replies to and reports
// whether there was one.
func (ss *session) deliverReply(e *Event) bool {
	ss.mu.Lock()
	p := ss.pending
	if p == nil || !ss.codec.matches(p.req, e) {
		ss.mu.Unlock()
		return false
	}
	ss.pending = nil
	ss.mu.Unlock()
	ss.srv.stats.replies.Add(1)
	p.ch <- result{e: e}
	return true
}

func (ss *session) clearPending(p *pending) {
	ss.mu.Lock()
	if ss.pending == p {
		ss.pending = nil
	}
	ss.mu.Unlock()
}

// failPending ends a pending Send because the connection closed.
func (ss *session) failPending(cause error) {
	ss.mu.Lock()
	p := ss.pending
	ss.pending = nil
	ss.mu.Unlock()
	if p == nil {
		return
	}
	if cause == nil {
		cause = ErrOffline
	}
	p.ch <- result{err: fmt.Errorf("connection closed: %w", cause)}
}
