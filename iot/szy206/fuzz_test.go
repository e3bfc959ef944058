package szy206

import (
	"testing"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/stretchr/testify/require"
)

// variants are the decoder options the fuzz tests try on every input.
var variants = []Options{{}, {Variant: SLT427()}, {Variant: Variant{Sign: SignBit7, Password: Always}}}

func addSeeds(f *testing.F) {
	for _, row := range append(seedFrames(f, "SZY206"), seedFrames(f, "SL/T 427")...) {
		f.Add(mustHex(f, row.hex))
	}
	for _, m := range roundTripCases() {
		if b, err := m.AppendFrame(nil, Options{}); err == nil {
			f.Add(b)
		}
	}
}

// FuzzDecode checks that decoding never panics and that a decoded frame
// encodes to one that decodes to the same message.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range variants {
			checkRoundTrip(t, data, opts, false)
		}
	})
}

// FuzzDecodeRegion wraps arbitrary user data regions in frames with a
// valid CRC, so that the body parsers see inputs that pass the CRC.
func FuzzDecodeRegion(f *testing.F) {
	for _, row := range append(seedFrames(f, "SZY206"), seedFrames(f, "SL/T 427")...) {
		b := mustHex(f, row.hex)
		f.Add(b[offControl : len(b)-2])
	}
	for _, m := range roundTripCases() {
		if b, err := m.AppendFrame(nil, Options{}); err == nil {
			f.Add(b[offControl : len(b)-2])
		}
	}
	f.Fuzz(func(t *testing.T, region []byte) {
		if len(region) > 255 {
			return
		}
		b := append([]byte{0x68, byte(len(region)), 0x68}, region...)
		b = append(b, CRC(region), 0x16)
		for _, opts := range variants {
			checkRoundTrip(t, b, opts, true)
		}
	})
}

// checkRoundTrip decodes data and, when it decodes, checks that its
// encoding decodes to the same message. validCRC reports that data was built
// with a valid CRC, so a CRC error is a bug.
func checkRoundTrip(t *testing.T, data []byte, opts Options, validCRC bool) {
	d := NewDecoder(opts)
	var m Message
	if err := d.Decode(data, &m); err != nil {
		if validCRC {
			require.NotErrorIs(t, err, ErrChecksum, "frame %X with a valid CRC", data)
		}
		return
	}
	out, err := m.AppendFrame(nil, opts)
	if err != nil {
		return // not every decodable body has a canonical encoding
	}
	var m2 Message
	require.NoError(t, d.Decode(out, &m2), "decode of the re-encoded %X from %X", out, data)
	require.Equal(t, m, m2)
}

// FuzzStream checks that the framer never panics, returns only frames that
// pass their CRC and accounts for every byte.
func FuzzStream(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s := frame.NewStream(Protocol{}, frame.MinSize*4)
		for rest := data; len(rest) > 0; {
			n := s.Feed(rest)
			rest = rest[n:]
			for {
				fr, ok := s.Next()
				if !ok {
					break
				}
				require.Equal(t, CRC(fr[offControl:len(fr)-2]), fr[len(fr)-2], "frame %X", fr)
			}
		}
		st := s.Stats()
		require.Equal(t, uint64(len(data)), st.FrameBytes+st.Skipped()+uint64(s.Buffered()))
	})
}
