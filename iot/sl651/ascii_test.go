package sl651

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestASCIITimedReportDecode(t *testing.T) {
	m, err := Decode(readTestdata(t, "ascii_timed_report.bin"))
	require.NoError(t, err)
	assert.True(t, m.Header.ASCII, "ASCII form")
	assert.Equal(t, Up, m.Header.Direction)
	assert.Equal(t, uint8(1), m.Header.Center)
	assert.Equal(t, "0010100001", m.Header.Station.String())
	assert.Equal(t, uint16(0xA000), m.Header.Password)
	assert.Equal(t, TimedReport, m.Header.Function)
	assert.Equal(t, uint16(12), m.Serial)
	assert.Equal(t, "2020-07-24 17:23:49", m.SendTime.Format(time.DateTime))
	assert.Equal(t, River, m.StationType)
	assert.Equal(t, "2020-07-24 17:23", m.ObservedAt.Format("2006-01-02 15:04"))
	assert.Equal(t, "PJ=13.0 PN05=4.0 Z=0.550 VT=12.68", describeElements(m.Elements))
}

func TestASCIIAckDecode(t *testing.T) {
	m, err := Decode(readTestdata(t, "ascii_ack.bin"))
	require.NoError(t, err)
	assert.Equal(t, Down, m.Header.Direction)
	assert.Equal(t, EOT, m.Header.End)
	assert.Equal(t, uint16(12), m.Serial)
	assert.Equal(t, "2020-07-24 17:24:00", m.SendTime.Format(time.DateTime))
}

func TestASCIIReencode(t *testing.T) {
	for _, name := range []string{"ascii_timed_report.bin", "ascii_ack.bin"} {
		t.Run(name, func(t *testing.T) {
			f := readTestdata(t, name)
			m, err := Decode(f)
			require.NoError(t, err)
			got, err := m.AppendASCIIFrame(nil, Options{})
			require.NoError(t, err)
			assert.Equal(t, string(f), string(got))
		})
	}
}

// TestASCIIFromHexRoundTrip writes every decodable report of the shared
// table in the ASCII form and decodes it back.
func TestASCIIFromHexRoundTrip(t *testing.T) {
	for _, row := range sharedFrames(t, "SL651") {
		t.Run(row.hex[:40], func(t *testing.T) {
			m, err := Decode(mustHex(t, row.hex))
			require.NoError(t, err)
			if hasExtension(m.Elements) {
				t.Skip("user-defined identifiers have no ASCII code")
			}
			f, err := m.AppendASCIIFrame(nil, Options{})
			require.NoError(t, err)
			back, err := Decode(f)
			require.NoError(t, err)
			assert.Equal(t, m.Serial, back.Serial)
			assert.True(t, m.SendTime.Equal(back.SendTime), "send time")
			assert.Equal(t, m.Station, back.Station)
			assert.Equal(t, m.StationType, back.StationType)
			assert.Equal(t, describeElements(m.Elements), describeElements(back.Elements))
		})
	}
}

func hasExtension(els []Element) bool {
	for _, e := range els {
		if e.ID > 0xFF {
			return true
		}
	}
	return false
}

func TestASCIIProtocolFindsFrames(t *testing.T) {
	a, b := readTestdata(t, "ascii_timed_report.bin"), readTestdata(t, "ascii_ack.bin")
	input := append(append(append([]byte("noise\x01x"), a...), 0x00), b...)
	s := frame.NewStream(ASCIIProtocol{}, 0)
	var got [][]byte
	for i := range input {
		s.Feed(input[i : i+1])
		for {
			f, ok := s.Next()
			if !ok {
				break
			}
			got = append(got, bytes.Clone(f))
		}
	}
	require.Len(t, got, 2)
	assert.Equal(t, a, got[0])
	assert.Equal(t, b, got[1])
}

func TestASCIIBadCRC(t *testing.T) {
	f := bytes.Clone(readTestdata(t, "ascii_timed_report.bin"))
	f[len(f)-1] = '0'
	_, err := Decode(f)
	assert.ErrorIs(t, err, ErrChecksum)
}

func TestASCIIMultiPacketJoins(t *testing.T) {
	frameBytes := readTestdata(t, "ascii_timed_report.bin")
	want, err := Decode(frameBytes)
	require.NoError(t, err)
	body := frameBytes[asciiHeader : len(frameBytes)-asciiTrailer]

	var d Decoder
	var r Reassembler
	var joined Progress
	const chunk = 20
	total := uint16((len(body) + chunk - 1) / chunk)
	for seq := uint16(1); seq <= total; seq++ {
		part := body[int(seq-1)*chunk : min(int(seq)*chunk, len(body))]
		h := want.Header
		h.Start, h.Packet, h.End = SYN, Packet{Total: total, Seq: seq}, ETB
		if seq == total {
			h.End = ETX
		}
		packet := Message{Header: h, Payload: part}
		b, err := packet.AppendASCIIFrame(nil, Options{})
		require.NoError(t, err)
		var m Message
		require.NoError(t, d.Decode(b, &m))
		require.True(t, m.Header.ASCII, "packet %d in the ASCII form", seq)
		joined, err = r.AddFrame(m.Header, m.Payload, b)
		require.NoError(t, err)
	}

	require.Equal(t, PacketCompleted, joined.Status)
	var got Message
	require.NoError(t, d.DecodeBody(joined.Joined.Header, joined.Joined.Body, &got))
	assert.Equal(t, want.Serial, got.Serial)
	assert.Equal(t, describeElements(want.Elements), describeElements(got.Elements))
}
