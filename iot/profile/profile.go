package profile

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Profile is the register map of one device model. Build one in Go or read
// it with [Parse], then call [Profile.Compile] once at start-up: it
// validates every field and returns the [Program] that decodes and encodes
// them. A Profile is plain data, and the Program does not keep a reference
// to it.
type Profile struct {
	Model       string // model name, such as "WS-7"
	Vendor      string // maker, or "generic" for a common layout
	Description string

	// MaxRegisters is the maximum number of registers the device returns
	// in one FC 3 or 4 read. 0 means the protocol maximum, 125.
	MaxRegisters int
	// MaxBits is the maximum number of coils or inputs the device returns
	// in one FC 1 or 2 read. 0 means the protocol maximum, 2000.
	MaxBits int

	Fields []Field
}

// Field is one value in a device's register map.
//
// An integer field decodes to a fixed-point integer in units of
// 10^-Decimals of Unit:
//
//	value = raw × Scale + Offset
//
// with Scale and Offset first multiplied by 10^Decimals, so every step is
// integer arithmetic and exact. A raw 16-bit 235 with Scale 0.1, Offset
// -40 and Decimals 1 is 235 × 1 + (-400) = -165, that is -16.5. Writing
// inverts it exactly: raw = (value − Offset) / Scale, and a value that
// gives no integer raw value, or one out of the type's range, is rejected.
// A float field decodes to raw × Scale + Offset in float64, and writing
// computes (value − Offset) / Scale in float64. A bit field decodes to 0 or
// 1, and a string field to its bytes.
type Field struct {
	Name     string              // unique in the profile: lowercase letters, digits and '_'
	Function modbus.FunctionCode // 1 coils, 2 discrete inputs, 3 holding registers, 4 input registers
	Address  uint16              // first register or bit, counted from 0 as on the wire
	Type     DataType
	Length   int // string length in bytes, 1 to 250; 0 for other types
	Bit      int // bit of the register, 0 (least significant) to 15, for a bit field read by FC 3 or 4

	// Order is the byte order of a value in more than one register. A
	// 16-bit value and a string use only its byte swap: ABCD and CDAB
	// send the first character in the high byte of each register, BADC and
	// DCBA in the low byte. [Parse] sets it from the profile's order when
	// the field names none.
	Order modbus.ByteOrder

	Scale    Decimal // multiplier of the raw value; the zero value means 1
	Offset   Decimal // added after Scale
	Decimals int     // decimal places of a decoded integer value, 0 to 18
	Unit     string  // unit of the decoded value, such as "°C", "%RH" or "kWh"

	// NoReading lists raw values that mean "no reading", such as 0x7FFF or
	// 0xFFFF, compared with the raw bits before scaling. At most 4. A
	// negative sentinel of a signed type is written as its two's
	// complement bits (0xFFFF for an int16 -1).
	NoReading []uint64

	// Deadband is the minimum change, in Unit, that a [Reporter] sends. 0
	// sends every change.
	Deadband Decimal
	// MaxSilence is the maximum time a [Reporter] stays silent about a value
	// that has not changed by Deadband. 0 means no limit.
	MaxSilence time.Duration

	// Counter marks a cumulative total that only increases, such as an
	// energy or water volume register, except when it rolls over at the
	// width of its register or the device clears it. A counter has a
	// numeric type, is readable and has a positive Scale, so its decoded
	// value grows with the raw one. Simulators advance it and never
	// decrease it.
	Counter bool

	Access      Access
	Description string
}

// Count returns the number of registers, or of bits for FC 1 and 2, that
// the field takes.
func (f *Field) Count() int {
	if f.Function == modbus.ReadCoils || f.Function == modbus.ReadDiscreteInputs {
		return 1
	}
	return f.Type.Registers(f.Length)
}

// inRegister reports whether f is one bit of a holding or input register.
func (f *Field) inRegister() bool { return f.Type == Bit && readsRegisters(f.Function) }

// readsRegisters reports whether fn reads registers (FC 3 and 4) rather than
// bits (FC 1 and 2).
func readsRegisters(fn modbus.FunctionCode) bool {
	return fn == modbus.ReadHoldingRegisters || fn == modbus.ReadInputRegisters
}

// maxNoReading is the maximum number of sentinel values of a field, so that the
// decode program keeps them in a fixed array.
const maxNoReading = 4

