package sqlstore_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// FuzzScanners feeds stored text to the scanners, which read what any program with
// access to the database may have written. A decimal they accept must read back
// unchanged from the text DecimalText writes for it.
func FuzzScanners(f *testing.F) {
	for _, seed := range []string{
		"2026-03-01T00:30:15.123456Z", "2026-03-01", "4.50", "-0.001", "0", "1e3", "", "NaN",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var stamp time.Time
		if err := (sqlstore.TimeScanner{T: &stamp}).Scan(text); err == nil && stamp.Location() != time.UTC {
			t.Fatalf("timestamp %q scanned in %v, want UTC", text, stamp.Location())
		}
		var day land.Date
		_ = sqlstore.DateScanner{D: &day}.Scan(text)

		var d decimal.Decimal
		if err := (sqlstore.DecimalScanner{D: &d}).Scan(text); err != nil {
			return
		}
		written := sqlstore.DecimalText(d)
		again, err := sqlstore.ParseDecimal(written)
		if err != nil {
			t.Fatalf("parse %q written for %q: %v", written, text, err)
		}
		if !again.Equal(d) {
			t.Fatalf("decimal %q read back as %s, want %s", text, again, d)
		}
	})
}

// FuzzBind checks that Bind numbers every ? of a query on PostgreSQL and leaves the
// query unchanged on SQLite.
func FuzzBind(f *testing.F) {
	f.Add("SELECT a FROM t WHERE b = ? AND c IN (?, ?)")
	f.Add("?")
	f.Add("no placeholders $1")
	f.Fuzz(func(t *testing.T, query string) {
		got := sqlstore.PostgreSQL.Bind(query)
		placeholders := strings.Count(query, "?")
		if strings.Contains(got, "?") {
			t.Fatalf("Bind(%q) = %q, which still has a ?", query, got)
		}
		if added := strings.Count(got, "$") - strings.Count(query, "$"); added != placeholders {
			t.Fatalf("Bind(%q) = %q with %d numbered placeholders, want %d", query, got, added, placeholders)
		}
		if placeholders > 0 && !strings.Contains(got, "$"+strconv.Itoa(placeholders)) {
			t.Fatalf("Bind(%q) = %q, want $%d for the last placeholder", query, got, placeholders)
		}
		if sqlite := sqlstore.SQLite.Bind(query); sqlite != query {
			t.Fatalf("SQLite Bind(%q) = %q, want it unchanged", query, sqlite)
		}
	})
}
