package stations_test

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// BenchmarkSZY206Report converts a decoded self-report of flow and
// accumulated water with its alarm and status words.
func BenchmarkSZY206Report(b *testing.B) {
	frame, _ := hex.DecodeString("681A68B35303810D00C00059000000826110000001106000004508090A3516")
	m, err := szy206.Decode(frame)
	if err != nil {
		b.Fatal(err)
	}
	e := &centre.Event{Kind: centre.Message, Station: m.Header.Address.String(), Protocol: centre.SZY206,
		Time: time.Date(2026, 7, 9, 0, 47, 0, 0, time.UTC), SZY206: m}
	b.ReportAllocs()
	for b.Loop() {
		if rep := stations.Convert(e, nil); len(rep.Readings) != 4 {
			b.Fatalf("got %d readings", len(rep.Readings))
		}
	}
}

// BenchmarkSZY206Decode decodes the frame of BenchmarkSZY206Report, the
// baseline of its conversion.
func BenchmarkSZY206Decode(b *testing.B) {
	frame, _ := hex.DecodeString("681A68B35303810D00C00059000000826110000001106000004508090A3516")
	d := szy206.NewDecoder(szy206.Options{})
	var m szy206.Message
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Decode(frame, &m); err != nil {
			b.Fatal(err)
		}
	}
}
