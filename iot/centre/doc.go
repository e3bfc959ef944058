// Package centre runs a centre station (中心站): the TCP server that 4G DTUs
// and RTUs at wells, reservoirs, canals and meters connect to.
//
// A [Server] accepts connections and learns which station each one serves.
// It cuts the byte stream into frames with [frame.Stream] and decodes them
// with the protocol packages (SL 651-2014, SZY 206-2016 / SL/T 427-2021,
// DL/T 645-2007 and CJ/T 188-2004). It confirms what the protocol requires
// and hands every decoded message to a [Handler]. [Server.Send] writes a command down to a
// station and waits for the reply that matches it.
//
// # Stations
//
// A connection belongs to one station. When [Config.Registration] sets a
// length, the DTU must first send a registration packet of that many bytes
// (an ASCII id such as a phone number or the DTU's serial, or a binary frame)
// and the station id is [Registration.Parse] of those bytes. Otherwise the
// station id is the address of the first frame: the SL 651 station address,
// the SZY 206 address, or the DL/T 645 or CJ/T 188 meter address, each as the
// protocol package's String prints it. A connection that sends neither
// within [Config.RegistrationTimeout] is closed.
//
// One connection serves a station at a time. When a second one arrives for
// the same station, [Config.Duplicate] decides: [ReplaceOld] (the default)
// closes the old connection, as a DTU that redialled after losing its 4G
// link leaves a half-open socket behind, and [RejectNew] closes the new one.
//
// # Protocols
//
// [Config.Protocol] fixes the protocol of every connection, or [Auto] (the
// default) detects it per connection from the first complete frame: the
// bytes are given to a framer of every candidate protocol and the first to
// find a frame wins. A connection that sends [Config.DetectLimit] bytes
// without a frame of any protocol is closed.
//
// # Confirmations and heartbeats
//
// The server confirms SL 651 self-reports (function codes 0x30 to 0x36) with
// an EOT confirmation carrying their serial number, as SL 651-2014 requires
// in its confirmed modes, and answers SZY 206 link checks (AFN 02H: login,
// logout and keep online) with the same AFN and link state. SL 651 keep-alive
// frames (0x2F) and SZY 206 link checks count as heartbeats and are not
// handed on. DTUs also send heartbeat packets of their own, outside any
// protocol: a read that consists of exactly [Config.Heartbeat] is counted
// and skipped. Any byte received resets the idle timer, and a connection idle
// for [Config.IdleTimeout] is closed.
//
// An event carries the decoded message of its protocol package, whose
// values are integer fixed point. Those packages convert them to
// metering readings without floats, such as sl651.Element.Readings and
// szy206.Item.Reading, given the meter id and scale that the embedding
// application assigns to the station.
//
// # Delivery and back-pressure
//
// Events go through one bounded queue of [Config.QueueLen] events to one
// goroutine that calls the Handler in arrival order. When the queue is full,
// the connection's reader waits, so the socket buffers fill and TCP slows the
// DTU down: no event is dropped, and a slow Handler slows every station.
// A reply that matches a pending [Server.Send] goes to that caller only.
// A report is queued before it is confirmed, so a confirmed report is never
// lost, but a DTU that sends again after a lost confirmation delivers the
// same report twice: deduplicate by station, serial number and observation
// time where that matters.
//
// # Multi-packet messages
//
// The packets of an SL 651 multi-packet message (start SYN, mode M3) are
// joined per connection with an sl651.Reassembler. The message reaches the
// Handler, or a pending Send, once as one event, whose Frame holds the
// packet frames in sequence order, one after another. The server replies
// to each packet: ACK with the packet's sequence number while packets are
// due, NAK with the first missing sequence number once the last packet
// has come, and EOT when the message is complete or when a packet of a
// complete message comes again. [Config.PacketBytes] and
// [Config.PacketMessages] bound the messages in progress per connection,
// and one whose next packet does not come within [Config.PacketTimeout]
// is dropped; both raise an Invalid event whose Err wraps
// sl651.ErrReassembly.
//
// # Limits
//
// [Config.MaxConns] bounds the open connections; one more is accepted and
// closed at once. [Config.ByteRate] bounds the bytes read per connection per
// second with a token bucket of [Config.ByteBurst] bytes: a connection over
// its rate is read more slowly, not closed.
//
// A Server is safe for concurrent use.
package centre
