package profile

import (
	"fmt"
	"strings"
)

// DataType is the encoding of a field's value in its registers or bit.
type DataType uint8

// The data types. The zero value is invalid, so a field must name its type.
const (
	Bit     DataType = iota + 1 // one coil or input, or one bit of a register
	Int16                       // one register, two's complement
	Uint16                      // one register
	Int32                       // two registers, two's complement
	Uint32                      // two registers
	Int64                       // four registers, two's complement
	Uint64                      // four registers
	Float32                     // two registers, IEEE 754 binary32
	Float64                     // four registers, IEEE 754 binary64
	String                      // Length bytes in ceil(Length/2) registers
)

var typeNames = [...]string{
	Bit: "bit", Int16: "int16", Uint16: "uint16", Int32: "int32", Uint32: "uint32",
	Int64: "int64", Uint64: "uint64", Float32: "float32", Float64: "float64", String: "string",
}

// typeAliases maps the other names that gateway configurations use to the
// type. Names whose width differs between tools, such as "int", "word" or
// "long", are left out.
var typeAliases = map[string]DataType{
	"bool": Bit, "boolean": Bit, "coil": Bit,
	"short": Int16, "ushort": Uint16,
	"float": Float32, "real": Float32, "double": Float64,
	"ascii": String,
}

// String returns the canonical name, such as "uint16".
func (t DataType) String() string {
	if t == 0 || int(t) >= len(typeNames) {
		return fmt.Sprintf("DataType(%d)", uint8(t))
	}
	return typeNames[t]
}

// ParseDataType returns the type that name means: a canonical name from
// bit to string, or one of the aliases bool, boolean, coil, short, ushort,
// float, real, double and ascii. Case is ignored.
func ParseDataType(name string) (DataType, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for t := Bit; t <= String; t++ {
		if typeNames[t] == key {
			return t, nil
		}
	}
	if t, ok := typeAliases[key]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("unknown data type %q", name)
}

// Registers returns the number of registers a value of type t takes, with
// length the string length in bytes. A bit takes one register or one coil.
func (t DataType) Registers(length int) int {
	switch t {
	case Bit, Int16, Uint16:
		return 1
	case Int32, Uint32, Float32:
		return 2
	case Int64, Uint64, Float64:
		return 4
	case String:
		return (length + 1) / 2
	}
	return 0
}

// isInteger reports whether t decodes to a fixed-point integer.
func (t DataType) isInteger() bool { return t >= Int16 && t <= Uint64 }

// isFloat reports whether t decodes to a float.
func (t DataType) isFloat() bool { return t == Float32 || t == Float64 }

// bitsWide returns the width of a raw value of type t in bits.
func (t DataType) bitsWide() int { return 16 * t.Registers(0) }

// signed reports whether raw values of t are two's complement.
func (t DataType) signed() bool { return t == Int16 || t == Int32 || t == Int64 }

// Access is whether a field may be read, written or both.
type Access uint8

// The access modes. The zero value is Read.
const (
	Read Access = iota
	Write
	ReadWrite
)

var accessNames = [...]string{Read: "read", Write: "write", ReadWrite: "readwrite"}

// String returns "read", "write" or "readwrite".
func (a Access) String() string {
	if int(a) >= len(accessNames) {
		return fmt.Sprintf("Access(%d)", uint8(a))
	}
	return accessNames[a]
}

// ParseAccess returns the access mode that name means: read (also r, ro),
// write (w, wo) or readwrite (rw, read-write, read_write). Case is ignored.
func ParseAccess(name string) (Access, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "read", "r", "ro", "readonly", "read-only", "read_only":
		return Read, nil
	case "write", "w", "wo", "writeonly", "write-only", "write_only":
		return Write, nil
	case "readwrite", "rw", "read-write", "read_write":
		return ReadWrite, nil
	}
	return 0, fmt.Errorf("unknown access %q", name)
}

// Readable reports whether a field with access a is polled.
func (a Access) Readable() bool { return a == Read || a == ReadWrite }

// Writable reports whether a field with access a may be written.
func (a Access) Writable() bool { return a == Write || a == ReadWrite }
