package spatial_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/shuxiang/shuxiang/land/internal/benchdata"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/stretchr/testify/require"
)

// postgis connects to the database named by SHUXIANG_TEST_POSTGRES_DSN and
// loads the benchmark plots and points into tables of its own, with a GiST
// index, dropped when tb ends. It skips tb when the variable is unset,
// unless CI=true.
func postgis(tb testing.TB, set *benchdata.Set) (conn *pgx.Conn, plots, points string) {
	tb.Helper()
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("SHUXIANG_TEST_POSTGRES_DSN is not set")
		}
		tb.Skip("SHUXIANG_TEST_POSTGRES_DSN is not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(tb, err, "connect to %s", dsn)
	tb.Cleanup(func() { conn.Close(ctx) })

	suffix := fmt.Sprintf("%d_%d", os.Getpid(), len(tb.Name()))
	plots, points = "spatial_bench_plots_"+suffix, "spatial_bench_points_"+suffix
	exec := func(sql string) {
		_, err := conn.Exec(ctx, sql)
		require.NoError(tb, err, sql)
	}
	exec("CREATE EXTENSION IF NOT EXISTS postgis")
	exec("DROP TABLE IF EXISTS " + plots + ", " + points)
	tb.Cleanup(func() { _, _ = conn.Exec(ctx, "DROP TABLE IF EXISTS "+plots+", "+points) })

	exec("CREATE TEMP TABLE plots_text (id integer, ewkt text)")
	rows := make([][]any, len(set.Plots))
	for i, p := range set.Plots {
		rows[i] = []any{int32(p.ID), benchdata.FormatPolygon(p.Polygon)}
	}
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"plots_text"}, []string{"id", "ewkt"}, pgx.CopyFromRows(rows))
	require.NoError(tb, err)
	exec("CREATE TABLE " + plots + " (id integer PRIMARY KEY, geom geometry(Polygon, 4326) NOT NULL)")
	exec("INSERT INTO " + plots + " SELECT id, ST_GeomFromEWKT(ewkt) FROM plots_text")
	exec("DROP TABLE plots_text")
	exec("CREATE INDEX ON " + plots + " USING gist (geom)")

	exec("CREATE TEMP TABLE points_raw (id integer, lon float8, lat float8)")
	rows = make([][]any, len(set.Points))
	for i, p := range set.Points {
		rows[i] = []any{int32(p.ID), p.Lon, p.Lat}
	}
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"points_raw"}, []string{"id", "lon", "lat"}, pgx.CopyFromRows(rows))
	require.NoError(tb, err)
	exec("CREATE TABLE " + points + " AS SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom FROM points_raw")
	exec("ALTER TABLE " + points + " ADD PRIMARY KEY (id)")
	exec("DROP TABLE points_raw")
	exec("ANALYZE " + plots)
	exec("ANALYZE " + points)
	return conn, plots, points
}

// indexHits returns the (point ID, plot ID) pairs the index finds.
func indexHits(tb testing.TB, set *benchdata.Set) [][2]int {
	ix, err := spatial.New(benchdata.Polygons(set.Plots))
	require.NoError(tb, err)
	var hits [][2]int
	var buf []int
	for _, p := range set.Points {
		buf = ix.AppendContaining(buf[:0], p.Lon, p.Lat)
		for _, i := range buf {
			hits = append(hits, [2]int{p.ID, set.Plots[i].ID})
		}
	}
	slices.SortFunc(hits, func(a, b [2]int) int { return a[0] - b[0] })
	return hits
}

func TestIndexAgreesWithPostGIS(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 plots into PostGIS")
	}
	// A tenth of the plots and points keeps the test short; the benchmarks
	// below load all of them.
	full := loadBench(t)
	set := &benchdata.Set{Plots: full.Plots[:10_000], Points: full.Points[:10_000]}
	conn, plots, points := postgis(t, set)
	ctx := context.Background()

	rows, err := conn.Query(ctx, "SELECT q.id, p.id FROM "+points+" q JOIN "+plots+
		" p ON ST_Contains(p.geom, q.geom) ORDER BY q.id, p.id")
	require.NoError(t, err)
	var want [][2]int
	for rows.Next() {
		var pt, plot int
		require.NoError(t, rows.Scan(&pt, &plot))
		want = append(want, [2]int{pt, plot})
	}
	require.NoError(t, rows.Err())
	require.Equal(t, want, indexHits(t, set), "(point, plot) pairs")
}

func BenchmarkPostGISPointLookupBatched(b *testing.B) {
	set := loadBench(b)
	conn, plots, points := postgis(b, set)
	ctx := context.Background()
	hits := plots + "_hits"
	b.Cleanup(func() { _, _ = conn.Exec(ctx, "DROP TABLE IF EXISTS "+hits) })

	b.ReportAllocs()
	for b.Loop() {
		_, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+hits)
		require.NoError(b, err)
		_, err = conn.Exec(ctx, "CREATE TABLE "+hits+" AS SELECT q.id AS pt_id, p.id AS plot_id FROM "+
			points+" q JOIN "+plots+" p ON ST_Contains(p.geom, q.geom)")
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.N*len(set.Points))/b.Elapsed().Seconds(), "lookups/s")
}

func BenchmarkPostGISPointLookupOneByOne(b *testing.B) {
	set := loadBench(b)
	conn, plots, _ := postgis(b, set)
	ctx := context.Background()
	_, err := conn.Prepare(ctx, "lookup", "SELECT id FROM "+plots+
		" WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))")
	require.NoError(b, err)

	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := set.Points[i%len(set.Points)]
		rows, err := conn.Query(ctx, "lookup", p.Lon, p.Lat)
		require.NoError(b, err)
		for rows.Next() {
		}
		require.NoError(b, rows.Err())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}
