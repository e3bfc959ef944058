package centre

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// errDetect and errDuplicate end a session; the Offline event carries them.
var (
	errDetect    = errors.New("centre: no frame of any protocol")
	errDuplicate = errors.New("centre: another connection serves the station")
)

// session is one DTU connection. Its reader goroutine owns the fields
// above mu; mu guards the ones below it.
type session struct {
	srv    *Server
	conn   net.Conn
	remote string
	codec  codec
	stream *frame.Stream
	reader io.Reader
	ack    []byte

	writeMu sync.Mutex // serialises writes of confirmations and commands
	sendMu  sync.Mutex // serialises Send calls

	mu       sync.Mutex
	station  string
	protocol Protocol
	pending  *pending
}

func newSession(s *Server, conn net.Conn) *session {
	return &session{srv: s, conn: conn, remote: conn.RemoteAddr().String()}
}

// run serves the connection until it fails or ctx ends.
func (ss *session) run(ctx context.Context) {
	cfg := &ss.srv.cfg
	cr := &connReader{
		ctx: ctx, conn: ss.conn, srv: ss.srv, heartbeat: cfg.Heartbeat,
		bucket:  newBucket(cfg.ByteRate, cfg.ByteBurst, time.Now()),
		timeout: cfg.RegistrationTimeout,
	}
	ss.reader = cr
	err := ss.serve(ctx, cr)
	ss.finish(ctx, err)
}

func (ss *session) serve(ctx context.Context, cr *connReader) error {
	if p := ss.srv.cfg.Protocol; p != Auto {
		c := ss.srv.codecs[p-1]
		ss.use(c, frame.NewStream(c.finders()[0], ss.srv.cfg.BufferSize))
	}
	if err := ss.readRegistration(ctx); err != nil {
		return err
	}
	first, err := ss.detect()
	if err != nil {
		return err
	}
	if first != nil {
		if err := ss.handle(ctx, first); err != nil {
			return err
		}
	}
	for {
		if ss.stationID() == "" {
			cr.timeout = ss.srv.cfg.RegistrationTimeout
		} else {
			cr.timeout = ss.srv.cfg.IdleTimeout
		}
		b, err := ss.stream.ReadFrame(ss.reader)
		if err != nil {
			return err
		}
		if err := ss.handle(ctx, b); err != nil {
			return err
		}
	}
}

// readRegistration reads the registration packet, if DTUs send one, and
// registers the station it names.
func (ss *session) readRegistration(ctx context.Context) error {
	reg := ss.srv.cfg.Registration
	if reg.Length == 0 {
		return nil
	}
	p := make([]byte, reg.Length)
	if _, err := io.ReadFull(ss.reader, p); err != nil {
		return fmt.Errorf("centre: read registration: %w", err)
	}
	id, err := reg.Parse(p)
	if err != nil {
		ss.srv.stats.rejectReg.Add(1)
		return err
	}
	return ss.register(ctx, id)
}

// detect sets the connection's protocol, unless configured, to the first
// whose framer finds a frame in the bytes the DTU sends. It returns that
// first frame, or nil with a configured protocol.
func (ss *session) detect() ([]byte, error) {
	cfg := &ss.srv.cfg
	if ss.codec != nil {
		return nil, nil
	}
	type candidate struct {
		c  codec
		st *frame.Stream
	}
	var cands []candidate
	for _, c := range ss.srv.codecs {
		for _, f := range c.finders() {
			cands = append(cands, candidate{c, frame.NewStream(f, cfg.BufferSize)})
		}
	}
	buf := make([]byte, 1024)
	for seen := 0; seen < cfg.DetectLimit; {
		n, err := ss.reader.Read(buf)
		seen += n
		for _, cd := range cands {
			if first, rest, ok := feedUntilFrame(cd.st, buf[:n]); ok {
				ss.use(cd.c, cd.st)
				ss.reader = io.MultiReader(bytes.NewReader(bytes.Clone(rest)), ss.reader)
				return first, nil
			}
		}
		if err != nil {
			return nil, err
		}
	}
	ss.srv.stats.rejectPr.Add(1)
	return nil, errDetect
}

// feedUntilFrame feeds p to st until st returns a frame. It returns a copy
// of the frame and the bytes of p not yet fed, and reports whether it found
// a frame.
func feedUntilFrame(st *frame.Stream, p []byte) (first, rest []byte, ok bool) {
	for len(p) > 0 {
		n := st.Feed(p)
		p = p[n:]
		if b, ok := st.Next(); ok {
			return bytes.Clone(b), p, true
		}
	}
	return nil, nil, false
}
