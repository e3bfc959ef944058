package stations_test

import (
	"bufio"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

var cst = time.FixedZone("CST", 8*3600)

// sharedFrames returns the hex frames of the shared table of water telemetry
// frames whose protocol column starts with prefix. It skips the test when the
// table is missing, or fails it when CI=true.
func sharedFrames(t *testing.T, prefix string) map[string]string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	f, err := os.Open(filepath.Join(dir, "..", "shared", "testdata", "water-frames.tsv"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared frames: %v", err)
		}
		t.Skipf("shared frames not available: %v", err)
	}
	defer f.Close()
	frames := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 4 && strings.HasPrefix(cols[0], prefix) {
			frames[cols[1]] = cols[0]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return frames
}

// decode decodes a frame of the shared table as the centre station would and
// returns its event, arriving at arrival.
func decode(t *testing.T, frame string, variant szy206.Variant, arrival time.Time) *centre.Event {
	t.Helper()
	b, err := hex.DecodeString(frame)
	if err != nil {
		t.Fatal(err)
	}
	var m szy206.Message
	if err := szy206.NewDecoder(szy206.Options{Variant: variant}).Decode(b, &m); err != nil {
		t.Fatalf("decode %s: %v", frame, err)
	}
	return &centre.Event{Kind: centre.Message, Station: m.Header.Address.String(), Protocol: centre.SZY206,
		Time: arrival, Frame: b, SZY206: &m}
}

func TestSZY206SharedFrames(t *testing.T) {
	frames := sharedFrames(t, "SZY206")
	for frame, protocol := range sharedFrames(t, "SL/T 427") {
		frames[frame] = protocol
	}
	tests := []struct {
		name     string
		frame    string
		variant  szy206.Variant
		arrival  time.Time
		observed time.Time
		fields   string // FIELD=VALUE/SCALE separated by spaces
		alarms   []string
		pump     bool
	}{
		{
			name:     "flow report with time label",
			frame:    "681A68B35303810D00C00059000000826110000001106000004508090A3516",
			arrival:  time.Date(2026, 7, 9, 8, 47, 0, 0, cst),
			observed: time.Date(2026, 7, 9, 8, 45, 0, 0, cst),
			fields:   "flow=5900/3 water_total=106182/0 alarm_word=4097/0 status_word=96/0",
			alarms:   []string{"ac_power_lost", "remaining_water_low"},
			pump:     true,
		},
		{
			name:     "flow without data",
			frame:    "681568B34406070001C0AAAAAAAAAA004040000000000101E516",
			arrival:  time.Date(2026, 7, 9, 8, 47, 0, 0, cst),
			observed: time.Date(2026, 7, 9, 8, 47, 0, 0, cst),
			fields:   "water_total=404000/0 alarm_word=0/0 status_word=257/0",
			pump:     true,
		},
		{
			name:     "SL/T 427 velocity with box door open",
			frame:    "681568B40102030405C05545040020700030151412052600AD16",
			variant:  szy206.SLT427(),
			arrival:  time.Date(2026, 5, 12, 14, 16, 0, 0, cst),
			observed: time.Date(2026, 5, 12, 14, 15, 30, 0, cst),
			fields:   "velocity=44555/3 alarm_word=8192/0 status_word=112/0",
			alarms:   []string{"box_door_open"},
			pump:     false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := frames[tt.frame]; !ok {
				t.Fatalf("frame %s is not in the shared table", tt.frame)
			}
			delete(frames, tt.frame)
			e := decode(t, tt.frame, tt.variant, tt.arrival)
			rep := stations.Convert(e, cst)
			if rep.Protocol != stations.SZY206 || rep.Station != e.Station {
				t.Errorf("got protocol %q station %q, want szy206 %q", rep.Protocol, rep.Station, e.Station)
			}
			if !rep.Observed.Equal(tt.observed) {
				t.Errorf("observed: got %s, want %s", rep.Observed, tt.observed)
			}
			var got []string
			for _, r := range rep.Readings {
				got = append(got, r.Field+"="+strconv.FormatInt(r.Value, 10)+"/"+strconv.Itoa(int(r.Scale)))
				want := ingest.Reading{Source: "szy206/" + e.Station, Seq: tt.observed.UnixMilli(), Device: e.Station,
					Field: r.Field, TimeMillis: tt.observed.UnixMilli(), Value: r.Value, Scale: r.Scale}
				if r != want {
					t.Errorf("reading key: got %+v, want %+v", r, want)
				}
			}
			if strings.Join(got, " ") != tt.fields {
				t.Errorf("readings: got %s, want %s", strings.Join(got, " "), tt.fields)
			}
			if !rep.HasStatus || !slices.Equal(rep.Alarms, tt.alarms) {
				t.Errorf("alarms: got %v (status %v), want %v", rep.Alarms, rep.HasStatus, tt.alarms)
			}
			if rep.PumpRunning != tt.pump {
				t.Errorf("pump running: got %v, want %v", rep.PumpRunning, tt.pump)
			}
			for _, name := range rep.Alarms {
				if slices.Contains(rep.Cleared, name) {
					t.Errorf("alarm %s both raised and cleared", name)
				}
			}
		})
	}
	for frame, protocol := range frames {
		t.Errorf("shared %s frame %s has no case", protocol, frame)
	}
}

