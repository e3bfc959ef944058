// Package modbussim is a Modbus slave simulator for tests and demonstrations.
// A [Server] listens on a TCP address, normally loopback, and replies to Modbus
// TCP (MBAP header) or Modbus RTU carried over TCP, as a serial server or a
// 4G DTU forwards it. [Server.DialDTU] makes the simulator dial a gateway
// instead, send a registration packet and heartbeats, and then reply to RTU
// requests on that connection, as a DTU does.
//
// Each [Device] is one unit address with a register source: a [Table], or a
// function that computes values. The simulator misbehaves on command: a
// [Fault] queued with [Server.Inject] makes the replies to the next requests
// late, split in two pieces, exception replies, preceded by garbage bytes,
// or missing, with the connection dropped or not.
// [Server.DropConnections] closes every connection as a device reboot does,
// and [Server.Noise] puts bytes on the line between frames. A Device with
// Rest set ignores a request that arrives too soon after its last reply, as
// a slow RTU device does.
//
// The simulator serves function codes 1 to 6, 15 and 16 and builds its RTU
// frames with package [github.com/shuxiang/shuxiang/iot/modbus]. A Server is
// safe for concurrent use.
package modbussim
