package alarms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Defaults that Config uses for zero fields.
const (
	DefaultEvery    = time.Minute
	DefaultMinEvery = 5 * time.Second
	DefaultWindow   = 24 * time.Hour
	// DefaultRefresh is the shortest time between two writes of a water
	// alarm whose evidence alone changed.
	DefaultRefresh = time.Minute
)

// RulesSetting is the name of the county store setting that holds the rule
// set of the central evaluation, a JSON array of [RuleGroup].
const RulesSetting = "alarm_rules"

// Config configures an Engine. Water, County, Readings, Metering, Register
// and Devices are required.
type Config struct {
	// Water stores the alarms of package water's rules and holds the plans,
	// coefficients, bills and payments they read.
	Water water.Store
	// County stores the device alarms, the meter events and the rule set.
	County *store.Store
	// Readings holds the stored readings, for the card controllers' status
	// words.
	Readings *ingest.Store
	// Metering calls fn with the metering rollups, as
	// ingest.Ingester.Metering does.
	Metering func(fn func(*metering.Shard, *metering.Registry))
	// Register is the water register in memory.
	Register *register.Index
	// Devices is the device health, for the devices' divisions and when the
	// meters last reported.
	Devices *devices.Tracker
	// Options are the thresholds of package water's rules.
	Options water.Options
	// Every is how often the rules of package water run. Default
	// DefaultEvery.
	Every time.Duration
	// MinEvery is the shortest time between two runs that new metered
	// readings start. Default DefaultMinEvery, or Every when that is shorter.
	MinEvery time.Duration
	// Window is how far back the hourly rules (water and electricity,
	// pumping without authorisation, unpaid fees) look. Default
	// DefaultWindow.
	Window time.Duration
	// Refresh is the shortest time between two writes of an open water
	// alarm whose evidence alone changed. Default DefaultRefresh.
	Refresh time.Duration
	// Zone is the county's time zone, of plan years and months and of the
	// metering days; nil means UTC+8, China Standard Time.
	Zone *time.Location
	// Publish receives the data of an "alarm" live event (an [Event]) with
	// the division of the alarm's well or device. Nil publishes nothing.
	Publish func(division string, data json.RawMessage)
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives errors and alarm changes; nil discards them.
	Logger *slog.Logger
}

// Engine raises, updates and clears the county server's alarms. Their
// sources are the rules of package water on the metering rollups, the stored
// readings and the register, the tamper events of meters, the alarm words
// and clocks of SZY 206 terminals, the alarm events that gateways publish,
// the central iot/alarm rules on every reading, and devices gone silent. An
// Engine is safe for concurrent use, and Run runs the scheduled part.
type Engine struct {
	cfg     Config
	log     *slog.Logger
	device  *deviceKeeper
	water   *waterKeeper
	central *central
	trigger chan struct{}
	work    chan []transition

	mu        sync.Mutex
	rulesData []byte // the stored rule set
	rulesVer  int64
	wellErrs  map[water.WellCode]string // last rule error logged per well
}

// New checks cfg and returns an Engine; Load reads the stored state.
func New(cfg Config) (*Engine, error) {
	if cfg.Water == nil || cfg.County == nil || cfg.Readings == nil || cfg.Metering == nil ||
		cfg.Register == nil || cfg.Devices == nil {
		return nil, errors.New("alarms: Config needs Water, County, Readings, Metering, Register and Devices")
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultEvery
	}
	if cfg.MinEvery <= 0 {
		cfg.MinEvery = DefaultMinEvery
	}
	cfg.MinEvery = min(cfg.MinEvery, cfg.Every)
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = DefaultRefresh
	}
	if cfg.Zone == nil {
		cfg.Zone = time.FixedZone("CST", 8*3600)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if _, err := water.DetectSilent(nil, time.Time{}, cfg.Options); err != nil {
		return nil, fmt.Errorf("alarms: rule options: %w", err)
	}

	e := &Engine{cfg: cfg, log: cfg.Logger, central: newCentral(), trigger: make(chan struct{}, 1),
		work: make(chan []transition, 1024), wellErrs: map[water.WellCode]string{}}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.device = newDeviceKeeper(cfg.County, e.publishDevice)
	e.water = newWaterKeeper(cfg.Water, cfg.Refresh, e.publishWater)
	return e, nil
}

