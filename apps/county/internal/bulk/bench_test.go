package bulk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/water"
)

// wellsCSV returns a wells file of n good rows.
func wellsCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString(wellsHeader + "\n")
	for i := range n {
		fmt.Fprintf(&b, "654229-J%05d,well,%d号井,83.%04d,44.8021,654229101201,654229-GQ,shallow-groundwater,agriculture,"+
			",,,,,,,350.50,drip,80,7.5,45,0.55,60,FM-%05d,2025-04-01,,,,\n", i, i, i, i)
	}
	return b.Bytes()
}

// BenchmarkImportWellsDryRun checks 1000 CSV rows against a memory store:
// the cost of parsing and validation without the database writes.
func BenchmarkImportWellsDryRun(b *testing.B) {
	data := wellsCSV(1000)
	s := Stores{Water: water.NewMemoryStore(time.Now)}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rep, err := ImportWells(context.Background(), s, bytes.NewReader(data), Options{DryRun: true})
		if err != nil || rep.Created != 1000 {
			b.Fatalf("created %d, err %v", rep.Created, err)
		}
	}
}

// BenchmarkImportWellsSQLite imports 1000 wells into a new SQLite database
// per iteration, with their audit entries.
func BenchmarkImportWellsSQLite(b *testing.B) {
	data := wellsCSV(1000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := openStores(b, sqliteDialect)
		b.StartTimer()
		rep, err := ImportWells(context.Background(), s, bytes.NewReader(data), Options{})
		if err != nil || rep.Created != 1000 {
			b.Fatalf("created %d, err %v", rep.Created, err)
		}
	}
}

// BenchmarkImportPlotsDryRun reads and cleans the plots of a 500-feature
// GeoJSON file and matches them with an empty SQLite register.
func BenchmarkImportPlotsDryRun(b *testing.B) {
	var body bytes.Buffer
	body.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 500 {
		if i > 0 {
			body.WriteString(",")
		}
		lon, lat := 83.35+float64(i%25)*0.002, 44.8+float64(i/25)*0.002
		fmt.Fprintf(&body, `{"type":"Feature","properties":{"code":"65422910120101%05d","name":"块%d","use":"0101"},`+
			`"geometry":{"type":"Polygon","coordinates":[[[%[3]g,%[4]g],[%[5]g,%[4]g],[%[5]g,%[6]g],[%[3]g,%[6]g],[%[3]g,%[4]g]]]}}`,
			i+1, i, lon, lat, lon+0.001, lat+0.001)
	}
	body.WriteString("]}")
	path := filepath.Join(b.TempDir(), "plots.geojson")
	if err := os.WriteFile(path, body.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	s := openStores(b, sqliteDialect)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := ImportPlots(context.Background(), s, path, PlotOptions{Options: Options{DryRun: true}})
		if err != nil || rep.Created != 500 {
			b.Fatalf("created %d, err %v, rejected %v", rep.Created, err, problems(rep.Rejected))
		}
	}
}
