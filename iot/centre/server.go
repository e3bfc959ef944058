package centre

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
)

// ErrClosed is returned by [Server.Serve] and [Server.Send] once the server
// has been closed.
var ErrClosed = errors.New("centre: server closed")

// Server is a centre station. Make one with [New], run it with
// [Server.Serve] and stop it by ending Serve's context or with
// [Server.Close]. A Server is safe for concurrent use.
type Server struct {
	cfg    Config
	codecs []codec
	stats  counters
	queue  chan *Event

	mu       sync.Mutex
	serving  bool
	closed   bool
	cancel   context.CancelFunc
	done     chan struct{}
	conns    map[*session]struct{}
	stations map[string]*session
}

// New returns a server with configuration cfg, or an error naming an
// invalid field.
func New(cfg Config) (*Server, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      c,
		codecs:   newCodecs(&c),
		queue:    make(chan *Event, c.QueueLen),
		conns:    make(map[*session]struct{}),
		stations: make(map[string]*session),
	}
	return s, nil
}

// ListenAndServe listens on the TCP address addr, such as ":7000",
// and calls [Server.Serve].
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("centre: listen: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve accepts connections on ln and serves them until ctx ends or
// [Server.Close] is called. It then closes ln and every connection, waits
// for their goroutines and the Handler, and returns nil. It returns the
// accept error if ln fails, and ErrClosed if the server is already
// closed or serving. Serve closes ln in every case.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := s.start(cancel); err != nil {
		ln.Close()
		return err
	}
	defer close(s.done)
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()

	var wg sync.WaitGroup
	stopDispatch, dispatched := make(chan struct{}), make(chan struct{})
	go s.dispatch(ctx, stopDispatch, dispatched)
	s.cfg.Logger.InfoContext(ctx, "centre station serving", "addr", ln.Addr().String())
	err := s.accept(ctx, ln, &wg)

	cancel()
	s.closeConns()
	wg.Wait()
	close(stopDispatch)
	<-dispatched
	s.cfg.Logger.InfoContext(context.WithoutCancel(ctx), "centre station stopped",
		"addr", ln.Addr().String())
	return err
}

func (s *Server) start(cancel context.CancelFunc) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.serving {
		return ErrClosed
	}
	s.serving = true
	s.cancel = cancel
	s.done = make(chan struct{})
	return nil
}

// accept accepts connections until ln fails; it returns nil when ctx ended.
func (s *Server) accept(ctx context.Context, ln net.Listener, wg *sync.WaitGroup) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return fmt.Errorf("centre: accept: %w", err)
		}
		s.stats.accepted.Add(1)
		sess := s.admit(conn)
		if sess == nil {
			continue
		}
		wg.Go(func() { sess.run(ctx) })
	}
}

// admit registers a new connection, or closes it when the server is full.
func (s *Server) admit(conn net.Conn) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.conns) >= s.cfg.MaxConns {
		s.stats.rejectMax.Add(1)
		conn.Close()
		return nil
	}
	sess := newSession(s, conn)
	s.conns[sess] = struct{}{}
	s.stats.open.Add(1)
	return sess
}

func (s *Server) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for sess := range s.conns {
		sess.conn.Close()
	}
}

// Close stops the server as ending Serve's context does and waits until
// Serve has returned. Close of a server that is not serving only marks it
// closed. It always returns nil.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return nil
}

// Stats returns a snapshot of the server's counters.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// Stations returns the ids of the stations that are connected now, in no
// particular order.
func (s *Server) Stations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.stations))
	for id := range s.stations {
		ids = append(ids, id)
	}
	return ids
}
