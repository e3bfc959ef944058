package client

import (
	"errors"
	"slices"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

const (
	hr = modbus.ReadHoldingRegisters
	ir = modbus.ReadInputRegisters
	co = modbus.ReadCoils
)

func TestNewPlan(t *testing.T) {
	type block struct {
		fc   modbus.FunctionCode
		addr uint16
		qty  uint16
	}
	tests := []struct {
		name   string
		fields []Field
		lim    Limits
		want   []block
	}{
		{"adjacent", []Field{{hr, 0, 2}, {hr, 2, 1}, {hr, 3, 2}}, Limits{}, []block{{hr, 0, 5}}},
		{"gap not allowed", []Field{{hr, 0, 1}, {hr, 2, 1}}, Limits{}, []block{{hr, 0, 1}, {hr, 2, 1}}},
		{"gap within limit", []Field{{hr, 0, 1}, {hr, 3, 1}}, Limits{MaxGap: 2}, []block{{hr, 0, 4}}},
		{"gap beyond limit", []Field{{hr, 0, 1}, {hr, 4, 1}}, Limits{MaxGap: 2}, []block{{hr, 0, 1}, {hr, 4, 1}}},
		{"unsorted", []Field{{hr, 5, 1}, {hr, 4, 1}, {hr, 3, 1}}, Limits{}, []block{{hr, 3, 3}}},
		{"overlap", []Field{{hr, 0, 4}, {hr, 2, 1}}, Limits{}, []block{{hr, 0, 4}}},
		{"functions apart", []Field{{hr, 0, 1}, {ir, 1, 1}}, Limits{MaxGap: 10}, []block{{hr, 0, 1}, {ir, 1, 1}}},
		{"register limit 125", []Field{{hr, 0, 100}, {hr, 100, 25}, {hr, 125, 1}}, Limits{},
			[]block{{hr, 0, 125}, {hr, 125, 1}}},
		{"bit limit 2000", []Field{{co, 0, 1999}, {co, 1999, 1}, {co, 2000, 1}}, Limits{},
			[]block{{co, 0, 2000}, {co, 2000, 1}}},
		{"device maximum", []Field{{hr, 0, 8}, {hr, 8, 8}, {hr, 16, 8}}, Limits{MaxQuantity: 16},
			[]block{{hr, 0, 16}, {hr, 16, 8}}},
		{"single", []Field{{hr, 0, 1}, {hr, 1, 1}}, Limits{Single: true}, []block{{hr, 0, 1}, {hr, 1, 1}}},
		{"none", nil, Limits{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPlan(tt.fields, tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			var got []block
			for _, b := range p.Blocks {
				got = append(got, block{b.Function, b.Address, b.Quantity})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("blocks = %v, want %v", got, tt.want)
			}
			if p.Saved() != len(tt.fields)-len(tt.want) {
				t.Errorf("saved = %d, want %d", p.Saved(), len(tt.fields)-len(tt.want))
			}
		})
	}
}

func TestNewPlanInvalid(t *testing.T) {
	tests := []struct {
		name  string
		field Field
		lim   Limits
	}{
		{"write function", Field{modbus.WriteSingleRegister, 0, 1}, Limits{}},
		{"zero count", Field{hr, 0, 0}, Limits{}},
		{"over 125 registers", Field{hr, 0, 126}, Limits{}},
		{"over 2000 bits", Field{co, 0, 2001}, Limits{}},
		{"over device maximum", Field{hr, 0, 17}, Limits{MaxQuantity: 16}},
		{"past 65535", Field{hr, 65535, 2}, Limits{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewPlan([]Field{tt.field}, tt.lim); err == nil {
				t.Errorf("NewPlan(%v) succeeded, want an error", tt.field)
			}
		})
	}
}

// planSim starts a TCP simulator whose unit 1 has holding registers 0-199
// and coils 0-63 but no registers 300-309, and returns a client for it.
func planSim(t *testing.T, dev modbussim.Device) *Client {
	t.Helper()
	dev.Unit = 1
	dev.Registers = testTable()
	sim := startSim(t, modbussim.TCP, &dev)
	return NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
}

func TestReadPlan(t *testing.T) {
	c := planSim(t, modbussim.Device{})
	fields := []Field{{hr, 0, 2}, {hr, 2, 1}, {hr, 300, 1}, {hr, 10, 1}, {co, 3, 4}}
	p, err := NewPlan(fields, Limits{MaxGap: 8})
	if err != nil {
		t.Fatal(err)
	}
	res, st := c.ReadPlan(t.Context(), p)
	if st.Requests != 3 || st.Failed != 1 {
		t.Errorf("stats = %+v, want 3 requests and 1 failed", st)
	}
	wantRegs := map[int]int{0: 1000, 1: 1002, 3: 1010}
	for i, want := range wantRegs {
		if res[i].Err != nil {
			t.Errorf("field %d: %v", i, res[i].Err)
		} else if got := register(res[i].Data); got != want {
			t.Errorf("field %d = %d, want %d", i, got, want)
		}
	}
	if !IsException(res[2].Err, modbus.IllegalDataAddress) {
		t.Errorf("field 2 err = %v, want exception 0x02", res[2].Err)
	}
	var re *RequestError
	if !errors.As(res[2].Err, &re) || re.Address != 300 || re.Quantity != 1 {
		t.Errorf("field 2 err = %v, want a RequestError at address 300 quantity 1", res[2].Err)
	}
	// Coils 3-6 are on, off, on, off: bits 0 and 2 of the field.
	if got := res[4].Data; len(got) != 1 || got[0] != 0b0101 {
		t.Errorf("coils 3-6 = %08b, want 00000101", got)
	}
}

func TestReadPlanFallback(t *testing.T) {
	c := planSim(t, modbussim.Device{SingleReads: true})
	fields := []Field{{hr, 0, 1}, {hr, 1, 1}, {hr, 2, 1}}
	tests := []struct {
		name     string
		fallback bool
		failed   int
	}{
		{"without fallback", false, 3},
		{"with fallback", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPlan(fields, Limits{Fallback: tt.fallback})
			if err != nil {
				t.Fatal(err)
			}
			res, _ := c.ReadPlan(t.Context(), p)
			failed := 0
			for i, r := range res {
				if r.Err != nil {
					failed++
				} else if got := register(r.Data); got != 1000+i {
					t.Errorf("field %d = %d, want %d", i, got, 1000+i)
				}
			}
			if failed != tt.failed {
				t.Errorf("%d fields failed, want %d", failed, tt.failed)
			}
		})
	}
}

func TestReadPlanDeviceMaximum(t *testing.T) {
	c := planSim(t, modbussim.Device{MaxQuantity: 16})
	var fields []Field
	for a := uint16(0); a < 40; a += 2 {
		fields = append(fields, Field{hr, a, 2})
	}
	p, err := NewPlan(fields, Limits{MaxQuantity: 16})
	if err != nil {
		t.Fatal(err)
	}
	res, st := c.ReadPlan(t.Context(), p)
	if st.Requests != 3 || st.Failed != 0 {
		t.Errorf("stats = %+v, want 3 requests and none failed", st)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Errorf("field %d: %v", i, r.Err)
		}
	}
}

