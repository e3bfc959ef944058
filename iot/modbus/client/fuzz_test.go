package client

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

func FuzzParseRegistration(f *testing.F) {
	f.Add([]byte("DTU-0001"))
	f.Add([]byte("REG:861234567890123\r\n"))
	f.Add([]byte{0x01, 0x03, 0x02, 0x00, 0x01})
	format := DTUFormat{Prefix: []byte("REG:"), Heartbeat: []byte("HB")}
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := format.ParseRegistration(b)
		if err == nil && (len(id) == 0 || len(id) > 32) {
			t.Fatalf("accepted id %q of %d bytes", id, len(id))
		}
		rest := format.StripHeartbeats(b)
		if len(rest) > len(b) {
			t.Fatal("StripHeartbeats grew its input")
		}
	})
}

// FuzzFindReply feeds device bytes to the RTU reply finder, which must
// return only a valid reply to the request from unit 1 for 2 registers.
func FuzzFindReply(f *testing.F) {
	f.Add([]byte{0x01, 0x03, 0x04, 0x00, 0x01, 0x00, 0x02, 0x2A, 0x32})
	f.Add([]byte{0xFF, 0x01, 0x83, 0x02, 0xC0, 0xF1})
	f.Add([]byte{0x01, 0x03, 0x04, 0x00})
	req := modbus.Frame{Unit: 1, Function: modbus.ReadHoldingRegisters, Direction: modbus.Request, Quantity: 2}
	var p Port
	f.Fuzz(func(t *testing.T, b []byte) {
		start, n := p.findReply(b, &req, req.ReplyLen())
		if start < 0 || start > len(b) || start+n > len(b) {
			t.Fatalf("findReply = %d, %d for %d bytes", start, n, len(b))
		}
		if n == 0 {
			return
		}
		var r modbus.Frame
		if err := r.Decode(b[start:start+n], modbus.Reply); err != nil {
			t.Fatalf("returned an invalid reply: %v", err)
		}
		if r.Unit != 1 || r.Function != modbus.ReadHoldingRegisters {
			t.Fatalf("returned a reply from unit %d function %s", r.Unit, r.Function)
		}
	})
}

// FuzzTCPReply feeds device bytes to the Modbus TCP transporter as the
// reply to a read of 2 registers. A reply it returns must carry the
// request's transaction id, unit and function, and its MBAP length.
func FuzzTCPReply(f *testing.F) {
	ok := []byte{0, 1, 0, 0, 0, 7, 1, 3, 4, 0, 1, 0, 2}
	f.Add(ok)
	f.Add(append([]byte{0, 9, 0, 0, 0, 3, 1, 0x83, 2}, ok...))
	f.Add([]byte{0, 1, 0, 0, 0, 0})
	req := []byte{0, 0x42, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2}
	f.Fuzz(func(t *testing.T, b []byte) {
		device, gateway := net.Pipe()
		defer device.Close()
		go func() {
			io.ReadFull(device, make([]byte, len(req)))
			device.Write(b)
			device.Close()
		}()
		tr := &TCPTransporter{Timeout: time.Second, conn: gateway}
		rep, err := tr.Send(req)
		if err != nil {
			return
		}
		if len(rep) < mbapLen+1 || rep[0] != 0 || rep[1] != 0x42 || rep[6] != 1 || rep[7]&0x7F != 3 {
			t.Fatalf("returned reply % X to request % X", rep, req)
		}
		if n := int(rep[4])<<8 | int(rep[5]); n != len(rep)-6 {
			t.Fatalf("reply % X has MBAP length %d for %d bytes", rep, n, len(rep)-6)
		}
	})
}
