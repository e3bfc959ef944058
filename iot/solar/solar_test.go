package solar

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo
)

// reference is one line of testdata/noaa-2026.txt.
type reference struct {
	name  string
	date  Date
	place Place
	// UTC instants; the zero time stands for the calculator's "none".
	rise, set, noon, dawn, dusk time.Time
}

func loadReferences(t *testing.T) []reference {
	t.Helper()
	f, err := os.Open("testdata/noaa-2026.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var refs []reference
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		refs = append(refs, parseReference(t, line))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return refs
}

func parseReference(t *testing.T, line string) reference {
	t.Helper()
	f := strings.Fields(line)
	if len(f) != 9 {
		t.Fatalf("reference line %q: got %d fields, want 9", line, len(f))
	}

	d, err := time.Parse(time.DateOnly, f[1])
	if err != nil {
		t.Fatal(err)
	}
	lat, err1 := strconv.ParseFloat(f[2], 64)
	lon, err2 := strconv.ParseFloat(f[3], 64)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	r := reference{
		name:  f[0],
		date:  Date{d.Year(), d.Month(), d.Day()},
		place: Place{Lon: lon, Lat: lat},
	}

	targets := []*time.Time{&r.rise, &r.set, &r.noon, &r.dawn, &r.dusk}
	for i, kv := range f[4:] {
		_, v, _ := strings.Cut(kv, "=")
		if v == "none" {
			continue
		}
		if *targets[i], err = time.Parse(time.RFC3339, v); err != nil {
			t.Fatalf("reference line %q: %v", line, err)
		}
	}
	return r
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// zones lists the time zones in which each reference place is checked.
var zones = map[string][]string{
	"Urumqi":       {"Asia/Shanghai", "Asia/Urumqi"},
	"Kashgar":      {"Asia/Shanghai", "Asia/Urumqi"},
	"Korla":        {"Asia/Shanghai", "Asia/Urumqi"},
	"Hotan":        {"Asia/Shanghai", "Asia/Urumqi"},
	"Longyearbyen": {"Arctic/Longyearbyen", "UTC"},
	"North66":      {"Europe/Helsinki"},
	"South66":      {"Australia/Perth"},
	"South66W":     {"America/Argentina/Ushuaia"},
	"North66W":     {"America/Anchorage"},
}

// withinMinute reports whether got is within one minute of want.
func withinMinute(got, want time.Time) bool {
	d := got.Sub(want)
	return d >= -time.Minute && d <= time.Minute
}

// polarKind returns the kind expected where the calculator has no crossing. The Sun then
// stays up in the hemisphere whose summer half-year (April to September in the north)
// contains the date, and down in the other.
func polarKind(r reference) Kind {
	northernSummer := r.date.Month >= time.April && r.date.Month <= time.September
	if (r.place.Lat > 0) == northernSummer {
		return AlwaysAbove
	}
	return AlwaysBelow
}

// grazing lists reference days on which the Sun's noon altitude is within a few hundredths
// of a degree of the sunrise altitude. The calculator evaluates the declination at 0h UT
// and finds no sunrise, while this package evaluates it at solar noon and finds a short day.
var grazing = map[string]bool{
	// Noon altitude of the Sun's centre: -0.81° at 11:11 UT, against -0.97° at 0h UT.
	"Longyearbyen 2026-02-15": true,
}

func TestComputeAgainstNOAA(t *testing.T) {
	refs := loadReferences(t)
	if len(refs) < 108 {
		t.Fatalf("got %d reference lines, want at least 108", len(refs))
	}
	for _, r := range refs {
		names, ok := zones[r.name]
		if !ok {
			t.Fatalf("reference place %q has no zone in the zones table", r.name)
		}
		for _, zone := range names {
			t.Run(r.name+"/"+r.date.String()+"/"+zone, func(t *testing.T) {
				loc := mustZone(t, zone)
				day, err := Compute(r.date, r.place, loc)
				if err != nil {
					t.Fatal(err)
				}
				if grazing[r.name+" "+r.date.String()] {
					if length := day.Sunset.Sub(day.Sunrise); day.Sun == RiseAndSet &&
						length > time.Hour {
						t.Errorf("grazing day is %v long, want at most 1h", length)
					}
				} else {
					checkEvents(t, "sunrise/sunset", day.Sun, day.Sunrise, day.Sunset,
						r.rise, r.set, polarKind(r))
				}
				checkEvents(t, "dawn/dusk", day.Twilight, day.Dawn, day.Dusk,
					r.dawn, r.dusk, polarKind(r))
				if !withinMinute(day.Noon, r.noon) {
					t.Errorf("noon = %v, want %v ± 1 min", day.Noon.UTC(), r.noon)
				}
				if day.Noon.Location() != loc {
					t.Errorf("noon location = %v, want %v", day.Noon.Location(), loc)
				}
				if got := DateOf(day.Noon, loc); got != r.date {
					t.Errorf("noon falls on local date %v, want %v", got, r.date)
				}
			})
		}
	}
}

func checkEvents(t *testing.T, what string, kind Kind, rise, set, wantRise, wantSet time.Time,
	polar Kind) {
	t.Helper()
	if wantRise.IsZero() {
		if kind != polar {
			t.Errorf("%s kind = %v, want %v", what, kind, polar)
		}
		if !rise.IsZero() || !set.IsZero() {
			t.Errorf("%s = %v, %v, want zero times", what, rise, set)
		}
		return
	}
	if kind != RiseAndSet {
		t.Fatalf("%s kind = %v, want %v", what, kind, RiseAndSet)
	}
	if !withinMinute(rise, wantRise) {
		t.Errorf("%s rise = %v, want %v ± 1 min", what, rise.UTC(), wantRise)
	}
	if !withinMinute(set, wantSet) {
		t.Errorf("%s set = %v, want %v ± 1 min", what, set.UTC(), wantSet)
	}
}

func TestComputeXinjiangLocalDate(t *testing.T) {
	urumqi := Place{Lon: 87.6168, Lat: 43.8256}
	june21 := Date{2026, time.June, 21}
	tests := []struct {
		zone      string
		wantClock string // local sunrise, HH:MM
	}{
		{"Asia/Shanghai", "06:27"},
		{"Asia/Urumqi", "04:27"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			day, err := Compute(june21, urumqi, loc)
			if err != nil {
				t.Fatal(err)
			}
			if got := DateOf(day.Sunrise, loc); got != june21 {
				t.Errorf("sunrise local date = %v, want %v", got, june21)
			}
			if got := DateOf(day.Sunrise, time.UTC); got != (Date{2026, time.June, 20}) {
				t.Errorf("sunrise UTC date = %v, want 2026-06-20", got)
			}
			if got := day.Sunrise.Format("15:04"); got != tt.wantClock {
				t.Errorf("sunrise clock = %s, want %s", got, tt.wantClock)
			}
			if !day.Sunset.After(day.Sunrise) {
				t.Errorf("sunset %v is not after sunrise %v", day.Sunset, day.Sunrise)
			}
		})
	}
}

func TestComputeZoneFarFromMeridian(t *testing.T) {
	// Kiribati's Line Islands keep UTC+14 at 157° W, so local noon is near 22:30 UTC of
	// the day before. The result must still describe the requested local date.
	loc := mustZone(t, "Pacific/Kiritimati")
	date := Date{2026, time.March, 20}
	day, err := Compute(date, Place{Lon: -157.4, Lat: 1.87}, loc)
	if err != nil {
		t.Fatal(err)
	}
	for name, tm := range map[string]time.Time{
		"noon": day.Noon, "sunrise": day.Sunrise, "sunset": day.Sunset,
	} {
		if got := DateOf(tm, loc); got != date {
			t.Errorf("%s %v falls on local date %v, want %v", name, tm, got, date)
		}
	}
}

func TestComputePoles(t *testing.T) {
	tests := []struct {
		name  string
		place Place
		date  Date
		want  Kind
	}{
		{"north pole june", Place{0, 90}, Date{2026, time.June, 21}, AlwaysAbove},
		{"north pole december", Place{0, 90}, Date{2026, time.December, 21}, AlwaysBelow},
		{"south pole june", Place{0, -90}, Date{2026, time.June, 21}, AlwaysBelow},
		{"south pole december", Place{0, -90}, Date{2026, time.December, 21}, AlwaysAbove},
		{"equator equinox", Place{0, 0}, Date{2026, time.March, 20}, RiseAndSet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := Compute(tt.date, tt.place, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if day.Sun != tt.want {
				t.Errorf("Sun = %v, want %v", day.Sun, tt.want)
			}
			if day.Noon.IsZero() {
				t.Error("noon is zero")
			}
		})
	}
}

func TestComputeInvalid(t *testing.T) {
	tests := []struct {
		name  string
		date  Date
		place Place
		loc   *time.Location
	}{
		{"february 30", Date{2026, time.February, 30}, Place{87, 43}, time.UTC},
		{"month 13", Date{2026, 13, 1}, Place{87, 43}, time.UTC},
		{"latitude 91", Date{2026, time.June, 1}, Place{87, 91}, time.UTC},
		{"latitude NaN", Date{2026, time.June, 1}, Place{87, math.NaN()}, time.UTC},
		{"longitude 181", Date{2026, time.June, 1}, Place{181, 43}, time.UTC},
		{"longitude -Inf", Date{2026, time.June, 1}, Place{math.Inf(-1), 43}, time.UTC},
		{"nil zone", Date{2026, time.June, 1}, Place{87, 43}, nil},
		{"date the zone skips", Date{2011, time.December, 30}, Place{-171.7, -13.8}, mustZone(t, "Pacific/Apia")},
		{"year one million", Date{1_000_000, time.January, 1}, Place{0, 0}, time.UTC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(tt.date, tt.place, tt.loc)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestDaySunUp(t *testing.T) {
	loc := mustZone(t, "Asia/Urumqi")
	day, err := Compute(Date{2026, time.December, 21}, Place{Lon: 87.6168, Lat: 43.8256}, loc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"before sunrise", day.Sunrise.Add(-time.Second), false},
		{"at sunrise", day.Sunrise, true},
		{"noon", day.Noon, true},
		{"at sunset", day.Sunset, false},
		{"polar day", time.Time{}, true},
		{"polar night", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := day
			switch tt.name {
			case "polar day":
				d = Day{Sun: AlwaysAbove}
			case "polar night":
				d = Day{Sun: AlwaysBelow}
			}
			if got := d.SunUp(tt.at); got != tt.want {
				t.Errorf("SunUp(%v) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		RiseAndSet: "rise and set", AlwaysAbove: "always above", AlwaysBelow: "always below",
		Kind(9): "Kind(9)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

// FuzzCompute checks that no date and place within range yields NaN-derived or
// out-of-order times.
func FuzzCompute(f *testing.F) {
	f.Add(2026, 6, 21, 87.6168, 43.8256)
	f.Add(2026, 12, 21, 15.6267, 78.2232)
	f.Add(1900, 3, 1, -180.0, -66.56)
	f.Fuzz(func(t *testing.T, year, month, dayOfMonth int, lon, lat float64) {
		date := Date{year%3000 + 1, time.Month(month%12 + 1), dayOfMonth%28 + 1}
		if date.Year < 1 || date.Month < 1 || date.Day < 1 {
			return
		}
		day, err := Compute(date, Place{Lon: lon, Lat: lat}, time.UTC)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			return
		}
		if day.Noon.IsZero() {
			t.Fatal("noon is zero")
		}
		if day.Sun == RiseAndSet {
			// Where the Sun only grazes the altitude, a crossing can collapse onto noon.
			if day.Sunrise.After(day.Noon) || day.Noon.After(day.Sunset) {
				t.Fatalf("sunrise %v, noon %v, sunset %v are out of order",
					day.Sunrise, day.Noon, day.Sunset)
			}
		}
		if day.Twilight == RiseAndSet && day.Sun == RiseAndSet {
			if day.Dawn.After(day.Sunrise) || day.Dusk.Before(day.Sunset) {
				t.Fatalf("dawn %v, dusk %v do not enclose sunrise %v, sunset %v",
					day.Dawn, day.Dusk, day.Sunrise, day.Sunset)
			}
		}
	})
}

func BenchmarkCompute(b *testing.B) {
	loc := mustZone(b, "Asia/Urumqi")
	p := Place{Lon: 87.6168, Lat: 43.8256}
	date := Date{2026, time.June, 21}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(date, p, loc); err != nil {
			b.Fatal(err)
		}
	}
}
