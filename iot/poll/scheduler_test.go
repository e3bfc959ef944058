package poll

import (
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// TestPollOutcomes polls one device per case against the simulator over
// loopback and checks the outcome of the first poll and the decoded values.
func TestPollOutcomes(t *testing.T) {
	prog := loadProgram(t)
	tests := []struct {
		name     string
		device   modbussim.Device
		faults   []modbussim.Fault
		retries  int
		want     health.Outcome
		attempts int
		values   map[string]int64 // field name to Int; others not checked
		notRead  []string
	}{
		{
			name:     "healthy",
			device:   modbussim.Device{Unit: 1, Registers: probeTable()},
			want:     health.Success,
			attempts: 1,
			values:   map[string]int64{"temperature": 215, "moisture": 333, "conductivity": 70000, "pump": 1},
		},
		{
			name:     "exception on one block",
			device:   modbussim.Device{Unit: 1, Registers: probeTable()},
			faults:   []modbussim.Fault{{Exception: modbus.ServerDeviceFailure}},
			want:     health.Partial,
			attempts: 1,
			// Blocks go in function order, so the coil read gets the exception.
			notRead: []string{"pump"},
			values:  map[string]int64{"temperature": 215, "moisture": 333, "conductivity": 70000},
		},
		{
			name:     "silent then retried",
			device:   modbussim.Device{Unit: 1, Registers: probeTable()},
			faults:   []modbussim.Fault{{Requests: 3, Silent: true}},
			retries:  1,
			want:     health.Success,
			attempts: 2,
			values:   map[string]int64{"temperature": 215},
		},
		{
			name:     "silent without retries",
			device:   modbussim.Device{Unit: 1, Registers: probeTable()},
			faults:   []modbussim.Fault{{Requests: 3, Silent: true}},
			want:     health.Failure,
			attempts: 1,
			notRead:  []string{"temperature", "moisture", "conductivity", "pump"},
		},
		{
			name:     "no registers",
			device:   modbussim.Device{Unit: 1},
			want:     health.Failure,
			attempts: 1,
			notRead:  []string{"temperature"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := startSim(t, modbussim.TCP, &tt.device)
			sim.Inject(tt.faults...)
			tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: 200 * time.Millisecond}
			t.Cleanup(func() { tr.Close() })
			col := newCollector()
			s, err := New([]Device{{
				ID: "probe", Reader: client.NewTCP(tr, 1), Program: prog,
				Interval: time.Hour, Retries: tt.retries, RetryDelay: 10 * time.Millisecond,
			}}, col, Options{})
			if err != nil {
				t.Fatal(err)
			}
			stop := run(t, s)
			waitFor(t, "first reading", func() bool { return col.count("probe") > 0 })
			stop()

			got := col.first("probe")
			if got.outcome != tt.want {
				t.Errorf("outcome %v, want %v (err %v)", got.outcome, tt.want, got.err)
			}
			if got.attempts != tt.attempts {
				t.Errorf("attempts %d, want %d", got.attempts, tt.attempts)
			}
			for name, want := range tt.values {
				i, _ := prog.Index(name)
				if v := got.values[i]; v.Status != profile.OK || v.Int != want {
					t.Errorf("%s = %d (%v), want %d", name, v.Int, v.Status, want)
				}
			}
			for _, name := range tt.notRead {
				i, _ := prog.Index(name)
				if st := got.values[i].Status; st != profile.NotRead {
					t.Errorf("%s status %v, want not read", name, st)
				}
			}
		})
	}
}

