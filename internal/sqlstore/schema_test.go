package sqlstore_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

var errGatesTooNew = errors.New("gate schema too new")

// gateSchema returns the schema of a store whose migrations differ by dialect
// only in the directory they live in.
func gateSchema() *sqlstore.Schema {
	ddl := []byte("CREATE TABLE gate_gates (code TEXT PRIMARY KEY);\n")
	return &sqlstore.Schema{
		Component: "gatesql",
		Migrations: fstest.MapFS{
			"m/sqlite/0001_gates.sql":     {Data: ddl},
			"m/postgresql/0001_gates.sql": {Data: ddl},
		},
		Dir:         "m",
		Table:       "gate_schema_migrations",
		ErrTooNew:   errGatesTooNew,
		ErrNotFound: errGateNotFound,
		ErrConflict: errGateConflict,
	}
}

func TestSchemaOpen(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx, s := t.Context(), gateSchema()
		version, err := s.Version(ctx, db.DB, db.Dialect)
		require.NoError(t, err)
		assert.Equal(t, 0, version, "version of an empty database")

		h, err := s.Open(ctx, db.DB, db.Dialect, nil)
		require.NoError(t, err)
		assert.Equal(t, "gatesql", h.Component)
		assert.Equal(t, db.Dialect, h.Dialect)
		assert.Same(t, errGateNotFound, h.ErrNotFound)
		assert.Same(t, errGateConflict, h.ErrConflict)
		_, err = db.DB.ExecContext(ctx, "INSERT INTO gate_gates (code) VALUES ('ZM-01')")
		require.NoError(t, err, "table of the migration")

		_, err = s.Open(ctx, db.DB, db.Dialect, nil)
		require.NoError(t, err, "second Open")
		version, err = s.Version(ctx, db.DB, db.Dialect)
		require.NoError(t, err)
		assert.Equal(t, 1, version)

		_, err = db.DB.ExecContext(ctx, "INSERT INTO gate_schema_migrations (version, name) VALUES (2, 'future')")
		require.NoError(t, err)
		_, err = s.Open(ctx, db.DB, db.Dialect, nil)
		assert.ErrorIs(t, err, errGatesTooNew, "schema of newer code")
	})
}

func TestSchemaOpenInvalid(t *testing.T) {
	ctx, s := t.Context(), gateSchema()
	db := sqlstoretest.SQLite(t, "schema")
	tests := []struct {
		name string
		open func() error
		want string
	}{
		{"zero dialect", func() error { _, err := s.Open(ctx, db.DB, 0, nil); return err },
			"gatesql: invalid dialect Dialect(0)"},
		{"nil db", func() error { _, err := s.Open(ctx, nil, sqlstore.SQLite, nil); return err },
			"gatesql: open: db is nil"},
		{"version of zero dialect", func() error { _, err := s.Version(ctx, db.DB, 0); return err },
			"gatesql: invalid dialect"},
		{"missing migrations", func() error {
			other := gateSchema()
			other.Dir = "missing"
			_, err := other.Open(ctx, db.DB, sqlstore.SQLite, nil)
			return err
		}, "gatesql: read migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorContains(t, tt.open(), tt.want)
		})
	}
}
