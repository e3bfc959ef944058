package sl651sim

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// reportPackets sends the timed report m, encoded as frame f, as a
// multi-packet message with the packet faults applied.
func (s *Station) reportPackets(w *wire, m *sl651.Message, f []byte) (*pending, error) {
	// The body lies after the 14 bytes up to the start character STX and
	// before the end character and the CRC.
	body := f[14 : len(f)-3]
	headers, bodies, err := sl651.Split(m.Header, body, s.PacketSize)
	if err != nil {
		return nil, fmt.Errorf("sl651sim: station %s: split report: %w", s.Address, err)
	}
	packets := make([][]byte, len(headers))
	for i := range headers {
		if packets[i], err = sl651.AppendFrame(nil, &headers[i], bodies[i]); err != nil {
			return nil, fmt.Errorf("sl651sim: station %s: build packet %d: %w", s.Address, i+1, err)
		}
	}
	order := w.packetOrder(len(packets))
	if err := s.writePackets(w, packets, order); err != nil {
		return nil, err
	}
	s.count(func(st *Stats) { st.Reports++ })
	s.log("report sent", "serial", m.Serial, "packets", len(packets))
	return &pending{packets: packets, serial: m.Serial, deadline: time.Now().Add(s.ackTimeout())}, nil
}

// writePackets writes the packets at the indexes in order.
func (s *Station) writePackets(w *wire, packets [][]byte, order []int) error {
	for _, i := range order {
		if err := w.Write(packets[i], nil, true); err != nil {
			return fmt.Errorf("sl651sim: station %s: write packet %d: %w", s.Address, i+1, err)
		}
		s.count(func(st *Stats) { st.Packets++ })
	}
	return nil
}

// packetReply handles the centre's reply m to a packet of the multi-packet
// report p: ACK confirms one packet, NAK asks for packet Seq again, and EOT
// or ESC confirms the report. A reply with another serial number, other
// than 0 for a message whose first packet the centre lacks, is ignored.
func (s *Station) packetReply(w *wire, p *pending, m *sl651.Message) (*pending, error) {
	if m.Serial != p.serial && m.Serial != 0 {
		s.count(func(st *Stats) { st.Ignored++ })
		return p, nil
	}
	switch m.Header.End {
	case sl651.ACK:
		s.count(func(st *Stats) { st.PacketAcks++ })
	case sl651.NAK:
		seq := int(m.Header.Packet.Seq)
		if seq < 1 || seq > len(p.packets) {
			s.count(func(st *Stats) { st.Ignored++ })
			return p, nil
		}
		if err := s.writePackets(w, p.packets, []int{seq - 1}); err != nil {
			return nil, err
		}
		p.deadline = time.Now().Add(s.ackTimeout())
		s.count(func(st *Stats) { st.Naks++ })
	case sl651.EOT, sl651.ESC:
		if m.Serial != p.serial {
			s.count(func(st *Stats) { st.Ignored++ })
			return p, nil
		}
		s.count(func(st *Stats) { st.Acked++ })
		return nil, nil
	default:
		s.count(func(st *Stats) { st.Ignored++ })
	}
	return p, nil
}

// allPackets returns the indexes 0 to n-1.
func allPackets(n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	return order
}
