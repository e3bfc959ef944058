package bulk_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/apps/county/internal/bulk"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// Import wells from CSV into a new SQLite database: the bad row is reported
// with its line and column, and the good one is stored.
func ExampleImportWells() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "bulk")
	defer os.RemoveAll(dir)
	db, _ := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(dir, "county.db")))
	defer db.Close()
	ls, _ := landsql.Open(ctx, db, landsql.SQLite, landsql.Options{})
	ws, _ := watersql.Open(ctx, db, watersql.SQLite, watersql.Options{})
	cs, _ := store.Open(ctx, db, sqlstore.SQLite, store.Options{})
	s := bulk.Stores{Land: ls, Sequences: ls, Water: ws, County: cs}

	in := strings.NewReader("code,kind,lon,lat,division,source,use\n" +
		"654229-J0001,well,83.3512,44.8021,654229101201,shallow-groundwater,agriculture\n" +
		"654229-J0002,well,83.36,95,654229101201,shallow-groundwater,agriculture\n")
	rep, err := bulk.ImportWells(ctx, s, in, bulk.Options{Actor: "clerk"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep.WriteSummary(os.Stdout, false)
	// Output:
	// rejected: line 3, lat "95": latitude 95 is out of range, want -90 to 90 degrees
	// wells: read 2, imported 1 (created 1, updated 0, unchanged 0), repaired 0, rejected 1
	// wells: rejected by reason: invalid_lat 1
}
