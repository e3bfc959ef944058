package alarms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/uplink"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Evaluate runs the rules of package water once on every well of the
// register: use against the plan, the water-electricity checks, pumping
// without authorisation, unpaid fees and silent meters. It stores what they
// find, closes the alarms whose condition ended, and turns counters that
// went backwards into tamper alarms. Run calls it on its schedule.
func (e *Engine) Evaluate(ctx context.Context) error {
	now := e.cfg.Now()
	loc := e.cfg.Zone
	since := now.Add(-e.cfg.Window)
	var uses map[water.WellCode]*usage
	var back []backwards
	e.cfg.Metering(func(sh *metering.Shard, reg *metering.Registry) {
		uses, back = snapshot(sh, reg, loc, since, now)
	})
	var errs []error
	if err := e.backwards(ctx, back); err != nil {
		errs = append(errs, err)
	}
	rd, err := readRegister(ctx, e.cfg.Water, now.In(loc).Year())
	if err != nil {
		return errors.Join(append(errs, err)...)
	}

	var found []water.Alarm
	evaluated := map[water.WellCode]bool{}
	for _, w := range e.cfg.Register.Wells() {
		in, err := e.input(ctx, w, uses[w.Code], rd, since, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		evaluated[w.Code] = true
		as, err := detect(in, now, loc, e.cfg.Options)
		found = append(found, as...)
		e.logWellError(w.Code, err)
	}
	inScope := func(k Key) bool { return evaluated[k.Well] && slices.Contains(ruleScope, k.Rule) }
	if err := e.water.sync(ctx, inScope, found, now); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// input gathers what the rules need of well w.
func (e *Engine) input(ctx context.Context, w register.Well, u *usage, rd *registerData, since, now time.Time) (*wellInput, error) {
	in := &wellInput{well: w, use: u, plan: rd.plans[w.Code], coefs: rd.coefs[w.Code],
		bills: rd.bills[w.Code], payments: rd.payments[w.Code],
		meters: meterStatuses(w, e.cfg.Devices.LastSeen)}
	if u != nil {
		in.intervals = u.intervals(w.Code, e.cfg.Zone, since, now)
	}
	if in.plan != nil {
		local := now.In(e.cfg.Zone)
		days, err := e.cfg.County.DailySeries(ctx, string(w.Code), land.NewDate(local.Year(), time.January, 1),
			land.NewDate(local.Year(), local.Month(), local.Day()))
		if err != nil {
			return nil, fmt.Errorf("alarms: daily totals of %s: %w", w.Code, err)
		}
		in.days = make(map[metering.Day]store.Daily, len(days))
		for _, d := range days {
			y, m, dd := d.Day.Time().Date()
			in.days[metering.DayOf(y, m, dd)] = d
		}
	}
	if id, ok := controller(w); ok && len(in.intervals) > 0 {
		// The sessions start before the window, so that one open at its
		// start covers its first hours.
		from := since.Add(-e.cfg.Window)
		rs, err := e.cfg.Readings.Series(ctx, sourceOf(id), "status_word", from.UnixMilli(), now.UnixMilli())
		if err != nil {
			return nil, fmt.Errorf("alarms: status words of %s: %w", id, err)
		}
		if len(rs) > 0 {
			words := make([]wordAt, len(rs))
			for i, r := range rs {
				words[i] = wordAt{at: time.UnixMilli(r.TimeMillis), word: uint16(r.Value)}
			}
			in.sessions, in.controlled = sessionsOf(w.Code, words), true
		}
	}
	return in, nil
}

// logWellError logs a rule error of a well when it differs from the last
// one logged, so that a well without a coefficient is not logged every run.
func (e *Engine) logWellError(well water.WellCode, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.wellErrs[well] == msg {
		return
	}
	e.wellErrs[well] = msg
	if err != nil {
		e.log.Warn("water rules of a well could not all run", "well", well, "err", err)
	}
}

// backwards stores counters gone backwards as tamper events and raises their
// alarms.
func (e *Engine) backwards(ctx context.Context, back []backwards) error {
	var es []store.MeterEvent
	for _, b := range back {
		if water.MeterID(b.device).Validate() != nil {
			continue
		}
		es = append(es, store.MeterEvent{Meter: b.device, Kind: water.CounterBackwards.String(), Time: b.at,
			Well: string(b.well), Value: thousandths(b.drop)})
	}
	return e.tamper(ctx, es)
}

// tamper stores the events and raises, or adds to, a tamper alarm for those
// that are new.
func (e *Engine) tamper(ctx context.Context, es []store.MeterEvent) error {
	if len(es) == 0 {
		return nil
	}
	added, err := e.cfg.County.AddMeterEvents(ctx, es)
	if err != nil {
		return fmt.Errorf("alarms: store meter events: %w", err)
	}
	events := make([]water.Event, 0, len(added))
	for _, m := range added {
		kind, err := water.ParseEventKind(m.Kind)
		if err != nil {
			continue
		}
		events = append(events, water.Event{Well: water.WellCode(m.Well), Meter: water.MeterID(m.Meter),
			Kind: kind, Time: m.Time, Value: m.Value})
	}
	found, err := water.DetectTamper(events, e.cfg.Now(), e.cfg.Options)
	if err != nil {
		return fmt.Errorf("alarms: tamper events: %w", err)
	}
	var errs []error
	for i := range found {
		errs = append(errs, e.water.latch(ctx, &found[i]))
	}
	return errors.Join(errs...)
}

// alarmSeverity grades the bits of an SZY 206 alarm word.
var alarmSeverity = map[string]string{
	"box_door_open": "critical", "flow_meter_fault": "major", "water_level_meter_fault": "major",
	"ac_power_lost": "major", "battery_low": "warning", "remaining_water_low": "warning",
	"water_level_over_limit": "warning", "flow_over_limit": "warning", "water_quality_over_limit": "warning",
	"water_pressure_over_limit": "warning", "ic_card": "warning", "set_point_control": "warning",
}

// Station takes the report of a station's message. Each bit of an SZY 206
// alarm word becomes a device alarm that clears with the bit. A box door
// that opens, and a clock off by more than the rule options' clock
// tolerance, become tamper events of the well the terminal is attached to.
func (e *Engine) Station(ctx context.Context, rep stations.Report) error {
	if rep.Protocol == "" {
		return nil
	}
	id := devices.StationID(rep.Protocol, rep.Station)
	div := e.division(id)
	well, attached := e.cfg.Register.WellOf(rep.Station)
	var events []store.MeterEvent
	var errs []error
	if rep.HasStatus {
		for _, name := range rep.Alarms {
			sev, ok := alarmSeverity[name]
			if !ok {
				continue // pump_on_off is a state, not an alarm
			}
			c := Condition{Subject: Subject{Device: id, Point: "alarm_word", Rule: name}, Division: div,
				Origin: "terminal", Severity: sev, Value: 1, Limit: 1,
				Message: fmt.Sprintf("terminal %s reports %s", rep.Station, name), Time: rep.Observed}
			raised, err := e.device.raise(ctx, c)
			errs = append(errs, err)
			if raised && name == "box_door_open" && attached {
				events = append(events, store.MeterEvent{Meter: rep.Station, Kind: water.DoorOpened.String(),
					Time: rep.Observed, Well: string(well.Code)})
			}
		}
		for _, name := range rep.Cleared {
			errs = append(errs, e.device.clear(ctx, Subject{Device: id, Point: "alarm_word", Rule: name}, rep.Observed))
		}
	}
	if rep.HasClock {
		ev, err := e.clock(ctx, rep, id, div)
		errs = append(errs, err)
		if ev != nil && attached {
			ev.Well = string(well.Code)
			events = append(events, *ev)
		}
	}
	errs = append(errs, e.tamper(ctx, events))
	return errors.Join(errs...)
}

// clock raises a device alarm while a terminal's clock is off by more than
// the clock tolerance, and returns a clock-changed event when it begins.
func (e *Engine) clock(ctx context.Context, rep stations.Report, id, div string) (*store.MeterEvent, error) {
	tolerance := e.cfg.Options.ClockTolerance
	switch {
	case tolerance == 0:
		tolerance = water.DefaultClockTolerance
	case tolerance < 0:
		tolerance = 0
	}
	s := Subject{Device: id, Point: "clock", Rule: "clock_offset"}
	if rep.ClockOffset.Abs() <= tolerance {
		return nil, e.device.clear(ctx, s, rep.Arrival)
	}
	seconds := int64(rep.ClockOffset / time.Second)
	c := Condition{Subject: s, Division: div, Origin: "terminal", Severity: "warning", Value: seconds,
		Limit: int64(tolerance / time.Second), Unit: "s", Time: rep.Arrival,
		Message: fmt.Sprintf("terminal %s's clock is %s off the centre's", rep.Station, rep.ClockOffset.Truncate(time.Second))}
	raised, err := e.device.raise(ctx, c)
	if !raised {
		return nil, err
	}
	return &store.MeterEvent{Meter: rep.Station, Kind: water.ClockChanged.String(), Time: rep.Arrival,
		Value: decimal.NewFromInt(seconds)}, err
}

// gatewayAlarm is the body of a gateway's alarm message: an iot/alarm Event
// with the device it belongs to.
type gatewayAlarm struct {
	Device     string    `json:"device"`
	Time       time.Time `json:"time"`
	Point      string    `json:"point"`
	Rule       string    `json:"rule"`
	Kind       string    `json:"kind"`
	Severity   string    `json:"severity"`
	Transition string    `json:"transition"`
	Value      int64     `json:"value"`
	Limit      int64     `json:"limit"`
	Scale      uint8     `json:"scale"`
}

// ErrMalformed wraps the errors of gateway messages that do not decode, so
// that the caller drops them instead of waiting for a fix that cannot come.
var ErrMalformed = errors.New("malformed gateway message")

// GatewayAlarms stores the alarm events of a gateway's alarm message of
// source "<group>/<gateway>": raised, cleared and acknowledged at the edge.
func (e *Engine) GatewayAlarms(ctx context.Context, source string, payload []byte) error {
	msgs, err := uplink.ParseMessages(payload)
	if err != nil {
		return fmt.Errorf("%w: alarm message of gateway %s: %v", ErrMalformed, source, err)
	}
	var errs []error
	for _, m := range msgs {
		var ga gatewayAlarm
		if err := json.Unmarshal(m.Data, &ga); err != nil {
			return fmt.Errorf("%w: alarm message seq %d of gateway %s: %v", ErrMalformed, m.Seq, source, err)
		}
		ev, err := ga.event()
		if err != nil {
			return fmt.Errorf("%w: alarm message seq %d of gateway %s: %v", ErrMalformed, m.Seq, source, err)
		}
		id := devices.GatewayID(source)
		if ga.Device != "" {
			id = devices.FieldDeviceID(source, ga.Device)
		}
		errs = append(errs, e.transition(ctx, id, "gateway", ev))
	}
	return errors.Join(errs...)
}

// event checks the fields and returns the iot/alarm event.
func (ga *gatewayAlarm) event() (*alarm.Event, error) {
	kind, err := alarm.ParseKind(ga.Kind)
	if err != nil {
		return nil, err
	}
	sev, err := alarm.ParseSeverity(ga.Severity)
	if err != nil {
		return nil, err
	}
	ev := &alarm.Event{Time: ga.Time, Point: ga.Point, Rule: ga.Rule, Kind: kind, Severity: sev,
		Value: ga.Value, Limit: ga.Limit, Scale: ga.Scale}
	switch ga.Transition {
	case "raised":
		ev.Transition = alarm.Raised
	case "cleared":
		ev.Transition = alarm.Cleared
	case "acknowledged":
		ev.Transition = alarm.Acked
	default:
		return nil, fmt.Errorf("transition %q is not raised, cleared or acknowledged", ga.Transition)
	}
	if ga.Rule == "" || ga.Time.IsZero() || ga.Scale > 18 {
		return nil, fmt.Errorf("want a rule, a time and a scale of at most 18, got %q, %s, %d", ga.Rule, ga.Time, ga.Scale)
	}
	for _, name := range []string{ga.Device, ga.Point, ga.Rule} {
		if len(name) > devices.MaxNameBytes {
			return nil, fmt.Errorf("device, point or rule %.40q is longer than %d bytes; shorten it", name, devices.MaxNameBytes)
		}
	}
	return ev, nil
}

// DeviceSilent raises the alarm of a device that fell silent, and clears it
// when the device reports again; it is devices.Config.Silent.
func (e *Engine) DeviceSilent(ctx context.Context, d store.Device, silent bool) {
	s := Subject{Device: d.ID, Rule: "device_silent"}
	var err error
	if silent {
		silence := e.cfg.Now().Sub(d.LastSeen).Truncate(time.Second)
		limit := e.cfg.Devices.SilenceLimit(&d)
		_, err = e.device.raise(ctx, Condition{Subject: s, Division: d.Division, Origin: "health", Severity: "major",
			Value: int64(silence / time.Second), Limit: int64(limit / time.Second), Unit: "s",
			Message: fmt.Sprintf("%s %s has sent nothing since %s", d.Kind, d.Name, d.LastSeen.UTC().Format(time.RFC3339)),
			Time:    d.LastSeen})
	} else {
		err = e.device.clear(ctx, s, d.LastSeen)
	}
	if err != nil {
		e.log.Error("store silence alarm", "device", d.ID, "err", err)
	}
}
