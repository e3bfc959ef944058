package centre

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// fault is how a simulated DTU mangles its stream.
type fault uint8

const (
	sendWhole   fault = iota // one write per frame
	sendSplit                // each frame in pieces of 1 to 7 bytes
	sendMerged               // all frames in one write
	sendCorrupt              // noise, bad CRCs and impossible content between frames
	faultKinds
)

// readingKey identifies one reading: station, serial and observation time.
type readingKey struct {
	station string
	serial  uint16
	at      int64
}

// simDTU is a simulated SL 651 station behind a transparent DTU.
type simDTU struct {
	n        int
	fault    fault
	readings int
	rng      *rand.Rand
}

// plan returns the bytes the DTU sends, in writes, and the readings and
// invalid frames among them.
func (d *simDTU) plan(t testing.TB) (writes [][]byte, good []readingKey, invalid int) {
	a := stationAddress(d.n)
	var all []byte
	for i := range d.readings {
		serial := uint16(i + 1)
		obs := observed.Add(time.Duration(i) * 5 * time.Minute)
		b := timedReport(t, a, serial, obs, int64(d.n*10+i))
		good = append(good, readingKey{a.String(), serial, obs.Unix()})
		switch d.fault {
		case sendCorrupt:
			bad, isInvalid := d.mangle(b, i)
			if isInvalid {
				invalid++
			}
			writes = append(writes, append(bad, b...))
		case sendWhole:
			writes = append(writes, b)
		case sendSplit:
			writes = append(writes, d.split(b)...)
		case sendMerged:
			all = append(all, b...)
		}
	}
	if d.fault == sendMerged {
		writes = [][]byte{all}
	}
	return writes, good, invalid
}

// mangle returns a broken copy of good frame b to send before it: noise,
// a CRC mismatch or, with a correct CRC, month 13 in the send time. It
// reports whether the copy is a frame that decodes as Invalid.
func (d *simDTU) mangle(b []byte, i int) ([]byte, bool) {
	bad := append([]byte(nil), b...)
	switch i % 3 {
	case 0:
		return []byte{0x00, 0x7E, 0x13, 0xFF, 0x7E}, false
	case 1:
		bad[20+d.rng.IntN(len(bad)-23)] ^= 0x5A
		return bad, false
	default:
		bad[17] = 0x13
		binary.BigEndian.PutUint16(bad[len(bad)-2:], sl651.CRC(bad[:len(bad)-2]))
		return bad, true
	}
}

func (d *simDTU) split(b []byte) [][]byte {
	var parts [][]byte
	for len(b) > 0 {
		n := min(len(b), 1+d.rng.IntN(7))
		parts = append(parts, b[:n])
		b = b[n:]
	}
	return parts
}

// run dials addr, sends the plan and reads confirmations until it has one
// per good frame, then closes.
func (d *simDTU) run(addr string, writes [][]byte, acks int) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	done := make(chan error, 1)
	go func() { done <- readAcks(conn, acks) }()
	for _, w := range writes {
		if _, err := conn.Write(w); err != nil {
			return err
		}
		if d.fault == sendSplit {
			time.Sleep(time.Duration(d.rng.IntN(200)) * time.Microsecond)
		}
	}
	return <-done
}

func readAcks(conn net.Conn, want int) error {
	st := frame.NewStream(sl651.Protocol{}, 0)
	if err := conn.SetReadDeadline(time.Now().Add(45 * time.Second)); err != nil {
		return err
	}
	for got := 0; got < want; got++ {
		b, err := st.ReadFrame(conn)
		if err == io.EOF {
			return fmt.Errorf("got %d confirmations, want %d", got, want)
		}
		if err != nil {
			return err
		}
		if _, err := sl651.Decode(b); err != nil {
			return err
		}
	}
	return nil
}
