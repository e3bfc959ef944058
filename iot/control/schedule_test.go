package control

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Sunrise and sunset from the NOAA solar calculator (see iot/solar/testdata).
var (
	urumqiJuneRise = utc("2026-06-20T22:27:19Z") // 04:27 on 21 June, Xinjiang time
	urumqiJuneSet  = utc("2026-06-21T13:55:18Z")
	urumqiDecRise  = utc("2026-12-21T01:40:14Z")
	urumqiDecSet   = utc("2026-12-21T10:34:44Z")
)

func TestBlanketSchedule(t *testing.T) {
	longyearbyen := solar.Place{Lon: 15.6267, Lat: 78.2232}
	// The runs cover 01:00 to 23:00 on the local date in Xinjiang time.
	juneStart, juneEnd := utc("2026-06-20T19:00:00Z"), utc("2026-06-21T17:00:00Z")
	decStart, decEnd := utc("2026-12-20T19:00:00Z"), utc("2026-12-21T17:00:00Z")
	tests := []struct {
		name       string
		zone       string
		place      solar.Place
		start, end time.Time
		schedule   func(*Schedule)
		weather    func(time.Time) Weather
		wantUp     []time.Time // when each roll-up must be issued, within one minute after
		wantDown   []time.Time
	}{
		{
			name: "june Xinjiang time", zone: "Asia/Urumqi", place: urumqi,
			start: juneStart, end: juneEnd, weather: constant(fairWeather()),
			wantUp:   []time.Time{urumqiJuneRise.Add(30 * time.Minute)},
			wantDown: []time.Time{urumqiJuneSet.Add(-30 * time.Minute)},
		},
		{
			name: "june Beijing time", zone: "Asia/Shanghai", place: urumqi,
			start: juneStart, end: juneEnd, weather: constant(fairWeather()),
			wantUp:   []time.Time{urumqiJuneRise.Add(30 * time.Minute)},
			wantDown: []time.Time{urumqiJuneSet.Add(-30 * time.Minute)},
		},
		{
			name: "december Xinjiang time", zone: "Asia/Urumqi", place: urumqi,
			start: decStart, end: decEnd, weather: constant(fairWeather()),
			wantUp:   []time.Time{urumqiDecRise.Add(30 * time.Minute)},
			wantDown: []time.Time{urumqiDecSet.Add(-30 * time.Minute)},
		},
		{
			name: "light guard delays roll-up", zone: "Asia/Urumqi", place: urumqi,
			start: juneStart, end: juneEnd,
			schedule: func(s *Schedule) { s.UpMinLight, s.UseUpMinLight = 5000, true },
			weather: func(now time.Time) Weather {
				w := fairWeather()
				if now.Before(utc("2026-06-21T00:00:00Z")) {
					w.Light = 3000
				}
				return w
			},
			wantUp:   []time.Time{utc("2026-06-21T00:00:00Z")},
			wantDown: []time.Time{urumqiJuneSet.Add(-30 * time.Minute)},
		},
		{
			name: "temperature guard delays roll-up", zone: "Asia/Urumqi", place: urumqi,
			start: decStart, end: decEnd,
			schedule: func(s *Schedule) { s.UpMinTemperature, s.UseUpMinTemperature = -150, true },
			weather: func(now time.Time) Weather {
				w := fairWeather()
				w.Temperature = -200
				if !now.Before(utc("2026-12-21T04:00:00Z")) {
					w.Temperature = -100
				}
				return w
			},
			wantUp:   []time.Time{utc("2026-12-21T04:00:00Z")},
			wantDown: []time.Time{urumqiDecSet.Add(-30 * time.Minute)},
		},
		{
			name: "missing light holds blankets down", zone: "Asia/Urumqi", place: urumqi,
			start: juneStart, end: juneEnd,
			schedule: func(s *Schedule) { s.UpMinLight, s.UseUpMinLight = 5000, true },
			weather: func(time.Time) Weather {
				w := fairWeather()
				w.LightValid = false
				return w
			},
		},
		{
			name: "dim afternoon rolls down early", zone: "Asia/Urumqi", place: urumqi,
			start: juneStart, end: juneEnd,
			schedule: func(s *Schedule) { s.DownBelowLight, s.UseDownBelowLight = 2000, true },
			weather: func(now time.Time) Weather {
				w := fairWeather()
				// A storm front dims the afternoon from 16:00 to 17:00 Xinjiang time.
				if !now.Before(utc("2026-06-21T10:00:00Z")) &&
					now.Before(utc("2026-06-21T11:00:00Z")) {
					w.Light = 1000
				}
				return w
			},
			wantUp:   []time.Time{urumqiJuneRise.Add(30 * time.Minute)},
			wantDown: []time.Time{utc("2026-06-21T10:00:00Z")},
		},
		{
			name: "polar night stays down", zone: "Arctic/Longyearbyen", place: longyearbyen,
			start: utc("2026-12-21T00:00:00Z"), end: utc("2026-12-21T22:00:00Z"),
			weather: constant(fairWeather()),
		},
		{
			name: "polar day rolls up once", zone: "Arctic/Longyearbyen", place: longyearbyen,
			start: utc("2026-06-21T00:00:00Z"), end: utc("2026-06-21T21:00:00Z"),
			weather: constant(fairWeather()),
			wantUp:  []time.Time{utc("2026-06-21T00:00:00Z")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Zone = mustZone(t, tt.zone)
			cfg.Place = tt.place
			if tt.schedule != nil {
				tt.schedule(&cfg.Schedule)
			}
			c := mustNew(t, cfg)
			m := &motor{target: "blanket"}
			events := run(c, m, tt.start, tt.end, time.Minute, tt.weather, constant[DeciCelsius](200))

			checkTimes(t, "roll-up", filter(events, "blanket", RollUp), tt.wantUp)
			checkTimes(t, "roll-down", filter(events, "blanket", RollDown), tt.wantDown)
			for _, e := range filter(events, "blanket", Stop) {
				if e.cmd.Cause != CauseLimitSwitch {
					t.Errorf("stop at %v caused by %v, want %v", e.at, e.cmd.Cause, CauseLimitSwitch)
				}
			}
		})
	}
}

