package tracesql_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landsql"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracesql"
	"github.com/shuxiang/shuxiang/water/watersql"
)

func bothDialects(t *testing.T, fn func(t *testing.T, db sqlstoretest.Database)) {
	t.Helper()
	sqlstoretest.EachDialect(t, "tracesql", fn)
}

func TestOpenTwice(t *testing.T) {
	bothDialects(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := context.Background()
		d := tracesql.Dialect(db.Dialect)
		first, err := tracesql.Open(ctx, db.DB, d, tracesql.Options{})
		require.NoError(t, err)
		require.NoError(t, first.PutProducer(ctx, &trace.Producer{Code: "93653221MA78ABCD1U", Name: "合作社",
			Kind: trace.Cooperative, Division: "653221"}))

		// A second process opens the same database and sees the record.
		second, err := tracesql.Open(ctx, db.Open(t), d, tracesql.Options{})
		require.NoError(t, err)
		p, err := second.Producer(ctx, "93653221MA78ABCD1U")
		require.NoError(t, err)
		assert.Equal(t, "合作社", p.Name)
		assert.Equal(t, d, second.Dialect())
	})
}

func TestOpenRejectsNewerSchema(t *testing.T) {
	bothDialects(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := context.Background()
		d := tracesql.Dialect(db.Dialect)
		_, err := tracesql.Open(ctx, db.DB, d, tracesql.Options{})
		require.NoError(t, err)
		_, err = db.DB.ExecContext(ctx, "INSERT INTO trace_schema_migrations (version, name, applied_at) "+
			"VALUES (99, 'future', CURRENT_TIMESTAMP)")
		require.NoError(t, err)
		_, err = tracesql.Open(ctx, db.DB, d, tracesql.Options{})
		assert.ErrorIs(t, err, tracesql.ErrSchemaTooNew)
	})
}

func TestOpenInvalid(t *testing.T) {
	_, err := tracesql.Open(context.Background(), nil, tracesql.SQLite, tracesql.Options{})
	assert.ErrorContains(t, err, "db is nil")
	db := sqlstoretest.SQLite(t, "trace")
	_, err = tracesql.Open(context.Background(), db.DB, 0, tracesql.Options{})
	assert.ErrorContains(t, err, "invalid dialect")
}

// TestSharedDatabase opens the land, water and trace stores on one database, as the
// county server does.
func TestSharedDatabase(t *testing.T) {
	bothDialects(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := context.Background()
		_, err := landsql.Open(ctx, db.DB, landsql.Dialect(db.Dialect), landsql.Options{})
		require.NoError(t, err)
		_, err = watersql.Open(ctx, db.DB, watersql.Dialect(db.Dialect), watersql.Options{})
		require.NoError(t, err)
		s, err := tracesql.Open(ctx, db.DB, tracesql.Dialect(db.Dialect), tracesql.Options{})
		require.NoError(t, err)
		b := &trace.Batch{ID: "B-1", Product: "P-1", HarvestedOn: land.NewDate(2024, time.October, 8),
			Quantity: trace.Kilograms("10"), Origin: "653221101"}
		require.NoError(t, s.PutBatch(ctx, b))
	})
}

// TestClockStamps checks that writes carry the store clock's time in UTC.
func TestClockStamps(t *testing.T) {
	db := sqlstoretest.Open(t, sqlstore.SQLite, "trace")
	now := time.Date(2024, 10, 12, 17, 30, 0, 123_456_789, time.FixedZone("CST", 8*3600))
	s, err := tracesql.Open(context.Background(), db.DB, tracesql.SQLite,
		tracesql.Options{Clock: func() time.Time { return now }})
	require.NoError(t, err)
	p := &trace.Producer{Code: "93653221MA78ABCD1U", Name: "合作社", Kind: trace.Cooperative, Division: "653221"}
	require.NoError(t, s.PutProducer(context.Background(), p))
	assert.Equal(t, trace.StoreTime(now), p.UpdatedAt)
	assert.Equal(t, time.UTC, p.UpdatedAt.Location())
}
