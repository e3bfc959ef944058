package poll

import (
	"context"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus/client"
)

// fixedReader returns the same replies to every plan, for measuring the
// scheduler's own cost without I/O.
type fixedReader struct{ results []client.Result }

func (r *fixedReader) ReadPlan(_ context.Context, p *client.Plan) ([]client.Result, client.ReadStats) {
	return r.results, client.ReadStats{Requests: len(p.Blocks)}
}

// BenchmarkAttempt measures one poll attempt of the test probe: plan
// results decoded into values and the outcome set, without the network.
func BenchmarkAttempt(b *testing.B) {
	prog := loadProgram(b)
	reader := &fixedReader{}
	s, err := New([]Device{{ID: "probe", Reader: reader, Program: prog}}, SinkFunc(func(*Reading) {}), Options{})
	if err != nil {
		b.Fatal(err)
	}
	d := s.devices[0]
	for _, sp := range d.reading.spans {
		data := make([]byte, 2*sp.Count)
		if sp.Count == 1 && (sp.Function == 1 || sp.Function == 2) {
			data = []byte{1}
		}
		reader.results = append(reader.results, client.Result{Data: data})
	}
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		s.attempt(ctx, d)
	}
}
