package client

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	gmodbus "github.com/goburrow/modbus"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// Each test here first shows plain goburrow/modbus v0.1.0 misbehaving
// against the simulator, so that the fault is known to be real, and then
// runs the same steps through this package's transporters.

// testTimeout is the reply timeout where a test makes a reply late, and
// slowTimeout where it does not, long enough for a loaded machine.
const (
	testTimeout = 100 * time.Millisecond
	slowTimeout = 2 * time.Second
)

func goburrowTCP(addr string) gmodbus.Client {
	h := gmodbus.NewTCPClientHandler(addr)
	h.Timeout = testTimeout
	h.SlaveId = 1
	return gmodbus.NewClient(h)
}

func goburrowRTU(path string, unit byte) gmodbus.Client {
	h := gmodbus.NewRTUClientHandler(path)
	h.BaudRate = 19200
	h.Timeout = testTimeout
	h.SlaveId = unit
	return gmodbus.NewClient(h)
}

func TestTCPLateReplyGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := goburrowTCP(sim.Addr())
	sim.Inject(modbussim.Fault{Delay: 3 * testTimeout})
	if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
		t.Fatal("first read succeeded, want a timeout")
	}
	time.Sleep(4 * testTimeout)
	// goburrow reads the late reply as the reply to the next request,
	// rejects it by its transaction id and leaves its own reply queued.
	for i := range 3 {
		if _, err := c.ReadHoldingRegisters(10, 1); err == nil {
			t.Fatalf("goburrow read %d after the late reply succeeded; the fault it should show is gone", i)
		}
	}
}

func TestTCPLateReply(t *testing.T) {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	tr := &TCPTransporter{Address: sim.Addr(), Timeout: testTimeout}
	c := NewTCP(tr, 1)
	sim.Inject(modbussim.Fault{Delay: 3 * testTimeout})
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err == nil {
		t.Fatal("first read succeeded, want a timeout")
	}
	time.Sleep(4 * testTimeout)
	for i := range 3 {
		data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 10, 1)
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if got := register(data); got != 1010 {
			t.Errorf("read %d: register 10 = %d, want 1010", i, got)
		}
	}
	if got := tr.Stale(); got != 1 {
		t.Errorf("stale replies = %d, want 1", got)
	}
}

func TestTCPRebootGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := goburrowTCP(sim.Addr())
	if _, err := c.ReadHoldingRegisters(0, 1); err != nil {
		t.Fatal(err)
	}
	sim.DropConnections()
	time.Sleep(20 * time.Millisecond)
	for i := range 3 {
		if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
			t.Fatalf("goburrow read %d after the reboot succeeded; the fault it should show is gone", i)
		}
	}
}

func TestTCPReboot(t *testing.T) {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
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
}

func TestRTULateReplyGoburrow(t *testing.T) {
	// A turnaround longer than goburrow's wait after sending lets it read
	// one whole reply, the stale one, instead of two run together.
	dev := &modbussim.Device{Unit: 1, Registers: testTable(), Turnaround: 50 * time.Millisecond}
	sim := startSim(t, modbussim.RTU, dev)
	c := goburrowRTU(serialBus(t, sim), 1)
	sim.Inject(modbussim.Fault{Delay: 3 * testTimeout})
	if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
		t.Fatal("first read succeeded, want a timeout")
	}
	time.Sleep(4 * testTimeout)
	// Each read now takes the reply to the read before it.
	for addr := uint16(10); addr <= 30; addr += 10 {
		data, err := c.ReadHoldingRegisters(addr, 1)
		if err == nil && register(data) == 1000+int(addr) {
			t.Fatalf("goburrow read register %d correctly after a late reply; the fault it should show is gone", addr)
		}
		t.Logf("goburrow read register %d: value %d, err %v", addr, register(data), err)
	}
}

func TestRTULateReply(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	// The late reply comes within twice the timeout, the window in which
	// the port discards it.
	p.Timeout = 2 * testTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	sim.Inject(modbussim.Fault{Delay: 3 * testTimeout})
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err == nil {
		t.Fatal("first read succeeded, want a timeout")
	}
	for i := range 3 {
		data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 10, 1)
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if got := register(data); got != 1010 {
			t.Errorf("read %d: register 10 = %d, want 1010", i, got)
		}
	}
	if got := p.Stats().Flushed; got == 0 {
		t.Error("no bytes flushed, want the late reply discarded")
	}
}

func TestRTUSplitExceptionGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := goburrowRTU(serialBus(t, sim), 1)
	sim.Inject(modbussim.Fault{Exception: modbus.IllegalDataAddress, Split: 4, SplitPause: 2 * testTimeout / 2})
	_, err := c.ReadHoldingRegisters(0, 1)
	var me *gmodbus.ModbusError
	if errors.As(err, &me) {
		t.Fatal("goburrow decoded a split exception reply; the fault it should show is gone")
	}
	time.Sleep(2 * testTimeout)
	if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
		t.Fatal("goburrow read after a split exception succeeded; the fault it should show is gone")
	}
}

