package watersql_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "watersql-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("sqlite", watersql.SQLiteDSN(filepath.Join(dir, "water.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	store, err := watersql.Open(ctx, db, watersql.SQLite, watersql.Options{})
	if err != nil {
		log.Fatal(err)
	}

	plan, err := water.NewPlan("654202-J0001", 2024, [12]decimal.Decimal{
		3: decimal.RequireFromString("10000.00"), 4: decimal.RequireFromString("25000.50"),
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := store.PutPlan(ctx, &water.PlanRecord{Plan: plan}); err != nil {
		log.Fatal(err)
	}
	history, err := store.StartCoefficient(ctx, water.Coefficient{
		Well: "654202-J0001", Value: decimal.RequireFromString("2.4800"),
		From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}

	got, err := store.Plan(ctx, "654202-J0001", 2024)
	if err != nil {
		log.Fatal(err)
	}
	tc := history.Coefficients[0]
	fmt.Println("plan", got.Annual.StringFixed(2), "m³, May", got.Month(time.May).StringFixed(2), "m³, version", got.Version)
	fmt.Println("Tc", tc.Value.StringFixed(4), "m³/kWh from", tc.From.Format(time.DateOnly))
	// Output:
	// plan 35000.50 m³, May 25000.50 m³, version 1
	// Tc 2.4800 m³/kWh from 2024-04-01
}
