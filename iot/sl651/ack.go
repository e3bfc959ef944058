package sl651

import "time"

// NeedsAck reports whether the centre confirms an uplink message of
// function f when the link works in mode M2 or M3 (SL 651-2014 6.3.1.2):
// the self-reports 0x30 to 0x36. The keep-alive 0x2F has no downlink frame,
// and replies to the centre's queries need none.
func NeedsAck(f FunctionCode) bool {
	return f >= TestReport && f <= PictureReport
}

// Ack returns the downlink confirmation of the uplink message m. It has the
// same station, centre, password, function code and serial number, a body
// of serial and send time, and the end character end: EOT to release the
// station or ESC to keep it online. For a multi-packet message pass the header of
// its last packet: the confirmation then has start SYN and the packet field
// total of total, as SL 651-2014 table 23 requires.
func Ack(m *Message, sendTime time.Time, end Control) Message {
	h := m.Header
	a := Message{Serial: m.Serial, SendTime: sendTime}
	a.Header = Header{Direction: Down, Center: h.Center, Station: h.Station, Password: h.Password,
		Function: h.Function, Start: STX, End: end}
	if h.Start == SYN {
		a.Header.Start = SYN
		a.Header.Packet = Packet{Total: h.Packet.Total, Seq: h.Packet.Total}
	}
	return a
}

// Nak returns the downlink reply that requests packet seq of the
// multi-packet message with header h again (end character NAK).
func Nak(h Header, serial uint16, sendTime time.Time, seq uint16) Message {
	a := Message{Serial: serial, SendTime: sendTime}
	a.Header = Header{Direction: Down, Center: h.Center, Station: h.Station, Password: h.Password,
		Function: h.Function, Start: SYN, Packet: Packet{Total: h.Packet.Total, Seq: seq}, End: NAK}
	return a
}

// AckPacket returns the downlink reply that confirms packet h.Packet.Seq
// of a multi-packet message and asks for the next one (end character ACK).
// serial is the message's serial number, 0 while its first packet is
// missing.
func AckPacket(h Header, serial uint16, sendTime time.Time) Message {
	a := Nak(h, serial, sendTime, h.Packet.Seq)
	a.Header.End = ACK
	return a
}
