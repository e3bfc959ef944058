package centre

import (
	"sync"
	"sync/atomic"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// Stats is a snapshot of a server's counters since it was made.
type Stats struct {
	// Accepted counts accepted connections, Open those still open and
	// Stations those that have named their station.
	Accepted, Open, Stations int64
	// Frames counts decoded uplink frames, Invalid those with a valid
	// checksum that failed to decode.
	Frames, Invalid uint64
	// Events counts events handed to the Handler.
	Events uint64
	// Heartbeats counts DTU heartbeat packets and protocol keep-alives.
	Heartbeats uint64
	// Confirms counts confirmations written, Replies uplinks matched to a
	// pending [Server.Send].
	Confirms, Replies uint64
	// BytesIn and BytesOut count bytes read from and written to DTUs.
	BytesIn, BytesOut uint64
	// Throttled counts reads delayed by the byte rate limit.
	Throttled uint64
	// Packets counts the SL 651 packets of multi-packet messages received,
	// Joined the messages completed from them that decoded (Invalid counts
	// the others), Naks the packets requested again and Dropped the
	// messages given up for a missing packet or a limit.
	Packets, Joined, Naks, Dropped uint64
	// Rejects counts closed connections by reason.
	Rejects Rejects
	// Framer totals the framer counters of closed connections.
	Framer frame.Stats
}

// Rejects counts connections the server closed, by reason.
type Rejects struct {
	// MaxConns counts connections over Config.MaxConns.
	MaxConns uint64
	// Duplicate counts connections closed for another of the same station.
	Duplicate uint64
	// Registration counts connections that sent no valid registration
	// packet or first frame in time.
	Registration uint64
	// Protocol counts connections that sent Config.DetectLimit bytes
	// without a frame.
	Protocol uint64
	// Idle counts connections closed after Config.IdleTimeout.
	Idle uint64
}

type counters struct {
	accepted, open, stations                  atomic.Int64
	frames, invalid, events, heartbeats       atomic.Uint64
	confirms, replies, bytesIn, bytesOut      atomic.Uint64
	throttled                                 atomic.Uint64
	packets, joined, naks, dropped            atomic.Uint64
	rejectMax, rejectDup, rejectReg, rejectPr atomic.Uint64
	rejectIdle                                atomic.Uint64

	framerMu sync.Mutex
	framer   frame.Stats
}

func (c *counters) addFramer(s frame.Stats) {
	c.framerMu.Lock()
	c.framer.Add(s)
	c.framerMu.Unlock()
}

func (c *counters) snapshot() Stats {
	s := Stats{
		Accepted: c.accepted.Load(), Open: c.open.Load(), Stations: c.stations.Load(),
		Frames: c.frames.Load(), Invalid: c.invalid.Load(), Events: c.events.Load(),
		Heartbeats: c.heartbeats.Load(), Confirms: c.confirms.Load(),
		Replies: c.replies.Load(), BytesIn: c.bytesIn.Load(), BytesOut: c.bytesOut.Load(),
		Throttled: c.throttled.Load(),
		Packets:   c.packets.Load(), Joined: c.joined.Load(), Naks: c.naks.Load(),
		Dropped: c.dropped.Load(),
		Rejects: Rejects{
			MaxConns: c.rejectMax.Load(), Duplicate: c.rejectDup.Load(),
			Registration: c.rejectReg.Load(), Protocol: c.rejectPr.Load(),
			Idle: c.rejectIdle.Load(),
		},
	}
	c.framerMu.Lock()
	s.Framer = c.framer
	c.framerMu.Unlock()
	return s
}
