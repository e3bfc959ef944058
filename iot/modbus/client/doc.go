// Package client talks Modbus to field devices through
// github.com/goburrow/modbus v0.1.0, replacing its transport layer with one
// that survives real buses. goburrow's client is a Packager, which encodes
// and decodes PDUs, plus a Transporter, which moves bytes. This package keeps
// goburrow's packagers and supplies its own transporters:
//
//   - [TCPTransporter] for Modbus TCP matches replies by transaction id and
//     discards stale ones, so a reply that arrives after its timeout is not
//     taken as the reply to the next request. It closes the connection on
//     any I/O or framing error and dials again on the next request, so a
//     device that rebooted is reached again.
//   - [Port] carries RTU frames over a serial port ([OpenSerial], with
//     github.com/goburrow/serial), a TCP connection to a serial server or
//     DTU ([DialRTU]), or a connection a DTU opened to a [DTUServer]. One
//     Port is one physical bus with one lock, shared by every unit on it.
//     It discards pending input before each request, keeps 3.5 character
//     times of silence between frames (1.75 ms above 19200 baud, after the
//     Modbus over Serial Line specification V1.02, clause 2.5.1.1) and each
//     device's own turnaround delay, and reads a reply by its expected
//     length, checking the exception bit (function code | 0x80) and the CRC.
//
// [Client] reads and writes one unit through goburrow and returns exception
// replies as [*modbus.ExceptionError] inside a [*RequestError] that names the
// function, address and quantity. [Client.ReadPlan] reads a [Plan], which
// merges the fields of a device into as few requests as the protocol limits
// and the device allow.
//
// Every Client method takes a context. goburrow's Transporter interface has
// none, so the Client hands the context to this package's transporters
// beside goburrow. A request whose context has ended, or ends while it
// waits for the connection or bus, is not sent. After it is sent, the
// earlier of the context's deadline and the transporter's Timeout ends the
// wait for the reply, and cancellation ends it at once. The transporter
// then treats the request as timed out, so its late reply is discarded
// and not taken for the next request's. The error wraps
// [context.Canceled] or [context.DeadlineExceeded]. The Send methods,
// which implement goburrow's Transporter for use without a Client, have
// no context and are bounded by Timeout alone.
package client
