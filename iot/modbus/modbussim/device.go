package modbussim

import (
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Registers is a source of register and coil values. Register returns the
// value of the holding register (FC 3) or input register (FC 4) at addr, and
// Coil the state of the coil (FC 1) or discrete input (FC 2) at addr. Either
// returns ok false for an address the device does not have, and the
// simulator replies with exception 0x02 illegal data address. SetRegister and
// SetCoil store a write (FC 5, 6, 15, 16) and return false when the address
// is not writable.
type Registers interface {
	Register(fc modbus.FunctionCode, addr uint16) (v uint16, ok bool)
	Coil(fc modbus.FunctionCode, addr uint16) (on bool, ok bool)
	SetRegister(addr, v uint16) bool
	SetCoil(addr uint16, on bool) bool
}

// Device is one simulated slave.
type Device struct {
	// Unit is the unit address, 1 to 247. Modbus TCP requests for unit 0 or
	// 255 reach the device with the lowest address.
	Unit uint8
	// Registers is the value source. With nil, every read gets exception
	// 0x02 illegal data address.
	Registers Registers
	// MaxQuantity is the largest number of registers or bits the device
	// reads in one request. A larger read gets exception 0x03 illegal data
	// value, as devices with small buffers send. Zero means the protocol
	// limit.
	MaxQuantity int
	// SingleReads makes the device reject a read of more than one register
	// with exception 0x02 illegal data address, as some meters do.
	SingleReads bool
	// Turnaround is the time the device takes to reply. Zero replies at once.
	Turnaround time.Duration
	// Rest is the time after each reply during which an RTU device is not
	// listening: a request that starts sooner is ignored and gets no reply.
	Rest time.Duration
}

// Table is a [Registers] backed by maps, filled with the Set methods. The
// zero value has no registers. A Table is safe for concurrent use.
type Table struct {
	mu       sync.RWMutex
	holding  map[uint16]uint16
	input    map[uint16]uint16
	coils    map[uint16]bool
	discrete map[uint16]bool
}

// SetHolding stores holding registers starting at addr.
func (t *Table) SetHolding(addr uint16, v ...uint16) { t.setWords(&t.holding, addr, v) }

// SetInput stores input registers starting at addr.
func (t *Table) SetInput(addr uint16, v ...uint16) { t.setWords(&t.input, addr, v) }

// SetCoils stores coils starting at addr.
func (t *Table) SetCoils(addr uint16, v ...bool) { t.setBits(&t.coils, addr, v) }

// SetDiscrete stores discrete inputs starting at addr.
func (t *Table) SetDiscrete(addr uint16, v ...bool) { t.setBits(&t.discrete, addr, v) }

func (t *Table) setWords(m *map[uint16]uint16, addr uint16, v []uint16) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if *m == nil {
		*m = make(map[uint16]uint16)
	}
	for i, w := range v {
		(*m)[addr+uint16(i)] = w
	}
}

func (t *Table) setBits(m *map[uint16]bool, addr uint16, v []bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if *m == nil {
		*m = make(map[uint16]bool)
	}
	for i, b := range v {
		(*m)[addr+uint16(i)] = b
	}
}

// Register implements [Registers].
func (t *Table) Register(fc modbus.FunctionCode, addr uint16) (uint16, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	m := t.holding
	if fc == modbus.ReadInputRegisters {
		m = t.input
	}
	v, ok := m[addr]
	return v, ok
}

// Coil implements [Registers].
func (t *Table) Coil(fc modbus.FunctionCode, addr uint16) (bool, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	m := t.coils
	if fc == modbus.ReadDiscreteInputs {
		m = t.discrete
	}
	v, ok := m[addr]
	return v, ok
}

// SetRegister implements [Registers]: only existing holding registers are
// writable.
func (t *Table) SetRegister(addr, v uint16) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.holding[addr]; !ok {
		return false
	}
	t.holding[addr] = v
	return true
}

// SetCoil implements [Registers]: only existing coils are writable.
func (t *Table) SetCoil(addr uint16, on bool) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.coils[addr]; !ok {
		return false
	}
	t.coils[addr] = on
	return true
}

// Func is a read-only [Registers] whose values come from a function, for
// values that change with time such as a weather station's readings. Every
// address exists. Writes are rejected.
type Func func(fc modbus.FunctionCode, addr uint16) uint16

// Register implements [Registers].
func (f Func) Register(fc modbus.FunctionCode, addr uint16) (uint16, bool) { return f(fc, addr), true }

// Coil implements [Registers]: a coil is on when the function returns a
// nonzero value.
func (f Func) Coil(fc modbus.FunctionCode, addr uint16) (bool, bool) { return f(fc, addr) != 0, true }

