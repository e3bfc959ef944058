// Package stations converts what the centre station receives from telemetry
// stations into the county server's readings and device facts. An SL 651-2014
// report becomes one reading per element value. An SZY 206-2016 or SL/T
// 427-2021 terminal's self-report, alarm report, manual data and replies to
// the centre's queries become readings of flow, accumulated water, power,
// remaining water and recharge (the IC-card figures), pump voltages and
// currents, event counters and the raw alarm and status words. The alarm
// word's bits (box door open, remaining water low, meter faults and so on),
// the pump state of the status word and the terminal clock's offset from the
// time of arrival go to the caller in a [Report] beside the readings.
//
// Readings are keyed by the station and the observation time: Source is
// "sl651/<station>" or "szy206/<station>" and Seq the observation time in
// Unix milliseconds, so a report that a DTU sends twice is stored once.
// Values stay in integer fixed point with the decimals the protocol gives.
package stations

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Protocol names of stations, as the Source of their readings begins.
const (
	SL651  = "sl651"
	SZY206 = "szy206"
)

// MaxLabelSkew is the largest offset of a terminal's time label from the
// time of arrival that the label is trusted for: a report whose label is
// further off is stored at its time of arrival.
const MaxLabelSkew = time.Hour

// Report is what one centre event says about its station.
type Report struct {
	// Station is the station id as the centre names it, such as "654229/7"
	// for an SZY 206 terminal or "6542290001" for an SL 651 station.
	Station string
	// Protocol is SL651 or SZY206.
	Protocol string
	// Arrival is when the centre read the frame.
	Arrival time.Time
	// Observed is the observation time of the readings: the frame's time
	// label, or Arrival when it has none or the label is more than
	// MaxLabelSkew off.
	Observed time.Time
	// Readings are the values, in the order of the frame.
	Readings []ingest.Reading

	// HasStatus reports whether the frame carried the SZY 206 alarm and
	// status words.
	HasStatus bool
	// Alarms are the names of the alarm word's bits that are set, such as
	// "box_door_open" (szy206.AlarmWord.Names).
	Alarms []string
	// Cleared are the names of the alarm word's bits that are clear.
	Cleared []string
	// PumpRunning is the pump state of the status word, valid with HasStatus.
	PumpRunning bool

	// HasClock reports whether the frame carried a time label or a clock,
	// and ClockOffset is that time minus Arrival.
	HasClock    bool
	ClockOffset time.Duration
}

// Convert returns the report of a centre Message event of either protocol,
// with the SZY 206 time labels read in loc (China Standard Time when nil).
// Events of other kinds and protocols give an empty report.
func Convert(e *centre.Event, loc *time.Location) Report {
	switch {
	case e.Kind != centre.Message:
		return Report{Station: e.Station, Arrival: e.Time, Observed: e.Time}
	case e.SZY206 != nil:
		return SZY206Report(e, loc)
	case e.SL651 != nil:
		return Report{Station: e.Station, Protocol: SL651, Arrival: e.Time, Observed: e.Time,
			Readings: SL651Readings(nil, e)}
	}
	return Report{Station: e.Station, Arrival: e.Time, Observed: e.Time}
}

// SL651Readings converts the elements of an SL 651 report into readings of
// the station, keyed by observation time, with each element's identifier
// code (SL 651-2014 table C.1) as the field.
func SL651Readings(dst []ingest.Reading, e *centre.Event) []ingest.Reading {
	m := e.SL651
	if m == nil {
		return dst
	}
	var buf [16]metering.Reading
	for _, el := range m.Elements {
		rs, err := el.Readings(buf[:0], 0, el.Value.Scale)
		if err != nil {
			continue
		}
		for _, r := range rs {
			ms := r.Time * 1000
			dst = append(dst, ingest.Reading{
				Source: SL651 + "/" + e.Station, Seq: ms, Device: e.Station, Field: el.ID.Code(),
				TimeMillis: ms, Value: r.Value, Scale: el.Value.Scale,
			})
		}
	}
	return dst
}