// Load reads the alarms that are not closed and the stored rule set. A
// stored rule set that no longer parses is logged and left unused.
func (e *Engine) Load(ctx context.Context) error {
	if err := e.device.load(ctx); err != nil {
		return fmt.Errorf("alarms: load device alarms: %w", err)
	}
	if err := e.water.load(ctx); err != nil {
		return err
	}
	st, err := e.cfg.County.Setting(ctx, RulesSetting)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alarms: load rule set: %w", err)
	}
	groups, err := ParseRules(st.Value)
	if err != nil {
		e.log.Error("stored alarm rules do not parse; no central rules run until they are replaced", "err", err)
	}
	e.mu.Lock()
	e.rulesData, e.rulesVer = st.Value, st.Version
	e.mu.Unlock()
	e.central.setRules(groups)
	return nil
}

// Rules returns the stored rule set and its version, `[]` and 0 when none
// is stored.
func (e *Engine) Rules() ([]byte, int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rulesData == nil {
		return []byte("[]"), 0
	}
	return slices.Clone(e.rulesData), e.rulesVer
}

// RuleError is a rule set that ParseRules rejects.
type RuleError struct{ Err error }

// Error returns the message of the [ParseRules] error, which names the group and field
// at fault.
func (e *RuleError) Error() string { return e.Err.Error() }

// Unwrap returns the parse error, so that errors.Is and errors.As see through it.
func (e *RuleError) Unwrap() error { return e.Err }

// PutRules replaces the rule set with data when version is the stored
// version (0 when none is stored), and returns the new version. Every point
// starts again in Normal. It returns a *RuleError when data does not parse
// and an error wrapping store.ErrConflict when version is not the stored one.
func (e *Engine) PutRules(ctx context.Context, data []byte, version int64) (int64, error) {
	groups, err := ParseRules(data)
	if err != nil {
		return 0, &RuleError{Err: err}
	}
	canonical, err := json.Marshal(groups)
	if err != nil {
		return 0, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	st := &store.Setting{Name: RulesSetting, Value: canonical, Version: version}
	if err := e.cfg.County.PutSetting(ctx, st); err != nil {
		return 0, err
	}
	e.rulesData, e.rulesVer = canonical, st.Version
	e.central.setRules(groups)
	return st.Version, nil
}

// Readings takes the readings of a committed batch, as ingest's
// Config.Committed gives them: it records that their devices reported, runs
// the central rules on the new ones and requests a run of package water's
// rules when a meter register moved.
func (e *Engine) Readings(rs []ingest.Reading, fresh []bool) {
	type seen struct {
		ref devices.Ref
		at  int64
	}
	latest := map[string]seen{}
	var ts []transition
	metered := false
	for i := range rs {
		if !fresh[i] {
			continue
		}
		r := &rs[i]
		ref, gateway := refOf(r)
		id := ref.ID()
		if s, ok := latest[id]; !ok || r.TimeMillis > s.at {
			latest[id] = seen{ref, r.TimeMillis}
		}
		if gateway != "" {
			latest[devices.GatewayID(gateway)] = seen{devices.Gateway(gateway), e.cfg.Now().UnixMilli()}
		}
		ts = e.central.observe(ts, id, r.Device, r.Field, time.UnixMilli(r.TimeMillis), r.Value, r.Scale)
		if !metered {
			_, _, metered = e.cfg.Register.Meter(r.Device, r.Field)
		}
	}
	for _, s := range latest {
		e.cfg.Devices.Seen(s.ref, time.UnixMilli(s.at))
	}
	if len(ts) > 0 {
		e.work <- ts
	}
	if metered {
		select {
		case e.trigger <- struct{}{}:
		default:
		}
	}
}

// refOf returns the device a reading is of and, for a gateway's reading,
// the gateway's source.
func refOf(r *ingest.Reading) (devices.Ref, string) {
	for _, p := range []string{stations.SL651, stations.SZY206} {
		if len(r.Source) > len(p) && r.Source[:len(p)+1] == p+"/" {
			return devices.Station(p, r.Device), ""
		}
	}
	return devices.Behind(r.Source, r.Device), r.Source
}

// Run runs package water's rules every Config.Every and soon after metered
// readings arrive, the central no-data rules every second, and the alarm
// changes that Readings found, until ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	every := time.NewTicker(e.cfg.Every)
	defer every.Stop()
	second := time.NewTicker(time.Second)
	defer second.Stop()
	var last time.Time
	wanted := true
	for {
		select {
		case <-ctx.Done():
			e.drain(context.WithoutCancel(ctx))
			return nil
		case ts := <-e.work:
			e.apply(ctx, ts)
		case <-e.trigger:
			wanted = true
		case <-every.C:
			wanted = true
		case now := <-second.C:
			e.apply(ctx, e.central.tick(nil, now))
		}
		if wanted && time.Since(last) >= e.cfg.MinEvery {
			wanted, last = false, time.Now()
			if err := e.Evaluate(ctx); err != nil && ctx.Err() == nil {
				e.log.Error("run water rules", "err", err)
			}
		}
	}
}

