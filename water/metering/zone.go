package metering

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Zone is a time zone reduced to a table of UTC offsets, so that rollups find the local
// day and hour of a Unix time with integer arithmetic and no time.Time values. China has
// used UTC+8 without daylight saving time since 15 September 1991, but tzdata records
// daylight saving time in 1919, 1940–1949 and 1986–1991, and the table keeps those
// transitions, so old readings fall into the days and hours clocks showed then.
//
// Days and hours are wall-clock days and hours: in an hour that a clock change repeats,
// both passes fall into the same hour, and an hour that a clock change skips stays
// empty. A Zone is immutable and safe for concurrent use.
type Zone struct {
	name string
	// starts holds the UTC second from which each offset applies, ascending;
	// starts[0] is math.MinInt64.
	starts []int64
	// offsets holds seconds east of UTC, one per entry of starts.
	offsets []int64
}

// Zone tables cover transitions from tableFrom to tableTo. After tableTo the last
// offset holds, which is right for zones whose offset no longer changes, such as
// Asia/Shanghai and Asia/Urumqi.
var (
	tableFrom = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	tableTo   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// NewZone builds the offset table of loc from 1800 to 2200. Zones that still change
// their offset after 2200, such as those with daylight saving time rules, keep their
// last offset from then on.
func NewZone(loc *time.Location) (*Zone, error) {
	if loc == nil {
		return nil, errors.New("metering: new zone: nil location, want a *time.Location such as one from time.LoadLocation")
	}
	z := &Zone{name: loc.String()}
	t := tableFrom
	for t.Before(tableTo) {
		local := t.In(loc)
		_, off := local.Zone()
		start, end := local.ZoneBounds()
		from := start.Unix()
		if start.IsZero() || len(z.starts) == 0 {
			from = math.MinInt64
		}
		z.push(from, int64(off))
		if end.IsZero() || !end.After(t) {
			break
		}
		t = end
	}
	return z, nil
}

// push appends an offset that applies from UTC second from, merging it with the
// previous entry when the offset does not change.
func (z *Zone) push(from, off int64) {
	if n := len(z.offsets); n > 0 && z.offsets[n-1] == off {
		return
	}
	z.starts = append(z.starts, from)
	z.offsets = append(z.offsets, off)
}

// BeijingTime returns the zone of Asia/Shanghai (China Standard Time, UTC+8) built into
// the package from tzdata 2025b, so that it needs no zoneinfo files: local mean time
// +8:05:43 until 1901, then UTC+8 with UTC+9 daylight saving time in 1919, 1940–1949
// and 1986–1991.
func BeijingTime() *Zone {
	z := &Zone{name: "Asia/Shanghai"}
	z.push(math.MinInt64, 29143)
	z.push(-2177481943, 28800)
	for _, summer := range shanghaiSummers {
		z.push(summer[0], 32400)
		z.push(summer[1], 28800)
	}
	return z
}

// shanghaiSummers holds the UTC seconds at which UTC+9 daylight saving time began and
// ended in Asia/Shanghai, from tzdata.
var shanghaiSummers = [...][2]int64{
	{-1600675200, -1585904400}, // 1919
	{-933667200, -922093200},   // 1940
	{-908870400, -888829200},   // 1941
	{-881049600, -767869200},   // 1942–1945
	{-745833600, -733827600},   // 1946
	{-716889600, -699613200},   // 1947
	{-683884800, -670669200},   // 1948
	{-652348800, -650019600},   // 1949
	{515527200, 527014800},     // 1986
	{545162400, 558464400},     // 1987
	{577216800, 589914000},     // 1988
	{608666400, 621968400},     // 1989
	{640116000, 653418000},     // 1990
	{671565600, 684867600},     // 1991
}

// Name returns the name of the location the zone was built from, such as "Asia/Urumqi".
func (z *Zone) Name() string { return z.name }

// Offset returns the zone's offset east of UTC in seconds at Unix time t.
func (z *Zone) Offset(t int64) int64 {
	off, _, _ := z.segment(t)
	return off
}

// Day returns the local calendar day of Unix time t.
func (z *Zone) Day(t int64) Day {
	return Day(floorDiv(t+z.Offset(t), 86400))
}

// segment returns the offset at t and the UTC range [from, until) over which it holds.
func (z *Zone) segment(t int64) (off, from, until int64) {
	n := len(z.starts)
	i := n - 1
	if t < z.starts[i] {
		// The first start is math.MinInt64, so the search finds an index of at least 1.
		i, _ = slices.BinarySearch(z.starts, t+1)
		i--
	}
	until = math.MaxInt64
	if i+1 < n {
		until = z.starts[i+1]
	}
	return z.offsets[i], z.starts[i], until
}

// daySpan describes the UTC seconds [lo, hi) that share one offset and one local day.
type daySpan struct {
	lo, hi int64
	// base is the UTC second of local midnight under that offset, so the local hour
	// of t is (t-base)/3600.
	base int64
	day  Day
}

func (z *Zone) span(t int64) daySpan {
	off, from, until := z.segment(t)
	day := floorDiv(t+off, 86400)
	base := day*86400 - off
	return daySpan{lo: max(base, from), hi: min(base+86400, until), base: base, day: Day(day)}
}

// equal reports whether two zones have the same name and offset table.
func (z *Zone) equal(o *Zone) bool {
	return z.name == o.name && slices.Equal(z.starts, o.starts) && slices.Equal(z.offsets, o.offsets)
}

// String returns the zone name and the number of offsets in its table, such as
// "Asia/Shanghai (30 offsets)".
func (z *Zone) String() string {
	return fmt.Sprintf("%s (%d offsets)", z.name, len(z.offsets))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
