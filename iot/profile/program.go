package profile

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Status is the outcome of decoding one field: a reading, a "no reading"
// sentinel, an overflow, or no data at all.
type Status uint8

// The statuses. The zero value, NotRead, marks a field that no decoded
// block covered.
const (
	NotRead    Status = iota // no block covered the field
	OK                       // the value is a reading
	NoReading                // the raw value is one of the field's NoReading sentinels
	OutOfRange               // raw × scale + offset does not fit in an int64, and only Raw is set
)

var statusNames = [...]string{NotRead: "not read", OK: "ok", NoReading: "no reading", OutOfRange: "out of range"}

// String returns "not read", "ok", "no reading" or "out of range".
func (s Status) String() string {
	if int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", uint8(s))
	}
	return statusNames[s]
}

// Value is one decoded field. Int is set for integer and bit fields, and
// Float for float fields. A string field sets only Status: its text comes
// from [Program.AppendString].
type Value struct {
	// Int is the fixed-point value of an integer field in units of
	// 10^-Decimals of the field's unit, or 0 or 1 for a bit field.
	Int int64
	// Float is the value of a float32 or float64 field. A NaN register
	// decodes to a NaN, and a float32 signalling NaN becomes quiet in the
	// conversion to float64. Raw keeps the exact bits.
	Float float64
	// Raw is the register value as sent, after the byte order is undone
	// and before scaling, zero-extended. It is 0 for a string.
	Raw    uint64
	Status Status
}

// op is one field compiled for the decode loop: everything the loop reads,
// in one flat struct, so decoding needs no map lookup and no interface call.
type op struct {
	addr     uint16 // first register or bit
	count    uint16 // registers or bits
	width    uint8  // registers of a numeric or bit field, 0 for a string
	field    uint16 // index into Program.fields and the output slice
	kind     DataType
	bit      uint8 // bit of the register, for a bit field in a register
	shift    uint8 // 64 − 16 × count
	nsent    uint8
	scaled   bool   // float: multiply by fmul
	shifted  bool   // float: add fadd
	byteMask uint64 // all ones when the order swaps bytes, else 0
	wordMask uint64 // all ones when the order swaps words, else 0
	mul, add int64
	fmul     float64
	fadd     float64
	sent     [maxNoReading]uint64
}

// Program is a compiled [Profile]: it decodes blocks of registers or bits
// into values and encodes values into registers. It is immutable and safe
// for concurrent use.
type Program struct {
	fields []Field
	ops    [5][]op // per function code 1 to 4, sorted by address
	byName map[string]int

	maxRegisters, maxBits int // the profile's read limits, 0 for the protocol's
}

// ErrShortOutput is returned when the output slice given to a decode method
// has fewer elements than the program has fields.
var ErrShortOutput = errors.New("profile: output slice shorter than the number of fields; allocate Program.Len() values")

// Compile validates p and compiles it into a [Program]. The error, when p
// is invalid, joins one [*FieldError] per problem.
func (p *Profile) Compile() (*Program, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	prog := &Program{
		fields:       slices.Clone(p.Fields),
		byName:       make(map[string]int, len(p.Fields)),
		maxRegisters: p.MaxRegisters,
		maxBits:      p.MaxBits,
	}
	for i := range prog.fields {
		f := &prog.fields[i]
		f.NoReading = slices.Clone(f.NoReading)
		prog.byName[f.Name] = i
		prog.ops[f.Function] = append(prog.ops[f.Function], compileField(f, i))
	}
	for fn := range prog.ops {
		slices.SortStableFunc(prog.ops[fn], func(a, b op) int { return cmp.Compare(a.addr, b.addr) })
	}
	return prog, nil
}

func compileField(f *Field, index int) op {
	o := op{
		addr:  f.Address,
		count: uint16(f.Count()),
		field: uint16(index),
		kind:  f.Type,
		bit:   uint8(f.Bit),
		shift: uint8(64 - 16*f.Count()),
		width: uint8(f.Type.Registers(0)), // 1 for a bit, also in a coil
		nsent: uint8(len(f.NoReading)),
	}
	copy(o.sent[:], f.NoReading)
	if f.Type != Bit && (f.Order == modbus.BADC || f.Order == modbus.DCBA) {
		o.byteMask = math.MaxUint64
	}
	if f.Type != Bit && (f.Order == modbus.CDAB || f.Order == modbus.DCBA) {
		o.wordMask = math.MaxUint64
	}
	switch {
	case f.Type.isInteger():
		o.mul, o.add = f.intScale()
	case f.Type.isFloat():
		o.fmul, o.fadd = 1, f.Offset.Float64()
		if !f.Scale.IsZero() {
			o.fmul = f.Scale.Float64()
		}
		o.scaled, o.shifted = o.fmul != 1, o.fadd != 0
	}
	return o
}