// FieldError is one invalid setting in a profile. Path names it as it
// appears in the file, such as "fields[3].scale".
type FieldError struct {
	Path  string // "model", "fields[3].scale", ...
	Field string // name of the field, if known
	Value string // the invalid value as written
	Fix   string // what is wrong and how to fix it
}

// Error returns "profile: PATH (FIELD): invalid value "VALUE": FIX", without the field
// part when Field is empty.
func (e *FieldError) Error() string {
	where := e.Path
	if e.Field != "" {
		where += " (" + e.Field + ")"
	}
	return fmt.Sprintf("profile: %s: invalid value %q: %s", where, e.Value, e.Fix)
}

// Validate checks every setting of p and returns all problems found, each
// a [*FieldError], joined with [errors.Join]. It returns nil for a valid
// profile.
func (p *Profile) Validate() error {
	v := validator{}
	v.profile(p)
	return v.err()
}

// maxErrors is the maximum number of problems one validation reports, so that a
// broken file of thousands of fields gives a readable error.
const maxErrors = 50

type validator struct {
	errs    []error
	dropped int
}

func (v *validator) fail(path, field, value, format string, args ...any) {
	if len(v.errs) == maxErrors {
		v.dropped++
		return
	}
	v.errs = append(v.errs, &FieldError{
		Path: path, Field: field, Value: value, Fix: fmt.Sprintf(format, args...),
	})
}

// err returns the problems found, joined, or nil.
func (v *validator) err() error {
	if v.dropped > 0 {
		v.errs = append(v.errs, fmt.Errorf("profile: %d more problems not shown; fix the ones above first", v.dropped))
	}
	return errors.Join(v.errs...)
}

func (v *validator) profile(p *Profile) {
	if p.Model == "" {
		v.fail("model", "", "", "a profile needs a model name; set model")
	}
	if p.Vendor == "" {
		v.fail("vendor", "", "", `a profile needs a vendor; set vendor, or "generic" for a common layout`)
	}
	if p.MaxRegisters < 0 || p.MaxRegisters > modbus.MaxReadRegisters {
		v.fail("max_registers", "", strconv.Itoa(p.MaxRegisters), "want 1 to 125, or 0 for 125")
	}
	if p.MaxBits < 0 || p.MaxBits > modbus.MaxReadBits {
		v.fail("max_bits", "", strconv.Itoa(p.MaxBits), "want 1 to 2000, or 0 for 2000")
	}
	if len(p.Fields) == 0 {
		v.fail("fields", "", "", "a profile needs at least one field")
	}
	names := make(map[string]int, len(p.Fields))
	for i := range p.Fields {
		f := &p.Fields[i]
		path := "fields[" + strconv.Itoa(i) + "]"
		if j, dup := names[f.Name]; dup && f.Name != "" {
			v.fail(path+".name", f.Name, f.Name, "fields[%d] has the same name; names must be unique", j)
		}
		names[f.Name] = i
		v.field(path, f, maxRead(p, f.Function))
	}
	v.overlaps(p.Fields)
}

// maxRead returns the maximum number of registers or bits that one read
// of function fn may cover on the device.
func maxRead(p *Profile, fn modbus.FunctionCode) int {
	if fn == modbus.ReadCoils || fn == modbus.ReadDiscreteInputs {
		return cmpOr(p.MaxBits, modbus.MaxReadBits)
	}
	return cmpOr(p.MaxRegisters, modbus.MaxReadRegisters)
}

