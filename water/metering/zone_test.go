package metering

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadLocation loads a tzdata zone, skipping the test when zoneinfo is missing unless
// CI is set.
func loadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("load %s: %v", name, err)
		}
		t.Skipf("load %s: %v", name, err)
	}
	return loc
}

func loadZone(t *testing.T, name string) *Zone {
	t.Helper()
	z, err := NewZone(loadLocation(t, name))
	require.NoError(t, err)
	return z
}

func TestBeijingTimeMatchesTzdata(t *testing.T) {
	got := BeijingTime()
	want := loadZone(t, "Asia/Shanghai")
	assert.Equal(t, want.starts, got.starts)
	assert.Equal(t, want.offsets, got.offsets)
	assert.True(t, got.equal(want))
}

func TestZoneOffsets(t *testing.T) {
	shanghai := BeijingTime()
	urumqi := loadZone(t, "Asia/Urumqi")
	tests := []struct {
		name string
		zone *Zone
		utc  string
		want int64
	}{
		{"Shanghai now", shanghai, "2024-06-01T00:00:00Z", 8 * 3600},
		{"Shanghai before 1986 summer time", shanghai, "1986-05-03T17:59:59Z", 8 * 3600},
		{"Shanghai 1986 summer time", shanghai, "1986-05-03T18:00:00Z", 9 * 3600},
		{"Shanghai after 1991 summer time", shanghai, "1991-09-14T17:00:00Z", 8 * 3600},
		{"Shanghai local mean time", shanghai, "1890-01-01T00:00:00Z", 29143},
		{"Urumqi", urumqi, "2024-06-01T00:00:00Z", 6 * 3600},
		{"Urumqi past 2038", urumqi, "2100-01-01T00:00:00Z", 6 * 3600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tt.utc)
			require.NoError(t, err)
			assert.Equal(t, tt.want, tt.zone.Offset(at.Unix()))
		})
	}
	assert.Equal(t, int64(29143), shanghai.Offset(math.MinInt64))
	assert.Equal(t, int64(8*3600), shanghai.Offset(math.MaxInt64))
}

func TestNewZoneNil(t *testing.T) {
	_, err := NewZone(nil)
	assert.Error(t, err)
}

// TestDayBoundaries checks which local day and wall-clock hour a step is credited to:
// the day and hour of the later reading, in the shard's zone.
func TestDayBoundaries(t *testing.T) {
	shanghai := BeijingTime()
	urumqi := loadZone(t, "Asia/Urumqi")
	tests := []struct {
		name      string
		zone      *Zone
		prev, cur string // UTC times of two readings 100 units apart
		wantDay   string
		wantHour  int
	}{
		{"Shanghai just after midnight", shanghai, "2024-05-31T15:55:00Z", "2024-05-31T16:00:00Z", "2024-06-01", 0},
		{"Shanghai just before midnight", shanghai, "2024-05-31T15:50:00Z", "2024-05-31T15:59:59Z", "2024-05-31", 23},
		{"Urumqi same instant is evening", urumqi, "2024-05-31T15:55:00Z", "2024-05-31T16:00:00Z", "2024-05-31", 22},
		{"Urumqi just after midnight", urumqi, "2024-05-31T17:55:00Z", "2024-05-31T18:00:00Z", "2024-06-01", 0},
		{"Shanghai new year", shanghai, "2024-12-31T15:55:00Z", "2024-12-31T16:00:00Z", "2025-01-01", 0},
		{"Urumqi new year", urumqi, "2024-12-31T17:55:00Z", "2024-12-31T18:05:00Z", "2025-01-01", 0},
		{"Shanghai leap day", shanghai, "2024-02-28T15:55:00Z", "2024-02-28T16:05:00Z", "2024-02-29", 0},
		{"Shanghai 1986 clocks forward", shanghai, "1986-05-03T17:30:00Z", "1986-05-03T18:30:00Z", "1986-05-04", 3},
		{"Shanghai 1986 clocks back, first pass", shanghai, "1986-09-13T16:00:00Z", "1986-09-13T16:30:00Z", "1986-09-14", 1},
		{"Shanghai 1986 clocks back, second pass", shanghai, "1986-09-13T17:00:00Z", "1986-09-13T17:30:00Z", "1986-09-14", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev, err := time.Parse(time.RFC3339, tt.prev)
			require.NoError(t, err)
			cur, err := time.Parse(time.RFC3339, tt.cur)
			require.NoError(t, err)
			s, err := NewShard(Config{Zone: tt.zone, MaxAge: math.MaxInt64})
			require.NoError(t, err)
			require.NoError(t, s.AddMeter(1, MeterConfig{}))
			now := cur.Unix()
			require.Equal(t, Accepted, s.Add(now, Reading{Meter: 1, Time: prev.Unix(), Value: 500}))
			require.Equal(t, Accepted, s.Add(now, Reading{Meter: 1, Time: cur.Unix(), Value: 600}))

			days := s.AppendDays(nil, 1)
			require.Len(t, days, 1)
			assert.Equal(t, tt.wantDay, days[0].Day.String(), "day")
			assert.Equal(t, int64(100), days[0].Total, "total")
			hours, ok := s.Hours(1, days[0].Day)
			require.True(t, ok)
			assert.Equal(t, int64(100), hours[tt.wantHour], "hour %d of %v", tt.wantHour, hours)
		})
	}
}

