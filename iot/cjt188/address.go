package cjt188

import (
	"fmt"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// MeterType is the meter type byte T (仪表类型). CJ/T 188-2004 groups the
// codes by tens: 0x10-0x19 water meters, 0x20-0x29 heat meters, 0x30-0x39
// gas meters, 0x40-0x49 other meters; 0xAA is the wildcard type.
type MeterType uint8

// Meter types of CJ/T 188-2004.
const (
	TypeColdWater      MeterType = 0x10 // cold water meter (冷水水表)
	TypeHotWater       MeterType = 0x11 // domestic hot water meter (生活热水水表)
	TypeDrinkingWater  MeterType = 0x12 // drinking water meter (直饮水水表)
	TypeReclaimedWater MeterType = 0x13 // reclaimed water meter (中水水表)
	TypeHeat           MeterType = 0x20 // heat meter, heating (热量表 计热量)
	TypeCooling        MeterType = 0x21 // heat meter, cooling (热量表 计冷量)
	TypeGas            MeterType = 0x30 // gas meter (燃气表)
	TypeElectricity    MeterType = 0x40 // electricity meter (电度表)
	TypeAny            MeterType = 0xAA // wildcard type, for requests
)

// Family returns the group of t: "water", "heat", "gas", "other", "any", or
// "" for a code outside the groups.
func (t MeterType) Family() string {
	switch {
	case t >= 0x10 && t <= 0x19:
		return "water"
	case t >= 0x20 && t <= 0x29:
		return "heat"
	case t >= 0x30 && t <= 0x39:
		return "gas"
	case t >= 0x40 && t <= 0x49:
		return "other"
	case t == TypeAny:
		return "any"
	}
	return ""
}

// IsHeat reports whether t is a heat meter, whose readings have their own
// layout.
func (t MeterType) IsHeat() bool { return t.Family() == "heat" }

var typeNames = map[MeterType]string{
	TypeColdWater:      "cold water meter",
	TypeHotWater:       "hot water meter",
	TypeDrinkingWater:  "drinking water meter",
	TypeReclaimedWater: "reclaimed water meter",
	TypeHeat:           "heat meter",
	TypeCooling:        "cooling meter",
	TypeGas:            "gas meter",
	TypeElectricity:    "electricity meter",
	TypeAny:            "any meter",
}

// String returns the type in words, such as "cold water meter", or its
// family and code.
func (t MeterType) String() string {
	if name, ok := typeNames[t]; ok {
		return name
	}
	return t.Family() + " meter " + hexByte(byte(t))
}

// Address is a meter address (地址域): 14 decimal digits in 7 BCD bytes,
// stored in wire order, least significant byte first. The printed form has
// the most significant digit first. High bytes of 0xAA make a wildcard, and
// [Wildcard] matches any meter. The two high bytes are often the
// manufacturer's code.
type Address [7]byte

// Wildcard is the all-0xAA address to which any single meter on the bus
// replies.
var Wildcard = Address{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}

// ParseAddress parses the 14-digit printed form, most significant digit
// first, such as "78331505104145". Leading pairs may be "AA" for a wildcard.
func ParseAddress(s string) (Address, error) {
	var a Address
	if len(s) != 14 {
		return a, fmt.Errorf("cjt188: address %q: got %d characters, want 14 digits", s, len(s))
	}
	if i := bcd.ParseAddress(a[:], s); i >= 0 {
		pair := s[12-2*i : 14-2*i]
		return a, fmt.Errorf("cjt188: address %q: %q is not two digits or AA", s, pair)
	}
	if a.check() != nil {
		return a, fmt.Errorf("cjt188: address %q: wildcard AA may only replace leading digits", s)
	}
	return a, nil
}

// String returns the 14-character printed form.
func (a Address) String() string {
	var out [14]byte
	return string(bcd.AppendAddress(out[:0], a[:]))
}

// Matches reports whether a meter with address meter replies to a request
// to a.
func (a Address) Matches(meter Address) bool {
	return bcd.MatchAddress(a[:], meter[:])
}

// check reports an address that is neither BCD nor a wildcard whose 0xAA
// bytes are all at the high end.
func (a Address) check() error {
	if a.plain() {
		return nil
	}
	if i := bcd.BadAddressByte(a[:]); i >= 0 {
		return fieldError("address", 2+i, hexByte(a[i]), "BCD digits or leading 0xAA", ErrNotBCD)
	}
	return nil
}

// checkPlain reports an address that is not 14 plain digits.
func (a Address) checkPlain(field string, offset int) error {
	if a.plain() {
		return nil
	}
	if i := bcd.BadByte(a[:]); i >= 0 {
		return fieldError(field, offset+i, hexByte(a[i]), "BCD digits", ErrNotBCD)
	}
	return nil
}

// Control is the control code C: bit 7 is the direction (set in replies from
// the meter), bit 6 marks an abnormal reply and bits 5-0 are the [Function].
type Control byte

// Control code bits.
const (
	ControlReply    Control = 0x80 // frame from the meter
	ControlAbnormal Control = 0x40 // the meter could not carry out the request (通讯异常)
)

// Reply reports whether c is a frame from the meter.
func (c Control) Reply() bool { return c&ControlReply != 0 }

// Abnormal reports whether c is an abnormal reply.
func (c Control) Abnormal() bool { return c&ControlAbnormal != 0 }

// Function returns bits 5-0 of c.
func (c Control) Function() Function { return Function(c & 0x3F) }

// String returns the code in hex, such as "0x81".
func (c Control) String() string { return hexByte(byte(c)) }

func (c Control) check() error {
	if functionName(c.Function()) == "" {
		return fieldError("control", 9, c.String(), "a CJ/T 188-2004 function code", ErrUnknown)
	}
	if !c.Reply() && c.Abnormal() {
		return fieldError("control", 9, c.String(), "no abnormal flag in a request", ErrUnknown)
	}
	return nil
}

// Function is the function code in bits 5-0 of a [Control] code.
type Function uint8

// Function codes of CJ/T 188-2004.
const (
	FuncRead         Function = 0x01 // read data (读数据)
	FuncReadAddress  Function = 0x03 // read address (读地址)
	FuncWrite        Function = 0x04 // write data (写数据)
	FuncReadKey      Function = 0x09 // read key version (读密钥版本号)
	FuncWriteAddress Function = 0x15 // write address (写地址)
	FuncWriteSync    Function = 0x16 // write mechanical-electronic sync data (写机电同步数据)
)

func functionName(f Function) string {
	switch f {
	case FuncRead:
		return "read data"
	case FuncReadAddress:
		return "read address"
	case FuncWrite:
		return "write data"
	case FuncReadKey:
		return "read key version"
	case FuncWriteAddress:
		return "write address"
	case FuncWriteSync:
		return "write sync data"
	}
	return ""
}

// String returns the function in words, such as "read data".
func (f Function) String() string {
	if name := functionName(f); name != "" {
		return name
	}
	return "function 0x" + strconv.FormatUint(uint64(f), 16)
}

// plain reports whether all 14 nibbles are decimal digits.
func (a Address) plain() bool {
	var x uint64
	for i := 6; i >= 0; i-- {
		x = x<<8 | uint64(a[i])
	}
	return bcd.ValidWord(x, 7)
}
