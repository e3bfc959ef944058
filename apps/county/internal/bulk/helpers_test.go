package bulk

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

// openStores returns the stores on a new database of dialect d.
func openStores(t testing.TB, d sqlstore.Dialect) Stores {
	t.Helper()
	ctx := context.Background()
	db := sqlstoretest.Open(t, d, "bulk")
	ls, err := landsql.Open(ctx, db.DB, landsql.Dialect(d), landsql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := watersql.Open(ctx, db.DB, watersql.Dialect(d), watersql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := store.Open(ctx, db.DB, d, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Stores{Land: ls, Sequences: ls, Water: ws, County: cs}
}

// dialects runs fn on SQLite and on PostgreSQL.
func dialects(t *testing.T, fn func(t *testing.T, s Stores)) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			fn(t, openStores(t, d))
		})
	}
}

// problems returns the String of each problem.
func problems(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// summary returns the report's summary text.
func summary(t *testing.T, rep *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteSummary(&b, true); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// auditCount returns the number of audit entries of kind.
func auditCount(t *testing.T, s Stores, kind string) int {
	t.Helper()
	entries, err := s.County.Audit(context.Background(), store.AuditFilter{Kind: kind, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func csvText(lines ...string) *strings.Reader {
	return strings.NewReader(strings.Join(lines, "\n") + "\n")
}

// sqliteDialect is the dialect of tests that need no second database.
const sqliteDialect = sqlstore.SQLite

func auditFilter(kind string) store.AuditFilter { return store.AuditFilter{Kind: kind, Limit: 10000} }
