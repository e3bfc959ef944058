package dlt645

import (
	"fmt"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// Address is a meter's communication address (通信地址): 12 decimal digits in
// 6 BCD bytes, stored in wire order, least significant byte first. The
// printed form has the most significant digit first, as on the nameplate:
// bytes 14 01 00 31 82 21 are meter 218231000114.
//
// Two special forms exist: [Broadcast] (all 99, for broadcast commands such as
// time sync) and wildcards, whose high bytes are 0xAA (缩位寻址). A wildcard
// addresses whichever meter matches the remaining low bytes; [Wildcard] matches
// any meter.
type Address [6]byte

var (
	// Broadcast is the broadcast address 999999999999. Meters act on
	// broadcast commands without replying.
	Broadcast = Address{0x99, 0x99, 0x99, 0x99, 0x99, 0x99}
	// Wildcard is the all-0xAA address to which any single meter on the bus
	// replies.
	Wildcard = Address{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}
)

// ParseAddress parses the 12-digit printed form, most significant digit
// first, such as "218231000114". It accepts the letters "AA" in place of
// leading digit pairs for a wildcard.
func ParseAddress(s string) (Address, error) {
	var a Address
	if len(s) != 12 {
		return a, fmt.Errorf("dlt645: address %q: got %d characters, want 12 digits", s, len(s))
	}
	if i := bcd.ParseAddress(a[:], s); i >= 0 {
		pair := s[10-2*i : 12-2*i]
		return a, fmt.Errorf("dlt645: address %q: %q is not two digits or AA", s, pair)
	}
	if err := a.check(); err != nil {
		return a, fmt.Errorf("dlt645: address %q: wildcard AA may only replace leading digits", s)
	}
	return a, nil
}

// String returns the 12-character printed form, most significant digit first.
func (a Address) String() string {
	var out [12]byte
	return string(bcd.AppendAddress(out[:0], a[:]))
}

// IsBroadcast reports whether a is [Broadcast].
func (a Address) IsBroadcast() bool { return a == Broadcast }

// IsWildcard reports whether a has 0xAA in its high bytes.
func (a Address) IsWildcard() bool { return a[5] == 0xAA }

// Matches reports whether a meter with address meter replies to a request to a:
// the same address, or a wildcard whose low bytes equal the meter's.
func (a Address) Matches(meter Address) bool {
	return bcd.MatchAddress(a[:], meter[:])
}

// check reports an address that is neither BCD nor a wildcard whose 0xAA
// bytes are all at the high end. Broadcast is BCD.
func (a Address) check() error {
	if a.plain() {
		return nil
	}
	if i := bcd.BadAddressByte(a[:]); i >= 0 {
		return fieldError("address", 1+i, hexByte(a[i]), "BCD digits or leading 0xAA", ErrNotBCD)
	}
	return nil
}

// checkPlain reports an address that is not 12 plain BCD digits, as a
// meter's own address must be.
func (a Address) checkPlain(field string, offset int) error {
	if a.plain() {
		return nil
	}
	if i := bcd.BadByte(a[:]); i >= 0 {
		return fieldError(field, offset+i, hexByte(a[i]), "BCD digits", ErrNotBCD)
	}
	return nil
}

// plain reports whether all 12 nibbles are decimal digits.
func (a Address) plain() bool {
	x := uint64(a[0]) | uint64(a[1])<<8 | uint64(a[2])<<16 | uint64(a[3])<<24 |
		uint64(a[4])<<32 | uint64(a[5])<<40
	return bcd.ValidWord(x, 6)
}
