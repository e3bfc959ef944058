package sqlstore_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

func TestDialectString(t *testing.T) {
	tests := []struct {
		dialect sqlstore.Dialect
		want    string
		valid   bool
	}{
		{sqlstore.SQLite, "sqlite", true},
		{sqlstore.PostgreSQL, "postgresql", true},
		{0, "Dialect(0)", false},
		{7, "Dialect(7)", false},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.dialect.String())
			err := tt.dialect.Validate()
			if tt.valid {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, "invalid dialect "+tt.want)
		})
	}
}

func TestBind(t *testing.T) {
	tests := []struct {
		name    string
		dialect sqlstore.Dialect
		query   string
		want    string
	}{
		{"sqlite unchanged", sqlstore.SQLite, "SELECT a FROM t WHERE b = ? AND c = ?",
			"SELECT a FROM t WHERE b = ? AND c = ?"},
		{"postgresql numbered", sqlstore.PostgreSQL, "SELECT a FROM t WHERE b = ? AND c = ?",
			"SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"postgresql no placeholders", sqlstore.PostgreSQL, "SELECT 1", "SELECT 1"},
		{"postgresql ten and more", sqlstore.PostgreSQL, "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			"VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)"},
		{"postgresql at the ends", sqlstore.PostgreSQL, "?x?", "$1x$2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.dialect.Bind(tt.query))
		})
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, ""},
		{1, "?"},
		{3, "?, ?, ?"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			assert.Equal(t, tt.want, sqlstore.Placeholders(tt.n))
		})
	}
}

func TestInsertIgnoreSQL(t *testing.T) {
	got := sqlstore.InsertIgnoreSQL("t", []string{"a", "b", "c"}, []string{"a", "b"})
	assert.Equal(t, "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (a, b) DO NOTHING", got)
}

// TestUpsertOnDatabase runs the statements that both dialects must accept
// alike: an insert that ignores an existing key, and an upsert that keeps
// the greatest value.
func TestUpsertOnDatabase(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		d := db.Dialect
		_, err := db.DB.ExecContext(ctx, "CREATE TABLE marks (key TEXT PRIMARY KEY, mark INTEGER NOT NULL)")
		require.NoError(t, err)

		insert := d.Bind(sqlstore.InsertIgnoreSQL("marks", []string{"key", "mark"}, []string{"key"}))
		for i, want := range []int64{1, 0} {
			res, err := db.DB.ExecContext(ctx, insert, "a", 5)
			require.NoError(t, err)
			n, err := res.RowsAffected()
			require.NoError(t, err)
			assert.Equal(t, want, n, "rows inserted by insert %d", i+1)
		}

		upsert := d.Bind("INSERT INTO marks (key, mark) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET mark = " +
			d.Greatest() + "(marks.mark, excluded.mark) RETURNING mark")
		tests := []struct {
			mark int
			want int
		}{
			{3, 5},
			{9, 9},
			{7, 9},
		}
		for _, tt := range tests {
			var got int
			require.NoError(t, db.DB.QueryRowContext(ctx, upsert, "a", tt.mark).Scan(&got))
			assert.Equal(t, tt.want, got, "mark after upsert of %d", tt.mark)
		}
	})
}

func TestDetect(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		got, err := sqlstore.Detect(t.Context(), db.DB)
		require.NoError(t, err)
		assert.Equal(t, db.Dialect, got)
	})
}

func TestIsUniqueViolationOnDatabase(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		_, err := db.DB.ExecContext(ctx, "CREATE TABLE meters (id INTEGER PRIMARY KEY, serial TEXT UNIQUE, "+
			"well TEXT NOT NULL)")
		require.NoError(t, err)
		_, err = db.DB.ExecContext(ctx, "INSERT INTO meters (id, serial, well) VALUES (1, 'M1', 'W1')")
		require.NoError(t, err)

		tests := []struct {
			name   string
			insert string
			want   bool
		}{
			{"primary key", "INSERT INTO meters (id, serial, well) VALUES (1, 'M2', 'W1')", true},
			{"unique column", "INSERT INTO meters (id, serial, well) VALUES (2, 'M1', 'W1')", true},
			{"not null", "INSERT INTO meters (id, serial, well) VALUES (3, 'M3', NULL)", false},
			{"no such table", "INSERT INTO pumps (id) VALUES (1)", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.DB.ExecContext(ctx, tt.insert)
				require.Error(t, err)
				assert.Equal(t, tt.want, sqlstore.IsUniqueViolation(err), "IsUniqueViolation(%v)", err)
				assert.False(t, sqlstore.IsBusy(err), "IsBusy(%v)", err)
			})
		}
	})
}

// codedError is an error with a result code, as modernc.org/sqlite returns.
type codedError int

func (e codedError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e codedError) Code() int     { return int(e) }

// stateError is an error with a SQLSTATE, as pgx returns.
type stateError string

func (e stateError) Error() string    { return "postgres error " + string(e) }
func (e stateError) SQLState() string { return string(e) }

func TestErrorClassification(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		unique bool
		busy   bool
	}{
		{"sqlite busy", codedError(5), false, true},
		{"sqlite busy snapshot", codedError(517), false, true},
		{"sqlite locked", codedError(6), false, false},
		{"sqlite unique", codedError(2067), true, false},
		{"sqlite primary key", codedError(1555), true, false},
		{"sqlite foreign key", codedError(787), false, false},
		{"wrapped sqlite unique", fmt.Errorf("put well: %w", codedError(2067)), true, false},
		{"postgres unique", stateError("23505"), true, false},
		{"postgres foreign key", stateError("23503"), false, false},
		{"plain error", errors.New("unique constraint failed"), false, false},
		{"nil", nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.unique, sqlstore.IsUniqueViolation(tt.err), "IsUniqueViolation")
			assert.Equal(t, tt.busy, sqlstore.IsBusy(tt.err), "IsBusy")
		})
	}
}
