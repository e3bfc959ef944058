package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/shuxiang/shuxiang/water"
)

// Defaults of the alarm and device flags.
const (
	defaultRulesEvery   = time.Minute
	defaultRegisterLoad = time.Minute
	defaultTerminalPoll = 5 * time.Minute
)

// watchFlags are the flags of the alarms and the device health.
type watchFlags struct {
	rulesFile    string
	rulesEvery   time.Duration
	silentAfter  time.Duration
	minSilence   time.Duration
	terminalPoll time.Duration
	variant      string

	// options are the rule thresholds; the demo sets some below their
	// defaults so that its alarms fire within minutes.
	options water.Options
}

// register adds the alarm and device flags to fs.
func (f *watchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.rulesFile, "alarm-rules", os.Getenv("SHUXIANG_ALARM_RULES"),
		"JSON `file` of iot/alarm rule groups that the server evaluates on every reading; it replaces the stored rule set at start (env SHUXIANG_ALARM_RULES)")
	fs.DurationVar(&f.rulesEvery, "rules-every", defaultRulesEvery,
		"`time` between two runs of the water rules (plans, water and electricity, authorisation, fees, silent meters)")
	fs.DurationVar(&f.silentAfter, "silent-after", water.DefaultSilentAfter,
		"`time` after which a meter that stopped reporting raises a silent-meter alarm")
	fs.DurationVar(&f.minSilence, "device-silence", devices.DefaultMinSilence,
		"shortest `time` of silence that makes a device offline with an alarm; a device waits three of its reporting intervals, at least this")
	fs.DurationVar(&f.terminalPoll, "terminal-poll", defaultTerminalPoll,
		"`time` between two queries of the online SZY 206 terminals for their IC-card figures and pump data; 0 turns them off")
	fs.StringVar(&f.variant, "szy206-variant", "2016",
		"frame `variant` of the SZY 206 terminals: 2016 (SZY 206-2016, 5-byte time labels) or 2021 (SL/T 427-2021, 7-byte)")
}

// szy206Options returns the decoder options of the -szy206-variant flag.
func (f *watchFlags) szy206Options() (szy206.Options, error) {
	switch f.variant {
	case "2016", "":
		return szy206.Options{}, nil
	case "2021":
		return szy206.Options{Variant: szy206.SLT427()}, nil
	}
	return szy206.Options{}, fmt.Errorf("-szy206-variant %q: want 2016 or 2021", f.variant)
}

// watch is the register index, the device health and the alarm engine of
// serve, and the handlers that feed them.
type watch struct {
	flags   watchFlags
	index   *register.Index
	tracker *devices.Tracker
	engine  *alarms.Engine
	water   water.Store
	ingest  *ingest.Ingester
	centre  *centre.Server // nil when disabled
	options szy206.Options
	log     *slog.Logger

	// hub receives the "alarm" and "health" events; serve sets it before run.
	mu  sync.Mutex
	hub *live.Hub
}

// newWatch loads the register index and the stored device health.
func newWatch(ctx context.Context, a *app, f watchFlags, log *slog.Logger) (*watch, error) {
	opts, err := f.szy206Options()
	if err != nil {
		return nil, err
	}
	w := &watch{flags: f, index: &register.Index{}, water: a.water, options: opts, log: log}
	if err := w.index.Load(ctx, a.water); err != nil {
		return nil, err
	}
	w.tracker, err = devices.New(devices.Config{Store: a.county, Register: w.index, MinSilence: f.minSilence,
		Silent: func(ctx context.Context, d store.Device, silent bool) {
			if w.engine != nil {
				w.engine.DeviceSilent(ctx, d, silent)
			}
		},
		Publish: func(division string, data json.RawMessage) { w.publish(live.KindHealth, division, data) },
		Logger:  log})
	if err != nil {
		return nil, err
	}
	if err := w.tracker.Load(ctx); err != nil {
		return nil, fmt.Errorf("load device health: %w", err)
	}
	return w, nil
}