func cmpOr(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (v *validator) field(path string, f *Field, limit int) {
	name := f.Name
	if !validName(name) {
		v.fail(path+".name", "", name, "want a name of lowercase letters, digits and '_', such as air_temperature")
	}
	if f.Function < modbus.ReadCoils || f.Function > modbus.ReadInputRegisters {
		v.fail(path+".function", name, strconv.Itoa(int(f.Function)),
			"want 1 (coils), 2 (discrete inputs), 3 (holding registers) or 4 (input registers)")
		return
	}
	if f.Type < Bit || f.Type > String {
		v.fail(path+".type", name, f.Type.String(),
			"want bit, int16, uint16, int32, uint32, int64, uint64, float32, float64 or string")
		return
	}
	v.shape(path, f, limit)
	v.scaling(path, f)
	v.noReading(path, f)
	v.access(path, f)
	v.counter(path, f)
	if f.Order > modbus.DCBA {
		v.fail(path+".order", name, f.Order.String(), "want ABCD, CDAB, BADC or DCBA")
	}
	if f.MaxSilence < 0 {
		v.fail(path+".max_silence", name, f.MaxSilence.String(), "want a positive duration such as 15m, or 0 for no limit")
	}
}

// counter checks that a field marked as a counter can be one.
func (v *validator) counter(path string, f *Field) {
	if !f.Counter {
		return
	}
	switch {
	case f.Type == Bit || f.Type == String:
		v.fail(path+".counter", f.Name, "true",
			"a counter needs a numeric type, not %s; remove counter or change the type", f.Type)
	case !f.Access.Readable():
		v.fail(path+".counter", f.Name, "true",
			"a counter must be readable, but access is %s; remove counter or set access: read", f.Access)
	case f.Scale.Coef < 0:
		v.fail(path+".counter", f.Name, "true",
			"scale %s makes the decoded value fall as the register grows; a counter needs a positive scale",
			f.Scale)
	}
}

// shape checks the function, type, length, bit and address of f.
func (v *validator) shape(path string, f *Field, limit int) {
	name := f.Name
	readsBits := !readsRegisters(f.Function)
	if readsBits && f.Type != Bit {
		v.fail(path+".type", name, f.Type.String(),
			"function %d reads bits; use type bit, or function 3 or 4 for registers", f.Function)
	}
	if f.Type == String && (f.Length < 1 || f.Length > 2*modbus.MaxReadRegisters) {
		v.fail(path+".length", name, strconv.Itoa(f.Length), "a string needs its length in bytes, 1 to 250")
	}
	if f.Type != String && f.Length != 0 {
		v.fail(path+".length", name, strconv.Itoa(f.Length), "length applies to strings only; remove it")
	}
	if f.Bit != 0 && !f.inRegister() || f.Bit < 0 || f.Bit > 15 {
		v.fail(path+".bit", name, strconv.Itoa(f.Bit),
			"bit selects 0 to 15 of a register, for a bit field read by function 3 or 4 only")
	}
	count := f.Count()
	if count > limit {
		v.fail(path+".length", name, strconv.Itoa(f.Length),
			"the field takes %d registers but the device reads at most %d at once", count, limit)
	}
	if int(f.Address)+count > 1<<16 {
		v.fail(path+".address", name, strconv.Itoa(int(f.Address)),
			"the field's %d registers run past address 65535", count)
	}
}

// scaling checks scale, offset, decimals and deadband of f.
func (v *validator) scaling(path string, f *Field) {
	name := f.Name
	if f.Decimals < 0 || f.Decimals > maxPlaces {
		v.fail(path+".decimals", name, strconv.Itoa(f.Decimals), "want 0 to 18")
		return
	}
	if !f.Type.isInteger() {
		v.plain(path, f)
		return
	}
	mul, ok := f.Scale.Scaled(f.Decimals)
	switch {
	case f.Scale.IsZero():
		mul = pow10[f.Decimals]
	case !ok && int(f.Scale.Places) > f.Decimals:
		v.fail(path+".scale", name, f.Scale.String(),
			"scale has %d decimal places but decimals is %d; set decimals: %d", f.Scale.Places, f.Decimals, f.Scale.Places)
		return
	case !ok || mul > 1<<31 || mul < -(1<<31):
		v.fail(path+".scale", name, f.Scale.String(), "scale × 10^decimals must lie within ±2^31; lower decimals")
		return
	}
	add, ok := f.Offset.Scaled(f.Decimals)
	if !ok || add > 1<<62 || add < -(1<<62) {
		v.fail(path+".offset", name, f.Offset.String(),
			"offset needs at most %d decimal places and, × 10^decimals, at most 2^62; set decimals: %d",
			f.Decimals, f.Offset.Places)
		return
	}
	if _, ok := f.Deadband.Scaled(f.Decimals); !ok || f.Deadband.Coef < 0 {
		v.fail(path+".deadband", name, f.Deadband.String(),
			"deadband must be 0 or positive, with at most %d decimal places (decimals)", f.Decimals)
	}
	if !f.Type.checked() && !fitsInt64(f.Type, mul, add) {
		v.fail(path+".offset", name, f.Offset.String(), "raw × scale + offset can overflow 64 bits; lower offset or decimals")
	}
}

// plain checks the scaling settings of a bit, string or float field.
func (v *validator) plain(path string, f *Field) {
	name := f.Name
	if f.Decimals != 0 {
		v.fail(path+".decimals", name, strconv.Itoa(f.Decimals),
			"decimals applies to integer types; remove it for type %s", f.Type)
	}
	if f.Type.isFloat() {
		if f.Deadband.Coef < 0 {
			v.fail(path+".deadband", name, f.Deadband.String(), "deadband must be 0 or positive")
		}
		return
	}
	for _, s := range []struct {
		key string
		d   Decimal
	}{{"scale", f.Scale}, {"offset", f.Offset}, {"deadband", f.Deadband}} {
		if !s.d.IsZero() {
			v.fail(path+"."+s.key, name, s.d.String(), "%s does not apply to type %s; remove it", s.key, f.Type)
		}
	}
}

// fitsInt64 reports whether raw × mul + add fits in an int64 for every raw
// value of t, a type of at most 32 bits.
func fitsInt64(t DataType, mul, add int64) bool {
	lo, hi := big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), uint(t.bitsWide()))
	hi.Sub(hi, big.NewInt(1))
	if t.signed() {
		half := new(big.Int).Lsh(big.NewInt(1), uint(t.bitsWide()-1))
		lo.Neg(half)
		hi.Sub(half, big.NewInt(1))
	}
	minInt := big.NewInt(-1 << 63)
	maxInt := big.NewInt(1<<63 - 1)
	for _, raw := range []*big.Int{lo, hi} {
		r := new(big.Int).Mul(raw, big.NewInt(mul))
		r.Add(r, big.NewInt(add))
		if r.Cmp(minInt) < 0 || r.Cmp(maxInt) > 0 {
			return false
		}
	}
	return true
}