// intScale returns Scale and Offset of an integer field multiplied by
// 10^Decimals. The field must be valid.
func (f *Field) intScale() (mul, add int64) {
	mul = pow10[f.Decimals]
	if !f.Scale.IsZero() {
		mul, _ = f.Scale.Scaled(f.Decimals)
	}
	add, _ = f.Offset.Scaled(f.Decimals)
	return mul, add
}

// Len returns the number of fields, the length the output slice of the
// decode methods needs.
func (p *Program) Len() int { return len(p.fields) }

// Field returns field i as the profile defined it.
func (p *Program) Field(i int) Field { return p.fields[i] }

// Index returns the index of the field named name.
func (p *Program) Index(name string) (int, bool) {
	i, ok := p.byName[name]
	return i, ok
}

// DecodeRegisters decodes every field of function fn (3 or 4) that lies
// wholly inside regs, the registers read from address addr on, into
// out[field index]. It leaves the other elements of out alone and returns
// the number of fields decoded. It allocates nothing.
func (p *Program) DecodeRegisters(fn modbus.FunctionCode, addr uint16, regs []uint16, out []Value) (int, error) {
	if len(out) < len(p.fields) {
		return 0, ErrShortOutput
	}
	if !readsRegisters(fn) {
		return 0, fmt.Errorf("profile: function %d does not read registers; use DecodeBits for 1 and 2", fn)
	}
	ops := p.ops[fn]
	first := firstAt(ops, addr)
	end := int(addr) + len(regs)
	n := 0
	for k := first; k < len(ops); k++ {
		o := &ops[k]
		if int(o.addr) >= end {
			break
		}
		i := int(o.addr - addr)
		if i+int(o.count) > len(regs) {
			continue
		}
		// The decoding is written out in the loop, not in a method,
		// because a call per value costs more than the decoding itself.
		n++
		r := regs[i:]
		v := &out[o.field]
		var raw uint64
		switch o.width {
		case 1:
			raw = uint64(r[0])
		case 2:
			_ = r[1]
			raw = uint64(r[0])<<16 | uint64(r[1])
		case 4:
			_ = r[3]
			raw = uint64(r[0])<<48 | uint64(r[1])<<32 | uint64(r[2])<<16 | uint64(r[3])
		default:
			*v = Value{Status: OK} // a string: AppendString reads it
			continue
		}
		raw = o.unswap(raw)
		if o.nsent != 0 && o.isSentinel(raw) {
			*v = Value{Raw: raw, Status: NoReading}
			continue
		}
		var x int64
		var f float64
		status := OK
		switch o.kind {
		case Bit:
			raw = raw >> o.bit & 1
			x = int64(raw)
		case Int16:
			x = int64(int16(raw))*o.mul + o.add
		case Uint16, Uint32:
			x = int64(raw)*o.mul + o.add
		case Int32:
			x = int64(int32(raw))*o.mul + o.add
		case Int64:
			x = int64(raw)
			if o.mul != 1 || o.add != 0 {
				x, status = mulAdd(x < 0, absInt(x), o.mul, o.add)
			}
		case Uint64:
			x, status = mulAdd(false, raw, o.mul, o.add)
		case Float32:
			f = o.scaleFloat(float64(math.Float32frombits(uint32(raw))))
		case Float64:
			f = o.scaleFloat(math.Float64frombits(raw))
		}
		*v = Value{Int: x, Float: f, Raw: raw, Status: status}
	}
	return n, nil
}