// start creates the alarm engine on the readings store and the ingest, loads
// its state and applies the -alarm-rules file.
func (w *watch) start(ctx context.Context, a *app, readings *ingest.Store, in *ingest.Ingester) error {
	w.ingest = in
	opts := w.flags.options
	opts.SilentAfter = w.flags.silentAfter
	var err error
	w.engine, err = alarms.New(alarms.Config{Water: a.water, County: a.county, Readings: readings,
		Metering: in.Metering, Register: w.index, Devices: w.tracker, Options: opts, Every: w.flags.rulesEvery,
		Zone:    a.zone.loc,
		Publish: func(division string, data json.RawMessage) { w.publish(live.KindAlarm, division, data) },
		Logger:  w.log})
	if err != nil {
		return err
	}
	if err := w.engine.Load(ctx); err != nil {
		return err
	}
	if w.flags.rulesFile == "" {
		return nil
	}
	data, err := os.ReadFile(w.flags.rulesFile)
	if err != nil {
		return fmt.Errorf("-alarm-rules: %w", err)
	}
	if current, version := w.engine.Rules(); version == 0 || !sameRules(current, data) {
		if _, err := w.engine.PutRules(ctx, data, version); err != nil {
			return fmt.Errorf("-alarm-rules %s: %w", w.flags.rulesFile, err)
		}
		w.log.Info("alarm rules replaced from file", "file", w.flags.rulesFile)
	}
	return nil
}

// sameRules reports whether the rule set data parses to the stored one.
func sameRules(stored, data []byte) bool {
	groups, err := alarms.ParseRules(data)
	if err != nil {
		return false
	}
	canonical, err := json.Marshal(groups)
	return err == nil && string(canonical) == string(stored)
}

// setHub sets the hub that the alarm and health events go to.
func (w *watch) setHub(h *live.Hub) {
	w.mu.Lock()
	w.hub = h
	w.mu.Unlock()
}

func (w *watch) publish(kind, division string, data json.RawMessage) {
	w.mu.Lock()
	h := w.hub
	w.mu.Unlock()
	if h != nil {
		h.Publish(live.Event{Kind: kind, Division: division, Data: data})
	}
}

// committed is the ingest's Config.Committed.
func (w *watch) committed(rs []ingest.Reading, fresh []bool) {
	if w.engine != nil {
		w.engine.Readings(rs, fresh)
	}
}

// gatewayMessage is the ingest's Config.Events: birth, death and health go
// to the device health, alarm messages to the alarm engine too. A message
// that does not decode is logged and acknowledged, because sending it again
// would not help.
func (w *watch) gatewayMessage(ctx context.Context, kind, source string, payload []byte) error {
	err := w.tracker.GatewayMessage(kind, source, payload, time.Now())
	if err == nil && kind == "alarm" && w.engine != nil {
		err = w.engine.GatewayAlarms(ctx, source, payload)
		if err != nil && !errors.Is(err, alarms.ErrMalformed) {
			return err
		}
	}
	if err != nil {
		w.log.Warn("dropped gateway message that does not decode", "kind", kind, "gateway", source, "err", err)
	}
	return nil
}

// centreHandler returns the centre station's handler: sessions go to the
// device health, and each message's report to the ingest, the device health
// and the alarm engine.
func (w *watch) centreHandler() centre.Handler {
	return centre.HandlerFunc(func(ctx context.Context, e *centre.Event) {
		switch e.Kind {
		case centre.Online, centre.Offline:
			w.session(e)
		case centre.Message:
			w.report(ctx, stations.Convert(e, nil))
		}
	})
}

// session records a station's connection or disconnection.
func (w *watch) session(e *centre.Event) {
	protocol := protocolName(e.Protocol)
	if protocol == "" || e.Station == "" {
		return
	}
	ref := devices.Station(protocol, e.Station)
	if e.Kind == centre.Online {
		w.tracker.Seen(ref, e.Time)
		w.tracker.SetState(ref, devices.Online, "", e.Time)
		return
	}
	detail := "disconnected"
	if e.Err != nil {
		detail = "disconnected: " + e.Err.Error()
	}
	w.tracker.SetState(ref, devices.Offline, detail, e.Time)
}

