package trace_test

import (
	"context"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/mint"
)

func BenchmarkCheckScan(b *testing.B) {
	rules := trace.Rules{}
	prev := knownScan(1, at(10, 12, 9, 0))
	prev.Location = &trace.GeoPoint{Lon: 87.62, Lat: 43.83}
	cur := knownScan(2, at(10, 12, 10, 0))
	cur.Location, cur.Division = &trace.GeoPoint{Lon: 87.6, Lat: 43.8}, "650102"
	sc := trace.ScanContext{Issuance: fixtureIssuance(), Previous: prev, Count: 2}
	b.ReportAllocs()
	for b.Loop() {
		if flags := rules.CheckScan(cur, sc); len(flags) != 0 {
			b.Fatal(flags)
		}
	}
}

func BenchmarkMintResolve(b *testing.B) {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	if err != nil {
		b.Fatal(err)
	}
	m, err := mint.NewMinter(keys, 1)
	if err != nil {
		b.Fatal(err)
	}
	code, err := m.Code(3, 42)
	if err != nil {
		b.Fatal(err)
	}
	r := trace.MintResolver{Keys: keys, Namespace: trace.Namespace{Domain: "trace.hotan.example.cn"}}
	text := code.Grouped()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Resolve(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreditCodeValidate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := coopCode.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrackerScanMemory(b *testing.B) {
	c := newCountyB(b)
	ctx := context.Background()
	// Each code is scanned a few times, as consumers do: the benchmark cycles over 1000.
	texts := make([]string, 1000)
	for i := range texts {
		code, _ := c.minter.Code(c.batch.Number, uint32(i))
		texts[i] = code.Grouped()
	}
	when := at(10, 12, 9, 0)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		when = when.Add(time.Second)
		n++
		req := trace.ScanRequest{Text: texts[n%len(texts)], At: when, Division: "650102", Client: "c1"}
		if _, err := c.tracker.Scan(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