func TestRTUSplitException(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	sim.Inject(modbussim.Fault{Exception: modbus.IllegalDataAddress, Split: 4, SplitPause: testTimeout})
	_, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1)
	if !IsException(err, modbus.IllegalDataAddress) {
		t.Fatalf("err = %v, want exception 0x02", err)
	}
	var re *RequestError
	if !errors.As(err, &re) || re.Address != 0 || re.Quantity != 1 {
		t.Errorf("err = %#v, want a RequestError at address 0 quantity 1", err)
	}
	data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1)
	if err != nil {
		t.Fatalf("read after the exception: %v", err)
	}
	if got := register(data); got != 1000 {
		t.Errorf("register 0 = %d, want 1000", got)
	}
}

func TestRTUNoiseGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	c := goburrowRTU(serialBus(t, sim), 1)
	if _, err := c.ReadHoldingRegisters(0, 1); err != nil {
		t.Fatal(err)
	}
	sim.Noise([]byte{0x00, 0xFF, 0x55})
	time.Sleep(testTimeout / 2)
	if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
		t.Fatal("goburrow read after noise succeeded; the fault it should show is gone")
	}
}

func TestRTUNoise(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 0)
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
		t.Fatal(err)
	}
	sim.Noise([]byte{0x00, 0xFF, 0x55})
	time.Sleep(testTimeout / 2)
	if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
		t.Fatalf("read after noise: %v", err)
	}
	if got := p.Stats().Flushed; got != 3 {
		t.Errorf("flushed %d bytes, want the 3 bytes of noise", got)
	}
}

func TestRTUTurnaroundGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable(), Rest: 2 * testTimeout})
	c := goburrowRTU(serialBus(t, sim), 1)
	if _, err := c.ReadHoldingRegisters(0, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadHoldingRegisters(0, 1); err == nil {
		t.Fatal("goburrow read during the device's rest time succeeded; the fault it should show is gone")
	}
}

func TestRTUTurnaround(t *testing.T) {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable(), Rest: 2 * testTimeout})
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	p.Timeout = slowTimeout
	defer p.Close()
	c := NewRTU(p, 1, 3*testTimeout)
	for i := range 3 {
		if _, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	if got := sim.Ignored(); got != 0 {
		t.Errorf("device ignored %d requests, want 0", got)
	}
}

// pollUnits reads register 0 of units 1 and 2 from two goroutines and
// returns the number of failed or wrong reads and the last failure.
func pollUnits(read func(unit byte) (int, error)) (int, error) {
	var mu sync.Mutex
	bad := 0
	var last error
	var wg sync.WaitGroup
	for unit := byte(1); unit <= 2; unit++ {
		wg.Go(func() {
			for range 10 {
				v, err := read(unit)
				if err != nil || v != 1000*int(unit) {
					mu.Lock()
					bad++
					last = fmt.Errorf("unit %d: value %d, err %v", unit, v, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return bad, last
}

func twoUnits() []*modbussim.Device {
	var t1, t2 modbussim.Table
	t1.SetHolding(0, 1000)
	t2.SetHolding(0, 2000)
	return []*modbussim.Device{
		{Unit: 1, Registers: &t1, Turnaround: 5 * time.Millisecond},
		{Unit: 2, Registers: &t2, Turnaround: 5 * time.Millisecond},
	}
}

func TestRTUSharedBusGoburrow(t *testing.T) {
	sim := startSim(t, modbussim.RTU, twoUnits()...)
	path := serialBus(t, sim)
	clients := map[byte]gmodbus.Client{1: goburrowRTU(path, 1), 2: goburrowRTU(path, 2)}
	bad, last := pollUnits(func(unit byte) (int, error) {
		data, err := clients[unit].ReadHoldingRegisters(0, 1)
		return register(data), err
	})
	if bad == 0 {
		t.Fatal("goburrow polled two units on one bus without a fault; the fault it should show is gone")
	}
	t.Logf("goburrow: %d of 20 reads failed or wrong, the last: %v", bad, last)
}

func TestRTUSharedBus(t *testing.T) {
	sim := startSim(t, modbussim.RTU, twoUnits()...)
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	p.Timeout = slowTimeout
	defer p.Close()
	clients := map[byte]*Client{1: NewRTU(p, 1, 0), 2: NewRTU(p, 2, 0)}
	bad, last := pollUnits(func(unit byte) (int, error) {
		data, err := clients[unit].Read(t.Context(), modbus.ReadHoldingRegisters, 0, 1)
		return register(data), err
	})
	if bad != 0 {
		t.Errorf("%d of 20 reads failed or wrong, want 0; the last: %v", bad, last)
	}
}
