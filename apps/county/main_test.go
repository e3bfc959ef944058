package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"fly"}, 2},
		{[]string{"admin"}, 2},
		{[]string{"admin", "create"}, 2},
		{[]string{"admin", "create", "-division", "654202101"}, 2},
		{[]string{"serve", "extra"}, 2},
		{[]string{"help"}, 0},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if got := countyMain(context.Background(), tt.args, &out, &errOut); got != tt.code {
			t.Errorf("county %v: got status %d, want %d (stderr %s)", tt.args, got, tt.code, errOut.String())
		}
	}
}

func TestMigrateAndAdminCreate(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := countyMain(context.Background(), []string{"migrate", "-data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("migrate: status %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "land 1, water 1, county ") {
		t.Errorf("migrate output: got %q", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "county.db")); err != nil {
		t.Errorf("database file: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}

	out.Reset()
	if code := countyMain(context.Background(), []string{"admin", "create", "-data", dir, "-division", "654202"}, &out, &errOut); code != 0 {
		t.Fatalf("admin create: status %d: %s", code, errOut.String())
	}
	if secretOf(out.String()) == "" {
		t.Errorf("admin create printed no secret: %q", out.String())
	}
	if code := countyMain(context.Background(), []string{"admin", "create", "-data", dir, "-division", "654202"}, &out, &errOut); code != 1 {
		t.Errorf("second admin create: got status %d, want 1", code)
	}
}

func secretOf(output string) string {
	for _, line := range strings.Split(output, "\n") {
		if _, s, ok := strings.Cut(line, "stored only as a hash): "); ok {
			return s
		}
	}
	return ""
}

func TestEnvironmentDefaults(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SHUXIANG_DATA", dir)
	var out, errOut bytes.Buffer
	if code := countyMain(context.Background(), []string{"migrate"}, &out, &errOut); code != 0 {
		t.Fatalf("migrate: status %d: %s", code, errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "county.db")); err != nil {
		t.Errorf("SHUXIANG_DATA was not used: %v", err)
	}
	t.Setenv("SHUXIANG_DATABASE_URL", "mysql://x")
	if code := countyMain(context.Background(), []string{"migrate"}, &out, &errOut); code != 1 {
		t.Errorf("migrate with a bad URL: got status %d, want 1", code)
	}
}

// TestServe starts the server on SQLite and on PostgreSQL, logs in as the
// administrator, checks health and readiness, and shuts it down.
func TestServe(t *testing.T) {
	for _, name := range []string{"sqlite", "postgresql"} {
		t.Run(name, func(t *testing.T) {
			sf := storageFlags{data: t.TempDir()}
			if name == "postgresql" {
				db := sqlstoretest.PostgreSQL(t, "countymain")
				sf.database = schemaURL(t, db.DB)
			}
			args := []string{"-data", sf.data}
			if sf.database != "" {
				args = append(args, "-database", sf.database)
			}
			var out, errOut bytes.Buffer
			if code := countyMain(context.Background(), append([]string{"admin", "create", "-division", "654202"}, args...), &out, &errOut); code != 0 {
				t.Fatalf("admin create: status %d: %s", code, errOut.String())
			}
			secret := secretOf(out.String())

			ctx, cancel := context.WithCancel(context.Background())
			addrc := make(chan net.Addr, 1)
			done := make(chan error, 1)
			go func() {
				done <- serve(ctx, sf, testTelemetry(), "127.0.0.1:0", newLogger(&bytes.Buffer{}), func(a listenAddrs) { addrc <- a.HTTP })
			}()
			var base string
			select {
			case a := <-addrc:
				base = "http://" + a.String()
			case err := <-done:
				t.Fatalf("serve: %v", err)
			}
			for _, path := range []string{"/healthz", "/readyz"} {
				if code := waitStatus(t, base+path); code != http.StatusOK {
					t.Errorf("%s: got %d", path, code)
				}
			}
			body, _ := json.Marshal(map[string]string{"account": "admin", "secret": secret})
			res, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var login struct{ Token string }
			_ = json.NewDecoder(res.Body).Decode(&login)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || login.Token == "" {
				t.Fatalf("login: got %d", res.StatusCode)
			}
			req, _ := http.NewRequest("GET", base+"/api/v1/plots", nil)
			req.Header.Set("Authorization", "Bearer "+login.Token)
			res, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("plots: got %d", res.StatusCode)
			}

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve after cancel: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop within 15 s of cancel")
			}
		})
	}
}

// testTelemetry returns telemetry flags for an embedded broker and a centre
// station on free loopback ports.
func testTelemetry() telemetryFlags {
	return telemetryFlags{mqttAddr: "127.0.0.1:0", centreAddr: "127.0.0.1:0", clientID: "county-test"}
}

// waitStatus gets url until it returns 200 OK, for at most 30 s, and returns
// the last status.
func waitStatus(t *testing.T, url string) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK || time.Now().After(deadline) {
			return res.StatusCode
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// schemaURL returns a PostgreSQL URL whose connections use the schema of db,
// for a server that opens its own pool.
func schemaURL(t *testing.T, db *sql.DB) string {
	t.Helper()
	var schema string
	if err := db.QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	dsn := os.Getenv("SHUXIANG_TEST_POSTGRES_DSN")
	if dsn == "" {
		dsn = sqlstoretest.DefaultPostgresDSN
	}
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
		t.Skipf("SHUXIANG_TEST_POSTGRES_DSN is not a postgres:// URL, which -database needs")
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
