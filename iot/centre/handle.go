package centre

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// use sets the connection's protocol and framer.
func (ss *session) use(c codec, st *frame.Stream) {
	ss.codec = c
	ss.stream = st
	ss.mu.Lock()
	ss.protocol = c.protocol()
	ss.mu.Unlock()
}

// handle decodes one frame, which may alias the framer's buffer, hands it
// to the Handler or a pending Send, and confirms it.
func (ss *session) handle(ctx context.Context, b []byte) error {
	srv := ss.srv
	e := &Event{Kind: Message, Protocol: ss.codec.protocol(), Remote: ss.remote,
		Time: srv.cfg.Now(), Frame: bytes.Clone(b)}
	address, err := ss.codec.decode(e.Frame, e)
	if err != nil {
		srv.stats.invalid.Add(1)
		e.Kind, e.Err, e.Station = Invalid, err, ss.stationID()
		return srv.emit(ctx, e)
	}
	srv.stats.frames.Add(1)
	if ss.stationID() == "" {
		if err := ss.register(ctx, address); err != nil {
			return err
		}
	}
	e.Station = ss.stationID()
	if e.SL651 != nil && e.SL651.Header.Start == sl651.SYN && e.SL651.Header.Direction == sl651.Up {
		return ss.handlePacket(ctx, e)
	}
	switch {
	case ss.codec.heartbeat(e):
		srv.stats.heartbeats.Add(1)
	case ss.deliverReply(e):
	default:
		// Queue the event before confirming it, so that a confirmed
		// report is never lost when the confirmation fails.
		if err := srv.emit(ctx, e); err != nil {
			return err
		}
	}
	return ss.confirm(e)
}

// confirm writes the confirmation e needs, if any.
func (ss *session) confirm(e *Event) error {
	var err error
	ss.ack, err = ss.codec.confirm(ss.ack[:0], e, ss.srv.cfg.Now())
	if err != nil {
		return fmt.Errorf("centre: encode confirmation: %w", err)
	}
	if len(ss.ack) == 0 {
		return nil
	}
	if err := ss.write(ss.ack); err != nil {
		return err
	}
	ss.srv.stats.confirms.Add(1)
	return nil
}

// write writes p to the DTU within Config.WriteTimeout.
func (ss *session) write(p []byte) error {
	ss.writeMu.Lock()
	defer ss.writeMu.Unlock()
	if err := ss.conn.SetWriteDeadline(time.Now().Add(ss.srv.cfg.WriteTimeout)); err != nil {
		return err
	}
	n, err := ss.conn.Write(p)
	ss.srv.stats.bytesOut.Add(uint64(n))
	if err != nil {
		return fmt.Errorf("centre: write to %s: %w", ss.remote, err)
	}
	return nil
}

func (ss *session) stationID() string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.station
}

// register names the session's station, applying Config.Duplicate against
// a connection that already serves it.
func (ss *session) register(ctx context.Context, id string) error {
	srv := ss.srv
	srv.mu.Lock()
	old := srv.stations[id]
	if old != nil && srv.cfg.Duplicate == RejectNew {
		srv.mu.Unlock()
		srv.stats.rejectDup.Add(1)
		return errDuplicate
	}
	srv.stations[id] = ss
	ss.mu.Lock()
	ss.station = id
	ss.mu.Unlock()
	srv.mu.Unlock()

	if old != nil {
		srv.stats.rejectDup.Add(1)
		old.conn.Close()
	} else {
		srv.stats.stations.Add(1)
	}
	srv.cfg.Logger.DebugContext(ctx, "station online", "station", id, "remote", ss.remote)
	return srv.emit(ctx, &Event{Kind: Online, Station: id, Remote: ss.remote,
		Protocol: ss.protocolNow(), Time: srv.cfg.Now()})
}

func (ss *session) protocolNow() Protocol {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.protocol
}

// finish closes the connection, unregisters it and reports it offline.
func (ss *session) finish(ctx context.Context, cause error) {
	srv := ss.srv
	ss.conn.Close()
	cause = ss.classify(ctx, cause)

	srv.mu.Lock()
	delete(srv.conns, ss)
	id := ss.stationID()
	owner := id != "" && srv.stations[id] == ss
	if owner {
		delete(srv.stations, id)
	}
	srv.mu.Unlock()
	srv.stats.open.Add(-1)
	if ss.stream != nil {
		srv.stats.addFramer(ss.stream.Stats())
	}
	ss.failPending(cause)

	if id == "" {
		srv.cfg.Logger.DebugContext(ctx, "connection closed", "remote", ss.remote, "err", cause)
		return
	}
	if !owner {
		// A newer connection serves the station, which stays online.
		srv.cfg.Logger.DebugContext(ctx, "connection replaced", "station", id,
			"remote", ss.remote)
		return
	}
	srv.stats.stations.Add(-1)
	srv.cfg.Logger.DebugContext(ctx, "station offline", "station", id,
		"remote", ss.remote, "err", cause)
	// The Offline event is queued even while the server stops, so that
	// each Online event has its Offline.
	_ = srv.emit(context.WithoutCancel(ctx), &Event{Kind: Offline, Station: id,
		Remote: ss.remote, Protocol: ss.protocolNow(), Time: srv.cfg.Now(), Err: cause})
}

// classify turns the end of a connection into the Offline event's cause:
// nil for a close by the DTU or the server, and counts idle timeouts.
func (ss *session) classify(ctx context.Context, err error) error {
	switch {
	case err == nil, errors.Is(err, io.EOF), ctx.Err() != nil, errors.Is(err, net.ErrClosed):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		if ss.stationID() == "" {
			ss.srv.stats.rejectReg.Add(1)
		} else {
			ss.srv.stats.rejectIdle.Add(1)
		}
		return fmt.Errorf("centre: connection idle: %w", err)
	}
	return err
}

// emit queues e for the Handler, waiting while the queue is full.
func (s *Server) emit(ctx context.Context, e *Event) error {
	if s.cfg.Handler == nil {
		return nil
	}
	select {
	case s.queue <- e:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dispatch calls the Handler for each queued event until stop is closed,
// which happens once every session has ended, and then for what is left
// in the queue.
func (s *Server) dispatch(ctx context.Context, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	h := s.cfg.Handler
	for {
		select {
		case e := <-s.queue:
			s.stats.events.Add(1)
			h.Handle(ctx, e)
		case <-stop:
			for {
				select {
				case e := <-s.queue:
					s.stats.events.Add(1)
					h.Handle(ctx, e)
				default:
					return
				}
			}
		}
	}
}
