package centre

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// handlePacket gives one uplink packet of an SL 651 multi-packet message
// (start SYN, mode M3) to the session's Reassembler and replies to it. A
// packet kept gets ACK, or NAK for the first missing packet once the last
// one has come, and a packet of a message already complete gets EOT again.
// The packet that completes the message makes one event of the joined
// message.
func (ss *session) handlePacket(ctx context.Context, e *Event) error {
	srv := ss.srv
	srv.stats.packets.Add(1)
	m := e.SL651
	progress, err := ss.reassembler().AddFrame(m.Header, m.Payload, e.Frame)
	if err != nil {
		srv.stats.dropped.Add(1)
		e.Kind, e.Err = Invalid, err
		return srv.emit(ctx, e)
	}
	now := srv.cfg.Now()
	switch progress.Status {
	case sl651.PacketStored:
		reply := sl651.AckPacket(m.Header, progress.Serial, now)
		if len(progress.Missing) > 0 {
			reply = sl651.Nak(m.Header, progress.Serial, now, progress.Missing[0])
			srv.stats.naks.Add(1)
		}
		return ss.writeSL651(&reply, m.Header.ASCII)
	case sl651.PacketRepeated:
		// The station missed the confirmation of the complete message.
		last := sl651.Message{Header: m.Header, Serial: progress.Serial}
		ack := sl651.Ack(&last, now, sl651.EOT)
		return ss.writeSL651(&ack, m.Header.ASCII)
	}
	return ss.handleJoined(ctx, progress.Joined)
}

// handleJoined decodes a completed multi-packet message and handles it as
// one event, as handle does a single frame, and confirms it with EOT.
func (ss *session) handleJoined(ctx context.Context, j sl651.Joined) error {
	srv := ss.srv
	e := &Event{Kind: Message, Protocol: SL651, Remote: ss.remote, Time: srv.cfg.Now(),
		Station: ss.stationID(), Frame: bytes.Join(j.Frames, nil)}
	m := new(sl651.Message)
	if err := ss.sl651Codec().dec.DecodeBody(j.Header, j.Body, m); err != nil {
		srv.stats.invalid.Add(1)
		e.Kind, e.Err = Invalid, err
		return srv.emit(ctx, e)
	}
	e.SL651 = m
	srv.stats.joined.Add(1)
	if !ss.deliverReply(e) {
		// Queue the event before confirming it, so that a confirmed
		// message is never lost when the confirmation fails.
		if err := srv.emit(ctx, e); err != nil {
			return err
		}
	}
	ack := sl651.Ack(m, srv.cfg.Now(), sl651.EOT)
	return ss.writeSL651(&ack, j.Header.ASCII)
}

// writeSL651 encodes the downlink reply m in the form (ASCII or hex/BCD)
// of the uplink it replies to and writes it.
func (ss *session) writeSL651(m *sl651.Message, ascii bool) error {
	opts := ss.sl651Codec().opts
	var err error
	if ascii {
		ss.ack, err = m.AppendASCIIFrame(ss.ack[:0], opts)
	} else {
		ss.ack, err = m.AppendFrame(ss.ack[:0], opts)
	}
	if err != nil {
		return fmt.Errorf("centre: encode SL 651 packet reply: %w", err)
	}
	if err := ss.write(ss.ack); err != nil {
		return err
	}
	ss.srv.stats.confirms.Add(1)
	return nil
}

// reassembler returns the session's Reassembler, made on first use.
func (ss *session) reassembler() *sl651.Reassembler {
	if ss.packets == nil {
		cfg := &ss.srv.cfg
		ss.packets = &sl651.Reassembler{MaxBytes: cfg.PacketBytes,
			MaxPending: cfg.PacketMessages, Timeout: cfg.PacketTimeout}
	}
	return ss.packets
}

// sl651Codec returns the codec of an SL 651 session.
func (ss *session) sl651Codec() *sl651Codec {
	return ss.codec.(*sl651Codec)
}

// packetDeadline returns when the next multi-packet message in progress
// times out, and false when none is in progress.
func (ss *session) packetDeadline() (time.Time, bool) {
	if ss.packets == nil {
		return time.Time{}, false
	}
	return ss.packets.Deadline()
}

// expirePackets drops the multi-packet messages that timed out, with an
// Invalid event each.
func (ss *session) expirePackets(ctx context.Context) error {
	if ss.packets == nil {
		return nil
	}
	for _, err := range ss.packets.Expire() {
		ss.srv.stats.dropped.Add(1)
		e := &Event{Kind: Invalid, Protocol: SL651, Remote: ss.remote, Time: ss.srv.cfg.Now(),
			Station: ss.stationID(), Err: err}
		if err := ss.srv.emit(ctx, e); err != nil {
			return err
		}
	}
	return nil
}
