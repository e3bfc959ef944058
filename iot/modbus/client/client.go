package client

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gmodbus "github.com/goburrow/modbus"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Client reads and writes one unit through goburrow's PDU code and one of
// this package's transporters. Each method takes a context. A request
// whose context has ended is not sent, and one whose context ends after it
// was sent stops waiting for its reply, as the transporter documents. A
// context deadline earlier than the transporter's Timeout ends the wait at
// that deadline. A Client is safe for concurrent use.
type Client struct {
	packager gmodbus.Packager
	tr       transport
	unit     uint8
	calls    sync.Pool // of *call
}

// NewTCP returns a Client for unit behind the Modbus TCP transporter t.
// Clients for several units may share t.
func NewTCP(t *TCPTransporter, unit uint8) *Client {
	h := gmodbus.NewTCPClientHandler(t.Address)
	h.SlaveId = unit
	return &Client{packager: h, tr: t, unit: unit}
}

// NewRTU returns a Client for unit on the RTU bus p, for a device that needs
// turnaround of idle bus time before each request.
func NewRTU(p *Port, unit uint8, turnaround time.Duration) *Client {
	h := gmodbus.NewRTUClientHandler("")
	h.SlaveId = unit
	return &Client{packager: h, tr: unitTransporter{p, turnaround}, unit: unit}
}

// call carries one request's context through goburrow, whose Transporter
// interface has no context, to the client's transport. A call serves one
// request at a time, and a [Client] pools them so that a request allocates
// nothing for this.
type call struct {
	ctx context.Context
	tr  transport
	mb  gmodbus.Client // sends through this call
}

// Send implements goburrow's Transporter.
func (k *call) Send(req []byte) ([]byte, error) { return k.tr.sendContext(k.ctx, req) }

// begin returns a goburrow client whose requests carry ctx. Pass the call
// to end once the request is done.
func (c *Client) begin(ctx context.Context) *call {
	k, _ := c.calls.Get().(*call)
	if k == nil {
		k = &call{tr: c.tr}
		k.mb = gmodbus.NewClient2(c.packager, k)
	}
	k.ctx = ctx
	return k
}

func (c *Client) end(k *call) {
	k.ctx = nil
	c.calls.Put(k)
}

// RequestError is a failed request, naming the unit, function, first
// address and quantity. Err is an [*modbus.ExceptionError] when the device
// rejected the request, and a transport error otherwise.
type RequestError struct {
	Unit     uint8
	Function modbus.FunctionCode
	Address  uint16
	Quantity uint16
	Err      error
}