func TestWriteRegistersSplit(t *testing.T) {
	var table modbussim.Table
	table.SetHolding(0, make([]uint16, 300)...)
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: &table})
	c := NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
	v := make([]uint16, 250)
	for i := range v {
		v[i] = uint16(i + 1)
	}
	if err := c.WriteRegisters(t.Context(), 0, v); err != nil {
		t.Fatal(err)
	}
	// 250 registers take requests of 123, 123 and 4.
	if got := sim.Requests(); got != 3 {
		t.Errorf("requests = %d, want 3", got)
	}
	for _, a := range []uint16{0, 122, 123, 249} {
		if got, _ := table.Register(hr, a); got != a+1 {
			t.Errorf("register %d = %d, want %d", a, got, a+1)
		}
	}
}

func TestClientRejectsAddressWrap(t *testing.T) {
	var table modbussim.Table
	table.SetHolding(0, 1, 2)
	table.SetHolding(65534, 7, 8)
	table.SetCoils(65535, true)
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: &table})
	c := NewTCP(&TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}, 1)
	tests := []struct {
		name string
		call func() error
	}{
		{"read", func() error { _, err := c.Read(t.Context(), hr, 65535, 2); return err }},
		{"write registers", func() error { return c.WriteRegisters(t.Context(), 65534, []uint16{1, 2, 3}) }},
		{"write coils", func() error { return c.WriteCoils(t.Context(), 65535, []bool{true, false}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := sim.Requests()
			err := tt.call()
			if err == nil {
				t.Fatal("call past address 65535 succeeded")
			}
			if got := sim.Requests(); got != before {
				t.Errorf("requests sent = %d, want none", got-before)
			}
		})
	}
	if _, err := c.Read(t.Context(), hr, 65534, 2); err != nil {
		t.Errorf("read of the last two registers: %v", err)
	}
}