// SetRegister implements [Registers] and rejects the write.
func (Func) SetRegister(uint16, uint16) bool { return false }

// SetCoil implements [Registers] and rejects the write.
func (Func) SetCoil(uint16, bool) bool { return false }

// answer fills rep with the device's reply to req.
func (d *Device) answer(req, rep *modbus.Frame) {
	*rep = modbus.Frame{Unit: req.Unit, Function: req.Function, Direction: modbus.Reply}
	if code := d.check(req); code != 0 {
		rep.Exception = code
		return
	}
	var ok bool
	switch req.Function {
	case modbus.ReadHoldingRegisters, modbus.ReadInputRegisters:
		ok = d.readRegisters(req, rep)
	case modbus.ReadCoils, modbus.ReadDiscreteInputs:
		ok = d.readCoils(req, rep)
	case modbus.WriteSingleRegister:
		ok = d.Registers.SetRegister(req.Address, req.Value)
		rep.Address, rep.Value = req.Address, req.Value
	case modbus.WriteSingleCoil:
		ok = d.Registers.SetCoil(req.Address, req.Value == modbus.CoilOn)
		rep.Address, rep.Value = req.Address, req.Value
	case modbus.WriteMultipleRegisters:
		ok = d.writeRegisters(req)
		rep.Address, rep.Quantity = req.Address, req.Quantity
	case modbus.WriteMultipleCoils:
		ok = d.writeCoils(req)
		rep.Address, rep.Quantity = req.Address, req.Quantity
	}
	if !ok {
		*rep = modbus.Frame{Unit: req.Unit, Function: req.Function, Direction: modbus.Reply,
			Exception: modbus.IllegalDataAddress}
	}
}

// check returns the exception code of the device's reply to req that does
// not depend on addresses, or 0.
func (d *Device) check(req *modbus.Frame) modbus.ExceptionCode {
	if !req.Function.Known() {
		return modbus.IllegalFunction
	}
	if d.Registers == nil {
		return modbus.IllegalDataAddress
	}
	reads := req.Function <= modbus.ReadInputRegisters
	if reads && d.MaxQuantity > 0 && int(req.Quantity) > d.MaxQuantity {
		return modbus.IllegalDataValue
	}
	if reads && d.SingleReads && req.Quantity > 1 {
		return modbus.IllegalDataAddress
	}
	// Addresses end at 65535, so a block that runs past it gets exception
	// 0x02 instead of wrapping to address 0.
	if int(req.Address)+int(req.Quantity) > 1<<16 {
		return modbus.IllegalDataAddress
	}
	return 0
}

func (d *Device) readRegisters(req, rep *modbus.Frame) bool {
	var v [modbus.MaxReadRegisters]uint16
	for i := range int(req.Quantity) {
		w, ok := d.Registers.Register(req.Function, req.Address+uint16(i))
		if !ok {
			return false
		}
		v[i] = w
	}
	return rep.SetRegisters(v[:req.Quantity]) == nil
}

func (d *Device) readCoils(req, rep *modbus.Frame) bool {
	var v [modbus.MaxReadBits]bool
	for i := range int(req.Quantity) {
		on, ok := d.Registers.Coil(req.Function, req.Address+uint16(i))
		if !ok {
			return false
		}
		v[i] = on
	}
	if rep.SetCoils(v[:req.Quantity]) != nil {
		return false
	}
	// A read reply carries no quantity, only the byte count.
	rep.Quantity = 0
	return true
}

// writeRegisters stores the registers of req, all or none: a register that
// cannot be written restores the ones written before it.
func (d *Device) writeRegisters(req *modbus.Frame) bool {
	var old [modbus.MaxWriteRegisters]uint16
	for i := range int(req.Quantity) {
		addr := req.Address + uint16(i)
		old[i], _ = d.Registers.Register(modbus.ReadHoldingRegisters, addr)
		if !d.Registers.SetRegister(addr, req.Register(i)) {
			for j := range i {
				d.Registers.SetRegister(req.Address+uint16(j), old[j])
			}
			return false
		}
	}
	return true
}

// writeCoils stores the coils of req, all or none, as writeRegisters does.
func (d *Device) writeCoils(req *modbus.Frame) bool {
	var old [modbus.MaxWriteBits]bool
	for i := range int(req.Quantity) {
		addr := req.Address + uint16(i)
		old[i], _ = d.Registers.Coil(modbus.ReadCoils, addr)
		if !d.Registers.SetCoil(addr, req.Coil(i)) {
			for j := range i {
				d.Registers.SetCoil(req.Address+uint16(j), old[j])
			}
			return false
		}
	}
	return true
}
