package ingest

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

//go:embed migrations
var migrationFS embed.FS

// rowsPerStatement is how many readings one INSERT carries: 8 parameters each,
// well under the 32,766 parameters of SQLite and 65,535 of PostgreSQL.
const rowsPerStatement = 500

// columns is the number of columns insertHead names.
const columns = 8

const insertHead = "INSERT INTO ingest_readings (source_id, epoch, seq, field_id, device_id, time_ms, value, scale) VALUES "

// Store keeps readings in the ingest_readings table of a SQLite or
// PostgreSQL database. The primary key (source, epoch, seq, field) makes a second
// copy of a reading a no-op. A Store is safe for concurrent use, but the
// ingest writes through one goroutine.
type Store struct {
	h *sqlstore.Handle

	mu    sync.Mutex
	names map[string]int64 // ingest_names, as far as seen
	full  string           // INSERT of rowsPerStatement rows, without RETURNING
	stmt  *sql.Stmt        // full, prepared

	keys  map[key]int // scratch of Insert: key to index in the batch
	added []string    // names first cached by the running Insert

	// copy is set on PostgreSQL through pgx, where Insert uses COPY.
	copy  bool
	stage []stageRow // scratch of Insert with COPY
	// staging makes Insert with COPY go through the staging table first,
	// because the last batch held keys that were stored already.
	staging bool
}

// key is the primary key of a reading, with its names as ids. The epoch is
// the uint64 value as an int64 of the same bits.
type key struct{ source, epoch, seq, field int64 }

// OpenStore runs the ingest migrations on db, whose dialect is dialect,
// and returns a Store on it. On SQLite the database should be opened with
// sqlstore.SQLiteDSN; OpenStore switches it to WAL.
func OpenStore(ctx context.Context, db *sql.DB, dialect sqlstore.Dialect) (*Store, error) {
	if err := dialect.Validate(); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	h := sqlstore.NewHandle(db, dialect, "ingest")
	dir := "migrations/sqlite"
	if dialect == sqlstore.PostgreSQL {
		dir = "migrations/postgres"
	} else if err := h.SetupSQLite(ctx); err != nil {
		return nil, err
	}
	ms, err := sqlstore.LoadMigrations(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	m := &sqlstore.Migrator{Handle: h, Table: "ingest_schema_migrations"}
	if err := m.Run(ctx, ms); err != nil {
		return nil, err
	}
	s := &Store{h: h, names: map[string]int64{}, keys: map[key]int{}}
	if dialect == sqlstore.PostgreSQL {
		if s.copy, err = usesPgx(ctx, db); err != nil {
			return nil, err
		}
	}
	s.full = dialect.Bind(insertSQL(rowsPerStatement, false))
	if s.stmt, err = db.PrepareContext(ctx, s.full); err != nil {
		return nil, fmt.Errorf("ingest: prepare insert: %w", err)
	}
	return s, nil
}

// Close releases the prepared statement. It does not close the database.
func (s *Store) Close() error { return s.stmt.Close() }

// insertSQL returns the INSERT of rows readings that skips stored keys, and
// with returning names the keys it inserted.
func insertSQL(rows int, returning bool) string {
	var b strings.Builder
	b.WriteString(insertHead)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?)")
	}
	b.WriteString(" ON CONFLICT (source_id, epoch, seq, field_id) DO NOTHING")
	if returning {
		b.WriteString(" RETURNING source_id, epoch, seq, field_id")
	}
	return b.String()
}