// checkTimes checks that each event comes within one minute after its wanted time.
func checkTimes(t *testing.T, what string, got []event, want []time.Time) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s commands at %v, want %d at %v", what, times(got), len(want), want)
	}
	for i := range got {
		if d := got[i].at.Sub(want[i]); d < 0 || d >= time.Minute {
			t.Errorf("%s %d at %v, want within a minute after %v", what, i, got[i].at, want[i])
		}
	}
}

func times(events []event) []time.Time {
	var ts []time.Time
	for _, e := range events {
		ts = append(ts, e.at)
	}
	return ts
}

func TestScheduleUsesLocalDate(t *testing.T) {
	// At 23:00 UTC on 20 June it is already 05:00 on 21 June in Xinjiang time, so the
	// schedule must use the sunrise of 21 June, which falls on 20 June in UTC.
	cfg := testConfig(t)
	c := mustNew(t, cfg)
	now := utc("2026-06-20T23:00:00Z")
	c.Step(now, Inputs{Weather: fairWeather()})

	day := c.Day()
	if want := (solar.Date{Year: 2026, Month: time.June, Day: 21}); day.Date != want {
		t.Errorf("schedule date = %v, want %v", day.Date, want)
	}
	if d := day.Sunrise.Sub(urumqiJuneRise); d < -time.Minute || d > time.Minute {
		t.Errorf("sunrise = %v, want %v ± 1 min", day.Sunrise.UTC(), urumqiJuneRise)
	}
	if st, _ := c.Blanket("blanket"); st.Moving != RollUp {
		t.Errorf("blanket moving = %v, want %v after sunrise + 30 min", st.Moving, RollUp)
	}
}

func TestOperatorBlanketHoldsUntilNextBoundary(t *testing.T) {
	c := mustNew(t, testConfig(t))
	m := &motor{target: "blanket"}
	// 12:00 Xinjiang time: the schedule has the blanket up.
	run(c, m, t0, t0.Add(5*time.Minute), time.Second, constant(fairWeather()),
		constant[DeciCelsius](200))
	if !m.feedback().UpperLimit {
		t.Fatal("blanket not up at noon")
	}

	now := t0.Add(5 * time.Minute)
	cmd := Command{ID: "op-1", Target: "blanket", Action: RollDown, Issued: now,
		Expires: now.Add(time.Minute)}
	if got := c.Submit(now, cmd); got.Status != Accepted {
		t.Fatalf("submit status = %v, want %v", got.Status, Accepted)
	}
	events := run(c, m, now, utc("2026-06-21T23:30:00Z"), time.Minute,
		constant(fairWeather()), constant[DeciCelsius](200))

	// The operator's roll-down holds through the scheduled roll-down at sunset - 30 min,
	// which then ends the hold. The next roll-up is at the next sunrise + 30 min.
	downs := filter(events, "blanket", RollDown)
	if len(downs) != 1 || downs[0].cmd.Cause != CauseOperator {
		t.Errorf("roll-downs = %+v, want one by the operator", downs)
	}
	ups := filter(events, "blanket", RollUp)
	if len(ups) != 1 || ups[0].at.Before(utc("2026-06-21T22:00:00Z")) {
		t.Errorf("roll-ups at %v, want one after the next sunrise", times(ups))
	}
}
