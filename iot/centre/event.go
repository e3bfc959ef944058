package centre

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// Protocol is a telemetry protocol the server speaks.
type Protocol uint8

// Protocols. Auto is not a protocol: in [Config] it requests detection.
const (
	Auto   Protocol = iota
	SL651           // SL 651-2014 hex/BCD and ASCII frames
	SZY206          // SZY 206-2016 and SL/T 427-2021 frames
	DLT645          // DL/T 645-2007 frames
	CJT188          // CJ/T 188-2004 frames
)

var protocolNames = [...]string{"auto", "SL 651", "SZY 206", "DL/T 645", "CJ/T 188"}

// String returns the protocol's standard name, such as "SL 651".
func (p Protocol) String() string {
	if int(p) < len(protocolNames) {
		return protocolNames[p]
	}
	return "unknown protocol"
}

// Kind is the kind of an [Event].
type Kind uint8

const (
	// Online is a station's connection named its station.
	Online Kind = iota + 1
	// Offline is a station's connection closed, and Err is the cause, nil for a
	// close by the DTU or the server. A connection replaced by a newer one
	// of the same station (ReplaceOld) has no Offline event, because the
	// station stays online.
	Offline
	// Message is a decoded uplink frame.
	Message
	// Invalid is a frame whose checksum passed but whose content did not
	// decode, or an SL 651 multi-packet message that was dropped; Err is
	// the protocol package's error.
	Invalid
)

var kindNames = [...]string{"", "online", "offline", "message", "invalid"}

// String returns the kind in words, such as "message".
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "unknown kind"
}

// Event is something that happened on a station's connection. Exactly one
// of the message fields is set for Message events and for replies of
// [Server.Send], the one of the connection's protocol. The event owns its
// Frame, and the messages alias it; the receiver may keep both.
type Event struct {
	Kind Kind
	// Station is the station id, "" for an Invalid frame that came before
	// the connection named its station.
	Station string
	// Protocol is the connection's protocol, Auto before it is known.
	Protocol Protocol
	// Remote is the DTU's address, such as "10.8.0.3:51234".
	Remote string
	// Time is when the server read the frame or saw the change, from
	// Config.Now.
	Time time.Time
	// Frame is the frame as received, nil for Online and Offline and for
	// a multi-packet message dropped on timeout. For a joined multi-packet
	// message it holds the packet frames in sequence order, one after
	// another, and the message aliases a joined body.
	Frame []byte
	// Err is the cause of an Offline or Invalid event.
	Err error

	SL651  *sl651.Message
	SZY206 *szy206.Message
	DLT645 *dlt645.Message
	CJT188 *cjt188.Message
}

// Handler receives the events of a [Server]. The server calls Handle from
// one goroutine, in the order the events arrived, so Handle need not be
// safe for concurrent use. It should return quickly, because every station
// waits while the queue is full. ctx ends when the server starts to stop.
// Events queued until every connection has closed, such as the Offline
// events, are still handled after that.
type Handler interface {
	Handle(ctx context.Context, e *Event)
}

// HandlerFunc adapts a function to [Handler].
type HandlerFunc func(ctx context.Context, e *Event)

// Handle calls f(ctx, e).
func (f HandlerFunc) Handle(ctx context.Context, e *Event) { f(ctx, e) }
