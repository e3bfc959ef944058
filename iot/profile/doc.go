// Package profile describes the register map of a Modbus device model and
// decodes and encodes its values.
//
// A [Profile] lists the fields of one model. Each field has a name, a
// function code (1 coils, 2 discrete inputs, 3 holding registers, 4 input
// registers), an address and a [DataType] (bit, int16, uint16, int32,
// uint32, int64, uint64, float32, float64, or string with a length). It
// also has the [modbus.ByteOrder] of values wider than one register, scale,
// offset, decimal places and unit, the raw values that mean "no reading", a
// deadband and a maximum silence for report by exception, whether the
// field may be written, and whether it is a counter that only increases
// ([Field].Counter). [Parse] reads a profile
// from YAML or JSON and [Profile.Compile] validates it once at start-up.
// Every problem comes back as a [*FieldError] that names the path (such as
// fields[3].scale), the value as written and the fix.
//
// Integer fields decode to integer fixed point, never through a float:
//
//	value = raw × scale + offset
//
// in units of 10^-decimals of the field's unit, with scale and offset
// written as decimals in the profile and multiplied by 10^decimals at
// compile time. Writing inverts this exactly and rejects values that no raw
// integer gives. Only float32 and float64 fields decode to float64.
//
// A [Program] is the compiled profile: a flat list of operations per
// function code, sorted by address. [Program.DecodeRegisters] takes any
// block of registers, as a batching client read it, and decodes every
// field inside it with no map lookup, no interface call and no allocation.
// [Program.Spans] and [Program.Blocks] give a client the function, address
// and count of every field and a plan of contiguous reads.
// [Program.Encode] and [Program.WriteRequest] build the registers and the
// request frame of a write. A [Reporter] decides whether a new value must
// be sent under report by exception.
//
// The package ships profiles for a seven-element weather station, a
// soil-moisture probe, an insect-monitoring lamp, an electricity meter and
// a greenhouse controller, listed by [Shipped]. Register maps vary by vendor:
// each of these follows one common layout, and a real device needs its
// vendor's map checked against the profile before use.
//
// Profile values are plain data. A Program is immutable and safe for
// concurrent use, but a Reporter is not.
package profile
