package demo

import (
	"encoding/binary"
	"hash/fnv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// DayVolume is the water a well drew on one calendar day, in m³.
type DayVolume struct {
	Well   water.WellCode
	Day    land.Date
	Volume decimal.Decimal
}

// History returns made-up daily water totals of every well from from to
// through, both included, in well and day order, so that a new demo shows use
// against plan, year-on-year and month-on-month figures before any reading
// arrives.
//
// A well draws its monthly plan spread evenly over the month's days, times a
// use factor of its own from 0.60 to 1.15 and a day factor from 0.80 to 1.20.
// So some wells pass 80%, 90% and 100% of their plan within the year.
// Days of a year without a plan follow the plan of the nearest plan year.
// Months planned at 0 m³ give days of 0 m³, which are totals all the same.
// Volumes have 3 places, the resolution of the simulated meters. History
// depends only on the seed, the well and the day, not on the span asked for.
func (c *County) History(from, through land.Date) []DayVolume {
	plans := map[water.WellCode]map[int]*water.Plan{}
	for _, p := range c.Plans {
		if plans[p.Well] == nil {
			plans[p.Well] = map[int]*water.Plan{}
		}
		plans[p.Well][p.Year] = p
	}
	var out []DayVolume
	for _, w := range c.Wells {
		factor := 0.60 + 0.55*c.unit(string(w.Code), 0)
		for day := from; !day.After(through); day = day.AddDate(0, 0, 1) {
			p := nearestPlan(plans[w.Code], day.Year)
			if p == nil {
				continue
			}
			days := daysInMonth(day.Year, day.Month)
			perDay := p.Month(day.Month).InexactFloat64() / float64(days)
			v := perDay * factor * (0.8 + 0.4*c.unit(string(w.Code), day.Time().Unix()))
			out = append(out, DayVolume{Well: w.Code, Day: day, Volume: decimal.NewFromFloat(v).Round(3)})
		}
	}
	return out
}

// nearestPlan returns the plan of year, or of the plan year nearest to it.
func nearestPlan(byYear map[int]*water.Plan, year int) *water.Plan {
	if p, ok := byYear[year]; ok {
		return p
	}
	best, bestGap := (*water.Plan)(nil), 0
	for y, p := range byYear {
		gap := max(y-year, year-y)
		if best == nil || gap < bestGap || gap == bestGap && y < best.Year {
			best, bestGap = p, gap
		}
	}
	return best
}

func daysInMonth(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// unit returns a number from 0 to 1 that depends only on the county's seed,
// the key and n.
func (c *County) unit(key string, n int64) float64 {
	h := fnv.New64a()
	var buf [16]byte
	binary.LittleEndian.PutUint64(buf[:8], c.Seed)
	binary.LittleEndian.PutUint64(buf[8:], uint64(n))
	h.Write(buf[:])
	h.Write([]byte(key))
	// FNV-1a alone barely changes its high bits when only the last bytes of
	// the key differ, so the sum goes through the SplitMix64 finaliser.
	x := h.Sum64()
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}
