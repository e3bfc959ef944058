package uplink

import (
	"net"
	"syscall"
)

// quickAck sets TCP_QUICKACK, so Linux acknowledges received TCP segments at
// once instead of delaying the ACK by 40 ms or more. Linux clears the flag
// again, so it is set after every read. Mosquitto 2.0 leaves Nagle's algorithm
// on by default (set_tcp_nodelay false in mosquitto.conf(5)) and then holds
// each small PUBACK until the previous one is acknowledged. Without quick ACKs
// a full publish window stalls for the delayed-ACK time on every round.
func quickAck(c net.Conn) {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return
	}
	raw.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