// TestSZY206Replies checks the replies to the centre's queries: the IC-card
// figures, the pump motor data, the event counters and the clock.
func TestSZY206Replies(t *testing.T) {
	arrival := time.Date(2026, 7, 9, 8, 47, 0, 0, cst)
	addr, err := szy206.NewAddress("654229", 7)
	if err != nil {
		t.Fatal(err)
	}
	up := func(a szy206.AFN) szy206.Header {
		return szy206.Header{Control: szy206.NewControl(true, false, 3, szy206.Command), Address: addr, AFN: a}
	}
	var events [32]uint16
	events[8] = 3 // ERC9, box opened without authority
	volts, amps := szy206.NewValue(3800, 1), szy206.NewValue(4560, 2)
	tests := []struct {
		name   string
		m      szy206.Message
		fields string
		clock  time.Duration
	}{
		{"recharge and remaining water", szy206.Message{Header: up(szy206.QueryRecharge),
			Water: szy206.Water{Recharge: szy206.NewValue(500, 0), Remaining: szy206.NewValue(-12, 0)}},
			"recharge=500/0 remaining_water=-12/0", 0},
		{"remaining water and alarm value", szy206.Message{Header: up(szy206.QueryRemaining),
			Water: szy206.Water{Remaining: szy206.NewValue(88, 0), AlarmLevel: szy206.NewValue(100, 0)}},
			"remaining_water=88/0 remaining_alarm_level=100/0", 0},
		{"pump motor data", szy206.Message{Header: up(szy206.QueryPump), Pump: szy206.PumpData{
			Voltage: [3]szy206.Value{volts, volts, volts}, Current: [3]szy206.Value{amps, amps, amps}, Valid: true}},
			"voltage_a=3800/1 current_a=4560/2 voltage_b=3800/1 current_b=4560/2 voltage_c=3800/1 current_c=4560/2", 0},
		{"clock ten minutes fast", szy206.Message{Header: up(szy206.QueryClock), Clock: arrival.Add(10 * time.Minute)},
			"", 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame, err := tt.m.AppendFrame(nil, szy206.Options{})
			if err != nil {
				t.Fatal(err)
			}
			e := decode(t, hex.EncodeToString(frame), szy206.Variant{}, arrival)
			rep := stations.SZY206Report(e, cst)
			var got []string
			for _, r := range rep.Readings {
				got = append(got, r.Field+"="+strconv.FormatInt(r.Value, 10)+"/"+strconv.Itoa(int(r.Scale)))
				if r.Seq != arrival.UnixMilli() {
					t.Errorf("%s: seq %d, want the arrival %d", r.Field, r.Seq, arrival.UnixMilli())
				}
			}
			if strings.Join(got, " ") != tt.fields {
				t.Errorf("readings: got %s, want %s", strings.Join(got, " "), tt.fields)
			}
			if rep.ClockOffset != tt.clock || rep.HasClock != (tt.clock != 0) {
				t.Errorf("clock: got %s (%v), want %s", rep.ClockOffset, rep.HasClock, tt.clock)
			}
		})
	}
	m := szy206.Message{Header: up(szy206.QueryEvents), Events: events}
	e := &centre.Event{Kind: centre.Message, Station: addr.String(), Time: arrival, SZY206: &m}
	rep := stations.SZY206Report(e, cst)
	if len(rep.Readings) != 18 || rep.Readings[8].Field != "erc_9" || rep.Readings[8].Value != 3 {
		t.Errorf("event counters: got %+v", rep.Readings)
	}
}