// Insert writes rs in one transaction. It sets fresh[i] to true when rs[i]
// was new: neither in the database before nor earlier in rs. fresh must have
// the length of rs. When Insert returns an error nothing of rs was written.
// On PostgreSQL through the pgx driver it sends the readings with COPY, and
// otherwise with multi-row INSERT statements.
func (s *Store) Insert(ctx context.Context, rs []Reading, fresh []bool) error {
	if len(fresh) != len(rs) {
		return fmt.Errorf("ingest: Insert got %d readings and %d flags; give one flag per reading", len(rs), len(fresh))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(fresh)
	s.added = s.added[:0]
	var err error
	if s.copy {
		err = s.copyBatch(ctx, rs, fresh)
	} else {
		err = s.h.Write(ctx, func(tx *sql.Tx) error { return s.insertBatch(ctx, tx, rs, fresh) })
	}
	if err != nil {
		for _, name := range s.added { // rolled back with the transaction
			delete(s.names, name)
		}
		clear(fresh)
	}
	return err
}

// insertBatch writes rs with multi-row INSERT statements in tx.
func (s *Store) insertBatch(ctx context.Context, tx *sql.Tx, rs []Reading, fresh []bool) error {
	ids := make([][3]int64, len(rs))
	for i := range rs {
		r := &rs[i]
		var err error
		if ids[i][0], err = s.nameID(ctx, tx, r.Source); err != nil {
			return err
		}
		if ids[i][1], err = s.nameID(ctx, tx, r.Field); err != nil {
			return err
		}
		if ids[i][2], err = s.nameID(ctx, tx, r.Device); err != nil {
			return err
		}
	}
	args := make([]any, 0, columns*rowsPerStatement)
	for start := 0; start < len(rs); start += rowsPerStatement {
		end := min(start+rowsPerStatement, len(rs))
		clear(s.keys)
		args = args[:0]
		for i := start; i < end; i++ {
			r := &rs[i]
			k := key{ids[i][0], int64(r.Epoch), r.Seq, ids[i][1]}
			if _, dup := s.keys[k]; dup {
				continue // a second copy in one statement counts once
			}
			s.keys[k] = i
			args = append(args, k.source, k.epoch, k.seq, k.field, ids[i][2], r.TimeMillis, r.Value, int64(r.Scale))
		}
		if err := s.insertChunk(ctx, tx, args, fresh); err != nil {
			return err
		}
	}
	return nil
}

// insertChunk inserts the rows of args in one statement. In the common case
// every row is new, which the count of rows affected shows. Otherwise it rolls
// the statement back to a savepoint and inserts again with RETURNING, which
// names the new rows but is twice as slow on SQLite.
func (s *Store) insertChunk(ctx context.Context, tx *sql.Tx, args []any, fresh []bool) error {
	n := len(args) / columns
	if n == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT ingest_chunk"); err != nil {
		return fmt.Errorf("ingest: savepoint: %w", err)
	}
	var res sql.Result
	var err error
	if n == rowsPerStatement {
		res, err = tx.StmtContext(ctx, s.stmt).ExecContext(ctx, args...)
	} else {
		res, err = tx.ExecContext(ctx, s.h.Dialect.Bind(insertSQL(n, false)), args...)
	}
	if err != nil {
		return fmt.Errorf("ingest: insert readings: %w", err)
	}
	added, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("ingest: insert readings: %w", err)
	}
	if added == int64(n) {
		for _, i := range s.keys {
			fresh[i] = true
		}
		_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT ingest_chunk")
		return err
	}
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT ingest_chunk"); err != nil {
		return fmt.Errorf("ingest: roll back to savepoint: %w", err)
	}
	rows, err := tx.QueryContext(ctx, s.h.Dialect.Bind(insertSQL(n, true)), args...)
	if err != nil {
		return fmt.Errorf("ingest: insert readings: %w", err)
	}
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.source, &k.epoch, &k.seq, &k.field); err != nil {
			rows.Close()
			return fmt.Errorf("ingest: read inserted keys: %w", err)
		}
		if i, ok := s.keys[k]; ok {
			fresh[i] = true
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("ingest: insert readings: %w", err)
	}
	_, err = tx.ExecContext(ctx, "RELEASE SAVEPOINT ingest_chunk")
	return err
}

// nameID returns the id of name in ingest_names, adding it if missing.
// Names first seen in the transaction are listed in s.added, so that Insert
// drops them from its cache when the transaction rolls back.
func (s *Store) nameID(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	if id, ok := s.names[name]; ok {
		return id, nil
	}
	d := s.h.Dialect
	if _, err := tx.ExecContext(ctx, d.Bind("INSERT INTO ingest_names (name) VALUES (?) ON CONFLICT (name) DO NOTHING"), name); err != nil {
		return 0, fmt.Errorf("ingest: add name %q: %w", name, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, d.Bind("SELECT id FROM ingest_names WHERE name = ?"), name).Scan(&id); err != nil {
		return 0, fmt.Errorf("ingest: look up name %q: %w", name, err)
	}
	s.names[name] = id
	s.added = append(s.added, name)
	return id, nil
}

// Count returns the number of readings stored.
func (s *Store) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.h.DB.QueryRowContext(ctx, "SELECT count(*) FROM ingest_readings").Scan(&n)
	return n, err
}

