package sl651

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/stretchr/testify/require"
)

// addSeeds adds the SL 651 frames of the shared table, the package's
// testdata and the round-trip cases to the corpus.
func addSeeds(f *testing.F) {
	for _, row := range seedFrames(f, "SL651") {
		f.Add(mustHex(f, row.hex))
	}
	names, _ := filepath.Glob(filepath.Join("testdata", "*.bin"))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	for _, m := range roundTripCases() {
		if b, err := m.AppendFrame(nil, Options{}); err == nil {
			f.Add(b)
		}
	}
}

// FuzzDecode checks that decoding never panics and that a decoded frame
// encodes to a frame that decodes to the same message.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Decoder
		var m Message
		if err := d.Decode(data, &m); err != nil {
			return
		}
		var out []byte
		var err error
		if m.Header.ASCII {
			out, err = m.AppendASCIIFrame(nil, Options{})
		} else {
			out, err = m.AppendFrame(nil, Options{})
		}
		if err != nil {
			return // not every decodable body has a canonical encoding
		}
		var m2 Message
		require.NoError(t, d.Decode(out, &m2), "decode of the re-encoded %X", out)
		if !m.Header.ASCII {
			require.Equal(t, m, m2)
		}
	})
}

// FuzzStream checks that the framers never panic, never return a frame
// that fails its CRC and account for every byte.
func FuzzStream(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []frame.Protocol{Protocol{}, ASCIIProtocol{}} {
			s := frame.NewStream(p, 512)
			var frameBytes int
			for rest := data; len(rest) > 0; {
				n := s.Feed(rest)
				rest = rest[n:]
				for {
					fr, ok := s.Next()
					if !ok {
						break
					}
					frameBytes += len(fr)
					var m Message
					var d Decoder
					if err := d.Decode(fr, &m); err != nil {
						require.NotErrorIs(t, err, ErrChecksum, "frame %X", fr)
					}
				}
			}
			st := s.Stats()
			require.Equal(t, uint64(len(data)), st.FrameBytes+st.Skipped()+uint64(s.Buffered()))
			require.Equal(t, uint64(frameBytes), st.FrameBytes)
		}
	})
}

// FuzzDecodeBody wraps arbitrary bodies in valid hex and ASCII frames, so
// that the body parsers see inputs that pass the CRC, and checks the same
// round trip as FuzzDecode.
func FuzzDecodeBody(f *testing.F) {
	for _, row := range seedFrames(f, "SL651") {
		fr := mustHex(f, row.hex)
		f.Add(fr[offFunction], fr[offLength]>>4 == 8, fr[headerLen:len(fr)-trailerLen])
	}
	for _, m := range roundTripCases() {
		if fr, err := m.AppendFrame(nil, Options{}); err == nil && m.Header.Start == STX {
			f.Add(fr[offFunction], m.Header.Direction == Down, fr[headerLen:len(fr)-trailerLen])
		}
	}
	for _, name := range []string{"ascii_timed_report.bin", "ascii_ack.bin"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(byte(TimedReport), name == "ascii_ack.bin", b[asciiHeader:len(b)-asciiTrailer])
		}
	}
	f.Fuzz(func(t *testing.T, function byte, down bool, body []byte) {
		h := Header{Direction: Up, Center: 1, Station: station, Function: FunctionCode(function)}
		if down {
			h.Direction, h.End = Down, ENQ
		}
		for _, ascii := range []bool{false, true} {
			var fr []byte
			var err error
			if ascii {
				fr, err = asciiFrame(h, body)
			} else {
				hh := h
				fr, err = AppendFrame(nil, &hh, body)
			}
			if err != nil {
				continue
			}
			d := NewDecoder(Options{UserFunctions: true})
			var m Message
			if err := d.Decode(fr, &m); err != nil {
				require.NotErrorIs(t, err, ErrChecksum)
				continue
			}
			out, err := m.AppendFrame(nil, Options{})
			if ascii {
				out, err = m.AppendASCIIFrame(nil, Options{})
			}
			if err != nil {
				continue
			}
			var m2 Message
			require.NoError(t, d.Decode(out, &m2), "decode of the re-encoded %X", out)
			require.Equal(t, m.Elements, m2.Elements)
			require.Equal(t, m.Serial, m2.Serial)
		}
	})
}

// asciiFrame wraps body in an ASCII frame with header h and a valid CRC.
func asciiFrame(h Header, body []byte) ([]byte, error) {
	if len(body) == 0 || len(body) > MaxBodyLen {
		return nil, errors.New("body length")
	}
	end := ETX
	if h.Direction == Down {
		end = ENQ
	}
	var f []byte
	f = append(f, byte(SOH))
	if h.Direction == Up {
		f = fmt.Appendf(f, "%02X%s", h.Center, h.Station)
	} else {
		f = fmt.Appendf(f, "%s%02X", h.Station, h.Center)
	}
	f = fmt.Appendf(f, "%04X%02X%X%03X", h.Password, uint8(h.Function), uint8(h.Direction), len(body))
	f = append(f, byte(STX))
	f = append(f, body...)
	f = append(f, byte(end))
	return fmt.Appendf(f, "%04X", CRC(f)), nil
}

// FuzzReassembler adds the packets that the input describes, 4 bytes each
// (station, count, sequence number, body length), to a Reassembler with
// small bounds. It checks the bounds, the missing lists and that a joined
// body holds the packet bodies in sequence order: every body byte is its
// packet's sequence number.
func FuzzReassembler(f *testing.F) {
	f.Add([]byte{1, 3, 1, 4, 1, 3, 3, 2, 1, 3, 2, 5, 1, 3, 2, 5})
	f.Add([]byte{0, 2, 2, 9, 1, 2, 1, 9, 0, 5, 1, 9, 0, 2, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxBytes, maxPending = 64, 3
		r := Reassembler{MaxBytes: maxBytes, MaxPending: maxPending}
		for ; len(data) >= 4; data = data[4:] {
			total, seq := uint16(data[1]%6), uint16(data[2]%7)
			h := Header{Direction: Up, Station: Address{4: data[0] % 4}, Function: PictureReport,
				Start: SYN, Packet: Packet{Total: total, Seq: seq}}
			body := make([]byte, 1+int(data[3]%20))
			for i := range body {
				body[i] = byte(seq)
			}
			p, err := r.AddFrame(h, body, nil)
			if r.Bytes() > maxBytes || r.Bytes() < 0 || r.Pending() > maxPending {
				t.Fatalf("holding %d bytes in %d messages, want at most %d in %d",
					r.Bytes(), r.Pending(), maxBytes, maxPending)
			}
			if r.Pending() == 0 && r.Bytes() != 0 {
				t.Fatalf("holding %d bytes with no message in progress", r.Bytes())
			}
			if err != nil {
				if !errors.Is(err, ErrReassembly) {
					t.Fatalf("error %v does not wrap ErrReassembly", err)
				}
				continue
			}
			for i, s := range p.Missing {
				if s < 1 || s >= total || (i > 0 && s <= p.Missing[i-1]) {
					t.Fatalf("missing %v of %d packets", p.Missing, total)
				}
			}
			if p.Status != PacketCompleted {
				continue
			}
			prev := byte(1)
			for _, b := range p.Joined.Body {
				if b < prev || b > byte(total) {
					t.Fatalf("joined body %v of %d packets is out of order", p.Joined.Body, total)
				}
				prev = b
			}
		}
	})
}
