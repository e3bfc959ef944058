package cjt188

import "strconv"

// Status is the status word ST (状态) of a reply, with the first byte on the
// wire in bits 0-7 and the second in bits 8-15. CJ/T 188-2004 defines bits 0-1
// as the valve state and bit 2 as a low battery. It leaves bits 3-7 and the
// second byte to the manufacturer.
//
// Meters that detect a magnetic attack (强磁干扰) report it in one of the
// manufacturer's bits, and the bit differs by vendor. For example, some
// NB-IoT water meters use D3 of the second byte (mask 0x0800) for it and D4
// for a fault. Look the bit up in the meter's documentation and test it with
// [Status.Magnetic]. Some vendors also number the bits of the first byte from
// the top, so that the valve state is in D7-D6; their status words need
// [Status.Reversed] before these methods apply.
type Status uint16

// Status bits defined by CJ/T 188-2004.
const (
	StatusValveMask  Status = 0x0003
	StatusBatteryLow Status = 0x0004
)

// Valve is the valve state in a [Status].
type Valve uint8

const (
	ValveOpen     Valve = 0 // 00: open (开)
	ValveClosed   Valve = 1 // 01: closed (关)
	ValveReserved Valve = 2 // 10: not defined by the standard
	ValveAbnormal Valve = 3 // 11: abnormal (异常)
)

// String returns "open", "closed", "reserved" or "abnormal".
func (v Valve) String() string {
	return [...]string{"open", "closed", "reserved", "abnormal"}[v&3]
}

// Valve returns the valve state.
func (s Status) Valve() Valve { return Valve(s & StatusValveMask) }

// BatteryLow reports whether the meter reports a low battery (欠压).
func (s Status) BatteryLow() bool { return s&StatusBatteryLow != 0 }

// Vendor returns the manufacturer's bits: bits 3-15, with the standard bits
// cleared.
func (s Status) Vendor() Status { return s &^ (StatusValveMask | StatusBatteryLow) }

// Magnetic reports whether any bit of mask, the vendor's magnetic-attack bit,
// is set. A zero mask reports false.
func (s Status) Magnetic(mask Status) bool { return s&mask != 0 }

// Reversed returns s with the bits of each byte in the opposite order, for
// vendors that number D0 as the top bit.
func (s Status) Reversed() Status {
	var out Status
	for i := range 8 {
		if s&(1<<i) != 0 {
			out |= 1 << (7 - i)
		}
		if s&(1<<(8+i)) != 0 {
			out |= 1 << (15 - i)
		}
	}
	return out
}

// String returns the word as four hex digits, first byte first, as on the
// wire: "0000", "0100".
func (s Status) String() string {
	const digits = "0123456789ABCDEF"
	b := [4]byte{digits[s>>4&0xF], digits[s&0xF], digits[s>>12&0xF], digits[s>>8&0xF]}
	return string(b[:])
}

// ValveCommand is the data of a valve control write (DI A017).
type ValveCommand uint8

const (
	ValveCommandOpen  ValveCommand = 0x55 // open the valve (开阀)
	ValveCommandClose ValveCommand = 0x99 // close the valve (关阀)
)

// String returns "open", "close" or the code in hex.
func (c ValveCommand) String() string {
	switch c {
	case ValveCommandOpen:
		return "open"
	case ValveCommandClose:
		return "close"
	}
	return "command 0x" + strconv.FormatUint(uint64(c), 16)
}
