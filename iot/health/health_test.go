package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var (
	t0         = time.Date(2026, 6, 21, 8, 0, 0, 0, time.UTC)
	errTimeout = errors.New("modbus: read timed out")
)

// constSource returns the same random word every time.
type constSource uint64

func (c constSource) Uint64() uint64 { return uint64(c) }

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

func mustDevice(t *testing.T, cfg Config, src Source) *Device {
	t.Helper()
	d, err := New("ws1", cfg, src)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return d
}

// outcomes parses a poll script: "s" success, "p" partial, "f" failure.
func outcomes(script string) []Outcome {
	var out []Outcome
	for _, c := range script {
		switch c {
		case 's':
			out = append(out, Success)
		case 'p':
			out = append(out, Partial)
		case 'f':
			out = append(out, Failure)
		}
	}
	return out
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		name   string
		cfg    Config
		script string
		want   string // the states after each poll, first letters
		events string // the transitions, as "from>to" joined by spaces
	}{
		{"first success", Config{}, "ss", "OO", "unknown>online"},
		{"one failure degrades", Config{}, "sfss", "ODDO", "unknown>online online>degraded degraded>online"},
		{"offline after three", Config{}, "sfff", "ODDF", "unknown>online online>degraded degraded>offline"},
		{"quarantine after five", Config{}, "sfffff", "ODDFFQ",
			"unknown>online online>degraded degraded>offline offline>quarantined"},
		{"stays quarantined", Config{}, "fffffff", "DDFFQQQ",
			"unknown>degraded degraded>offline offline>quarantined"},
		{"recovery needs two", Config{}, "fffffss", "DDFFQDO",
			"unknown>degraded degraded>offline offline>quarantined quarantined>degraded degraded>online"},
		{"flapping stays degraded", Config{}, "sfsfsfsf", "ODDDDDDD", "unknown>online online>degraded"},
		{"partial degrades", Config{}, "spps", "ODDD", "unknown>online online>degraded"},
		{"partial resets failures", Config{}, "ffpff", "DDDDD", "unknown>degraded"},
		{"partial ends quarantine", Config{}, "fffffp", "DDFFQD",
			"unknown>degraded degraded>offline offline>quarantined quarantined>degraded"},
		{"recover after one", Config{RecoverAfter: 1}, "sfs", "ODO",
			"unknown>online online>degraded degraded>online"},
		{"quarantine at offline", Config{OfflineAfter: 2, QuarantineAfter: 2}, "sff", "ODQ",
			"unknown>online online>degraded degraded>quarantined"},
		{"offline at first failure", Config{OfflineAfter: 1}, "sf", "OF", "unknown>online online>offline"},
		{"large offline raises quarantine", Config{OfflineAfter: 7}, "ffffff", "DDDDDD", "unknown>degraded"},
	}
	letters := map[State]byte{Unknown: 'U', Online: 'O', Degraded: 'D', Offline: 'F', Quarantined: 'Q'}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDevice(t, tt.cfg, nil)
			var states []byte
			var events []string
			for i, o := range outcomes(tt.script) {
				var cause error
				if o != Success {
					cause = errTimeout
				}
				// Poll every 10 minutes, so each quarantine back-off has passed.
				for _, e := range d.Record(nil, at(600*i), o, cause) {
					events = append(events, e.From.String()+">"+e.To.String())
				}
				states = append(states, letters[d.State()])
			}
			if got := string(states); got != tt.want {
				t.Errorf("got states %s, want %s", got, tt.want)
			}
			if got := strings.Join(events, " "); got != tt.events {
				t.Errorf("got events %q, want %q", got, tt.events)
			}
		})
	}
}

func TestEventFields(t *testing.T) {
	d := mustDevice(t, Config{OfflineAfter: 1, QuarantineAfter: 2, Backoff: time.Minute}, nil)
	events := d.Record(nil, at(0), Failure, errTimeout)
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1", len(events))
	}
	want := Event{Time: at(0), Device: "ws1", From: Unknown, To: Offline, Failures: 1, Cause: errTimeout}
	if events[0] != want {
		t.Errorf("got %+v, want %+v", events[0], want)
	}
	events = d.Record(nil, at(10), Failure, errTimeout)
	if len(events) != 1 || !events[0].RetryAt.Equal(at(70)) || events[0].Failures != 2 {
		t.Errorf("got %+v, want one quarantine event retrying at %v after 2 failures", events, at(70))
	}
	events = d.Record(nil, at(70), Success, nil)
	if len(events) != 1 || events[0].Cause != nil || !events[0].RetryAt.IsZero() {
		t.Errorf("got %+v, want one recovery event without cause or retry time", events)
	}
}

