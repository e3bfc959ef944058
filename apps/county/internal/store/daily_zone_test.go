package store

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

// TestDailyKeptPerZone checks that two stores of different zones on one
// database read only the daily totals of their own zone.
func TestDailyKeptPerZone(t *testing.T) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := sqlstoretest.Open(t, d, "countystore")
			open := func(zone string) *Store {
				s, err := Open(ctx, db.DB, db.Dialect, Options{Zone: zone})
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			shanghai, urumqi := open(""), open("Asia/Urumqi")
			if got := shanghai.DailyZone(); got != DefaultZone {
				t.Errorf("DailyZone() of the zero Options = %q, want %q", got, DefaultZone)
			}
			day := land.NewDate(2026, 6, 1)
			put := func(s *Store, volume string) {
				err := s.PutDaily(ctx, []Daily{{Well: "W1", Day: day, Volume: decimal.RequireFromString(volume)}})
				if err != nil {
					t.Fatal(err)
				}
			}
			put(shanghai, "8")
			put(urumqi, "6")
			put(urumqi, "6.5") // replaces the Urumqi total only

			for _, tt := range []struct {
				s    *Store
				want string
			}{{shanghai, "8"}, {urumqi, "6.5"}} {
				series, err := tt.s.DailySeries(ctx, "W1", day, day)
				if err != nil {
					t.Fatal(err)
				}
				if len(series) != 1 || series[0].Volume.String() != tt.want {
					t.Errorf("DailySeries in %s = %+v, want one total of %s m³", tt.s.DailyZone(), series, tt.want)
				}
				between, err := tt.s.DailyBetween(ctx, day, day)
				if err != nil {
					t.Fatal(err)
				}
				if len(between) != 1 || between[0].Volume.String() != tt.want {
					t.Errorf("DailyBetween in %s = %+v, want one total of %s m³", tt.s.DailyZone(), between, tt.want)
				}
			}
		})
	}
}

// TestDailyMigrationKeepsTotalsInShanghai checks that the totals stored
// before daily totals had a zone are those of Asia/Shanghai afterwards.
func TestDailyMigrationKeepsTotalsInShanghai(t *testing.T) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := sqlstoretest.Open(t, d, "countystore")
			dir := "migrations/sqlite"
			if d == sqlstore.PostgreSQL {
				dir = "migrations/postgres"
			}
			all, err := sqlstore.LoadMigrations(migrationFiles, dir)
			if err != nil {
				t.Fatal(err)
			}
			m := &sqlstore.Migrator{Handle: sqlstore.NewHandle(db.DB, d, "county store"), Table: MigrationTable}
			if err := m.Run(ctx, all[:3]); err != nil {
				t.Fatal(err)
			}
			insert := d.Bind(`INSERT INTO county_daily (well, day, volume, energy, readings, updated_us)
VALUES ('W1', '2026-06-01', ?, ?, 0, 1)`)
			if _, err := db.DB.ExecContext(ctx, insert, "12.5", "0"); err != nil {
				t.Fatal(err)
			}

			day := land.NewDate(2026, 6, 1)
			for _, tt := range []struct {
				zone string
				want int
			}{{"Asia/Shanghai", 1}, {"Asia/Urumqi", 0}} {
				s, err := Open(ctx, db.DB, d, Options{Zone: tt.zone})
				if err != nil {
					t.Fatal(err)
				}
				series, err := s.DailySeries(ctx, "W1", day, day)
				if err != nil {
					t.Fatal(err)
				}
				if len(series) != tt.want {
					t.Errorf("%s: %d totals after the migration, want %d", tt.zone, len(series), tt.want)
				}
			}
		})
	}
}
