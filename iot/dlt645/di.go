package dlt645

import (
	"fmt"
	"strconv"
)

// DI is a data identifier (数据标识) DI3 DI2 DI1 DI0, written most significant
// byte first as in DL/T 645-2007 Appendix A: 0x00010000 is forward active
// energy. On the wire DI0 goes first.
type DI uint32

// Data identifiers that this package decodes, among others: see [DI.Name]
// for the full set.
const (
	DICombinedActiveEnergy DI = 0x00000000 // combined active energy, kWh, signed (组合有功总电能)
	DIForwardActiveEnergy  DI = 0x00010000 // forward active energy, kWh (正向有功总电能)
	DIReverseActiveEnergy  DI = 0x00020000 // reverse active energy, kWh (反向有功总电能)
	DIForwardEnergyBlock   DI = 0x0001FF00 // forward active energy, total then each tariff
	DIVoltageA             DI = 0x02010100 // phase A voltage, V (A相电压)
	DIVoltageB             DI = 0x02010200
	DIVoltageC             DI = 0x02010300
	DIVoltages             DI = 0x0201FF00 // phase voltages A, B, C
	DICurrentA             DI = 0x02020100 // phase A current, A, signed (A相电流)
	DICurrentB             DI = 0x02020200
	DICurrentC             DI = 0x02020300
	DICurrents             DI = 0x0202FF00 // phase currents A, B, C
	DIActivePower          DI = 0x02030000 // total active power, kW, signed (瞬时总有功功率)
	DIActivePowers         DI = 0x0203FF00 // active power total, A, B, C
	DIReactivePower        DI = 0x02040000 // total reactive power, kvar, signed
	DIApparentPower        DI = 0x02050000 // total apparent power, kVA, signed
	DIPowerFactor          DI = 0x02060000 // total power factor, signed (总功率因数)
	DIPowerFactors         DI = 0x0206FF00 // power factor total, A, B, C
	DINeutralCurrent       DI = 0x02800001 // neutral current, A, signed (零线电流)
	DIFrequency            DI = 0x02800002 // grid frequency, Hz (电网频率)
	DITemperature          DI = 0x02800007 // meter internal temperature, °C, signed (表内温度)
	DIMeterCoverOpenCount  DI = 0x03300D00 // meter cover openings (开表盖总次数)
	DITerminalCoverCount   DI = 0x03300E00 // terminal cover openings (开端钮盒总次数)
	DIDate                 DI = 0x04000101 // date and weekday (日期及星期)
	DITime                 DI = 0x04000102 // time of day (时间)
	DIAddress              DI = 0x04000401 // communication address (通信地址)
	DIMeterNumber          DI = 0x04000402 // meter number (表号)
	DIRatedVoltage         DI = 0x04000404 // rated voltage, ASCII (额定电压)
)

// String returns the eight hex digits, most significant first: "00010000".
func (d DI) String() string {
	const digits = "0123456789ABCDEF"
	var out [8]byte
	for i := range 8 {
		out[i] = digits[d>>(28-4*i)&0x0F]
	}
	return string(out[:])
}

// ParseDI parses eight hex digits, most significant byte first, such as
// "02010100".
func ParseDI(s string) (DI, error) {
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) != 8 {
		return 0, fmt.Errorf("dlt645: data identifier %q: want 8 hex digits such as 00010000", s)
	}
	return DI(v), nil
}

// wire returns DI0..DI3, the order on the wire.
func (d DI) wire() [4]byte {
	return [4]byte{byte(d), byte(d >> 8), byte(d >> 16), byte(d >> 24)}
}

func diFromWire(b []byte) DI {
	return DI(b[0]) | DI(b[1])<<8 | DI(b[2])<<16 | DI(b[3])<<24
}

// Name returns what d identifies, such as "phase A voltage" or "forward
// active energy, tariff 2, settlement 1", or "" when this package does not
// know d.
func (d DI) Name() string {
	f, ok := lookup(d)
	if !ok {
		return ""
	}
	di3, di2, di1, di0 := byte(d>>24), byte(d>>16), byte(d>>8), byte(d)
	switch {
	case di3 == 0x00:
		return f.name + tariffName(di1) + settlementName(di0)
	case di3 == 0x02 && di2 != 0x80 && di1 == 0xFF:
		return "phase " + f.name + " block"
	case di3 == 0x02 && di2 != 0x80:
		return [...]string{"total ", "phase A ", "phase B ", "phase C "}[di1] + f.name
	}
	return f.name
}

