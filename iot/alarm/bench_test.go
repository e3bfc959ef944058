package alarm

import (
	"testing"
	"time"
)

// benchRules is one point's typical rule set: two levels, a rise rate and no data.
func benchRules() []Rule {
	return []Rule{
		{ID: "hot", Kind: High, Severity: Major, Set: Dec(350, 1), Clear: Dec(330, 1), Delay: dur(time.Minute)},
		{ID: "cold", Kind: Low, Severity: Warning, Set: Dec(50, 1), Clear: Dec(80, 1)},
		{ID: "rise", Kind: Rise, Severity: Warning, Set: Dec(20, 1), Window: dur(5 * time.Minute)},
		{ID: "silent", Kind: NoData, Severity: Major, Timeout: dur(10 * time.Minute)},
	}
}

func BenchmarkObserve(b *testing.B) {
	p := mustPoint(b, 1, benchRules()...)
	buf := make([]Event, 0, 16)
	base := t0
	b.ReportAllocs()
	n := int64(0)
	for b.Loop() {
		n++
		// A sine-free sawtooth from 28.0 to 37.9 that crosses the high levels.
		buf = p.Observe(buf[:0], base.Add(time.Duration(n)*time.Second), 280+n%100)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
