// Package dlt645 builds and parses DL/T 645-2007 frames, the protocol of
// Chinese multi-function electricity meters (多功能电能表通信协议) on RS-485,
// and of the transparent 4G DTUs that forward them to a centre station.
//
// # Frames
//
// A frame is 68 A0..A5 68 C L DATA CS 16, optionally after 0xFE wake-up
// bytes. The address is 12 BCD digits, least significant byte first
// ([Address]). C is the [Control] code: direction, abnormal reply, follow-up
// and [Function]. L counts the data bytes (at most 200), and every data byte
// is sent with 0x33 added. CS is the sum of all bytes from the first 0x68 to
// the end of the data, modulo 256. [Frame] decodes and encodes this
// layer and [Protocol] finds frames in a byte stream for [frame.Stream].
//
// # Messages and values
//
// [Message] interprets the data by function: a read reply carries a data
// identifier ([DI], such as 00 01 00 00 for forward active energy) and an
// [Item] decoded in that identifier's layout. Numbers are integer fixed point
// with their scale and unit ([Value]): 0.06 kWh is Value{Int: 6, Scale: 2,
// Unit: UnitKWh}, and [Value.Reading] converts one to a metering reading
// without floating point. Signed quantities (current, power, power factor,
// combined energy, temperature) carry the sign in bit 7 of the most
// significant byte. The package decodes the energy registers (00 xx xx xx),
// voltage, current, power, power factor and phase angle per phase (02 01-07),
// frequency, temperature and demand (02 80 00 xx), the meter-cover and
// terminal-cover open counts (03 30 0D 00, 03 30 0E 00), the meter clock
// (04 00 01 01-02) and the nameplate parameters (04 00 04 xx); see [DI.Name].
// Other identifiers are kept as raw bytes.
//
// Decoding checks more than the checksum: a frame whose checksum passes but
// whose content is impossible (digits that are not BCD, month 34, a length
// that disagrees with the data identifier, an unknown control code) is
// rejected with a [*FieldError] naming the field. An abnormal reply is a
// valid message whose [Message.Err] is an [*AbnormalError] listing the
// [ErrorStatus] bits.
//
// # Client and simulator
//
// [Client] reads a meter through a serial line or a transparent DTU: it sends
// a request and matches the reply by address and data identifier. Package
// dlt645test has a simulated meter that replies over any connection and can
// be made to misbehave.
//
// Types of this package are not safe for concurrent use unless stated.
package dlt645
