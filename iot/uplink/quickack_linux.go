package uplink

import (
	"net"
	"syscall"
)

// quickAck asks Linux to acknowledge received TCP segments at once instead of
// delaying the ACK by up to 40 ms. The flag is not permanent, so it is set
// again after every read. Mosquitto 2.0 leaves Nagle's algorithm on by default
// (set_tcp_nodelay false), and then holds each small PUBACK until the previous
// one is acknowledged, so without this a full publish window stalls for the
// delayed-ACK time on every round.
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
