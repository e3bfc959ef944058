package topology_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/shuxiang/shuxiang/land/internal/benchdata"
	"github.com/stretchr/testify/require"
)

// postgisPlots connects to the database named by SHUXIANG_TEST_POSTGRES_DSN
// and loads plots into a table of its own with a GiST index, dropped when
// tb ends. It skips tb when the variable is unset, unless CI=true.
func postgisPlots(tb testing.TB, plots []benchdata.Plot) (*pgx.Conn, string) {
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

	table := fmt.Sprintf("topology_bench_plots_%d_%d", os.Getpid(), len(tb.Name()))
	exec := func(sql string) {
		_, err := conn.Exec(ctx, sql)
		require.NoError(tb, err, sql)
	}
	exec("CREATE EXTENSION IF NOT EXISTS postgis")
	exec("DROP TABLE IF EXISTS " + table)
	tb.Cleanup(func() { _, _ = conn.Exec(ctx, "DROP TABLE IF EXISTS "+table+", "+table+"_pairs") })

	exec("CREATE TEMP TABLE plots_text (id integer, ewkt text)")
	rows := make([][]any, len(plots))
	for i, p := range plots {
		rows[i] = []any{int32(p.ID), benchdata.FormatPolygon(p.Polygon)}
	}
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"plots_text"}, []string{"id", "ewkt"}, pgx.CopyFromRows(rows))
	require.NoError(tb, err)
	exec("CREATE TABLE " + table + " (id integer PRIMARY KEY, geom geometry(Polygon, 4326) NOT NULL)")
	exec("INSERT INTO " + table + " SELECT id, ST_GeomFromEWKT(ewkt) FROM plots_text")
	exec("DROP TABLE plots_text")
	exec("CREATE INDEX ON " + table + " USING gist (geom)")
	exec("ANALYZE " + table)
	return conn, table
}

// BenchmarkPostGISOverlapsSelfJoin runs the overlap self-join of PostGIS on
// the same 100,000 plots as BenchmarkOverlaps100k. The "rewritten" form
// writes the id order as a.id + 0 < b.id + 0, which keeps the planner from
// combining a primary-key range scan with every GiST probe. The textbook
// a.id < b.id form takes about a minute, so it runs only when
// SHUXIANG_BENCH_SLOW=1; run it with -benchtime 1x.
func BenchmarkPostGISOverlapsSelfJoin(b *testing.B) {
	plots, _ := overlapPlots(b)
	conn, table := postgisPlots(b, plots)
	ctx := context.Background()
	pairs := table + "_pairs"
	join := func(b *testing.B, order string) {
		b.ReportAllocs()
		for b.Loop() {
			_, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+pairs)
			require.NoError(b, err)
			_, err = conn.Exec(ctx, "CREATE TABLE "+pairs+" AS SELECT a.id AS a_id, b.id AS b_id, "+
				"ST_Area(ST_Intersection(a.geom, b.geom)::geography) AS m2 FROM "+table+" a JOIN "+table+
				" b ON "+order+" AND ST_Intersects(a.geom, b.geom) "+
				"WHERE ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1")
			require.NoError(b, err)
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")

		var n int
		require.NoError(b, conn.QueryRow(ctx, "SELECT count(*) FROM "+pairs).Scan(&n))
		require.Equal(b, 1000, n, "overlapping pairs")
	}
	b.Run("rewritten", func(b *testing.B) { join(b, "a.id + 0 < b.id + 0") })
	b.Run("textbook", func(b *testing.B) {
		if os.Getenv("SHUXIANG_BENCH_SLOW") != "1" {
			b.Skip("takes about a minute; set SHUXIANG_BENCH_SLOW=1")
		}
		join(b, "a.id < b.id")
	})
}
