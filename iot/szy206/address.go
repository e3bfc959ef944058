package szy206

import (
	"encoding/json"
	"fmt"
)

// Address is the 5-byte address field A. In the usual form A1, the first 3
// bytes, is the 6-digit GB/T 2260 administrative division code in BCD, sent
// in reading order (53 03 81 is 530381). A2 is the station number, 2 bytes
// binary, low byte first: 1 to 60000 for terminals, 60001 to 65534 for
// relays, 65535 for broadcast. SL/T 427-2021 also allows a first byte 00
// followed by a 4-byte station code.
type Address [5]byte

// NewAddress returns the address of station in the division region, such
// as "530381". It returns an error unless region has 6 decimal digits.
func NewAddress(region string, station uint16) (Address, error) {
	var a Address
	if len(region) != 6 {
		return a, fmt.Errorf("szy206: region code %q: want 6 decimal digits", region)
	}
	for i := range 3 {
		hi, lo := region[2*i]-'0', region[2*i+1]-'0'
		if hi > 9 || lo > 9 {
			return a, fmt.Errorf("szy206: region code %q: want 6 decimal digits", region)
		}
		a[i] = hi<<4 | lo
	}
	a[3], a[4] = byte(station), byte(station>>8)
	return a, nil
}

// Region returns the division code A1 as 6 digits, or "" when A1 is not
// BCD.
func (a Address) Region() string {
	var b [6]byte
	for i := range 3 {
		hi, lo := a[i]>>4, a[i]&0x0F
		if hi > 9 || lo > 9 {
			return ""
		}
		b[2*i], b[2*i+1] = '0'+hi, '0'+lo
	}
	return string(b[:])
}

// regionBCD reports whether A1 is 6 decimal digits.
func (a Address) regionBCD() bool {
	for _, c := range a[:3] {
		if c>>4 > 9 || c&0x0F > 9 {
			return false
		}
	}
	return true
}

// Station returns the station number A2.
func (a Address) Station() uint16 { return uint16(a[3]) | uint16(a[4])<<8 }

// String returns the region code and station number, such as "530381/13",
// or the 10 hex digits when A1 is not BCD.
func (a Address) String() string {
	if r := a.Region(); r != "" {
		return fmt.Sprintf("%s/%d", r, a.Station())
	}
	return fmt.Sprintf("%X", a[:])
}

// MarshalJSON encodes the region code, the station number and the bytes.
func (a Address) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Region  string `json:"region,omitempty"`
		Station uint16 `json:"station"`
		Hex     string `json:"hex"`
	}{a.Region(), a.Station(), fmt.Sprintf("%X", a[:])})
}