func TestSZY206LabelFarOff(t *testing.T) {
	arrival := time.Date(2026, 7, 9, 8, 47, 0, 0, cst)
	addr, _ := szy206.NewAddress("654229", 7)
	m := szy206.Message{Header: szy206.Header{Control: szy206.NewControl(true, false, 3, szy206.FlowData),
		Address: addr, AFN: szy206.SelfReport, TimeLabel: szy206.NewTimeLabel(szy206.TimeLabel7, arrival.Add(-3*time.Hour), 10)},
		Items: []szy206.Item{{Quantity: szy206.Flow, Index: 1, Value: szy206.NewValue(0, 3)},
			{Quantity: szy206.AccumulatedWater, Index: 1, Value: szy206.NewValue(7, 0)}},
		HasStatus: true, Status: szy206.PumpOff}
	rep := stations.SZY206Report(&centre.Event{Kind: centre.Message, Station: addr.String(), Time: arrival, SZY206: &m}, cst)
	if !rep.Observed.Equal(arrival) {
		t.Errorf("observed: got %s, want the arrival %s", rep.Observed, arrival)
	}
	if rep.ClockOffset != -3*time.Hour || !rep.HasClock {
		t.Errorf("clock offset: got %s, want -3h", rep.ClockOffset)
	}
	if rep.PumpRunning {
		t.Error("pump running with PumpOff set")
	}
}

func TestConvertOtherEvents(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	for _, e := range []centre.Event{
		{Kind: centre.Online, Station: "654229/7", Time: at},
		{Kind: centre.Message, Station: "000000000001", Time: at},
	} {
		rep := stations.Convert(&e, nil)
		if len(rep.Readings) != 0 || rep.HasStatus {
			t.Errorf("%s event: got %+v, want an empty report", e.Kind, rep)
		}
	}
	sl := centre.Event{Kind: centre.Message, Station: "0012345678", Time: at, SL651: &sl651.Message{
		Elements: []sl651.Element{{ID: sl651.WaterLevel, Value: sl651.NewValue(12345, 3), ObservedAt: at}}}}
	rep := stations.Convert(&sl, nil)
	want := ingest.Reading{Source: "sl651/0012345678", Seq: at.UnixMilli(), Device: "0012345678", Field: "Z",
		TimeMillis: at.UnixMilli(), Value: 12345, Scale: 3}
	if rep.Protocol != stations.SL651 || len(rep.Readings) != 1 || rep.Readings[0] != want {
		t.Errorf("SL 651 report: got %+v, want %+v", rep, want)
	}
}

func TestSL651Readings(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	ms := at.UnixMilli()
	tests := []struct {
		name string
		ev   centre.Event
		want []ingest.Reading
	}{
		{"no SL 651 message", centre.Event{Kind: centre.Message, Station: "0012345678"}, nil},
		{
			"level and invalid value",
			centre.Event{Kind: centre.Message, Station: "0012345678", SL651: &sl651.Message{Elements: []sl651.Element{
				{ID: sl651.WaterLevel, Value: sl651.NewValue(12345, 3), ObservedAt: at},
				{ID: sl651.Flow, ObservedAt: at}, // the invalid-data marker
			}}},
			[]ingest.Reading{{Source: "sl651/0012345678", Seq: ms, Device: "0012345678", Field: "Z",
				TimeMillis: ms, Value: 12345, Scale: 3}},
		},
		{
			"no observation time",
			centre.Event{Kind: centre.Message, Station: "0012345678", SL651: &sl651.Message{Elements: []sl651.Element{
				{ID: sl651.WaterLevel, Value: sl651.NewValue(1, 0)},
			}}},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stations.SL651Readings(nil, &tt.ev)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d readings %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("reading %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