func tariffName(di1 byte) string {
	switch {
	case di1 == 0xFF:
		return ", total and tariffs"
	case di1 > 0:
		return ", tariff " + strconv.Itoa(int(di1))
	}
	return ""
}

func settlementName(di0 byte) string {
	switch {
	case di0 == 0xFF:
		return ", current and settlements"
	case di0 > 0:
		return ", settlement " + strconv.Itoa(int(di0))
	}
	return ""
}

// Kind is the layout of the data of an [Item].
type Kind uint8

const (
	// KindRaw is data this package does not interpret, kept as bytes.
	KindRaw Kind = iota
	// KindNumber is one or more fixed-point BCD numbers.
	KindNumber
	// KindDate is a date with weekday, YYMMDDWW.
	KindDate
	// KindTime is a time of day, hhmmss.
	KindTime
	// KindDateTime is a date and time without weekday, YYMMDDhhmmss, as in
	// broadcast time sync.
	KindDateTime
	// KindAddress is a 12-digit BCD number such as an address or meter number.
	KindAddress
	// KindText is ASCII text.
	KindText
)

var kindNames = [...]string{"raw", "number", "date", "time", "date-time", "address", "text"}

// String returns the kind in words, such as "number".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// format is the data layout of one data identifier.
type format struct {
	name   string
	kind   Kind
	size   uint8 // bytes per value
	count  uint8 // values; 0 for a block of 1 to MaxValues values
	scale  uint8
	unit   Unit
	signed bool  // bit 7 of the most significant byte is the sign
	limit  int64 // largest magnitude of the integer, 0 for the digits' own limit
}

func number(name string, size, scale uint8, unit Unit, signed bool) format {
	return format{name: name, kind: KindNumber, size: size, count: 1, scale: scale,
		unit: unit, signed: signed}
}

// lookup returns the layout of d per DL/T 645-2007 Appendix A.
func lookup(d DI) (format, bool) {
	var f format
	ok := lookupInto(d, &f)
	return f, ok
}

// lookupInto sets *f to the layout of d, as lookup returns it, and reports
// whether d is known. It writes f in place, which saves the decoder two
// copies of the format on its hot path.
func lookupInto(d DI, f *format) bool {
	di2, di1, di0 := byte(d>>16), byte(d>>8), byte(d)
	var ok bool
	switch byte(d >> 24) {
	case 0x00:
		return lookupEnergy(di2, di1, di0, f)
	case 0x02:
		if di2 == 0x80 {
			*f, ok = lookupMeasurement(di1, di0)
		} else {
			ok = lookupPhase(di2, di1, di0, f)
		}
	case 0x03:
		*f, ok = lookupEvent(di2, di1, di0)
	case 0x04:
		*f, ok = lookupParameter(di2, di1, di0)
	}
	return ok
}

var energyNames = [...]string{
	"combined active energy",
	"forward active energy",
	"reverse active energy",
	"combined reactive energy 1",
	"combined reactive energy 2",
	"quadrant I reactive energy",
	"quadrant II reactive energy",
	"quadrant III reactive energy",
	"quadrant IV reactive energy",
	"forward apparent energy",
	"reverse apparent energy",
}

// lookupEnergy covers the energy registers 00 DI2 DI1 DI0: DI2 the quantity,
// DI1 the total (0), a tariff (1-63) or all of them (FF), DI0 the current
// value (0), a settlement day (1-12) or all of them (FF). Registers hold
// XXXXXX.XX. Combined registers carry a sign in the top bit.
func lookupEnergy(di2, di1, di0 byte, f *format) bool {
	if int(di2) >= len(energyFormats) || (di1 > 0x3F && di1 != 0xFF) ||
		(di0 > 0x0C && di0 != 0xFF) || (di1 == 0xFF && di0 == 0xFF) {
		return false
	}
	*f = energyFormats[di2]
	if di1 == 0xFF || di0 == 0xFF {
		f.count = 0
	}
	return true
}

// energyFormats is the layout of each energy quantity DI2 for one value.
var energyFormats = func() (fs [len(energyNames)]format) {
	for di2, name := range energyNames {
		unit := UnitKvarh
		switch {
		case di2 <= 0x02:
			unit = UnitKWh
		case di2 >= 0x09:
			unit = UnitKVAh
		}
		signed := di2 == 0x00 || di2 == 0x03 || di2 == 0x04
		fs[di2] = number(name, 4, 2, unit, signed)
	}
	return fs
}()

