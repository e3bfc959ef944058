package sl651

import (
	"encoding/hex"
	"fmt"
)

// Address is the 5-byte station address (A5..A1, high byte first). A
// hydrological station has a BCD address whose first byte is 00 and whose
// other 8 digits follow SL 502. Other stations carry the 6-digit GB/T 2260
// division code in A5..A3 (BCD) and a binary station number in A2..A1: 1 to
// 60000 for stations, 60001 to 65534 for relays, 65535 for broadcast.
// Stations in the field also send addresses with hex digits, so the package
// keeps all five bytes and never rejects an address for its digits.
type Address [5]byte

// ParseAddress parses the 10 hex digits of an address, such as "0010100001".
func ParseAddress(s string) (Address, error) {
	var a Address
	if len(s) != 10 {
		return a, fmt.Errorf("sl651: address %q: want 10 hex digits", s)
	}
	if _, err := hex.Decode(a[:], []byte(s)); err != nil {
		return a, fmt.Errorf("sl651: address %q: want 10 hex digits: %w", s, err)
	}
	return a, nil
}

// String returns the address as 10 upper-case hex digits.
func (a Address) String() string {
	const digits = "0123456789ABCDEF"
	var b [10]byte
	for i, c := range a {
		b[2*i] = digits[c>>4]
		b[2*i+1] = digits[c&0x0F]
	}
	return string(b[:])
}

// MarshalText encodes the address as in [Address.String].
func (a Address) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes 10 hex digits.
func (a *Address) UnmarshalText(text []byte) error {
	v, err := ParseAddress(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