// firstAt returns the index of the first op at or after addr.
func firstAt(ops []op, addr uint16) int {
	lo, hi := 0, len(ops)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ops[mid].addr < addr {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Masks of the byte swap and of the reversal of 16-bit words.
const (
	oddBytes = 0x00FF00FF00FF00FF
	oddWords = 0x0000FFFF0000FFFF
)

// isSentinel reports whether raw is one of the field's NoReading values.
func (o *op) isSentinel(raw uint64) bool {
	for s := range o.nsent {
		if raw == o.sent[s] {
			return true
		}
	}
	return false
}

// unswap undoes the field's byte order on raw, the registers joined in
// the order they came. It selects with masks instead of branching, so
// mixed orders in one block cost no mispredicted branches.
func (o *op) unswap(raw uint64) uint64 {
	swapped := raw>>8&oddBytes | raw&oddBytes<<8
	raw ^= (raw ^ swapped) & o.byteMask
	// Reversing the words of the value moved to the top of 64 bits brings
	// it back to the low bits: [A B 0 0] becomes [0 0 B A].
	top := raw << o.shift
	top = bits.RotateLeft64(top, 32)
	reversed := top>>16&oddWords | top&oddWords<<16
	return raw ^ (raw^reversed)&o.wordMask
}

// scaleFloat applies scale and offset only when they are not 1 and 0, so
// that -0 stays -0 (IEEE 754 gives -0 + 0 = +0).
func (o *op) scaleFloat(f float64) float64 {
	if o.scaled {
		f *= o.fmul
	}
	if o.shifted {
		f += o.fadd
	}
	return f
}

// mulAdd returns ±x × mul + add, with x a magnitude and xNeg its sign, or
// OutOfRange when the result does not fit in an int64. It works on
// magnitudes so that a uint64 above math.MaxInt64 can still scale into range.
func mulAdd(xNeg bool, x uint64, mul, add int64) (int64, Status) {
	hi, mag := bits.Mul64(x, absInt(mul))
	if hi != 0 {
		return 0, OutOfRange
	}
	neg := xNeg != (mul < 0) && mag != 0
	return addSigned(neg, mag, add)
}

// addSigned returns ±mag + add, or OutOfRange when that does not fit.
func addSigned(neg bool, mag uint64, add int64) (int64, Status) {
	a := absInt(add)
	if neg == (add < 0) {
		// Same signs: the magnitudes add up.
		sum := mag + a
		if sum < mag {
			return 0, OutOfRange
		}
		return fromMagnitude(neg, sum)
	}
	// Opposite signs: the larger magnitude wins.
	if mag >= a {
		return fromMagnitude(neg, mag-a)
	}
	return fromMagnitude(!neg, a-mag)
}

// fromMagnitude returns ±mag, or OutOfRange when it does not fit.
func fromMagnitude(neg bool, mag uint64) (int64, Status) {
	switch {
	case !neg && mag <= math.MaxInt64:
		return int64(mag), OK
	case neg && mag <= 1<<63:
		return int64(-mag), OK
	}
	return 0, OutOfRange
}

// absInt returns |x| as a uint64, which is exact for math.MinInt64 too.
func absInt(x int64) uint64 {
	if x < 0 {
		return -uint64(x)
	}
	return uint64(x)
}

// DecodeBytes decodes register data as sent on the wire, two bytes per
// register with the high byte first, like [Program.DecodeRegisters]. data
// holds at most 125 registers (250 bytes), the maximum that one read returns.
func (p *Program) DecodeBytes(fn modbus.FunctionCode, addr uint16, data []byte, out []Value) (int, error) {
	if len(data)%2 != 0 || len(data) > modbus.MaxDataLen {
		return 0, fmt.Errorf("profile: register data of %d bytes; want an even length of at most 250", len(data))
	}
	var regs [modbus.MaxReadRegisters]uint16
	n := len(data) / 2
	for i := range n {
		regs[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
	}
	return p.DecodeRegisters(fn, addr, regs[:n], out)
}

// DecodeBits decodes every bit field of function fn (1 or 2) whose bit lies
// among the quantity bits read from address addr on. data holds the bits
// as a read reply sends them: the first bit in bit 0 of the first byte. It
// allocates nothing.
func (p *Program) DecodeBits(fn modbus.FunctionCode, addr uint16, quantity int, data []byte, out []Value) (int, error) {
	if len(out) < len(p.fields) {
		return 0, ErrShortOutput
	}
	if fn != modbus.ReadCoils && fn != modbus.ReadDiscreteInputs {
		return 0, fmt.Errorf("profile: function %d does not read bits; use DecodeRegisters for 3 and 4", fn)
	}
	if quantity < 0 || quantity > 8*len(data) {
		return 0, fmt.Errorf("profile: %d bits need %d data bytes, have %d", quantity, (quantity+7)/8, len(data))
	}
	ops := p.ops[fn]
	first := firstAt(ops, addr)
	end := int(addr) + quantity
	n := 0
	for k := first; k < len(ops) && int(ops[k].addr) < end; k++ {
		i := int(ops[k].addr - addr)
		raw := uint64(data[i/8]>>(i%8)) & 1
		out[ops[k].field] = Value{Int: int64(raw), Raw: raw, Status: OK}
		n++
	}
	return n, nil
}
