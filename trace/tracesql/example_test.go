package tracesql_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracesql"
)

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "tracesql-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", tracesql.SQLiteDSN(filepath.Join(dir, "county.db")))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	store, err := tracesql.Open(ctx, db, tracesql.SQLite, tracesql.Options{})
	if err != nil {
		log.Fatal(err)
	}

	// One row holds a million codes.
	issuance := &trace.Issuance{ID: "I-2024-0001", Batch: "2024-HT-0001", Scheme: trace.SchemeMinted,
		Space: trace.MintSpace(1, 0), KeyVersion: 1, Count: 1_000_000, State: trace.Issued,
		IssuedAt: time.Date(2024, 10, 9, 18, 0, 0, 0, time.UTC)}
	if err := store.PutIssuance(ctx, issuance); err != nil {
		log.Fatal(err)
	}
	found, err := store.IssuanceFor(ctx, trace.CodeRef{Scheme: trace.SchemeMinted, Space: trace.MintSpace(1, 0),
		Serial: 765_432})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(found.ID, found.Batch, found.Count, found.Version)
	// Output: I-2024-0001 2024-HT-0001 1000000 1
}