// TestDeadSensorDoesNotStallBus puts a live unit and a missing unit on one
// RTU bus and checks that the missing one is quarantined, stops costing
// requests, and the live one goes on being polled.
func TestDeadSensorDoesNotStallBus(t *testing.T) {
	prog := loadProgram(t)
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: probeTable()})
	port := client.DialRTU(sim.Addr())
	port.Timeout = 50 * time.Millisecond
	t.Cleanup(func() { port.Close() })

	hc := health.Config{OfflineAfter: 2, QuarantineAfter: 2, Backoff: time.Hour}
	col := newCollector()
	s, err := New([]Device{
		{ID: "live", Reader: client.NewRTU(port, 1, 0), Program: prog, Interval: 20 * time.Millisecond, Health: hc},
		{ID: "dead", Reader: client.NewRTU(port, 2, 0), Program: prog, Interval: 20 * time.Millisecond, Health: hc},
	}, col, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run(t, s)

	waitFor(t, "dead unit quarantined", func() bool {
		return s.Health()[1].State == health.Quarantined
	})
	deadPolls := col.count("dead")
	livePolls := col.count("live")
	waitFor(t, "more polls of the live unit", func() bool { return col.count("live") >= livePolls+10 })

	if got := col.count("dead"); got != deadPolls {
		t.Errorf("dead unit polled %d times in quarantine, want 0", got-deadPolls)
	}
	if st := s.Health()[0].State; st != health.Online {
		t.Errorf("live unit %v, want online", st)
	}
	if s.Stats().Quarantined == 0 {
		t.Error("no cycle counted as skipped in quarantine")
	}
}

// TestManyTCPDevices polls devices behind separate simulators in parallel
// and checks that batching merges each device's registers.
func TestManyTCPDevices(t *testing.T) {
	prog := loadProgram(t)
	col := newCollector()
	var devices []Device
	for i := range 20 {
		sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: probeTable()})
		tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: time.Second}
		t.Cleanup(func() { tr.Close() })
		devices = append(devices, Device{
			ID: "d" + string(rune('a'+i)), Reader: client.NewTCP(tr, 1), Program: prog,
			Interval: 50 * time.Millisecond,
		})
	}
	s, err := New(devices, col, Options{MaxConcurrent: 4})
	if err != nil {
		t.Fatal(err)
	}
	run(t, s)
	waitFor(t, "three polls of every device", func() bool {
		for _, d := range devices {
			if col.count(d.ID) < 3 {
				return false
			}
		}
		return true
	})
	// Two holding registers merge into one request; the input register and
	// the coil take one each.
	if got := s.SavedPerCycle(); got != 20 {
		t.Errorf("saved per cycle %d, want 20", got)
	}
	for _, d := range devices {
		if got := col.first(d.ID).requests; got != 3 {
			t.Errorf("%s: %d requests per poll, want 3", d.ID, got)
		}
	}
}

func TestNewRejects(t *testing.T) {
	prog := loadProgram(t)
	r := client.NewTCP(&client.TCPTransporter{Address: "127.0.0.1:1"}, 1)
	tests := []struct {
		name    string
		devices []Device
		want    string
	}{
		{"empty id", []Device{{Reader: r, Program: prog}}, "empty ID"},
		{"no reader", []Device{{ID: "a", Program: prog}}, "no Reader"},
		{"no program", []Device{{ID: "a", Reader: r}}, "no Program"},
		{"retries", []Device{{ID: "a", Reader: r, Program: prog, Retries: 11}}, "retries 11"},
		{"duplicate", []Device{{ID: "a", Reader: r, Program: prog}, {ID: "a", Reader: r, Program: prog}}, "twice"},
		{"health", []Device{{ID: "a", Reader: r, Program: prog, Health: health.Config{OfflineAfter: -1}}}, "device \"a\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.devices, SinkFunc(func(*Reading) {}), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestStopDuringPoll stops the scheduler while a reply is delayed, though
// still due before the reply timeout, and checks that the poll stops and
// is dropped instead of reaching the sink or the device's health.
func TestStopDuringPoll(t *testing.T) {
	prog := loadProgram(t)
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: probeTable()})
	sim.Inject(modbussim.Fault{Delay: 500 * time.Millisecond})
	tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: 5 * time.Second}
	t.Cleanup(func() { tr.Close() })
	col := newCollector()
	s, err := New([]Device{{ID: "probe", Reader: client.NewTCP(tr, 1), Program: prog, Interval: time.Hour}}, col, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, s)
	waitFor(t, "the first request", func() bool { return sim.Requests() > 0 })
	stop()

	if got := col.count("probe"); got != 0 {
		t.Errorf("sink got %d readings, want the stopped poll dropped", got)
	}
	if got := s.Stats().Polls; got != 0 {
		t.Errorf("polls = %d, want 0", got)
	}
	if got := s.Health()[0].State; got != health.Unknown {
		t.Errorf("health %v, want unknown", got)
	}
}