// chinaStandardTime is UTC+8 without daylight saving time, the zone of SZY
// 206 terminal clocks unless configured otherwise.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// SZY206Report converts an SZY 206 message of a Message event or of a reply
// the centre received for a query. Values without data (AA bytes) are left
// out.
func SZY206Report(e *centre.Event, loc *time.Location) Report {
	if loc == nil {
		loc = chinaStandardTime
	}
	m := e.SZY206
	rep := Report{Station: e.Station, Protocol: SZY206, Arrival: e.Time, Observed: e.Time}
	if m == nil {
		return rep
	}
	observe(&rep, m, loc)
	rep.Readings = make([]ingest.Reading, 0, len(m.Items)+8)
	c := collector{rep: &rep, source: SZY206 + "/" + e.Station, ms: rep.Observed.UnixMilli()}
	for _, it := range m.Items {
		c.add(itemField(it), it.Value)
	}
	w := &m.Water
	c.add("recharge", w.Recharge)
	c.add("remaining_water", w.Remaining)
	c.add("remaining_alarm_level", w.AlarmLevel)
	c.add("set_point", w.SetPoint)
	if m.Pump.Valid {
		for i, phase := range []string{"a", "b", "c"} {
			c.add("voltage_"+phase, m.Pump.Voltage[i])
			c.add("current_"+phase, m.Pump.Current[i])
		}
	}
	if m.Header.AFN == szy206.QueryEvents {
		for i, n := range m.Events {
			if szy206.EventName(i+1) != "" {
				c.add("erc_"+strconv.Itoa(i+1), szy206.NewValue(int64(n), 0))
			}
		}
	}
	if m.HasStatus {
		status(&rep, m)
		c.add("alarm_word", szy206.NewValue(int64(m.Alarm), 0))
		c.add("status_word", szy206.NewValue(int64(m.Status), 0))
	}
	return rep
}

// observe sets the observation time and clock offset from the message's
// clock or time label.
func observe(rep *Report, m *szy206.Message, loc *time.Location) {
	var t time.Time
	switch {
	case !m.Clock.IsZero() && m.Header.AFN == szy206.QueryClock:
		t = m.Clock
	case !m.Header.TimeLabel.IsZero():
		t = m.Header.TimeLabel.Time(rep.Arrival, loc)
	}
	if t.IsZero() {
		return
	}
	rep.HasClock, rep.ClockOffset = true, t.Sub(rep.Arrival)
	if m.Header.AFN != szy206.QueryClock && rep.ClockOffset.Abs() <= MaxLabelSkew {
		rep.Observed = t
	}
}

// alarmBits are the names of the alarm word's bits, "" for the reserved ones.
var alarmBits = sync.OnceValue(func() (names [16]string) {
	for bit := range names {
		n := (szy206.AlarmWord(1) << bit).Names()
		if len(n) == 1 && !strings.HasPrefix(n[0], "bit") {
			names[bit] = n[0]
		}
	}
	return names
})

// status sets the alarm bits and the pump state of the words.
func status(rep *Report, m *szy206.Message) {
	rep.HasStatus = true
	rep.PumpRunning = !m.Status.Has(szy206.PumpOff)
	names := alarmBits()
	rep.Alarms = make([]string, 0, 4)
	rep.Cleared = make([]string, 0, len(names))
	for bit, name := range names {
		switch {
		case name == "":
		case m.Alarm.Has(szy206.AlarmWord(1) << bit):
			rep.Alarms = append(rep.Alarms, name)
		default:
			rep.Cleared = append(rep.Cleared, name)
		}
	}
}

// itemField returns the field name of an item: the quantity's name in
// snake_case, water_total for the accumulated water, with the index after an
// underscore from the second measuring point on and the parameter's bit for
// water quality.
func itemField(it szy206.Item) string {
	name := quantityField(it.Quantity)
	switch {
	case it.Quantity == szy206.WaterQuality:
		return name + "_" + strconv.Itoa(int(it.Index))
	case it.Index > 1:
		return name + "_" + strconv.Itoa(int(it.Index))
	}
	return name
}

// quantityFields are the field names of the quantities, by quantity.
var quantityFields = sync.OnceValue(func() (names [256]string) {
	for q := range names {
		names[q] = strings.ReplaceAll(szy206.Quantity(q).String(), " ", "_")
	}
	names[szy206.AccumulatedWater] = "water_total"
	return names
})

// quantityField returns the field name of a quantity, such as water_level.
func quantityField(q szy206.Quantity) string { return quantityFields()[q] }

// collector appends readings of one report.
type collector struct {
	rep    *Report
	source string
	ms     int64
}

func (c *collector) add(field string, v szy206.Value) {
	if !v.Valid {
		return
	}
	st := c.rep.Station
	c.rep.Readings = append(c.rep.Readings, ingest.Reading{Source: c.source, Seq: c.ms, Device: st,
		Field: field, TimeMillis: c.ms, Value: v.Int, Scale: v.Scale})
}
