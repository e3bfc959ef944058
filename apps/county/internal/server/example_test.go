package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// ExampleNew wires the land, water and county stores on one SQLite file into
// a Server and calls it without a token.
func ExampleNew() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "county-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", sqlstore.SQLiteDSN(filepath.Join(dir, "county.db")))
	if err != nil {
		panic(err)
	}
	defer db.Close()

	landStore, err := landsql.Open(ctx, db, landsql.SQLite, landsql.Options{})
	if err != nil {
		panic(err)
	}
	waterStore, err := watersql.Open(ctx, db, watersql.SQLite, watersql.Options{})
	if err != nil {
		panic(err)
	}
	countyStore, err := store.Open(ctx, db, sqlstore.SQLite, store.Options{})
	if err != nil {
		panic(err)
	}
	api := server.New(server.Config{Land: landStore, Water: waterStore, County: countyStore,
		Auth: auth.NewService(countyStore, auth.Options{})})

	for _, path := range []string{"/healthz", "/api/v1/plots"} {
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body, _ := io.ReadAll(rec.Body)
		fmt.Printf("%d %s", rec.Code, body)
	}
	// Output:
	// 200 {"status":"ok"}
	// 401 {"error":{"code":"unauthenticated","message":"send Authorization: Bearer TOKEN; POST /api/v1/login returns a token"}}
}
