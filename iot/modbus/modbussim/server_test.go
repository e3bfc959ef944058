package modbussim

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

func startServer(t testing.TB, mode Mode, devices ...*Device) *Server {
	t.Helper()
	s := New(mode, devices...)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func dial(t testing.TB, s *Server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second))
	return c
}

func table() *Table {
	var t Table
	t.SetHolding(0, 0x1234, 0x5678)
	t.SetInput(0, 7)
	t.SetCoils(0, true, false, true)
	return &t
}

// mbap returns a Modbus TCP request with transaction id 1.
func mbap(unit byte, pdu ...byte) []byte {
	b := binary.BigEndian.AppendUint16(nil, 1)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(len(pdu)+1))
	return append(append(b, unit), pdu...)
}

func TestServerTCP(t *testing.T) {
	s := startServer(t, TCP, &Device{Unit: 1, Registers: table()})
	tests := []struct {
		name string
		unit byte
		pdu  []byte
		want []byte
	}{
		{"read holding", 1, []byte{3, 0, 0, 0, 2}, []byte{3, 4, 0x12, 0x34, 0x56, 0x78}},
		{"read input", 1, []byte{4, 0, 0, 0, 1}, []byte{4, 2, 0, 7}},
		{"read coils", 1, []byte{1, 0, 0, 0, 3}, []byte{1, 1, 0b101}},
		{"write register", 1, []byte{6, 0, 1, 0xAB, 0xCD}, []byte{6, 0, 1, 0xAB, 0xCD}},
		{"missing register", 1, []byte{3, 0, 9, 0, 1}, []byte{0x83, 2}},
		{"unknown function", 1, []byte{0x2B, 0x0E}, []byte{0xAB, 1}},
		{"unit 0 reaches lowest", 0, []byte{4, 0, 0, 0, 1}, []byte{4, 2, 0, 7}},
		{"absent unit", 9, []byte{3, 0, 0, 0, 1}, []byte{0x83, 0x0B}},
	}
	c := dial(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Write(mbap(tt.unit, tt.pdu...)); err != nil {
				t.Fatal(err)
			}
			want := mbap(tt.unit, tt.want...)
			got := make([]byte, len(want))
			if _, err := io.ReadFull(c, got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("reply % X, want % X", got, want)
			}
		})
	}
}

func rtu(unit byte, pdu ...byte) []byte {
	return modbus.AppendCRC(append([]byte{unit}, pdu...))
}

func TestServerRTUFaults(t *testing.T) {
	s := startServer(t, RTU, &Device{Unit: 1, Registers: table()})
	normal := rtu(1, 3, 2, 0x12, 0x34)
	tests := []struct {
		name  string
		fault Fault
		want  []byte
	}{
		{"normal", Fault{}, normal},
		{"exception", Fault{Exception: modbus.ServerDeviceBusy}, rtu(1, 0x83, 6)},
		{"garbage", Fault{Garbage: []byte{0xFF, 0x00}}, append([]byte{0xFF, 0x00}, normal...)},
		{"split", Fault{Split: 3, SplitPause: 10 * time.Millisecond}, normal},
		{"late", Fault{Delay: 20 * time.Millisecond}, normal},
	}
	c := dial(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.Inject(tt.fault)
			if _, err := c.Write(rtu(1, 3, 0, 0, 0, 1)); err != nil {
				t.Fatal(err)
			}
			got := make([]byte, len(tt.want))
			if _, err := io.ReadFull(c, got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("reply % X, want % X", got, tt.want)
			}
		})
	}
}

func TestServerDrop(t *testing.T) {
	s := startServer(t, TCP, &Device{Unit: 1, Registers: table()})
	c := dial(t, s)
	s.Inject(Fault{Drop: true})
	c.Write(mbap(1, 3, 0, 0, 0, 1))
	if _, err := c.Read(make([]byte, 16)); err == nil {
		t.Fatal("read after a dropped connection succeeded")
	}
	// The listener stays open.
	c2 := dial(t, s)
	c2.Write(mbap(1, 3, 0, 0, 0, 1))
	if _, err := io.ReadFull(c2, make([]byte, 11)); err != nil {
		t.Fatalf("reconnect: %v", err)
	}
}

