package client

import (
	"sync"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// TestTCPLateReplyDuringNext sends the next request before the late reply
// arrives, so that the stale reply comes in while the transporter waits for
// its own.
func TestTCPLateReplyDuringNext(t *testing.T) {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	tr := &TCPTransporter{Address: sim.Addr(), Timeout: testTimeout}
	c := NewTCP(tr, 1)
	sim.Inject(modbussim.Fault{Delay: 3 * testTimeout / 2})
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err == nil {
		t.Fatal("first read succeeded, want a timeout")
	}
	tr.Timeout = slowTimeout
	data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := register(data); got != 1010 {
		t.Errorf("register 10 = %d, want 1010", got)
	}
	if got := tr.Stale(); got != 1 {
		t.Errorf("stale replies = %d, want 1", got)
	}
}

// TestTCPSharedTransporter polls three units behind one gateway connection
// from several goroutines.
func TestTCPSharedTransporter(t *testing.T) {
	var devices []*modbussim.Device
	for unit := uint8(1); unit <= 3; unit++ {
		var table modbussim.Table
		table.SetHolding(0, uint16(unit)*100)
		devices = append(devices, &modbussim.Device{Unit: unit, Registers: &table})
	}
	sim := startSim(t, modbussim.TCP, devices...)
	tr := &TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}
	var wg sync.WaitGroup
	for unit := uint8(1); unit <= 3; unit++ {
		c := NewTCP(tr, unit)
		for range 2 {
			wg.Go(func() {
				for range 20 {
					data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1)
					if err != nil {
						t.Errorf("unit %d: %v", unit, err)
						return
					}
					if got := register(data); got != int(unit)*100 {
						t.Errorf("unit %d register 0 = %d, want %d", unit, got, int(unit)*100)
					}
				}
			})
		}
	}
	wg.Wait()
}
