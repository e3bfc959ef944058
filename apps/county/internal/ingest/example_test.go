package ingest_test

import (
	"context"
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water/metering"
)

// ExampleNew wires the ingest to the embedded broker and a SQLite store in
// a data folder, as the county server does, and meters every field named
// flow_total as a cumulative counter with 2 decimals.
func ExampleNew() {
	data, err := os.MkdirTemp("", "county")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(data)

	b, err := broker.Start(broker.Config{Dir: filepath.Join(data, "broker")})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()

	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(data, "county.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	store, err := ingest.OpenStore(ctx, db, sqlstore.SQLite)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	in, err := ingest.New(ingest.Config{
		Broker: b.MQTTURL(),
		Store:  store,
		Meter: func(device, field string) (string, metering.MeterConfig, bool) {
			return device + "/" + field, metering.MeterConfig{Scale: 2}, field == "flow_total"
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Run returns nil when ctx ends, after committing what it received.
	if err := in.Run(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
}
