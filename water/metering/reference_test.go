package metering

import (
	"cmp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceDays computes daily consumption the way the SQL baseline does: drop
// readings with a repeated (meter, time), sort each meter's readings by time, and add
// each positive difference to the previous reading to the UTC day of the later one.
func referenceDays(rs []Reading) []DayTotal {
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b Reading) int {
		return cmp.Or(cmp.Compare(a.Meter, b.Meter), cmp.Compare(a.Time, b.Time))
	})
	sums := map[DayTotal]int64{}
	for i := 1; i < len(sorted); i++ {
		prev, cur := sorted[i-1], sorted[i]
		if prev.Meter != cur.Meter || prev.Time == cur.Time {
			continue
		}
		key := DayTotal{Meter: cur.Meter, Day: Day(cur.Time / 86400)}
		sums[key] += max(cur.Value-prev.Value, 0)
	}
	out := make([]DayTotal, 0, len(sums))
	for k, v := range sums {
		out = append(out, DayTotal{Meter: k.Meter, Day: k.Day, Total: v})
	}
	slices.SortFunc(out, func(a, b DayTotal) int {
		return cmp.Or(cmp.Compare(a.Meter, b.Meter), cmp.Compare(a.Day, b.Day))
	})
	return out
}

func TestIngestMatchesReference(t *testing.T) {
	rs := genReadings(200, 1000, 3, 0.01, 0.01)
	s := newWellShard(t, utcZone(t), 200)
	s.Ingest(genNow, rs)

	stats := s.Stats()
	require.Equal(t, uint64(len(rs)), stats.Offered())
	assert.Equal(t, uint64(200*1000), stats.Outcomes[Accepted], "accepted")
	assert.Equal(t, uint64(len(rs)-200*1000), stats.Outcomes[Duplicate], "duplicates")
	assert.Equal(t, referenceDays(rs), s.AppendAllDays(nil))
}