// Error returns "modbus: unit U FUNCTION at ADDRESS quantity Q: ERR".
func (e *RequestError) Error() string {
	return fmt.Sprintf("modbus: unit %d %s at %d quantity %d: %v", e.Unit, e.Function, e.Address, e.Quantity, e.Err)
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// IsException reports whether err is a device's exception reply with code.
func IsException(err error, code modbus.ExceptionCode) bool {
	var ex *modbus.ExceptionError
	return errors.As(err, &ex) && ex.Code == code
}

func (c *Client) wrap(fc modbus.FunctionCode, addr, qty uint16, err error) error {
	if err == nil {
		return nil
	}
	var me *gmodbus.ModbusError
	if errors.As(err, &me) {
		err = &modbus.ExceptionError{Unit: c.unit, Function: fc, Code: modbus.ExceptionCode(me.ExceptionCode)}
	}
	return &RequestError{Unit: c.unit, Function: fc, Address: addr, Quantity: qty, Err: err}
}

// Read sends one read request of function fc (1 to 4) for qty registers or
// bits from addr and returns the data as sent: registers high byte first,
// or bits packed with the first in bit 0. A block that runs past address
// 65535 is rejected without a request.
func (c *Client) Read(ctx context.Context, fc modbus.FunctionCode, addr, qty uint16) ([]byte, error) {
	if err := checkRange(addr, int(qty)); err != nil {
		return nil, c.wrap(fc, addr, qty, err)
	}
	k := c.begin(ctx)
	defer c.end(k)
	var b []byte
	var err error
	switch fc {
	case modbus.ReadCoils:
		b, err = k.mb.ReadCoils(addr, qty)
	case modbus.ReadDiscreteInputs:
		b, err = k.mb.ReadDiscreteInputs(addr, qty)
	case modbus.ReadHoldingRegisters:
		b, err = k.mb.ReadHoldingRegisters(addr, qty)
	case modbus.ReadInputRegisters:
		b, err = k.mb.ReadInputRegisters(addr, qty)
	default:
		err = fmt.Errorf("%s is not a read function; use 1-4", fc)
	}
	if err == nil && len(b) != wantBytes(fc, qty) {
		err = fmt.Errorf("reply carries %d data bytes, want %d", len(b), wantBytes(fc, qty))
	}
	return b, c.wrap(fc, addr, qty, err)
}

// checkRange returns an error when n registers or bits from addr run past
// address 65535, where the Modbus address space ends.
func checkRange(addr uint16, n int) error {
	if int(addr)+n > 1<<16 {
		return fmt.Errorf("%d items from address %d run past address 65535", n, addr)
	}
	return nil
}

func wantBytes(fc modbus.FunctionCode, qty uint16) int {
	if fc == modbus.ReadCoils || fc == modbus.ReadDiscreteInputs {
		return (int(qty) + 7) / 8
	}
	return 2 * int(qty)
}

// WriteRegister writes one holding register with FC 6.
func (c *Client) WriteRegister(ctx context.Context, addr, v uint16) error {
	k := c.begin(ctx)
	defer c.end(k)
	_, err := k.mb.WriteSingleRegister(addr, v)
	return c.wrap(modbus.WriteSingleRegister, addr, 1, err)
}

// WriteRegisters writes consecutive holding registers from addr with FC 16,
// in requests of at most 123 registers. It stops at the first failure, and
// sends nothing when the registers run past address 65535. A context that
// ends between requests leaves the later registers unwritten.
func (c *Client) WriteRegisters(ctx context.Context, addr uint16, v []uint16) error {
	if err := checkRange(addr, len(v)); err != nil {
		return c.wrap(modbus.WriteMultipleRegisters, addr, uint16(min(len(v), 1<<16-1)), err)
	}
	k := c.begin(ctx)
	defer c.end(k)
	for len(v) > 0 {
		n := min(len(v), modbus.MaxWriteRegisters)
		data := make([]byte, 2*n)
		for i, w := range v[:n] {
			data[2*i], data[2*i+1] = byte(w>>8), byte(w)
		}
		_, err := k.mb.WriteMultipleRegisters(addr, uint16(n), data)
		if err != nil {
			return c.wrap(modbus.WriteMultipleRegisters, addr, uint16(n), err)
		}
		addr += uint16(n)
		v = v[n:]
	}
	return nil
}

// WriteCoils writes consecutive coils from addr with FC 15, in requests of
// at most 1968 coils. It stops at the first failure, and sends nothing when
// the coils run past address 65535. A context that ends between requests
// leaves the later coils unwritten.
func (c *Client) WriteCoils(ctx context.Context, addr uint16, v []bool) error {
	if err := checkRange(addr, len(v)); err != nil {
		return c.wrap(modbus.WriteMultipleCoils, addr, uint16(min(len(v), 1<<16-1)), err)
	}
	k := c.begin(ctx)
	defer c.end(k)
	for len(v) > 0 {
		n := min(len(v), modbus.MaxWriteBits)
		data := make([]byte, (n+7)/8)
		for i, on := range v[:n] {
			if on {
				data[i/8] |= 1 << (i % 8)
			}
		}
		_, err := k.mb.WriteMultipleCoils(addr, uint16(n), data)
		if err != nil {
			return c.wrap(modbus.WriteMultipleCoils, addr, uint16(n), err)
		}
		addr += uint16(n)
		v = v[n:]
	}
	return nil
}
