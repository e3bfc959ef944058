package control

import (
	"testing"
	"time"
)

func BenchmarkStep(b *testing.B) {
	c := mustNew(b, testConfig(b))
	in := Inputs{
		Weather: fairWeather(), Inside: 250, InsideValid: true,
		Blankets: []BlanketFeedback{{Target: "blanket", UpperLimit: true, Position: 1000}},
	}
	now := t0
	c.Step(now, in)
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(time.Second)
		c.Step(now, in)
	}
}
