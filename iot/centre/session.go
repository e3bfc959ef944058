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
	"github.com/shuxiang/shuxiang/iot/sl651"
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
	// packets joins SL 651 multi-packet messages; nil until the first
	// packet comes.
	packets *sl651.Reassembler

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
		wake:    ss.packetDeadline,
		expire:  func() error { return ss.expirePackets(ctx) },
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

// candidate is a protocol that detection tries, with its framer.
type candidate struct {
	c  codec
	f  frame.Protocol
	st *frame.Stream
}

// detect sets the connection's protocol, unless configured, to the first
// whose framer finds a frame in the bytes the DTU sends. It returns that
// first frame, or nil with a configured protocol.
//
// Most DTUs send their first frame in one segment, so the framers of the
// candidates, a buffer each, are made only when the first read holds no
// complete frame of any protocol.
func (ss *session) detect() ([]byte, error) {
	cfg := &ss.srv.cfg
	if ss.codec != nil {
		return nil, nil
	}
	var cands []candidate
	for _, c := range ss.srv.codecs {
		for _, f := range c.finders() {
			cands = append(cands, candidate{c: c, f: f})
		}
	}
	buf := make([]byte, 1024)
	for seen := 0; seen < cfg.DetectLimit; {
		n, err := ss.reader.Read(buf)
		seen += n
		if first, ok := ss.tryCandidates(cands, buf[:n], seen == n); ok {
			return first, nil
		}
		if err != nil {
			return nil, err
		}
	}
	ss.srv.stats.rejectPr.Add(1)
	return nil, errDetect
}

// tryCandidates feeds p to the candidates and, when one returns a frame,
// uses its protocol and returns the frame. With first set, p is the first
// read, and a candidate gets a framer only when p holds one of its frames,
// unless none does.
func (ss *session) tryCandidates(cands []candidate, p []byte, first bool) ([]byte, bool) {
	if first {
		ss.makeFramers(cands, p)
	}
	for i := range cands {
		cd := &cands[i]
		if cd.st == nil {
			continue
		}
		if b, rest, ok := feedUntilFrame(cd.st, p); ok {
			ss.use(cd.c, cd.st)
			ss.reader = io.MultiReader(bytes.NewReader(bytes.Clone(rest)), ss.reader)
			return b, true
		}
	}
	return nil, false
}

// makeFramers gives a framer to the first candidate whose frame the first
// read p holds, or to every candidate when p holds none.
func (ss *session) makeFramers(cands []candidate, p []byte) {
	size := ss.srv.cfg.BufferSize
	for i := range cands {
		if holdsFrame(cands[i].f, p) {
			cands[i].st = frame.NewStream(cands[i].f, size)
			return
		}
	}
	for i := range cands {
		cands[i].st = frame.NewStream(cands[i].f, size)
	}
}

// holdsFrame reports whether p contains a complete frame of protocol f,
// skipping false starts as a frame.Stream does.
func holdsFrame(f frame.Protocol, p []byte) bool {
	for len(p) > 0 {
		start, _, status := f.Find(p)
		switch {
		case status == frame.Found:
			return true
		case status.Bad():
			p = p[start+1:]
		default:
			return false
		}
	}
	return false
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
