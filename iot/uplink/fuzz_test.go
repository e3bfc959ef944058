package uplink

import "testing"

// FuzzPacketScanner feeds bytes a broker could send, split in two at every
// fuzzer-chosen point, and checks that the scanner never panics and reports
// the same packets however the bytes are split.
func FuzzPacketScanner(f *testing.F) {
	f.Add(append(pubackPacket(7), pubackPacket(8)...), 3)
	f.Add(publishPacket("a/b", 1, envelopeOf(5, `{}`)), 9)
	f.Add([]byte{0x30, 0xff, 0xff, 0xff, 0xff}, 2)
	f.Add([]byte{0x40, 0x00, 0x40}, 1)
	f.Fuzz(func(t *testing.T, b []byte, split int) {
		type event struct {
			header byte
			n      int
			id     uint16
			seq    uint64
		}
		collect := func(parts ...[]byte) []event {
			var evs []event
			s := packetScanner{onPacket: func(h byte, body []byte, n int) {
				if len(body) > keepBytes || len(body) > n {
					t.Fatalf("kept %d bytes of a %d-byte body", len(body), n)
				}
				id, seq, _ := publishSeq(h, body)
				evs = append(evs, event{h, n, id, seq})
			}}
			for _, p := range parts {
				s.feed(p)
			}
			return evs
		}
		if split < 0 || split > len(b) {
			split = len(b) / 2
		}
		whole, parts := collect(b), collect(b[:split], b[split:])
		if len(whole) != len(parts) {
			t.Fatalf("%d packets whole, %d split at %d", len(whole), len(parts), split)
		}
		for i := range whole {
			if whole[i] != parts[i] {
				t.Fatalf("packet %d: %+v whole, %+v split", i, whole[i], parts[i])
			}
		}
	})
}