func TestMonthAndYearRollups(t *testing.T) {
	for _, name := range []string{"Asia/Shanghai", "Asia/Urumqi"} {
		t.Run(name, func(t *testing.T) {
			loc := loadLocation(t, name)
			zone, err := NewZone(loc)
			require.NoError(t, err)
			s, err := NewShard(Config{Zone: zone, MaxAge: math.MaxInt64})
			require.NoError(t, err)
			require.NoError(t, s.AddMeter(4, MeterConfig{}))
			// One unit per local hour from 2024-12-31 00:00 to 2025-02-01 00:00 local.
			start := time.Date(2024, time.December, 31, 0, 0, 0, 0, loc).Unix()
			end := time.Date(2025, time.February, 1, 0, 0, 0, 0, loc).Unix()
			for at, v := start, int64(0); at <= end; at, v = at+3600, v+1 {
				require.Equal(t, Accepted, s.Add(end, Reading{Meter: 4, Time: at, Value: v}))
			}

			months := s.AppendMonths(nil, 4)
			assert.Equal(t, []MonthTotal{
				{Meter: 4, Month: MonthOf(2024, time.December), Total: 23},
				{Meter: 4, Month: MonthOf(2025, time.January), Total: 31 * 24},
				{Meter: 4, Month: MonthOf(2025, time.February), Total: 1},
			}, months)
			years := s.AppendYears(nil, 4)
			assert.Equal(t, []YearTotal{{Meter: 4, Year: 2024, Total: 23}, {Meter: 4, Year: 2025, Total: 31*24 + 1}}, years)
			total, ok := s.DayTotal(4, DayOf(2025, time.January, 1))
			assert.True(t, ok)
			assert.Equal(t, int64(24), total)
		})
	}
}

func TestDayDate(t *testing.T) {
	tests := []struct {
		day  Day
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{19875, "2024-06-01"},
		{DayOf(2000, time.February, 29), "2000-02-29"},
		{DayOf(1900, time.March, 1), "1900-03-01"},
		{DayOf(2100, time.December, 31), "2100-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.day.String())
		})
	}
	for d := Day(-800_000); d < 800_000; d += 997 {
		y, m, dd := d.Date()
		require.Equal(t, d, DayOf(y, m, dd), "day %d", d)
	}
	assert.Equal(t, "2025-01", MonthOf(2025, time.January).String())
	assert.Equal(t, "2024-12", MonthOf(2025, time.January).Add(-1).String())
}