func TestServerRest(t *testing.T) {
	s := startServer(t, RTU, &Device{Unit: 1, Registers: table(), Rest: time.Hour})
	c := dial(t, s)
	req := rtu(1, 3, 0, 0, 0, 1)
	c.Write(req)
	if _, err := io.ReadFull(c, make([]byte, 7)); err != nil {
		t.Fatal(err)
	}
	c.Write(req)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, _ := c.Read(make([]byte, 16)); n != 0 {
		t.Errorf("got %d bytes during the rest time, want none", n)
	}
	if got := s.Ignored(); got != 1 {
		t.Errorf("ignored = %d, want 1", got)
	}
}

func TestDeviceLimits(t *testing.T) {
	s := startServer(t, TCP,
		&Device{Unit: 1, Registers: table(), MaxQuantity: 1},
		&Device{Unit: 2, Registers: table(), SingleReads: true})
	c := dial(t, s)
	for _, tt := range []struct {
		unit byte
		want []byte
	}{
		{1, []byte{0x83, 3}},
		{2, []byte{0x83, 2}},
	} {
		c.Write(mbap(tt.unit, 3, 0, 0, 0, 2))
		want := mbap(tt.unit, tt.want...)
		got := make([]byte, len(want))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("unit %d: reply % X, want % X", tt.unit, got, want)
		}
	}
}

func TestDeviceAddressRange(t *testing.T) {
	var tab Table
	tab.SetHolding(0, 1, 2)
	tab.SetHolding(65535, 9)
	s := startServer(t, TCP, &Device{Unit: 1, Registers: &tab})
	c := dial(t, s)
	tests := []struct {
		name string
		pdu  []byte
		want []byte
	}{
		{"read past 65535", []byte{3, 0xFF, 0xFF, 0, 2}, []byte{0x83, 2}},
		{"write past 65535", []byte{0x10, 0xFF, 0xFF, 0, 2, 4, 0, 7, 0, 7}, []byte{0x90, 2}},
		{"write partly outside", []byte{0x10, 0, 0, 0, 3, 6, 0, 7, 0, 7, 0, 7}, []byte{0x90, 2}},
		{"read after rejected writes", []byte{3, 0, 0, 0, 2}, []byte{3, 4, 0, 1, 0, 2}},
	}
	for _, tt := range tests {
		c.Write(mbap(1, tt.pdu...))
		want := mbap(1, tt.want...)
		got := make([]byte, len(want))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: reply % X, want % X", tt.name, got, want)
		}
	}
	if v, _ := tab.Register(modbus.ReadHoldingRegisters, 65535); v != 9 {
		t.Errorf("register 65535 = %d after rejected writes, want 9", v)
	}
}

func TestFuncRegisters(t *testing.T) {
	f := Func(func(fc modbus.FunctionCode, addr uint16) uint16 { return addr * 2 })
	if v, ok := f.Register(modbus.ReadHoldingRegisters, 21); !ok || v != 42 {
		t.Errorf("Register(21) = %d, %v, want 42, true", v, ok)
	}
	if f.SetRegister(0, 1) {
		t.Error("SetRegister succeeded on a read-only source")
	}
}

// FuzzServeTCP feeds arbitrary client bytes to the Modbus TCP server, which
// must neither panic nor hang.
func FuzzServeTCP(f *testing.F) {
	f.Add(mbap(1, 3, 0, 0, 0, 2))
	f.Add(mbap(1, 0x10, 0, 0, 0, 1, 2, 0, 1))
	f.Add([]byte{0, 1, 0, 0, 0, 0})
	s := New(TCP, &Device{Unit: 1, Registers: table()})
	f.Fuzz(func(t *testing.T, b []byte) {
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() {
			s.serveTCP(server)
			server.Close()
			close(done)
		}()
		go io.Copy(io.Discard, client)
		client.Write(b)
		client.Close()
		<-done
	})
}

// FuzzServeRTU feeds arbitrary client bytes to the RTU server.
func FuzzServeRTU(f *testing.F) {
	f.Add(rtu(1, 3, 0, 0, 0, 2))
	f.Add(rtu(1, 0x0F, 0, 0, 0, 3, 1, 5))
	s := New(RTU, &Device{Unit: 1, Registers: table()})
	f.Fuzz(func(t *testing.T, b []byte) {
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() {
			var mu sync.Mutex
			s.serveRTU(server, &mu)
			server.Close()
			close(done)
		}()
		go io.Copy(io.Discard, client)
		client.Write(b)
		client.Close()
		<-done
	})
}
