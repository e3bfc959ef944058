package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/internal/durable"
	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/health"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// pipeline is the poll.Sink of the gateway: it turns each reading into a
// telemetry message, runs the device's alarm rules and queues telemetry,
// alarm and health messages for the outbox. It hands every message to the
// committer and never calls the uplink.
type pipeline struct {
	commit  *committer
	log     *slog.Logger
	devices map[string]*devicePipe
	control *controlLoop // nil without control

	alarms atomic.Uint64 // alarm events raised, acknowledged or cleared
}

// devicePipe is the per-device state of the pipeline.
type devicePipe struct {
	id       string
	program  *profile.Program
	reporter *profile.Reporter // nil when every value is sent

	mu     sync.Mutex // guards points; the alarm ticker and the poll goroutine share them
	points map[int]*alarm.Point
	health *alarm.Point // raises an alarm while the device is offline or quarantined

	buf    []byte
	events []alarm.Event
}

func newPipeline(commit *committer, devices []compiledDevice, log *slog.Logger) (*pipeline, error) {
	p := &pipeline{commit: commit, log: log, devices: map[string]*devicePipe{}}
	for _, d := range devices {
		dp := &devicePipe{id: d.cfg.ID, program: d.program, points: map[int]*alarm.Point{}}
		if d.cfg.Report == "exception" {
			dp.reporter = d.program.NewReporter()
		}
		hp, err := alarm.NewPoint("health_state", 0, []alarm.Rule{offlineRule})
		if err != nil {
			return nil, err
		}
		dp.health = hp
		for i, rules := range d.rules {
			f := d.program.Field(i)
			pt, err := alarm.NewPoint(f.Name, uint8(f.Decimals), rules)
			if err != nil {
				return nil, fmt.Errorf("device %s field %s: %w", d.cfg.ID, f.Name, err)
			}
			dp.points[i] = pt
		}
		p.devices[d.cfg.ID] = dp
	}
	return p, nil
}

// Reading implements poll.Sink.
func (p *pipeline) Reading(r *poll.Reading) {
	dp := p.devices[r.Device]
	if p.control != nil && p.control.reads(r.Device) {
		p.control.observe(r.Device, r.Values)
	}
	for _, e := range r.Events {
		p.enqueueJSON(uplink.Health, e)
	}
	if body, ok := dp.telemetry(r); ok {
		p.enqueue(uplink.Telemetry, body)
	}

	dp.mu.Lock()
	dp.events = dp.events[:0]
	for i, pt := range dp.points {
		if v, ok := alarmValue(dp.program.Field(i), r.Values[i]); ok {
			dp.events = pt.Observe(dp.events, r.End, v)
		}
	}
	dp.events = dp.health.Observe(dp.events, r.End, int64(r.State))
	events := append([]alarm.Event(nil), dp.events...)
	dp.mu.Unlock()
	p.publishAlarms(dp.id, events)
}

