package client

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// peerPackage is the npm package of the peer server in testdata/peer.
const peerPackage = "modbus-serial@8.0.25"

// startPeer installs the npm Modbus TCP server into a temporary folder,
// starts it on a free loopback port and returns its address. Without npm
// and node it skips the test, unless CI is "true".
func startPeer(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("installs an npm package; skipped with -short")
	}
	npm, errNPM := exec.LookPath("npm")
	node, errNode := exec.LookPath("node")
	if errNPM != nil || errNode != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("npm and node are needed for the peer test: %v %v", errNPM, errNode)
		}
		t.Skip("npm or node not installed")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-save", "--omit=optional",
		"--no-audit", "--no-fund", "--loglevel=error", peerPackage)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s: %v\n%s", peerPackage, err, out)
	}
	script, err := os.ReadFile(filepath.Join("testdata", "peer", "server.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "server.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	server := exec.Command(node, "server.js", strconv.Itoa(port))
	server.Dir = dir
	server.Stderr = os.Stderr
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		server.Process.Kill()
		server.Wait()
	})
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line == "ready\n"
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("peer server did not print ready")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("peer server did not start within 30 s")
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestNPMPeer checks the TCP client against a Modbus TCP server that this
// project did not write.
func TestNPMPeer(t *testing.T) {
	addr := startPeer(t)
	c := NewTCP(&TCPTransporter{Address: addr, Timeout: slowTimeout}, 1)

	t.Run("read holding", func(t *testing.T) {
		data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 5, 3)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if got := register(data[2*i:]); got != 1005+i {
				t.Errorf("register %d = %d, want %d", 5+i, got, 1005+i)
			}
		}
	})
	t.Run("read input", func(t *testing.T) {
		data, err := c.Read(t.Context(), modbus.ReadInputRegisters, 7, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := register(data); got != 2007 {
			t.Errorf("input register 7 = %d, want 2007", got)
		}
	})
	t.Run("read coils", func(t *testing.T) {
		data, err := c.Read(t.Context(), modbus.ReadCoils, 0, 8)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) != 1 || data[0] != 0b10101010 {
			t.Errorf("coils 0-7 = %08b, want 10101010", data)
		}
	})
	t.Run("exception", func(t *testing.T) {
		_, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 300, 1)
		if !IsException(err, modbus.IllegalDataAddress) {
			t.Errorf("err = %v, want exception 0x02", err)
		}
	})
	t.Run("write and read back", func(t *testing.T) {
		if err := c.WriteRegisters(t.Context(), 20, []uint16{7, 8, 9}); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteRegister(t.Context(), 23, 10); err != nil {
			t.Fatal(err)
		}
		data, err := c.Read(t.Context(), modbus.ReadHoldingRegisters, 20, 4)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if got := register(data[2*i:]); got != 7+i {
				t.Errorf("register %d = %d, want %d", 20+i, got, 7+i)
			}
		}
	})
	t.Run("plan", func(t *testing.T) {
		fields := []Field{{hr, 0, 2}, {hr, 4, 1}, {hr, 250, 1}, {ir, 0, 1}}
		p, err := NewPlan(fields, Limits{MaxGap: 4})
		if err != nil {
			t.Fatal(err)
		}
		res, st := c.ReadPlan(t.Context(), p)
		if st.Requests != 3 || st.Failed != 1 {
			t.Errorf("stats = %+v, want 3 requests and 1 failed", st)
		}
		if got := register(res[1].Data); got != 1004 {
			t.Errorf("field 1 = %d, want 1004", got)
		}
		if !IsException(res[2].Err, modbus.IllegalDataAddress) {
			t.Errorf("field 2 err = %v, want exception 0x02", res[2].Err)
		}
	})
}