func TestBackoff(t *testing.T) {
	cfg := Config{OfflineAfter: 1, QuarantineAfter: 1, Backoff: 10 * time.Second, MaxBackoff: 100 * time.Second,
		JitterPercent: 50}
	tests := []struct {
		name   string
		source Source
		want   []int64 // waits after each failed poll, in milliseconds
	}{
		{"no jitter", nil, []int64{10e3, 20e3, 40e3, 80e3, 100e3, 100e3}},
		{"zero jitter word", constSource(0), []int64{10e3, 20e3, 40e3, 80e3, 100e3, 100e3}},
		{"full jitter", constSource(math.MaxUint64), []int64{5e3, 10e3, 20e3, 40e3, 50e3, 50e3}},
		{"half jitter", constSource(1 << 63), []int64{7.5e3, 15e3, 30e3, 60e3, 75e3, 75e3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDevice(t, cfg, tt.source)
			now := t0
			for i, ms := range tt.want {
				want := time.Duration(ms) * time.Millisecond
				if !d.Due(now) {
					t.Fatalf("probe %d: device not due at its retry time", i)
				}
				d.Record(nil, now, Failure, errTimeout)
				got := d.Status().RetryAt.Sub(now)
				if diff := got - want; diff < -time.Microsecond || diff > time.Microsecond {
					t.Errorf("probe %d: got wait %s, want %s", i, got, want)
				}
				if d.Due(now.Add(got - time.Millisecond)) {
					t.Errorf("probe %d: device due before its back-off passed", i)
				}
				now = now.Add(got)
			}
		})
	}
}

func TestBackoffLargeCap(t *testing.T) {
	d := mustDevice(t, Config{QuarantineAfter: 1, OfflineAfter: 1, Backoff: time.Hour,
		MaxBackoff: math.MaxInt64}, nil)
	now := t0
	prev := time.Duration(0)
	for i := range 80 {
		d.Record(nil, now, Failure, errTimeout)
		wait := d.Status().RetryAt.Sub(now)
		if wait < prev {
			t.Fatalf("probe %d: wait %s shrank from %s; the doubling overflowed", i, wait, prev)
		}
		prev = wait
	}
}

func TestJitterBounds(t *testing.T) {
	cfg := Config{OfflineAfter: 1, QuarantineAfter: 1, Backoff: time.Minute, MaxBackoff: time.Minute}
	d := mustDevice(t, cfg, rand.NewPCG(1, 2))
	low, high := time.Duration(math.MaxInt64), time.Duration(0)
	for i := range 2000 {
		now := at(i * 100)
		d.Record(nil, now, Failure, errTimeout)
		wait := d.Status().RetryAt.Sub(now)
		low, high = min(low, wait), max(high, wait)
	}
	if low < 48*time.Second || high > time.Minute {
		t.Errorf("got waits from %s to %s, want them within 48s to 1m for 20%% jitter", low, high)
	}
	if high-low < 10*time.Second {
		t.Errorf("got waits from %s to %s, want them spread over most of the 12s jitter", low, high)
	}
}

func TestDueOutsideQuarantine(t *testing.T) {
	d := mustDevice(t, Config{}, nil)
	for i, o := range outcomes("sfff") {
		d.Record(nil, at(i), o, nil)
		if !d.Due(at(i)) {
			t.Errorf("poll %d: got not due in state %s, want due", i, d.State())
		}
	}
}