// Each calls fn for every stored reading of source in seq order.
func (s *Store) Each(ctx context.Context, source string, fn func(Reading) error) error {
	d := s.h.Dialect
	rows, err := s.h.DB.QueryContext(ctx, d.Bind(`SELECT r.epoch, r.seq, f.name, dv.name, r.time_ms, r.value, r.scale
		FROM ingest_readings r
		JOIN ingest_names src ON src.id = r.source_id
		JOIN ingest_names f ON f.id = r.field_id
		JOIN ingest_names dv ON dv.id = r.device_id
		WHERE src.name = ? ORDER BY r.seq, r.epoch, f.name`), source)
	if err != nil {
		return fmt.Errorf("ingest: read readings of %q: %w", source, err)
	}
	defer rows.Close()
	for rows.Next() {
		r := Reading{Source: source}
		var epoch, scale int64
		if err := rows.Scan(&epoch, &r.Seq, &r.Field, &r.Device, &r.TimeMillis, &r.Value, &scale); err != nil {
			return fmt.Errorf("ingest: read readings of %q: %w", source, err)
		}
		r.Epoch, r.Scale = uint64(epoch), uint8(scale)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachInOrder calls fn for every stored reading in time order, and in key
// order within one time. Ingester.Run replays them into metering with it.
func (s *Store) EachInOrder(ctx context.Context, fn func(Reading) error) error {
	rows, err := s.h.DB.QueryContext(ctx, `SELECT src.name, r.epoch, r.seq, f.name, dv.name, r.time_ms, r.value, r.scale
		FROM ingest_readings r
		JOIN ingest_names src ON src.id = r.source_id
		JOIN ingest_names f ON f.id = r.field_id
		JOIN ingest_names dv ON dv.id = r.device_id
		ORDER BY r.time_ms, r.source_id, r.epoch, r.seq, r.field_id`)
	if err != nil {
		return fmt.Errorf("ingest: read readings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Reading
		var epoch, scale int64
		if err := rows.Scan(&r.Source, &epoch, &r.Seq, &r.Field, &r.Device, &r.TimeMillis, &r.Value, &scale); err != nil {
			return fmt.Errorf("ingest: read readings: %w", err)
		}
		r.Epoch, r.Scale = uint64(epoch), uint8(scale)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Series returns the readings of one field of source whose time lies from
// fromMillis to toMillis, both included, in time order.
func (s *Store) Series(ctx context.Context, source, field string, fromMillis, toMillis int64) ([]Reading, error) {
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(`SELECT r.epoch, r.seq, dv.name, r.time_ms, r.value, r.scale
		FROM ingest_readings r
		JOIN ingest_names src ON src.id = r.source_id
		JOIN ingest_names f ON f.id = r.field_id
		JOIN ingest_names dv ON dv.id = r.device_id
		WHERE src.name = ? AND f.name = ? AND r.time_ms >= ? AND r.time_ms <= ?
		ORDER BY r.time_ms, r.seq`), source, field, fromMillis, toMillis)
	if err != nil {
		return nil, fmt.Errorf("ingest: read %s of %q: %w", field, source, err)
	}
	defer rows.Close()
	var out []Reading
	for rows.Next() {
		r := Reading{Source: source, Field: field}
		var epoch, scale int64
		if err := rows.Scan(&epoch, &r.Seq, &r.Device, &r.TimeMillis, &r.Value, &scale); err != nil {
			return nil, fmt.Errorf("ingest: read %s of %q: %w", field, source, err)
		}
		r.Epoch, r.Scale = uint64(epoch), uint8(scale)
		out = append(out, r)
	}
	return out, rows.Err()
}
