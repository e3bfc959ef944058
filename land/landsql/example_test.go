package landsql_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "landsql-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("sqlite", landsql.SQLiteDSN(filepath.Join(dir, "land.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	store, err := landsql.Open(ctx, db, landsql.SQLite, landsql.Options{})
	if err != nil {
		log.Fatal(err)
	}

	// The allocator persists its sequence marks in the same database.
	code, err := land.NewAllocator(store).NextPlotCode(ctx, "65313010100101")
	if err != nil {
		log.Fatal(err)
	}
	plot := &land.Plot{
		Code:         code,
		Class:        land.ClassContracted,
		Use:          "0102",
		DeclaredArea: decimal.RequireFromString("4.50"),
	}
	if err := store.PutPlot(ctx, plot); err != nil {
		log.Fatal(err)
	}
	got, err := store.Plot(ctx, code)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Code, got.Use, got.DeclaredArea.StringFixed(2), "mu, version", got.Version)
	// Output: 6531301010010100001 0102 4.50 mu, version 1
}
