//go:build unix

package client

import (
	"errors"
	"io"
	"syscall"
)

// drainBuffered discards what the kernel has received, without waiting, by
// non-blocking reads on the socket. A deadline in the past would not do:
// Go then fails the read without looking at the socket.
func (l *netLink) drainBuffered() (int, error) {
	sc, ok := l.Conn.(syscall.Conn)
	if !ok {
		return 0, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, err
	}
	var buf [256]byte
	total := 0
	for {
		var n int
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			n, rerr = syscall.Read(int(fd), buf[:])
			return true
		})
		switch {
		case err != nil:
			return total, err
		case errors.Is(rerr, syscall.EAGAIN) || errors.Is(rerr, syscall.EINTR):
			return total, nil
		case rerr != nil:
			return total, rerr
		case n == 0:
			return total, io.EOF
		}
		total += n
	}
}
