package client

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

func TestRTUOverTCPReboot(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
		t.Fatal(err)
	}
	sim.DropConnections()
	time.Sleep(20 * time.Millisecond)
	// The first read may meet the dead connection and close it.
	c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1)
	for i := range 3 {
		if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
			t.Fatalf("read %d after the reboot: %v", i, err)
		}
	}
	if got := p.Stats().Opens; got != 2 {
		t.Errorf("opens = %d, want 2", got)
	}
}

func TestRTUOverTCPFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault modbussim.Fault
	}{
		{"garbage in front", modbussim.Fault{Garbage: []byte{0x01, 0x03, 0xFF, 0x00}}},
		{"split reply", modbussim.Fault{Split: 2, SplitPause: 20 * time.Millisecond}},
		{"slow turnaround", modbussim.Fault{Delay: 50 * time.Millisecond}},
	}
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.Inject(tt.fault)
			data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 4, 2)
			if err != nil {
				t.Fatal(err)
			}
			if got := register(data); got != 1004 {
				t.Errorf("register 4 = %d, want 1004", got)
			}
			if got := register(data[2:]); got != 1005 {
				t.Errorf("register 5 = %d, want 1005", got)
			}
		})
	}
}

func TestRTUOverTCPWrites(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	if err := c.WriteRegister(t.Context(), 3, 77); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteCoils(t.Context(), 0, []bool{true, true, false}); err != nil {
		t.Fatal(err)
	}
	data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := register(data); got != 77 {
		t.Errorf("register 3 = %d, want 77", got)
	}
	bits, err := c.Read(t.Context(), modbus.ReadCoils, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(bits) != 1 || bits[0] != 0b011 {
		t.Errorf("coils 0-2 = %08b, want 00000011", bits)
	}
	if err := c.WriteRegister(t.Context(), 999, 1); !IsException(err, modbus.IllegalDataAddress) {
		t.Errorf("write to a missing register: err = %v, want exception 0x02", err)
	}
}

func TestRTUOverTCPIdleLongerThanTimeout(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = 100 * time.Millisecond
	defer p.Close()
	c := NewRTU(p, 1, 0)
	for i := range 3 {
		if i > 0 {
			// Idle for longer than the reply timeout, so the last read deadline passes.
			time.Sleep(250 * time.Millisecond)
		}
		if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
			t.Fatalf("read %d after an idle link: %v", i, err)
		}
	}
	if got := p.Stats().Opens; got != 1 {
		t.Errorf("opens = %d, want 1", got)
	}
}
