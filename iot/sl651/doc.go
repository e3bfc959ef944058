// Package sl651 decodes and encodes the frames of SL 651-2014, the
// hydrological telemetry protocol (水文监测数据通信规约) that stations on
// rivers, reservoirs, canals and wells use to report to a centre station.
//
// # Frames
//
// The hex/BCD form starts with 7E 7E; the ASCII form, which carries the same
// fields as text, starts with SOH (01). [Decoder.Decode] takes either and
// returns a [Message]: the [Header] (direction, centre and station
// addresses, password, [FunctionCode], length, start and end characters,
// CRC) and the body. The CRC is CRC-16/MODBUS over every byte before it,
// sent high byte first. [Protocol] and [ASCIIProtocol] cut frames out of a
// byte stream for an iot/frame Stream.
//
// A frame whose CRC passes but whose content is impossible is rejected with
// a [*FieldError] that names the field. Such content is digits that are not
// BCD, dates and clocks that do not exist, lengths that disagree, unknown
// function codes (wrapping [ErrUnknownFunction]) and unknown station types.
// A send time in
// 2050 or later, where a 2-digit year of 59 from an RTC that lost its
// setting lands, or a time far from [Options.Now], marks the message
// ClockSuspect, or fails with [ErrClock] under [Options.StrictClock].
//
// # Bodies
//
// Reports are the test 0x30, uniform-interval 0x31, timed 0x32, added 0x33
// and hourly 0x34 functions and the replies to the centre's queries 0x37,
// 0x38, 0x3A and 0x44. They carry the serial number, send time, station
// group (F1 F1), station type ([StationType]), observation times (F0 F0)
// and [Element] values. Each
// element is an identifier of SL 651-2014 appendix C with a data definition
// byte whose high 5 bits give the data bytes and low 3 bits the decimals,
// such as 39 23 for the water level Z in 4 bytes with 3 decimals; FF xx
// starts a user-defined identifier. Values are integer fixed point
// ([Value]), never floats. Data of all FF means invalid (Value.Valid is
// false). A negative value has a first byte FF, followed by its digits with
// a leading 0 when their count is odd (SL 651-2014 6.6.3.3), so -1.234 m in
// N(7,3) is FF 00 00 12 34 with the definition byte 2B. After a time step (04
// 18 dhm) the element of a uniform-interval report or period reply holds a
// series; DRP (F4) and DRZ (F5 to FC) hold the 12 five-minute values of an
// hour.
//
// The control functions decode into [Switches] (pump 0x4C, valve 0x4D, gate
// 0x4E with its openings in cm), [SetPoint] (water set-point control 0x4F),
// the [StatusWord] of element ZT (0x46, 0x4B), the 32 event counters (0x50),
// the software version (0x45) and the clock (set 0x4A, query 0x51, both in
// the send time). Configuration parameters (0x40 to 0x43) and password
// changes (0x49) keep their data raw, with a Value for BCD parameters.
//
// # Building frames
//
// [Message.AppendFrame] and [Message.AppendASCIIFrame] encode a message from
// the same fields the decoder fills, so that decode and encode are inverse;
// [AppendFrame] wraps a ready body. [Ack] builds the centre's confirmation
// (end EOT, or ESC to keep the station online), [AckPacket] confirms one
// packet of a multi-packet message and [Nak] asks for a packet again. Multi-packet messages (start SYN) are decoded packet by packet
// with the body left in Message.Payload; a [Reassembler] joins them and
// [Decoder.DecodeBody] decodes the joined body. [Split] cuts a body into
// packets. [Element.Readings] converts values to water/metering readings.
//
// A Decoder is safe for concurrent use. Decoding into a reused Message
// allocates nothing; Raw and Payload then alias the frame, so use
// [Message.Clone] to keep a message after its frame's buffer is reused.
//
// BUG: the ASCII form decodes reports and confirmations only; the bodies of
// its configuration, control and status functions stay raw in Payload.
package sl651
