package sl651

import (
	"syscall"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/frame"
)

// timedReport is a timed report with ten elements from the shared table
// (rainfall station, SL 651-2014 function 0x32).
const timedReport = "7E7E011090330853A00032004D02009E260202094021F1F1109033085350F0F026020209402219000000272B0000000000392300000138371B000000302B000004300020190000001F1900000026190000001A1900000038121197035F3C"

func TestDecodeTimedReportAllocatesNothing(t *testing.T) {
	frame := mustHex(t, timedReport)
	d := NewDecoder(Options{})
	var m Message
	allocs := testing.AllocsPerRun(1000, func() {
		if err := d.Decode(frame, &m); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per decode, want 0", allocs)
	}
}

func BenchmarkDecodeTimedReport(b *testing.B) {
	frame := mustHex(b, timedReport)
	d := NewDecoder(Options{})
	var m Message
	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	start := cpuTime()
	for b.Loop() {
		if err := d.Decode(frame, &m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
	reportCPU(b, start, b.N)
}

func BenchmarkStreamAndDecodeTimedReport(b *testing.B) {
	one := mustHex(b, timedReport)
	var input []byte
	for range 64 {
		input = append(input, one...)
	}
	s := frame.NewStream(Protocol{}, 0)
	d := NewDecoder(Options{})
	var m Message
	frames := 0
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		s.Feed(input)
		for {
			f, ok := s.Next()
			if !ok {
				break
			}
			if err := d.Decode(f, &m); err != nil {
				b.Fatal(err)
			}
			frames++
		}
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkAppendTimedReport(b *testing.B) {
	m, err := Decode(mustHex(b, timedReport))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		if buf, err = m.AppendFrame(buf[:0], Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}

// reportCPU adds the metrics cpu-ns/op and frames/cpu-s, from the process's
// user and system CPU time, so that figures taken on a loaded machine count
// the work of one core rather than the wall-clock time spent waiting for it.
func reportCPU(b *testing.B, start time.Duration, frames int) {
	used := cpuTime() - start
	if used <= 0 || frames == 0 {
		return
	}
	b.ReportMetric(float64(used.Nanoseconds())/float64(frames), "cpu-ns/frame")
	b.ReportMetric(float64(frames)/used.Seconds(), "frames/cpu-s")
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