// drain applies the alarm changes still queued.
func (e *Engine) drain(ctx context.Context) {
	for {
		select {
		case ts := <-e.work:
			e.apply(ctx, ts)
		default:
			return
		}
	}
}

// apply stores the central rules' transitions as device alarms.
func (e *Engine) apply(ctx context.Context, ts []transition) {
	for _, t := range ts {
		if err := e.transition(ctx, t.device, "central", &t.event); err != nil {
			e.log.Error("store central alarm", "device", t.device, "rule", t.event.Rule, "err", err)
		}
	}
}

// transition stores one iot/alarm event of a device as a device alarm.
func (e *Engine) transition(ctx context.Context, device, origin string, ev *alarm.Event) error {
	s := Subject{Device: device, Point: ev.Point, Rule: ev.Rule}
	switch ev.Transition {
	case alarm.Raised:
		c := Condition{Subject: s, Division: e.division(device), Origin: origin, Severity: ev.Severity.String(),
			Value: ev.Value, Limit: ev.Limit, Scale: ev.Scale, Message: transitionMessage(ev), Time: ev.Time}
		if ev.Kind == alarm.NoData {
			c.Unit = "ms"
		}
		_, err := e.device.raise(ctx, c)
		return err
	case alarm.Cleared:
		return e.device.clear(ctx, s, ev.Time)
	case alarm.Acked:
		return e.device.acknowledge(ctx, s)
	}
	return nil
}

// transitionMessage describes a raised iot/alarm event.
func transitionMessage(ev *alarm.Event) string {
	if ev.Kind == alarm.NoData {
		return fmt.Sprintf("%s: no data for %s (rule %s)", ev.Point, time.Duration(ev.Value)*time.Millisecond, ev.Rule)
	}
	return fmt.Sprintf("%s: %s %s reached %s (rule %s)", ev.Point, ev.Kind, fixed(ev.Value, ev.Scale),
		fixed(ev.Limit, ev.Scale), ev.Rule)
}

// division returns the division of a device as the tracker places it.
func (e *Engine) division(id string) string {
	d, _ := e.cfg.Devices.Device(id)
	return d.Division
}

func decimalOf(v int64, scale uint8) decimal.Decimal { return decimal.New(v, -int32(scale)) }

// publishDevice publishes a change of a device alarm.
func (e *Engine) publishDevice(a *store.DeviceAlarm, change string) {
	e.log.Info("device alarm "+change, "id", a.ID, "device", a.Device, "rule", a.Rule, "severity", a.Severity)
	if e.cfg.Publish == nil {
		return
	}
	out := DeviceJSON(a)
	if data, err := json.Marshal(Event{Source: "device", Change: change, Device: &out}); err == nil {
		e.cfg.Publish(a.Division, data)
	}
}

// publishWater publishes a change of a water alarm.
func (e *Engine) publishWater(a *water.AlarmRecord, change string) {
	e.log.Info("water alarm "+change, "id", a.ID, "well", a.Well, "rule", a.Rule.String(), "severity", a.Severity.String())
	if e.cfg.Publish == nil {
		return
	}
	w, _ := e.cfg.Register.Well(a.Well)
	out := WaterJSON(a, string(w.Division))
	if data, err := json.Marshal(Event{Source: "water", Change: change, Water: &out}); err == nil {
		e.cfg.Publish(string(w.Division), data)
	}
}
