package main

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

func soilDevice(t *testing.T, rules []alarm.Rule) compiledDevice {
	t.Helper()
	prof, err := profile.LoadShipped("soil-moisture")
	if err != nil {
		t.Fatal(err)
	}
	prog, err := prof.Compile()
	if err != nil {
		t.Fatal(err)
	}
	i, _ := prog.Index("soil_moisture")
	return compiledDevice{
		cfg:     DeviceConfig{ID: "soil-1"},
		program: prog,
		rules:   map[int][]alarm.Rule{i: rules},
	}
}

func TestTelemetryBody(t *testing.T) {
	d := soilDevice(t, nil)
	p, err := newPipeline(nil, []compiledDevice{d}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	prog := d.program
	values := make([]profile.Value, prog.Len())
	moisture, _ := prog.Index("soil_moisture")
	temp, _ := prog.Index("soil_temperature")
	values[moisture] = profile.Value{Int: 275, Status: profile.OK}
	values[temp] = profile.Value{Status: profile.NoReading}
	r := &poll.Reading{
		Device: "soil-1", Program: prog, Values: values, Outcome: health.Partial,
		End: time.UnixMilli(1750480000123),
	}
	body, ok := p.devices["soil-1"].telemetry(r)
	if !ok {
		t.Fatal("telemetry reported nothing to send")
	}
	want := `{"device":"soil-1","ts":1750480000123,"outcome":"partial",` +
		`"values":{"soil_moisture":27.5},"no_reading":["soil_temperature"]}`
	if string(body) != want {
		t.Errorf("body\n%s\nwant\n%s", body, want)
	}
	if !json.Valid(body) {
		t.Error("body is not valid JSON")
	}
}

func TestAlarmStateSurvivesRestart(t *testing.T) {
	rules := []alarm.Rule{{ID: "dry", Kind: alarm.Low, Severity: alarm.Warning,
		Set: alarm.Dec(150, 1), Clear: alarm.Dec(180, 1)}}
	path := filepath.Join(t.TempDir(), "alarm-state.json")
	log := slog.New(slog.DiscardHandler)

	first, err := newPipeline(nil, []compiledDevice{soilDevice(t, rules)}, log)
	if err != nil {
		t.Fatal(err)
	}
	dp := first.devices["soil-1"]
	i, _ := dp.program.Index("soil_moisture")
	events := dp.points[i].Observe(nil, time.Now(), 100)
	if len(events) != 1 || events[0].Transition != alarm.Raised {
		t.Fatalf("events %v, want one raise", events)
	}
	if err := first.saveAlarms(path); err != nil {
		t.Fatal(err)
	}

	second, err := newPipeline(nil, []compiledDevice{soilDevice(t, rules)}, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := second.loadAlarms(path); err != nil {
		t.Fatal(err)
	}
	st, _ := second.devices["soil-1"].points[i].State("dry")
	if st != alarm.Active {
		t.Errorf("state after restart %v, want active", st)
	}
}

func TestAlarmSaveFailureLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	// A directory in the way makes the rename fail after the temporary file is written.
	path := filepath.Join(dir, "alarm-state.json")
	if err := os.MkdirAll(filepath.Join(path, "occupied"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := newPipeline(nil, []compiledDevice{soilDevice(t, nil)}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.saveAlarms(path); err == nil {
		t.Fatal("saveAlarms onto a directory returned no error")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "alarm-state.json" {
			t.Errorf("file %s left after a failed save", e.Name())
		}
	}
}

// TestOfflineRaisesAlarm feeds readings of a device that goes offline and
// back, and checks the device_offline alarm in the outbox.
func TestOfflineRaisesAlarm(t *testing.T) {
	dir := t.TempDir()
	box, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	log := slog.New(slog.DiscardHandler)
	commit := newCommitter(box, time.Millisecond, log)
	d := soilDevice(t, nil)
	p, err := newPipeline(commit, []compiledDevice{d}, log)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i, st := range []health.State{health.Online, health.Degraded, health.Offline, health.Quarantined, health.Online} {
		p.Reading(&poll.Reading{Device: "soil-1", Program: d.program, Values: make([]profile.Value, d.program.Len()),
			Outcome: health.Failure, State: st, End: start.Add(time.Duration(i) * time.Second)})
	}
	commit.close()

	var transitions []string
	for {
		rec, ok, err := box.TryNext()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if uplink.Kind(rec.Payload[0]) != uplink.Alarm {
			continue
		}
		var e struct{ Rule, Transition string }
		if err := json.Unmarshal(rec.Payload[1:], &e); err != nil {
			t.Fatal(err)
		}
		transitions = append(transitions, e.Rule+" "+e.Transition)
	}
	want := []string{"device_offline raised", "device_offline cleared"}
	if len(transitions) != len(want) {
		t.Fatalf("alarm events %v, want %v", transitions, want)
	}
	for i := range want {
		if transitions[i] != want[i] {
			t.Errorf("event %d = %q, want %q", i, transitions[i], want[i])
		}
	}
}
