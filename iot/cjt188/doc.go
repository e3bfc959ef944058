// Package cjt188 builds and parses CJ/T 188-2004 frames, the protocol of
// household water, heat and gas meters (户用计量仪表数据传输技术条件) on M-Bus
// or RS-485, as concentrators and DTUs pass them on.
//
// # Frames
//
// A frame is 68 T A0..A6 C L DATA CS 16 after optional 0xFE wake-up bytes. T
// is the [MeterType], and the address is 14 BCD digits, least significant
// byte first ([Address]). C is the [Control] code and L the number of data
// bytes. CS is the sum of all bytes from 0x68 to the end of the data, modulo
// 256. Data
// bytes are sent as they are (there is no 0x33 offset as in DL/T 645). The
// data starts with a data identifier ([DI], such as 901F for the metering
// data) and a sequence number SER that the meter echoes.
//
// # Readings
//
// A metering-data reply contains the accumulated flow with its unit code
// (0x2C m³, 0x29 L; see [Unit]), the flow on the settlement day, the meter's
// clock and the status word. The status word ([Status]) has the valve state,
// a low-battery bit and the manufacturer's bits, in which some vendors flag a
// magnetic attack. Heat meters add heat, power, flow rate, temperatures and
// working time ([Reading]). Quantities are integer fixed point ([Value]); [Value.Reading]
// converts a volume to a metering reading in m³ without floating point.
//
// Decoding checks the length field against the bytes present and against the
// layout of the identifier and meter type, and rejects, with a [*FieldError]
// naming the field, digits that are not BCD, unknown unit codes, impossible
// dates and unknown control codes even when the checksum passes. Values of
// all 0xFF bytes are kept as Absent, as meters send them for quantities they
// do not support.
//
// [Protocol] finds frames in a byte stream for [frame.Stream]; [Client] reads
// meters through a link; package cjt188test has a simulated meter.
//
// Types of this package are not safe for concurrent use unless stated.
package cjt188
