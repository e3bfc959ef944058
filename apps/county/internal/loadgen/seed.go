package loadgen

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// Records that Seed stores.
const (
	SeedCounty  = "654202"
	SeedVillage = "654202101001"
	SeedPlot    = "6542021010010100001"
	SeedWell    = "W-LOAD-1"
	// SeedDays is the number of daily totals of SeedWell.
	SeedDays = 365
)

// Seeded is the account that Seed stored, with a token for it.
type Seeded struct {
	// Account is a county administrator of SeedCounty.
	Account string
	// Token is an API token of Account that does not expire.
	Token string
}

// Seed runs the migrations on the SQLite database in dataDir, or on the
// PostgreSQL database at url when it is not empty, and stores SeedPlot,
// SeedWell with SeedDays daily totals ending on 2026-12-31, and a county
// administrator named account with a token.
func Seed(ctx context.Context, dataDir, url, account string) (Seeded, error) {
	db, dialect, err := store.OpenDatabase(ctx, dataDir, url)
	if err != nil {
		return Seeded{}, err
	}
	defer db.Close()
	ls, err := landsql.Open(ctx, db, landsql.Dialect(dialect), landsql.Options{})
	if err != nil {
		return Seeded{}, err
	}
	ws, err := watersql.Open(ctx, db, watersql.Dialect(dialect), watersql.Options{})
	if err != nil {
		return Seeded{}, err
	}
	cs, err := store.Open(ctx, db, dialect, store.Options{})
	if err != nil {
		return Seeded{}, err
	}

	ring := []geom.Coord{{84.6, 44.4}, {84.601, 44.4}, {84.601, 44.401}, {84.6, 44.401}, {84.6, 44.4}}
	polygon, err := geom.NewPolygon(geom.XY).SetCoords([][]geom.Coord{ring})
	if err != nil {
		return Seeded{}, err
	}
	plot := &land.Plot{Code: SeedPlot, Name: "渠边一号", Village: SeedVillage, Geometry: polygon,
		DeclaredArea: decimal.RequireFromString("13.35"), Use: "0102"}
	if err := ls.PutPlot(ctx, plot); err != nil {
		return Seeded{}, fmt.Errorf("seed plot %s: %w (seed an empty data folder)", SeedPlot, err)
	}
	well := &water.WellRecord{Well: water.Well{Code: SeedWell, Kind: water.PumpedWell,
		Location: water.Point{Lon: 84.6, Lat: 44.4}, Division: SeedVillage, Source: water.DeepGroundwater,
		Use: water.Agriculture, Holder: water.Holder{Name: "村集体"}}}
	if err := ws.PutWell(ctx, well); err != nil {
		return Seeded{}, fmt.Errorf("seed well %s: %w", SeedWell, err)
	}
	days := make([]store.Daily, SeedDays)
	first := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1-SeedDays)
	for i := range days {
		// Volumes from 10.00 to 39.99 m³ in steps of 0.01, so that totals
		// differ by day.
		volume := decimal.New(int64(1000+i*37%3000), -2)
		days[i] = store.Daily{Well: SeedWell, Day: land.DateOf(first.AddDate(0, 0, i)), Volume: volume,
			Energy: decimal.New(int64(i%50), 0), Readings: 24}
	}
	if err := cs.PutDaily(ctx, days); err != nil {
		return Seeded{}, err
	}

	svc := auth.NewService(cs, auth.Options{})
	if _, err := svc.CreateAccount(ctx, account, auth.CountyAdmin, SeedCounty); err != nil {
		return Seeded{}, fmt.Errorf("seed account %q: %w", account, err)
	}
	token, err := svc.IssueToken(ctx, account, time.Time{})
	if err != nil {
		return Seeded{}, err
	}
	return Seeded{Account: account, Token: token}, nil
}
