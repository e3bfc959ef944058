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