func protocolName(p centre.Protocol) string {
	switch p {
	case centre.SL651:
		return stations.SL651
	case centre.SZY206:
		return stations.SZY206
	}
	return ""
}

// report passes a station's report on.
func (w *watch) report(ctx context.Context, rep stations.Report) {
	if rep.Protocol == "" {
		return
	}
	if err := w.ingest.Enqueue(ctx, rep.Readings); err != nil {
		return // the server is stopping
	}
	w.tracker.Seen(devices.Station(rep.Protocol, rep.Station), rep.Observed)
	if w.engine != nil {
		if err := w.engine.Station(ctx, rep); err != nil {
			w.log.Error("store station alarms", "station", rep.Station, "err", err)
		}
	}
}

// run keeps the register index, the device health, the alarm engine and
// the terminal queries going until ctx ends. The engine starts once the
// ingest has replayed the stored readings into metering.
func (w *watch) run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := w.tracker.Run(ctx); err != nil {
			w.log.Error("device health stopped", "err", err)
		}
	})
	wg.Go(func() {
		select {
		case <-ctx.Done():
			return
		case <-w.ingest.Ready():
		}
		if err := w.engine.Run(ctx); err != nil {
			w.log.Error("alarm engine stopped", "err", err)
		}
	})
	wg.Go(func() { w.reloadRegister(ctx) })
	if w.centre != nil && w.flags.terminalPoll > 0 {
		wg.Go(func() { w.pollTerminals(ctx) })
	}
	wg.Wait()
}

// reloadRegister reads the register into the index every minute, so that
// wells and meters changed through the API reach metering and the rules.
func (w *watch) reloadRegister(ctx context.Context) {
	tick := time.NewTicker(defaultRegisterLoad)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := w.index.Load(ctx, w.water); err != nil && ctx.Err() == nil {
				w.log.Warn("reload the water register", "err", err)
			}
		}
	}
}

// terminalQueries are the AFNs the server sends each online SZY 206 terminal:
// the last recharge and the remaining water (the IC-card figures) and the
// pump motor's voltages and currents.
var terminalQueries = []szy206.AFN{szy206.QueryRecharge, szy206.QueryPump}

// pollTerminals queries the online SZY 206 terminals every -terminal-poll
// and passes their replies on like reports.
func (w *watch) pollTerminals(ctx context.Context) {
	tick := time.NewTicker(w.flags.terminalPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for _, station := range w.centre.Stations() {
			if ctx.Err() != nil {
				return
			}
			if _, ok := w.tracker.Device(devices.StationID(stations.SZY206, station)); ok {
				w.queryTerminal(ctx, station)
			}
		}
	}
}

// queryTerminal sends the terminal queries to one station.
func (w *watch) queryTerminal(ctx context.Context, station string) {
	addr, ok := terminalAddress(station)
	if !ok {
		return
	}
	for _, afn := range terminalQueries {
		m := szy206.Message{Header: szy206.Header{Control: szy206.NewControl(false, false, 3, szy206.Command),
			Address: addr, AFN: afn}}
		frame, err := m.AppendFrame(nil, w.options)
		if err != nil {
			w.log.Error("build terminal query", "station", station, "afn", afn.String(), "err", err)
			return
		}
		reply, err := w.centre.Send(ctx, station, frame)
		if err != nil {
			w.log.Debug("terminal query failed", "station", station, "afn", afn.String(), "err", err)
			return
		}
		w.report(ctx, stations.SZY206Report(reply, w.options.Location))
	}
}

// terminalAddress parses a station id "<region>/<number>" that the centre
// gives an SZY 206 terminal back into its address.
func terminalAddress(station string) (szy206.Address, bool) {
	region, number, ok := strings.Cut(station, "/")
	if !ok {
		return szy206.Address{}, false
	}
	n, err := strconv.ParseUint(number, 10, 16)
	if err != nil {
		return szy206.Address{}, false
	}
	a, err := szy206.NewAddress(region, uint16(n))
	return a, err == nil
}
