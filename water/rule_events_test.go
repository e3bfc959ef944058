package water_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func event(t *testing.T, kind water.EventKind, when, value string) water.Event {
	e := water.Event{Well: "W-01", Meter: "M-1", Kind: kind, Time: at(t, when)}
	if value != "" {
		e.Value = dec(value)
	}
	return e
}

func TestDetectTamper(t *testing.T) {
	tests := []struct {
		name   string
		events []water.Event
		want   []water.EventKind
	}{
		{"cover opened", []water.Event{event(t, water.CoverOpened, "2024-06-01T10:00:00Z", "")},
			[]water.EventKind{water.CoverOpened}},
		{"door opened", []water.Event{event(t, water.DoorOpened, "2024-06-01T10:00:00Z", "")},
			[]water.EventKind{water.DoorOpened}},
		{"magnetic attack", []water.Event{event(t, water.MagneticAttack, "2024-06-01T10:00:00Z", "")},
			[]water.EventKind{water.MagneticAttack}},
		{"counter backwards", []water.Event{event(t, water.CounterBackwards, "2024-06-01T10:00:00Z", "125")},
			[]water.EventKind{water.CounterBackwards}},
		{"clock step at tolerance", []water.Event{event(t, water.ClockChanged, "2024-06-01T10:00:00Z", "-300")}, nil},
		{"clock step over tolerance", []water.Event{event(t, water.ClockChanged, "2024-06-01T10:00:00Z", "-301")},
			[]water.EventKind{water.ClockChanged}},
		{"burst within merge", []water.Event{
			event(t, water.CoverOpened, "2024-06-01T10:00:00Z", ""),
			event(t, water.CoverOpened, "2024-06-01T10:10:00Z", ""),
			event(t, water.CoverOpened, "2024-06-01T10:20:00Z", ""),
		}, []water.EventKind{water.CoverOpened}},
		{"gap beyond merge", []water.Event{
			event(t, water.CoverOpened, "2024-06-01T10:00:00Z", ""),
			event(t, water.CoverOpened, "2024-06-01T10:10:01Z", ""),
		}, []water.EventKind{water.CoverOpened, water.CoverOpened}},
		{"kinds kept apart", []water.Event{
			event(t, water.DoorOpened, "2024-06-01T10:01:00Z", ""),
			event(t, water.CoverOpened, "2024-06-01T10:00:00Z", ""),
		}, []water.EventKind{water.CoverOpened, water.DoorOpened}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alarms, err := water.DetectTamper(tt.events, time.Time{}, water.Options{})
			require.NoError(t, err)

			var got []water.EventKind
			for _, a := range alarms {
				got = append(got, a.Event)
				assert.Equal(t, water.RuleTamper, a.Rule)
				assert.Equal(t, water.MeterID("M-1"), a.Meter)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDetectTamperEvidence(t *testing.T) {
	events := []water.Event{
		event(t, water.CounterBackwards, "2024-06-01T10:00:00Z", "100"),
		event(t, water.CounterBackwards, "2024-06-01T10:05:00Z", "25.5"),
		event(t, water.ClockChanged, "2024-06-01T11:00:00Z", "600"),
		event(t, water.ClockChanged, "2024-06-01T11:01:00Z", "-7200"),
	}

	alarms, err := water.DetectTamper(events, time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 2)
	drop, _ := alarms[0].Value("drop")
	assertDecimal(t, "125.5", drop)
	count, _ := alarms[0].Value("events")
	assertDecimal(t, "2", count)
	assert.Equal(t, at(t, "2024-06-01T10:05:00Z"), alarms[0].To)
	step, _ := alarms[1].Value("largest_step")
	assertDecimal(t, "-7200", step)
	assertDecimal(t, "300", alarms[1].Threshold.Value)
}

func TestDetectTamperNeverMerge(t *testing.T) {
	events := []water.Event{
		event(t, water.CoverOpened, "2024-06-01T10:00:00Z", ""),
		event(t, water.CoverOpened, "2024-06-01T10:00:00Z", ""),
	}

	alarms, err := water.DetectTamper(events, time.Time{}, water.Options{MergeWithin: -1})
	require.NoError(t, err)
	assert.Len(t, alarms, 2)
}

func TestDetectTamperRejectsUnknownKind(t *testing.T) {
	events := []water.Event{event(t, water.EventKindUnknown, "2024-06-01T10:00:00Z", "")}

	_, err := water.DetectTamper(events, time.Time{}, water.Options{})
	assert.Error(t, err)
}

// overdueAccount returns W-01's account on 2024-07-10 with one bill of 100 yuan due
// 2024-06-30, of which paid yuan were paid.
func overdueAccount(t *testing.T, paid string) *water.Account {
	t.Helper()
	bill := water.Bill{ID: "B-1", Well: "W-01", Kind: water.ResourceFee,
		Period: land.Period{Start: land.NewDate(2024, 1, 1), End: land.NewDate(2024, 5, 31)},
		Charge: water.Charge{Total: dec("100")},
		Issued: land.NewDate(2024, 6, 1),
		Due:    land.NewDate(2024, 6, 30),
	}
	var payments []water.Payment
	if paid != "" {
		payments = append(payments, water.Payment{ID: "P-1", Well: "W-01", Paid: land.NewDate(2024, 6, 5), Amount: dec(paid)})
	}
	acc, err := water.Statement("W-01", []water.Bill{bill}, payments, land.NewDate(2024, 7, 10))
	require.NoError(t, err)
	return &acc
}

func TestDetectUnpaidPumping(t *testing.T) {
	tests := []struct {
		name  string
		paid  string
		start string
		kwh   string
		grace int
		fires bool
	}{
		{"pumping the day after due", "", "2024-07-01T00:00:00+08:00", "20", 0, true},
		{"pumping on the due day", "", "2024-06-30T23:00:00+08:00", "20", 0, false},
		{"paid up", "100", "2024-07-02T00:00:00+08:00", "20", 0, false},
		{"a fen unpaid", "99.99", "2024-07-02T00:00:00+08:00", "20", 0, true},
		{"not pumping", "", "2024-07-02T00:00:00+08:00", "0.1", 0, false},
		{"within grace", "", "2024-07-05T23:00:00+08:00", "20", 5, false},
		{"after grace", "", "2024-07-06T00:00:00+08:00", "20", 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := overdueAccount(t, tt.paid)
			iv := hourly(t, tt.start, tt.kwh, "")

			alarms, err := water.DetectUnpaidPumping(acc, []water.Interval{iv}, time.Time{},
				water.Options{ArrearsGraceDays: tt.grace})
			require.NoError(t, err)

			if !tt.fires {
				assert.Empty(t, alarms)
				return
			}
			require.Len(t, alarms, 1)
			assert.Equal(t, water.RuleUnpaidPumping, alarms[0].Rule)
			arrears, _ := alarms[0].Value("arrears")
			want := dec("100")
			if tt.paid != "" {
				want = want.Sub(dec(tt.paid))
			}
			assertDecimal(t, want.String(), arrears)
		})
	}
}

func TestDetectUnpaidPumpingUrumqiZone(t *testing.T) {
	acc := overdueAccount(t, "")
	// 01:30 at UTC+8 on 1 July is 23:30 on 30 June at UTC+6, still the due day there.
	iv := hourly(t, "2024-07-01T01:30:00+08:00", "20", "")

	alarms, err := water.DetectUnpaidPumping(acc, []water.Interval{iv}, time.Time{},
		water.Options{Zone: time.FixedZone("UTC+6", 6*3600)})
	require.NoError(t, err)
	assert.Empty(t, alarms)
}

func TestDetectSilent(t *testing.T) {
	now := at(t, "2024-06-01T12:00:00Z")
	tests := []struct {
		name   string
		status water.MeterStatus
		fires  bool
	}{
		{"reported recently", water.MeterStatus{LastSeen: at(t, "2024-06-01T06:00:01Z")}, false},
		{"silent exactly 6 hours", water.MeterStatus{LastSeen: at(t, "2024-06-01T06:00:00Z")}, true},
		{"never reported, new", water.MeterStatus{Since: at(t, "2024-06-01T11:00:00Z")}, false},
		{"never reported, old", water.MeterStatus{Since: at(t, "2024-05-01T00:00:00Z")}, true},
		{"no times", water.MeterStatus{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.status
			st.Well, st.Meter, st.Kind = "W-01", "M-1", water.FlowMeter

			alarms, err := water.DetectSilent([]water.MeterStatus{st}, now, water.Options{})
			require.NoError(t, err)

			if !tt.fires {
				assert.Empty(t, alarms)
				return
			}
			require.Len(t, alarms, 1)
			assert.Equal(t, water.RuleSilentMeter, alarms[0].Rule)
			assert.Equal(t, now, alarms[0].To)
			assertDecimal(t, "21600", alarms[0].Threshold.Value)
		})
	}
}

func TestDetectSilentOwnLimit(t *testing.T) {
	now := at(t, "2024-06-01T12:00:00Z")
	st := water.MeterStatus{Well: "W-01", Meter: "M-1", LastSeen: at(t, "2024-06-01T11:00:00Z")}

	alarms, err := water.DetectSilent([]water.MeterStatus{st}, now, water.Options{SilentAfter: time.Hour})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	silent, _ := alarms[0].Value("silent")
	assertDecimal(t, "3600", silent)
}

func TestOptionsRejected(t *testing.T) {
	tests := []struct {
		name string
		opts water.Options
	}{
		{"negative energy", water.Options{MinEnergy: dec("-1")}},
		{"band of 1", water.Options{RatioBand: dec("1")}},
		{"none fraction of 1", water.Options{NoneFraction: dec("1")}},
		{"warning of 100", water.Options{Warnings: []decimal.Decimal{dec("100")}}},
		{"negative grace days", water.Options{ArrearsGraceDays: -1}},
		{"negative silence", water.Options{SilentAfter: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.DetectSilent(nil, time.Time{}, tt.opts)
			var fe *water.FieldError
			assert.ErrorAs(t, err, &fe)
		})
	}
}
