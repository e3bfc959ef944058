package geodesy_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/internal/benchdata"
)

// plot5 is a closed 5-point ring (four corners and the closing point) of a
// 150 m × 150 m field near Kashgar.
var plot5 = geom.NewPolygonFlat(geom.XY, []float64{
	76.0, 39.5, 76.00175, 39.5001, 76.0017, 39.50145, 75.99995, 39.50135, 76.0, 39.5,
}, []int{10})

func BenchmarkArea5Vertex(b *testing.B) {
	b.ReportAllocs()
	sum := 0.0
	for b.Loop() {
		sum += geodesy.Area(plot5)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plots/s")
	if !(sum > 0) {
		b.Fatalf("got total area %v m², want > 0", sum)
	}
}

var benchSet benchdata.Cache

// loadBenchPlots returns the 100,000 generated benchmark plots.
func loadBenchPlots(b *testing.B) []benchdata.Plot {
	b.Helper()
	root, err := benchdata.ModuleRoot()
	if err != nil {
		b.Fatal(err)
	}
	return benchSet.Load(b, filepath.Join(root, "..", "shared", "bench")).Plots
}

// BenchmarkArea100k sums the area of the 100,000 benchmark plots per
// iteration, the workload of BenchmarkPostGISAreaGeography.
func BenchmarkArea100k(b *testing.B) {
	plots := loadBenchPlots(b)
	b.ReportAllocs()
	b.ResetTimer()
	sum := 0.0
	for b.Loop() {
		sum = 0
		for _, p := range plots {
			sum += geodesy.WGS84.Area(p.Polygon)
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(plots))/b.Elapsed().Seconds(), "plots/s")
	b.ReportMetric(sum, "m²")
}

// BenchmarkPostGISAreaGeography times sum(ST_Area(geom::geography)) over
// the same plots in PostGIS, in a table of its own, one query per
// iteration. It needs SHUXIANG_TEST_POSTGRES_DSN and the postgis extension.
func BenchmarkPostGISAreaGeography(b *testing.B) {
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			b.Fatal("SHUXIANG_TEST_POSTGRES_DSN is not set")
		}
		b.Skip("SHUXIANG_TEST_POSTGRES_DSN is not set")
	}
	plots := loadBenchPlots(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatalf("connect to %s: %v", dsn, err)
	}
	defer conn.Close(ctx)
	table := loadPostGISPlots(b, conn, plots)

	query := "SELECT sum(ST_Area(geom::geography)) FROM " + table
	b.ReportAllocs()
	b.ResetTimer()
	var sum float64
	for b.Loop() {
		if err := conn.QueryRow(ctx, query).Scan(&sum); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(plots))/b.Elapsed().Seconds(), "plots/s")
	b.ReportMetric(sum, "m²")
}

// loadPostGISPlots copies plots into a new table named after the process
// and returns its name. The table is dropped when the benchmark ends.
func loadPostGISPlots(b *testing.B, conn *pgx.Conn, plots []benchdata.Plot) string {
	b.Helper()
	ctx := context.Background()
	table := fmt.Sprintf("geodesy_bench_plots_%d", os.Getpid())
	stmts := []string{
		"CREATE EXTENSION IF NOT EXISTS postgis",
		"DROP TABLE IF EXISTS " + table,
		"CREATE TABLE " + table + " (id integer PRIMARY KEY, wkt text NOT NULL, geom geometry(Polygon, 4326))",
	}
	for _, stmt := range stmts {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			b.Fatalf("%s: %v", stmt, err)
		}
	}
	b.Cleanup(func() { _, _ = conn.Exec(context.Background(), "DROP TABLE IF EXISTS "+table) })

	rows := make([][]any, len(plots))
	for i, p := range plots {
		rows[i] = []any{p.ID, polygonWKT(p.Polygon)}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "wkt"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatalf("copy plots into %s: %v", table, err)
	}
	update := "UPDATE " + table + " SET geom = ST_GeomFromText(wkt, 4326)"
	if _, err := conn.Exec(ctx, update); err != nil {
		b.Fatalf("%s: %v", update, err)
	}
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE "+table); err != nil {
		b.Fatalf("vacuum %s: %v", table, err)
	}
	return table
}

// polygonWKT writes a polygon as WKT with full float64 precision.
func polygonWKT(p *geom.Polygon) string {
	var sb strings.Builder
	sb.WriteString("POLYGON(")
	flat, stride := p.FlatCoords(), p.Stride()
	start := 0
	for r, end := range p.Ends() {
		if r > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for i := start; i < end; i += stride {
			if i > start {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatFloat(flat[i], 'g', -1, 64))
			sb.WriteByte(' ')
			sb.WriteString(strconv.FormatFloat(flat[i+1], 'g', -1, 64))
		}
		sb.WriteByte(')')
		start = end
	}
	sb.WriteByte(')')
	return sb.String()
}

var gkPoints = func() [][2]float64 {
	points := make([][2]float64, 1024)
	for i := range points {
		points[i] = [2]float64{85.6 + 2.8*float64(i%32)/32, 36 + 10*float64(i/32)/32}
	}
	return points
}()

func BenchmarkGKForward(b *testing.B) {
	tm, err := geodesy.GaussKruger3(29, true)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	sum, i := 0.0, 0
	for b.Loop() {
		p := gkPoints[i%len(gkPoints)]
		easting, northing, err := tm.FromLonLat(p[0], p[1])
		if err != nil {
			b.Fatal(err)
		}
		sum += easting + northing
		i++
	}
	if math.IsNaN(sum) {
		b.Fatal("NaN coordinate")
	}
}

func BenchmarkGKInverse(b *testing.B) {
	tm, err := geodesy.GaussKruger3(29, true)
	if err != nil {
		b.Fatal(err)
	}
	projected := make([][2]float64, len(gkPoints))
	for i, p := range gkPoints {
		projected[i][0], projected[i][1], err = tm.FromLonLat(p[0], p[1])
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	sum, i := 0.0, 0
	for b.Loop() {
		p := projected[i%len(projected)]
		lon, lat, err := tm.ToLonLat(p[0], p[1])
		if err != nil {
			b.Fatal(err)
		}
		sum += lon + lat
		i++
	}
	if math.IsNaN(sum) {
		b.Fatal("NaN coordinate")
	}
}

func BenchmarkToGCJ02(b *testing.B) {
	b.ReportAllocs()
	sum, i := 0.0, 0
	for b.Loop() {
		p := gkPoints[i%len(gkPoints)]
		lon, lat := geodesy.ToGCJ02(p[0], p[1])
		sum += lon + lat
		i++
	}
	if math.IsNaN(sum) {
		b.Fatal("NaN coordinate")
	}
}

func BenchmarkFromGCJ02(b *testing.B) {
	b.ReportAllocs()
	sum, i := 0.0, 0
	for b.Loop() {
		p := gkPoints[i%len(gkPoints)]
		lon, lat := geodesy.FromGCJ02(p[0], p[1])
		sum += lon + lat
		i++
	}
	if math.IsNaN(sum) {
		b.Fatal("NaN coordinate")
	}
}