func TestStatus(t *testing.T) {
	d := mustDevice(t, Config{OfflineAfter: 1, QuarantineAfter: 2}, nil)
	d.Record(nil, at(0), Success, nil)
	d.Record(nil, at(1), Partial, errTimeout)
	d.Record(nil, at(2), Failure, errTimeout)
	d.Record(nil, at(3), Failure, errTimeout)
	got := d.Status()
	want := Status{Device: "ws1", State: Quarantined, Since: at(3), Failures: 2, RetryAt: at(33),
		LastError: errTimeout.Error(), Counts: Counts{Polls: 4, Successes: 1, Partials: 1, Failures: 2}}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestConfigRejects(t *testing.T) {
	tests := []struct {
		cfg  Config
		text string
	}{
		{Config{OfflineAfter: -1}, "Config.OfflineAfter -1"},
		{Config{QuarantineAfter: -2}, "Config.QuarantineAfter -2"},
		{Config{RecoverAfter: -1}, "Config.RecoverAfter"},
		{Config{Backoff: -time.Second}, "Config.Backoff -1s"},
		{Config{MaxBackoff: -time.Second}, "Config.MaxBackoff"},
		{Config{JitterPercent: 91}, "use 1 to 90"},
		{Config{OfflineAfter: 4, QuarantineAfter: 3}, "below OfflineAfter 4"},
		{Config{Backoff: time.Minute, MaxBackoff: time.Second}, "below Backoff 1m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			err := tt.cfg.Validate()
			if err == nil {
				t.Fatal("got no error")
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("got error %q, want it to contain %q", err, tt.text)
			}
			if _, err := New("ws1", tt.cfg, nil); err == nil {
				t.Error("New accepted the config")
			}
		})
	}
	if _, err := New("", Config{}, nil); err == nil {
		t.Error("New accepted an empty device id")
	}
}

func TestConfigDefaults(t *testing.T) {
	got, err := Config{}.resolved()
	if err != nil {
		t.Fatal(err)
	}
	want := Config{OfflineAfter: 3, QuarantineAfter: 5, RecoverAfter: 2, Backoff: 30 * time.Second,
		MaxBackoff: 10 * time.Minute, JitterPercent: 20}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	got, _ = Config{Backoff: time.Hour}.resolved()
	if got.MaxBackoff != time.Hour {
		t.Errorf("got MaxBackoff %s with Backoff 1h, want 1h", got.MaxBackoff)
	}
}

func TestRecordAllocations(t *testing.T) {
	d := mustDevice(t, Config{}, rand.NewPCG(3, 4))
	buf := make([]Event, 0, 4)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		i++
		o := Outcome(1 + i%3)
		buf = d.Record(buf[:0], at(i), o, errTimeout)
		d.Due(at(i))
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per poll, want 0", allocs)
	}
}

func TestNames(t *testing.T) {
	for s, want := range map[State]string{Unknown: "unknown", Online: "online", Degraded: "degraded",
		Offline: "offline", Quarantined: "quarantined", 9: "State(9)"} {
		if got := s.String(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := fmt.Sprint(Partial); got != "partial" {
		t.Errorf("got %q, want partial", got)
	}
	if _, err := State(9).MarshalText(); err == nil {
		t.Error("State(9).MarshalText: got no error")
	}
}

func TestEventJSON(t *testing.T) {
	tests := []struct {
		name  string
		event Event
		want  string
	}{
		{"quarantine", Event{Time: at(0), Device: "ws1", From: Offline, To: Quarantined, Failures: 5,
			Cause: errTimeout, RetryAt: at(30)},
			`{"time":"2026-06-21T08:00:00Z","device":"ws1","from":"offline","to":"quarantined",` +
				`"failures":5,"cause":"modbus: read timed out","retry_at":"2026-06-21T08:00:30Z"}`},
		{"recovery", Event{Time: at(60), Device: "ws1", From: Degraded, To: Online},
			`{"time":"2026-06-21T08:01:00Z","device":"ws1","from":"degraded","to":"online","failures":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.event)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestDeadSensorPolls polls a dead sensor once a second for an hour and counts
// how often the bus waits for it: five failures, then probes after 30 s, 1, 2, 4
// and 8 minutes, and every 10 minutes after that.
func TestDeadSensorPolls(t *testing.T) {
	d := mustDevice(t, Config{}, nil)
	var probes []int
	for sec := range 3600 {
		if !d.Due(at(sec)) {
			continue
		}
		probes = append(probes, sec)
		d.Record(nil, at(sec), Failure, errTimeout)
	}
	want := []int{0, 1, 2, 3, 4, 34, 94, 214, 454, 934, 1534, 2134, 2734, 3334}
	if fmt.Sprint(probes) != fmt.Sprint(want) {
		t.Errorf("got polls at seconds %v, want %v", probes, want)
	}
}
