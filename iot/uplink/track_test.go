package uplink

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

// publishPacket encodes a QoS 1 PUBLISH as MQTT 3.1.1 section 3.3 lays it out.
func publishPacket(topic string, id uint16, payload []byte) []byte {
	var body []byte
	body = binary.BigEndian.AppendUint16(body, uint16(len(topic)))
	body = append(body, topic...)
	body = binary.BigEndian.AppendUint16(body, id)
	body = append(body, payload...)
	pkt := []byte{0x32}
	for n := len(body); ; {
		b := byte(n & 0x7f)
		n >>= 7
		if n > 0 {
			pkt = append(pkt, b|0x80)
			continue
		}
		pkt = append(pkt, b)
		break
	}
	return append(pkt, body...)
}

func pubackPacket(id uint16) []byte {
	return binary.BigEndian.AppendUint16([]byte{0x40, 2}, id)
}

// testEpoch is the outbox epoch of the envelopes that envelopeOf builds.
const testEpoch = "9f86d081884c7d65"

func envelopeOf(seq uint64, body string) []byte {
	rec := outbox.Record{Seq: seq, Time: time.UnixMilli(1750480000123),
		Payload: append([]byte{byte(Telemetry)}, body...)}
	return appendEnvelope(nil, rec, testEpoch)
}

func TestPublishSeq(t *testing.T) {
	long := envelopeOf(7, `{"v":"`+string(bytes.Repeat([]byte("x"), 1000))+`"}`)
	tests := []struct {
		name    string
		packet  []byte
		wantID  uint16
		wantSeq uint64
		ok      bool
	}{
		{"record", publishPacket("a/telemetry", 9, envelopeOf(42, `{}`)), 9, 42, true},
		{"long payload", publishPacket("a/t", 1, long), 1, 7, true},
		{"max seq", publishPacket("a/t", 2, envelopeOf(1<<64-1, `1`)), 2, 1<<64 - 1, true},
		{"birth", publishPacket("a/birth", 3, []byte(`{"bdSeq":1}`)), 0, 0, false},
		{"qos 0", append([]byte{0x30}, publishPacket("a", 4, envelopeOf(1, `1`))[1:]...), 0, 0, false},
		{"no comma", publishPacket("a", 5, []byte(`{"seq":12`)), 0, 0, false},
		{"puback", pubackPacket(5), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id uint16
			var seq uint64
			var ok bool
			s := packetScanner{onPacket: func(h byte, body []byte, _ int) {
				id, seq, ok = publishSeq(h, body)
			}}
			s.feed(tt.packet)
			if ok != tt.ok || id != tt.wantID || seq != tt.wantSeq {
				t.Errorf("publishSeq = %d, %d, %v; want %d, %d, %v", id, seq, ok,
					tt.wantID, tt.wantSeq, tt.ok)
			}
		})
	}
}

// TestTrackerAnySplit feeds a stream of publishes and PUBACKs split at every
// position and checks that the same sequence numbers are acked.
func TestTrackerAnySplit(t *testing.T) {
	var out, in []byte
	for i := range uint16(5) {
		out = append(out, publishPacket("shuxiang/v1/g/gw/telemetry", 100+i,
			envelopeOf(uint64(i+1), `{"air_temp":2315}`))...)
	}
	out = append(out, 0xc0, 0) // PINGREQ
	for _, id := range []uint16{103, 100, 104, 999, 101} {
		in = append(in, pubackPacket(id)...)
	}
	want := []uint64{4, 1, 5, 2}

	for split := 0; split <= len(out); split++ {
		var acked []uint64
		tr := newTracker(func(seq uint64) { acked = append(acked, seq) })
		c := &trackedConn{}
		c.out.onPacket, c.in.onPacket = tr.outgoing, tr.incoming
		c.out.feed(out[:split])
		c.out.feed(out[split:])
		inSplit := split % (len(in) + 1)
		c.in.feed(in[:inSplit])
		c.in.feed(in[inSplit:])
		if len(acked) != len(want) {
			t.Fatalf("split %d: acked %v, want %v", split, acked, want)
		}
		for i := range want {
			if acked[i] != want[i] {
				t.Fatalf("split %d: acked %v, want %v", split, acked, want)
			}
		}
		if seq, ok := tr.oldestPending(); !ok || seq != 3 {
			t.Errorf("split %d: oldest pending = %d, %v; want 3", split, seq, ok)
		}
	}
}

func TestScannerRejectsLongLength(t *testing.T) {
	calls := 0
	s := packetScanner{onPacket: func(byte, []byte, int) { calls++ }}
	s.feed([]byte{0x30, 0xff, 0xff, 0xff, 0xff, 0x01})
	s.feed(pubackPacket(1))
	if !s.broken || calls != 0 {
		t.Errorf("broken, calls = %v, %d; want true, 0", s.broken, calls)
	}
}

func TestTopicsForRejects(t *testing.T) {
	tests := []struct{ group, gateway string }{
		{"", "gw"},
		{"g", ""},
		{"a/b", "gw"},
		{"g", "gw+1"},
		{"g#", "gw"},
		{string(bytes.Repeat([]byte("g"), 65)), "gw"},
	}
	for _, tt := range tests {
		if _, err := TopicsFor(tt.group, tt.gateway); err == nil {
			t.Errorf("TopicsFor(%q, %q) succeeded, want an error", tt.group, tt.gateway)
		}
	}
}

func TestEnvelopeRoundTrip(t *testing.T) {
	raw := envelopeOf(1042, `{"air_temp":2315}`)
	msgs, err := ParseMessages(raw)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("ParseMessages = %d messages, %v; want 1", len(msgs), err)
	}
	m := msgs[0]
	if m.Seq != 1042 || m.Epoch != testEpoch || m.TimeMillis != 1750480000123 || m.Historical ||
		string(m.Data) != `{"air_temp":2315}` {
		t.Errorf("ParseMessage(%s) = %+v", raw, m)
	}
}

func TestAppendRecordRejects(t *testing.T) {
	if _, err := AppendRecord(nil, Kind(9), []byte(`{}`)); err == nil {
		t.Error("AppendRecord accepted kind 9")
	}
	if _, err := AppendRecord(nil, Telemetry, []byte(`{"a":`)); err == nil {
		t.Error("AppendRecord accepted a body that is not JSON")
	}
}

func TestConfigRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no broker", Config{Group: "g", Gateway: "gw"}},
		{"websocket", Config{Broker: "ws://127.0.0.1:9001", Group: "g", Gateway: "gw"}},
		{"bad group", Config{Broker: "tcp://127.0.0.1:1883", Group: "a/b", Gateway: "gw"}},
		{"window", Config{Broker: "tcp://127.0.0.1:1883", Group: "g", Gateway: "gw",
			MaxInFlight: 20000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(nil, tt.cfg); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

func TestBatchEnvelopeParses(t *testing.T) {
	first := envelopeOf(7, `{"a":1}`)
	more := append([]byte{','}, envelopeOf(9, `{"a":2}`)...)
	raw := appendBatchEnvelope(nil, 7, first, more)
	msgs, err := ParseMessages(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Seq != 7 || msgs[1].Seq != 9 || string(msgs[1].Data) != `{"a":2}` {
		t.Errorf("ParseMessages(%s) = %+v", raw, msgs)
	}
	var got uint64
	s := packetScanner{onPacket: func(h byte, body []byte, _ int) { _, got, _ = publishSeq(h, body) }}
	s.feed(publishPacket("a/telemetry", 1, raw))
	if got != 7 {
		t.Errorf("publishSeq of a batch = %d, want its first seq 7", got)
	}
}
