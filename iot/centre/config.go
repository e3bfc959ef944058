package centre

import (
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// Defaults that [Config] uses for zero fields.
const (
	DefaultMaxConns            = 16384
	DefaultQueueLen            = 4096
	DefaultIdleTimeout         = 5 * time.Minute
	DefaultRegistrationTimeout = 30 * time.Second
	DefaultWriteTimeout        = 10 * time.Second
	DefaultSendTimeout         = 10 * time.Second
	// DefaultByteRate is the byte rate per connection in bytes per second.
	// A DTU reporting once a minute sends well under 100 B/s.
	DefaultByteRate = 16 << 10
	// DefaultPacketBytes bounds the SL 651 multi-packet messages in
	// progress on one connection, in bytes.
	DefaultPacketBytes = 1 << 20
	// DefaultPacketMessages bounds the SL 651 multi-packet messages in
	// progress on one connection.
	DefaultPacketMessages = 4
	// DefaultPacketTimeout is how long an SL 651 multi-packet message in
	// progress waits for its next packet.
	DefaultPacketTimeout = 5 * time.Minute
)

// Duplicate is the policy for a second connection of a station that
// already has one.
type Duplicate uint8

const (
	// ReplaceOld closes the old connection and keeps the new one.
	ReplaceOld Duplicate = iota
	// RejectNew closes the new connection and keeps the old one.
	RejectNew
)

// Registration describes the packet a DTU sends first to name its station.
// The zero value means no registration packet: the first frame names the
// station.
type Registration struct {
	// Length is the packet length in bytes; 0 means no registration packet.
	Length int
	// Parse returns the station id of a registration packet. Nil means the
	// packet as text with surrounding spaces and NULs trimmed when every
	// byte is printable ASCII, else the packet in upper-case hex.
	Parse func(packet []byte) (string, error)
}

// Config configures a [Server]. The zero value works: auto-detected
// protocols, stations named by their first frame, the defaults above.
type Config struct {
	// Protocol fixes the protocol of every connection; Auto detects it.
	// A fixed SL651 reads the hex/BCD form only, while Auto detects the
	// ASCII form too.
	Protocol Protocol
	// Registration describes the registration packet, if DTUs send one.
	Registration Registration
	// Heartbeat is a DTU heartbeat packet outside any protocol, such as
	// "HB" or a single 0x00; a read of exactly these bytes is skipped.
	// Nil means DTUs send none.
	Heartbeat []byte
	// Duplicate decides between two connections of one station.
	Duplicate Duplicate
	// MaxConns bounds the open connections, DefaultMaxConns when zero.
	MaxConns int
	// ByteRate bounds the bytes read per connection, in bytes per second:
	// DefaultByteRate when zero, unlimited when negative.
	ByteRate int
	// ByteBurst is the token bucket size in bytes: when zero, the larger of
	// ByteRate and twice BufferSize.
	ByteBurst int
	// BufferSize is the framer buffer per connection in bytes, from
	// frame.MinSize; frame.DefaultSize when zero. It must hold the longest
	// frame, 4,112 bytes for SL 651.
	BufferSize int
	// DetectLimit is the number of bytes a connection may send before its
	// first frame, four times BufferSize when zero.
	DetectLimit int
	// IdleTimeout closes a connection that sends nothing for this long,
	// DefaultIdleTimeout when zero.
	IdleTimeout time.Duration
	// RegistrationTimeout closes a connection that names no station in
	// this time, DefaultRegistrationTimeout when zero.
	RegistrationTimeout time.Duration
	// WriteTimeout bounds each write of a confirmation or command,
	// DefaultWriteTimeout when zero.
	WriteTimeout time.Duration
	// SendTimeout bounds [Server.Send] when its context has no earlier
	// deadline, DefaultSendTimeout when zero.
	SendTimeout time.Duration
	// PacketBytes bounds the bytes that the SL 651 multi-packet messages
	// in progress on one connection hold together, DefaultPacketBytes
	// when zero. A packet over the bound drops its message with an
	// Invalid event.
	PacketBytes int
	// PacketMessages bounds the SL 651 multi-packet messages in progress
	// on one connection, DefaultPacketMessages when zero.
	PacketMessages int
	// PacketTimeout drops an SL 651 multi-packet message, with an Invalid
	// event, when its next packet does not come within this time;
	// DefaultPacketTimeout when zero.
	PacketTimeout time.Duration
	// QueueLen is the capacity of the event queue, DefaultQueueLen when zero.
	QueueLen int
	// Handler receives the events; nil discards them.
	Handler Handler
	// Logger receives connection and error records; nil discards them.
	Logger *slog.Logger
	// Now returns the current time for event times and send times of
	// confirmations; nil means time.Now. Socket deadlines use the system
	// clock.
	Now func() time.Time
	// SL651 and SZY206 configure the decoders of those protocols.
	SL651  sl651.Options
	SZY206 szy206.Options
}

// withDefaults returns c with zero fields set to their defaults, or an
// error naming the first invalid field.
func (c Config) withDefaults() (Config, error) {
	if c.Protocol > CJT188 {
		return c, fmt.Errorf("centre: config: protocol %d: want Auto or SL651 to CJT188", c.Protocol)
	}
	if c.Registration.Length < 0 || c.Registration.Length > 1024 {
		return c, fmt.Errorf("centre: config: registration length %d: want 0 to 1024",
			c.Registration.Length)
	}
	if c.Registration.Parse == nil {
		c.Registration.Parse = parseStationID
	}
	c.MaxConns = orDefault(c.MaxConns, DefaultMaxConns)
	c.QueueLen = orDefault(c.QueueLen, DefaultQueueLen)
	c.BufferSize = max(orDefault(c.BufferSize, frame.DefaultSize), frame.MinSize)
	c.DetectLimit = orDefault(c.DetectLimit, 4*c.BufferSize)
	if c.ByteRate == 0 {
		c.ByteRate = DefaultByteRate
	}
	c.ByteBurst = orDefault(c.ByteBurst, max(c.ByteRate, 2*c.BufferSize))
	c.IdleTimeout = orDefault(c.IdleTimeout, DefaultIdleTimeout)
	c.RegistrationTimeout = orDefault(c.RegistrationTimeout, DefaultRegistrationTimeout)
	c.WriteTimeout = orDefault(c.WriteTimeout, DefaultWriteTimeout)
	c.SendTimeout = orDefault(c.SendTimeout, DefaultSendTimeout)
	c.PacketBytes = orDefault(c.PacketBytes, DefaultPacketBytes)
	c.PacketMessages = orDefault(c.PacketMessages, DefaultPacketMessages)
	c.PacketTimeout = orDefault(c.PacketTimeout, DefaultPacketTimeout)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// orDefault returns def when v is zero or negative, else v.
func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// parseStationID is the default Registration.Parse.
func parseStationID(p []byte) (string, error) {
	for _, b := range p {
		if (b < 0x20 || b > 0x7E) && b != 0 {
			return strings.ToUpper(hex.EncodeToString(p)), nil
		}
	}
	id := strings.Trim(string(p), " \x00")
	if id == "" {
		return "", fmt.Errorf("centre: registration %q: want a non-empty station id", p)
	}
	return id, nil
}
