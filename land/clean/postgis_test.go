package clean_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"

	"github.com/shuxiang/shuxiang/land/clean"
)

// openPostGIS connects to SHUXIANG_TEST_POSTGRES_DSN and enables PostGIS.
// It skips the test when the variable is unset, unless CI=true.
func openPostGIS(t *testing.T) *sql.DB {
	t.Helper()
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("SHUXIANG_TEST_POSTGRES_DSN is not set")
		}
		t.Skip("SHUXIANG_TEST_POSTGRES_DSN is not set")
	}
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, db.PingContext(ctx), "connect to %s", dsn)
	_, err = db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS postgis")
	require.NoError(t, err)
	return db
}

// postgisValid returns the ST_IsValid verdict and reason for a WKT
// geometry. Text that PostGIS cannot even parse (an unclosed ring, +Inf)
// counts as invalid.
func postgisValid(t *testing.T, db *sql.DB, text string) (bool, string) {
	t.Helper()
	var valid bool
	var reason string
	err := db.QueryRow(
		"SELECT ST_IsValid(g), ST_IsValidReason(g) FROM (SELECT ST_GeomFromText($1) AS g) AS s",
		text).Scan(&valid, &reason)
	if err != nil {
		return false, err.Error()
	}
	return valid, reason
}

// ogcValid is the verdict of Clean under the OGC rule set alone, leaving
// out orientation, which OGC does not list among its validity assertions
// and PostGIS ignores.
func ogcValid(g geom.T) (bool, []clean.Problem) {
	_, problems := clean.Clean(g, clean.Options{Rules: clean.OGC, ReportOnly: true})
	var broken []clean.Problem
	for _, p := range problems {
		if p.Code == clean.CodeShellWinding || p.Code == clean.CodeHoleWinding {
			continue
		}
		if p.Rule&clean.OGC != 0 {
			broken = append(broken, p)
		}
	}
	return len(broken) == 0, broken
}

func TestVerdictsMatchPostGIS(t *testing.T) {
	db := openPostGIS(t)
	for _, tc := range faultCases {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.geometry(t)
			if g == nil || tc.code == clean.CodeMalformed {
				t.Skip("no WKT for this input")
			}
			text, err := wkt.Marshal(g)
			if err != nil {
				t.Skipf("no WKT for this input: %v", err)
			}
			want, reason := postgisValid(t, db, text)
			got, broken := ogcValid(g)
			assert.Equal(t, want, got, "%s: PostGIS says %q, Clean says %v", text, reason, broken)
		})
	}
}

func TestRealFieldVerdictsMatchPostGIS(t *testing.T) {
	db := openPostGIS(t)
	for _, name := range fieldFiles {
		for i, g := range readFields(t, name) {
			text, err := wkt.Marshal(g)
			require.NoError(t, err)
			want, reason := postgisValid(t, db, text)
			got, broken := ogcValid(g)
			assert.Equal(t, want, got, "%s feature %d: PostGIS says %q, Clean says %v",
				name, i, reason, broken)
		}
	}
}

// randomRing returns a closed WKT ring of n random vertices on a small
// integer grid, which makes touches, overlaps and crossings frequent.
func randomRing(r *rand.Rand, n, grid int) string {
	points := make([]string, 0, n+1)
	for range n {
		points = append(points, fmt.Sprintf("%d %d", r.IntN(grid), r.IntN(grid)))
	}
	points = append(points, points[0])
	return "(" + strings.Join(points, ",") + ")"
}

func TestRandomVerdictsMatchPostGIS(t *testing.T) {
	db := openPostGIS(t)
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var text string
		switch r.IntN(4) {
		case 0:
			text = "POLYGON(" + randomRing(r, 3+r.IntN(5), 6) + ")"
		case 1:
			text = "POLYGON((0 0,8 0,8 8,0 8,0 0)," + randomRing(r, 3+r.IntN(3), 9) + ")"
		case 2:
			text = "POLYGON((0 0,8 0,8 8,0 8,0 0)," + randomRing(r, 3+r.IntN(2), 9) + "," +
				randomRing(r, 3+r.IntN(2), 9) + ")"
		default:
			text = "MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0)),(" + randomRing(r, 3+r.IntN(3), 7) + "))"
		}
		g, err := wkt.Unmarshal(text)
		if err != nil {
			continue
		}
		want, reason := postgisValid(t, db, text)
		got, broken := ogcValid(g)
		assert.Equal(t, want, got, "%s: PostGIS says %q, Clean says %v", text, reason, broken)
	}
}