// checked reports whether decoding a value of t checks for overflow at run
// time, because its 64-bit raw values times a scale can exceed an int64.
func (t DataType) checked() bool { return t == Int64 || t == Uint64 }

func (v *validator) noReading(path string, f *Field) {
	if len(f.NoReading) == 0 {
		return
	}
	if f.Type == Bit || f.Type == String {
		v.fail(path+".no_reading", f.Name, fmt.Sprint(f.NoReading), "sentinels apply to numeric types only; remove them")
		return
	}
	if len(f.NoReading) > maxNoReading {
		v.fail(path+".no_reading", f.Name, fmt.Sprint(f.NoReading), "at most %d sentinel values", maxNoReading)
	}
	width := f.Type.bitsWide()
	for j, s := range f.NoReading {
		if width < 64 && s>>width != 0 {
			v.fail(path+".no_reading["+strconv.Itoa(j)+"]", f.Name, fmt.Sprintf("%#x", s),
				"the value does not fit in %d bits; write a negative sentinel as its two's complement, such as 0xFFFF for -1", width)
		}
	}
}

func (v *validator) access(path string, f *Field) {
	if f.Access > ReadWrite {
		v.fail(path+".access", f.Name, f.Access.String(), "want read, write or readwrite")
		return
	}
	if !f.Access.Writable() {
		return
	}
	switch {
	case f.Function == modbus.ReadDiscreteInputs || f.Function == modbus.ReadInputRegisters:
		v.fail(path+".access", f.Name, f.Access.String(),
			"function %d is read-only; use function 1 (coils) or 3 (holding registers) for a writable field", f.Function)
	case f.inRegister():
		v.fail(path+".access", f.Name, f.Access.String(),
			"a bit inside a register cannot be written alone; map it as a coil (function 1) or write the register as uint16")
	}
}

// overlaps reports fields of one function that share a register. Bit
// fields inside a register may share it with each other and with the field
// that reads the whole register.
func (v *validator) overlaps(fields []Field) {
	order := make([]int, 0, len(fields))
	for i := range fields {
		if !fields[i].inRegister() && fields[i].Function >= modbus.ReadCoils && fields[i].Function <= modbus.ReadInputRegisters {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		fa, fb := &fields[a], &fields[b]
		if fa.Function != fb.Function {
			return int(fa.Function) - int(fb.Function)
		}
		return int(fa.Address) - int(fb.Address)
	})
	for k := 1; k < len(order); k++ {
		prev, cur := &fields[order[k-1]], &fields[order[k]]
		if prev.Function == cur.Function && int(prev.Address)+prev.Count() > int(cur.Address) {
			v.fail("fields["+strconv.Itoa(order[k])+"].address", cur.Name, strconv.Itoa(int(cur.Address)),
				"overlaps %s at %d (%d registers); give each field its own registers", prev.Name, prev.Address, prev.Count())
		}
	}
}
