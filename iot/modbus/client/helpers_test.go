package client

import (
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"unsafe"

	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// testTable returns a table whose holding register i holds 1000+i for i in
// 0-199, and whose coil i is on for odd i in 0-63.
func testTable() *modbussim.Table {
	var t modbussim.Table
	for i := range 200 {
		t.SetHolding(uint16(i), uint16(1000+i))
	}
	for i := range 64 {
		t.SetCoils(uint16(i), i%2 == 1)
	}
	return &t
}

// startSim starts a simulator on loopback and stops it when the test ends.
func startSim(t testing.TB, mode modbussim.Mode, devices ...*modbussim.Device) *modbussim.Server {
	t.Helper()
	s := modbussim.New(mode, devices...)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// register returns the first register in data, or an impossible value.
func register(data []byte) int {
	if len(data) < 2 {
		return -1
	}
	return int(data[0])<<8 | int(data[1])
}

// openPTY opens a pseudo-terminal pair and returns the master and the
// slave's path. It keeps one descriptor of the slave open until the test
// ends, so that the master does not report a hang-up between clients.
func openPTY(t testing.TB) (*os.File, string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	var n uint32
	rc, err := master.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var errno syscall.Errno
	rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
		if errno == 0 {
			_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n)))
		}
	})
	if errno != 0 {
		t.Skipf("pseudo-terminal ioctl failed: %v", errno)
	}
	path := fmt.Sprintf("/dev/pts/%d", n)
	hold, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open %s: %v", path, err)
	}
	t.Cleanup(func() { hold.Close() })
	return master, path
}

// serialBus returns the path of a pseudo-terminal whose other end is
// bridged to the RTU simulator s, so that serial clients reach s as they
// would reach devices on an RS-485 bus.
func serialBus(t testing.TB, s *modbussim.Server) string {
	t.Helper()
	master, path := openPTY(t)
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	go io.Copy(c, master)
	go io.Copy(master, c)
	return path
}
