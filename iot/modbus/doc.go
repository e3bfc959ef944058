// Package modbus decodes and builds Modbus RTU frames and decodes the values
// that devices keep in registers. It does no I/O: a client, a server or a
// sniffer brings its own serial port or connection and hands the bytes over.
//
// A [Frame] is one RTU frame (ADU): a unit address, a PDU of function code
// and data, and a CRC-16/MODBUS sent low byte first, after the Modbus over
// Serial Line specification V1.02 and the Modbus Application Protocol
// Specification V1.1b3. [Frame.Decode] and [Frame.AppendBinary] cover the
// requests and replies of function codes 1 to 6, 15 and 16 and exception
// replies of any function. Decoding checks the CRC, the unit address, the
// function code, the frame length against the byte count and the quantity,
// and the values. It names the first field at fault in a [*FrameError]. An
// exception reply decodes, and [Frame.Err] returns it as an [*ExceptionError].
//
// RTU frames carry no direction bit. A client reads replies and passes
// [Reply]. A sniffer on a bus passes [Unknown], and [Classify] guesses the
// direction from the function code and the length. That settles every frame
// except FC 5 and 6 replies (an echo of the request) and one FC 1 and 2 case.
//
// [Protocol] finds RTU frames in a byte stream for [frame.Stream], by CRC,
// since a stream has lost the silent intervals that delimit frames on the
// wire.
// A reader of one request's reply can instead wait for [Frame.ReplyLen]
// bytes, or for the length that [FrameLen] reads from the first bytes.
//
// [ByteOrder] decodes and encodes 16-, 32- and 64-bit integers and IEEE 754
// floats kept in consecutive registers, in the four orders that devices use
// (ABCD, CDAB, BADC, DCBA and their 8-byte forms), and [ParseByteOrder]
// accepts the names other gateways give them.
//
// Decoding a valid frame into a reused [Frame], finding frames and decoding
// register values allocate nothing. A rejected frame allocates its error,
// and so does a false start in a stream whose CRC matches by chance. A Frame
// is not safe for concurrent use while it is decoded into. Protocol and
// ByteOrder values may be shared.
package modbus
