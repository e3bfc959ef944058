package water_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// zoneShard returns a shard in zone z that holds the interval readings of W-B1's flow
// meter F-B1, in litres, and the registry that names it.
func zoneShard(t *testing.T, z *metering.Zone, readings map[time.Time]int64) (*metering.Shard, *metering.Registry) {
	t.Helper()
	var names metering.Registry
	id, err := names.Add("F-B1")
	require.NoError(t, err)
	shard, err := metering.NewShard(metering.Config{Zone: z, MaxAge: math.MaxInt64})
	require.NoError(t, err)
	require.NoError(t, shard.AddMeter(id, metering.MeterConfig{Kind: metering.Interval, Scale: 3, Window: 86400}))
	var rs []metering.Reading
	for at, litres := range readings {
		rs = append(rs, metering.Reading{Meter: id, Time: at.Unix(), Value: litres})
	}
	shard.Ingest(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Unix(), rs)
	require.Equal(t, uint64(len(rs)), shard.Stats().Outcomes[metering.Accepted], "accepted readings")
	return shard, &names
}

func TestReportDayBoundaries(t *testing.T) {
	urumqi, err := metering.NewZone(localTime(t, "Asia/Urumqi", "2024-01-01T00:00").Location())
	require.NoError(t, err)
	zones := []struct {
		name string
		zone *metering.Zone
	}{
		{"Beijing", metering.BeijingTime()},
		{"Urumqi", urumqi},
	}
	tests := []struct {
		name       string
		at         time.Time
		wantDay    map[string]string // by zone name
		wantLitres int64
		wantM3     string
	}{
		{
			name:       "23:30 Beijing time",
			at:         localTime(t, "Asia/Shanghai", "2024-05-01T23:30"),
			wantDay:    map[string]string{"Beijing": "2024-05-01", "Urumqi": "2024-05-01"},
			wantLitres: 10_000,
			wantM3:     "10",
		},
		{
			name:       "23:30 Urumqi time",
			at:         localTime(t, "Asia/Urumqi", "2024-05-01T23:30"),
			wantDay:    map[string]string{"Beijing": "2024-05-02", "Urumqi": "2024-05-01"},
			wantLitres: 20_000,
			wantM3:     "20",
		},
		{
			name:       "00:30 Urumqi time",
			at:         localTime(t, "Asia/Urumqi", "2024-05-02T00:30"),
			wantDay:    map[string]string{"Beijing": "2024-05-02", "Urumqi": "2024-05-02"},
			wantLitres: 40_000,
			wantM3:     "40",
		},
	}
	for _, z := range zones {
		for _, tt := range tests {
			t.Run(z.name+"/"+tt.name, func(t *testing.T) {
				shard, names := zoneShard(t, z.zone, map[time.Time]int64{tt.at: tt.wantLitres})
				b, err := water.NewReportBuilder(water.ReportConfig{Zone: z.zone}, reportWells(), nil)
				require.NoError(t, err)
				require.NoError(t, b.AddRollups(shard, names))
				ix, err := b.Build()
				require.NoError(t, err)

				q := water.ReportQuery{
					Level: water.LevelWell, Code: "W-B1", Granularity: water.Daily,
					From: testDate(t, "2024-05-01"), Through: testDate(t, "2024-05-02"),
				}
				r, err := ix.Report(q)
				require.NoError(t, err)
				require.Len(t, r.Rows, 2)
				assert.Equal(t, z.zone.Name(), r.Zone)
				for _, row := range r.Rows {
					want := "0"
					if row.Period.Start == testDate(t, tt.wantDay[z.name]) {
						want = tt.wantM3
					}
					assertDecimal(t, want, row.Volume, row.Period.Start)
				}
			})
		}
	}
}
