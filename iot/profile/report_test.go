package profile_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/iot/profile"
)

var testTime = time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC)

func TestReporterDeadbandAndSilence(t *testing.T) {
	prog := compileOne(t, profile.Field{
		Type: profile.Int16, Scale: mustDecimal(t, "0.1"), Decimals: 1,
		Deadband: mustDecimal(t, "0.5"), MaxSilence: 15 * time.Minute,
	})
	r := prog.NewReporter()
	ok := func(v int64) profile.Value { return profile.Value{Int: v, Status: profile.OK} }
	steps := []struct {
		name  string
		after time.Duration
		value profile.Value
		send  bool
	}{
		{"first value", 0, ok(200), true},
		{"within deadband", time.Minute, ok(204), false},
		{"deadband from the last sent", 2 * time.Minute, ok(205), true},
		{"back within deadband", 3 * time.Minute, ok(201), false},
		{"down by the deadband", 4 * time.Minute, ok(200), true},
		{"no reading", 5 * time.Minute, profile.Value{Status: profile.NoReading}, true},
		{"still no reading", 6 * time.Minute, profile.Value{Status: profile.NoReading}, false},
		{"reading again", 7 * time.Minute, ok(200), true},
		{"not read is never sent", 8 * time.Minute, profile.Value{}, false},
		{"silence not yet over", 21 * time.Minute, ok(201), false},
		{"silence over", 22 * time.Minute, ok(201), true},
	}
	for _, s := range steps {
		assert.Equal(t, s.send, r.Report(0, s.value, testTime.Add(s.after)), s.name)
	}
	r.Forget()
	assert.True(t, r.Report(0, ok(201), testTime.Add(23*time.Minute)), "after Forget")
	assert.False(t, r.Report(5, ok(1), testTime), "index out of range")
}

func TestReporterFloats(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Float32, Deadband: mustDecimal(t, "0.1")})
	r := prog.NewReporter()
	f := func(x float64) profile.Value { return profile.Value{Float: x, Status: profile.OK} }
	assert.True(t, r.Report(0, f(1.0), testTime))
	assert.False(t, r.Report(0, f(1.05), testTime))
	assert.True(t, r.Report(0, f(math.NaN()), testTime), "NaN after a number")
	assert.False(t, r.Report(0, f(math.NaN()), testTime), "NaN after NaN")
	assert.True(t, r.Report(0, f(1.0), testTime), "number after NaN")
}

func TestReporterEveryChange(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Int64})
	r := prog.NewReporter()
	ok := func(v int64) profile.Value { return profile.Value{Int: v, Status: profile.OK} }
	assert.True(t, r.Report(0, ok(math.MinInt64), testTime))
	assert.False(t, r.Report(0, ok(math.MinInt64), testTime), "no change, no silence limit")
	assert.True(t, r.Report(0, ok(math.MaxInt64), testTime), "a change across the whole range")
}

func TestReporterAllocatesNothing(t *testing.T) {
	prog := compileOne(t, profile.Field{Type: profile.Uint16, Deadband: mustDecimal(t, "2")})
	r := prog.NewReporter()
	i := int64(0)
	allocs := testing.AllocsPerRun(100, func() {
		i++
		r.Report(0, profile.Value{Int: i, Status: profile.OK}, testTime)
	})
	assert.Zero(t, allocs)
}
