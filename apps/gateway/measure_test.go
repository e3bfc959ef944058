package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// measureEnv enables TestMeasureThousandDevices and sets its duration, such
// as "30s".
const measureEnv = "SHUXIANG_GATEWAY_MEASURE"

// TestMeasureThousandDevices runs a gateway child process that polls 1,000
// simulated Modbus TCP devices of ten registers each at 1 Hz. Readings take
// the full path through the outbox to the broker. The test logs the child's
// CPU time per second of wall time. The simulators run in this process, so their CPU is
// not counted. It runs only when SHUXIANG_GATEWAY_MEASURE is set to a
// duration, and asserts nothing about time.
func TestMeasureThousandDevices(t *testing.T) {
	spec := os.Getenv(measureEnv)
	if spec == "" {
		t.Skip("set " + measureEnv + "=30s to measure")
	}
	wall, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatalf("%s=%q: %v: use a duration such as 30s", measureEnv, spec, err)
	}
	broker := brokerURL(t)
	const devices = 1000

	var cfg strings.Builder
	fmt.Fprintf(&cfg, "group: measure\ngateway: %s\nlog: {level: info}\n", uniqueName("gw"))
	fmt.Fprintf(&cfg, "uplink: {broker: %q}\noutbox: {dir: outbox}\n", broker)
	cfg.WriteString("poll: {interval: 1s, timeout: 1s}\ndevices:\n")
	profilePath, _ := filepath.Abs("testdata/ten-registers.yaml")
	// SHUXIANG_GATEWAY_MEASURE_SINGLE=1 reads each register with a request
	// of its own, for the comparison without batching.
	single := os.Getenv("SHUXIANG_GATEWAY_MEASURE_SINGLE") == "1"
	for i := range devices {
		var table modbussim.Table
		table.SetHolding(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, uint16(i))
		sim := startSim(t, &modbussim.Device{Unit: 1, Registers: &table})
		fmt.Fprintf(&cfg, "  - {id: d%04d, profile: %q, transport: tcp, address: %q, unit: 1, single: %t}\n",
			i, profilePath, sim.Addr(), single)
	}
	dir := t.TempDir()
	configPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(configPath, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	var out lockedBuffer
	cmd := startChild(t, configPath+" -check", &out)
	cmd.Wait()
	if !cmd.ProcessState.Success() {
		t.Fatalf("-check failed:\n%s", out.b.String())
	}
	cmd = startChild(t, configPath, &out)
	start := time.Now()
	time.Sleep(wall)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	elapsed := time.Since(start)

	usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	user := time.Duration(usage.Utime.Nano())
	sys := time.Duration(usage.Stime.Nano())
	polls := lastInt(out.b.String(), `polls=(\d+)`)
	t.Logf("%d devices for %v: user %v, system %v, CPU %.1f%% of one core, %d polls (%.0f/s), max RSS %d MiB",
		devices, elapsed.Round(time.Millisecond), user.Round(time.Millisecond), sys.Round(time.Millisecond),
		100*float64(user+sys)/float64(elapsed), polls, float64(polls)/elapsed.Seconds(), usage.Maxrss>>10)
	if single {
		t.Log("no batching: 10 requests per device per cycle")
	} else {
		t.Logf("batching: 1 request per device per cycle instead of 10, %d requests saved per second", 9*devices)
	}
}

func startSim(t *testing.T, devices ...*modbussim.Device) *modbussim.Server {
	t.Helper()
	s := modbussim.New(modbussim.TCP, devices...)
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// lastInt returns the integer of the last match of pattern in s, or 0.
func lastInt(s, pattern string) int {
	m := regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}
