package client

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

func TestParseRegistration(t *testing.T) {
	tests := []struct {
		name   string
		format DTUFormat
		packet string
		want   string
		ok     bool
	}{
		{"plain id", DTUFormat{}, "DTU-0001", "DTU-0001", true},
		{"imei with CR LF", DTUFormat{}, "861234567890123\r\n", "861234567890123", true},
		{"prefix", DTUFormat{Prefix: []byte("REG:")}, "REG:korla-07", "korla-07", true},
		{"missing prefix", DTUFormat{Prefix: []byte("REG:")}, "korla-07", "", false},
		{"empty", DTUFormat{}, "", "", false},
		{"only CR LF", DTUFormat{}, "\r\n", "", false},
		{"too long", DTUFormat{MaxIDLen: 4}, "ABCDE", "", false},
		{"space", DTUFormat{}, "DTU 1", "", false},
		{"binary", DTUFormat{}, "\x01\x03\x00\x00", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.format.ParseRegistration([]byte(tt.packet))
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrRegistration) {
				t.Errorf("err = %v, want ErrRegistration", err)
			}
			if got != tt.want {
				t.Errorf("id = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStripHeartbeats(t *testing.T) {
	f := DTUFormat{Heartbeat: []byte("HB")}
	tests := []struct{ in, want string }{
		{"HB", ""},
		{"HBHB\x01\x03", "\x01\x03"},
		{"\x01HB", "\x01HB"},
		{"H", "H"},
	}
	for _, tt := range tests {
		if got := string(f.StripHeartbeats([]byte(tt.in))); got != tt.want {
			t.Errorf("StripHeartbeats(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDTUServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srv := &DTUServer{Format: DTUFormat{Heartbeat: []byte("HB")}, Timeout: slowTimeout}
	go srv.Serve(ln)
	c := NewRTU(srv.Port("DTU-0001"), 1, 0)
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("read before registration: err = %v, want ErrNotConnected", err)
	}

	sim := modbussim.New(modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	defer sim.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dtu := modbussim.DTU{Registration: []byte("DTU-0001"), Heartbeat: []byte("HB"), Interval: 5 * time.Millisecond}
	go sim.DialDTU(ctx, ln.Addr().String(), dtu)

	// Wait for the registration, then poll while heartbeats flow.
	for range 100 {
		if srv.Port("DTU-0001").Stats().Opens > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for i := range 10 {
		data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, uint16(i), 1)
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if got := register(data); got != 1000+i {
			t.Errorf("register %d = %d, want %d", i, got, 1000+i)
		}
		time.Sleep(3 * time.Millisecond)
	}
}