// lookupPhase covers 02 DI2 DI1 00: DI1 is the total (0, not for voltage,
// current and angle), phase A to C (1-3) or all of them (FF).
func lookupPhase(di2, di1, di0 byte, f *format) bool {
	if int(di2) >= len(phaseFormats) || phaseFormats[di2].kind == KindRaw || di0 != 0 {
		return false
	}
	*f = phaseFormats[di2]
	perPhase := di2 == 0x01 || di2 == 0x02 || di2 == 0x07
	switch {
	case di1 == 0xFF && perPhase:
		f.count = 3
	case di1 == 0xFF:
		f.count = 4
	case di1 > 3 || (di1 == 0 && perPhase):
		return false
	}
	return true
}

// phaseFormats is the layout of each quantity 02 DI2 for one value, by DI2.
var phaseFormats = func() [8]format {
	powerFactor := number("power factor", 2, 3, UnitNone, true)
	powerFactor.limit = 1000
	return [8]format{
		0x01: number("voltage", 2, 1, UnitV, false),
		0x02: number("current", 3, 3, UnitA, true),
		0x03: number("active power", 3, 4, UnitKW, true),
		0x04: number("reactive power", 3, 4, UnitKvar, true),
		0x05: number("apparent power", 3, 4, UnitKVA, true),
		0x06: powerFactor,
		0x07: number("phase angle", 2, 1, UnitDegree, false),
	}
}()

// lookupMeasurement covers 02 80 00 DI0.
func lookupMeasurement(di1, di0 byte) (format, bool) {
	if di1 != 0 {
		return format{}, false
	}
	switch di0 {
	case 0x01:
		return number("neutral current", 3, 3, UnitA, true), true
	case 0x02:
		return number("grid frequency", 2, 2, UnitHz, false), true
	case 0x03:
		return number("one-minute average active power", 3, 4, UnitKW, true), true
	case 0x04:
		return number("active demand", 3, 4, UnitKW, true), true
	case 0x05:
		return number("reactive demand", 3, 4, UnitKvar, true), true
	case 0x06:
		return number("apparent demand", 3, 4, UnitKVA, true), true
	case 0x07:
		return number("meter temperature", 2, 1, UnitCelsius, true), true
	case 0x08:
		return number("clock battery voltage", 2, 2, UnitV, false), true
	case 0x09:
		return number("reading battery voltage", 2, 2, UnitV, false), true
	case 0x0A:
		return number("battery working time", 4, 0, UnitMinute, false), true
	}
	return format{}, false
}

// lookupEvent covers the event counters 03 30 0D 00 and 03 30 0E 00.
func lookupEvent(di2, di1, di0 byte) (format, bool) {
	if di2 != 0x30 || di0 != 0 {
		return format{}, false
	}
	switch di1 {
	case 0x0D:
		return number("meter cover open count", 3, 0, UnitNone, false), true
	case 0x0E:
		return number("terminal cover open count", 3, 0, UnitNone, false), true
	}
	return format{}, false
}

// lookupParameter covers the clock (04 00 01 01-02) and the nameplate
// parameters (04 00 04 01-0D).
func lookupParameter(di2, di1, di0 byte) (format, bool) {
	if di2 != 0 {
		return format{}, false
	}
	switch uint16(di1)<<8 | uint16(di0) {
	case 0x0101:
		return format{name: "date", kind: KindDate, size: 4, count: 1}, true
	case 0x0102:
		return format{name: "time", kind: KindTime, size: 3, count: 1}, true
	case 0x0401:
		return format{name: "communication address", kind: KindAddress, size: 6, count: 1}, true
	case 0x0402:
		return format{name: "meter number", kind: KindAddress, size: 6, count: 1}, true
	case 0x0403:
		return text("asset number", 32), true
	case 0x0404:
		return text("rated voltage", 6), true
	case 0x0405:
		return text("rated current", 6), true
	case 0x0406:
		return text("maximum current", 6), true
	case 0x0407:
		return text("active accuracy class", 4), true
	case 0x0408:
		return text("reactive accuracy class", 4), true
	case 0x040B:
		return text("meter model", 10), true
	case 0x040C:
		return text("manufacture date", 10), true
	case 0x040D:
		return text("protocol version", 16), true
	}
	return format{}, false
}

func text(name string, size uint8) format {
	return format{name: name, kind: KindText, size: size, count: 1}
}