// tick runs the no-data alarm rules every second until ctx ends.
func (p *pipeline) tick(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		now := time.Now()
		for _, dp := range p.devices {
			dp.mu.Lock()
			var events []alarm.Event
			for _, pt := range dp.points {
				events = pt.Tick(events, now)
			}
			dp.mu.Unlock()
			p.publishAlarms(dp.id, events)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// offlineRule raises a major alarm on a device's health_state point when the
// device goes offline (3) or is quarantined (4), and clears it once the device
// responds again, degraded (2) or online (1).
var offlineRule = alarm.Rule{ID: "device_offline", Kind: alarm.High, Severity: alarm.Major,
	Set: alarm.Dec(int64(health.Offline), 0), Clear: alarm.Dec(int64(health.Degraded), 0),
	Message: "device does not respond"}

// alarmEvent is an alarm.Event with the device it belongs to.
type alarmEvent struct {
	Device string `json:"device"`
	alarm.Event
}

func (p *pipeline) publishAlarms(device string, events []alarm.Event) {
	for _, e := range events {
		p.alarms.Add(1)
		p.log.Warn("alarm", "device", device, "point", e.Point, "rule", e.Rule,
			"transition", e.Transition.String(), "severity", e.Severity.String(), "value", e.Value)
		p.enqueueJSON(uplink.Alarm, alarmEvent{Device: device, Event: e})
	}
}

func (p *pipeline) enqueueJSON(k uplink.Kind, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		p.log.Error("encode message failed", "kind", k.String(), "err", err)
		return
	}
	p.enqueue(k, body)
}

// enqueue hands the message to the committer. It waits only when the
// committer's queue is full, and never for the uplink.
func (p *pipeline) enqueue(k uplink.Kind, body []byte) {
	p.commit.add(k, body)
}

// telemetry builds the JSON body of a reading:
//
//	{"device":"ws-1","ts":1750480000123,"outcome":"success",
//	 "values":{"air_temperature":21.5},"no_reading":["rainfall"],"error":"..."}
//
// It reports false when report by exception leaves nothing to send. The
// returned slice is reused by the next call.
func (dp *devicePipe) telemetry(r *poll.Reading) ([]byte, bool) {
	b := append(dp.buf[:0], `{"device":`...)
	b = strconv.AppendQuote(b, r.Device)
	b = append(b, `,"ts":`...)
	b = strconv.AppendInt(b, r.End.UnixMilli(), 10)
	b = append(b, `,"outcome":"`...)
	b = append(b, r.Outcome.String()...)
	b = append(b, `","values":{`...)
	n := 0
	var missing []string
	for i, v := range r.Values {
		if v.Status == profile.NotRead {
			continue
		}
		if dp.reporter != nil && !dp.reporter.Report(i, v, r.End) {
			continue
		}
		f := dp.program.Field(i)
		if v.Status != profile.OK {
			missing = append(missing, f.Name)
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = strconv.AppendQuote(b, f.Name)
		b = append(b, ':')
		b = appendValue(b, dp.program, r, i, v)
	}
	b = append(b, '}')
	if len(missing) > 0 {
		b = append(b, `,"no_reading":`...)
		m, _ := json.Marshal(missing)
		b = append(b, m...)
	}
	if r.Err != nil {
		b = append(b, `,"error":`...)
		b = strconv.AppendQuote(b, r.Err.Error())
	}
	b = append(b, '}')
	dp.buf = b
	if dp.reporter != nil && n == 0 && len(missing) == 0 && r.Outcome == health.Success {
		return nil, false
	}
	return b, true
}

// appendValue appends the JSON form of field i's value.
func appendValue(b []byte, prog *profile.Program, r *poll.Reading, i int, v profile.Value) []byte {
	f := prog.Field(i)
	switch f.Type {
	case profile.String:
		return strconv.AppendQuote(b, string(r.AppendString(nil, i)))
	case profile.Float32, profile.Float64:
		if math.IsNaN(v.Float) || math.IsInf(v.Float, 0) {
			return append(b, "null"...)
		}
	}
	return prog.AppendValue(b, i, v)
}

// alarmValue returns v in the field's fixed point for the alarm rules.
func alarmValue(f profile.Field, v profile.Value) (int64, bool) {
	if v.Status != profile.OK {
		return 0, false
	}
	if f.Type != profile.Float32 && f.Type != profile.Float64 {
		return v.Int, true
	}
	x := v.Float * math.Pow10(f.Decimals)
	if math.IsNaN(x) || math.Abs(x) > math.MaxInt64/2 {
		return 0, false
	}
	return int64(math.Round(x)), true
}

// alarmState is the saved rule state: device id, then field name (or
// health_state), then the alarm.Point snapshot.
type alarmState map[string]map[string][]byte

// saveAlarms writes the state of every alarm point to path with
// durable.WriteFile, so a crash leaves the old or the new state, and a failed
// save leaves no temporary file.
func (p *pipeline) saveAlarms(path string) error {
	st := alarmState{}
	for id, dp := range p.devices {
		dp.mu.Lock()
		st[id] = map[string][]byte{dp.health.ID(): dp.health.AppendState(nil)}
		for i, pt := range dp.points {
			st[id][dp.program.Field(i).Name] = pt.AppendState(nil)
		}
		dp.mu.Unlock()
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := durable.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("save alarm state: %w", err)
	}
	return nil
}

// loadAlarms restores the saved state. A missing file is no error, and a
// point whose snapshot does not load starts afresh with a warning.
func (p *pipeline) loadAlarms(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load alarm state: %w", err)
	}
	var st alarmState
	if err := json.Unmarshal(data, &st); err != nil {
		p.log.Warn("alarm state unreadable, starting afresh", "path", path, "err", err)
		return nil
	}
	for id, dp := range p.devices {
		points := map[string]*alarm.Point{dp.health.ID(): dp.health}
		for i, pt := range dp.points {
			points[dp.program.Field(i).Name] = pt
		}
		for name, pt := range points {
			snap, ok := st[id][name]
			if !ok {
				continue
			}
			if err := pt.Restore(snap); err != nil {
				p.log.Warn("alarm state of a point not restored", "device", id, "point", pt.ID(), "err", err)
			}
		}
	}
	return nil
}

// alarmStatePath returns where the alarm state is saved.
func alarmStatePath(cfg *Config) string {
	dir := cfg.resolve(cfg.StateDir)
	if dir == "" {
		dir = filepath.Dir(filepath.Clean(cfg.resolve(cfg.Outbox.Dir)))
	}
	return filepath.Join(dir, "alarm-state.json")
}
