package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL, Insert sends a batch with COPY straight into
// ingest_readings. When a key of the batch is stored already, the primary
// key rejects that COPY, and Insert rolls it back to a savepoint and sends
// the batch with COPY into a temporary staging table instead, from which
// one INSERT … SELECT … ON CONFLICT DO NOTHING moves the new rows. Batches
// go to the staging table first for as long as they hold stored keys, as
// after a restart, when the broker delivers again what was not acknowledged.
// COPY sends the rows in PostgreSQL's binary copy format, so the server
// parses and plans no statement with eight parameters per reading, as it
// does for the multi-row INSERT of the SQLite path.

// stageColumns are the columns of the staging table, in COPY order.
var stageColumns = []string{"source_id", "epoch", "seq", "field_id", "device_id", "time_ms", "value", "scale"}

// createStage makes the session's staging table when it is missing. Its
// rows live until the transaction ends: a commit empties it and a rollback
// undoes the COPY. Temporary tables write no WAL.
const createStage = `CREATE TEMPORARY TABLE IF NOT EXISTS ingest_stage (
	source_id BIGINT NOT NULL, epoch BIGINT NOT NULL, seq BIGINT NOT NULL, field_id BIGINT NOT NULL,
	device_id BIGINT NOT NULL, time_ms BIGINT NOT NULL, value BIGINT NOT NULL, scale SMALLINT NOT NULL
) ON COMMIT DELETE ROWS`

// moveStage inserts the staged rows whose key is not stored yet. The staged
// keys are distinct, because Insert drops the later copies of a key first.
const moveStage = `INSERT INTO ingest_readings (source_id, epoch, seq, field_id, device_id, time_ms, value, scale)
SELECT source_id, epoch, seq, field_id, device_id, time_ms, value, scale FROM pg_temp.ingest_stage
ON CONFLICT (source_id, epoch, seq, field_id) DO NOTHING`

// usesPgx reports whether the connections of db are pgx's, whose COPY
// Insert uses through [sql.Conn.Raw].
func usesPgx(ctx context.Context, db *sql.DB) (bool, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("ingest: connect: %w", err)
	}
	defer conn.Close()
	ok := false
	err = conn.Raw(func(dc any) error {
		_, ok = dc.(*stdlib.Conn)
		return nil
	})
	return ok, err
}

// copyBatch writes rs in one transaction on a pgx connection of the pool.
func (s *Store) copyBatch(ctx context.Context, rs []Reading, fresh []bool) error {
	conn, err := s.h.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("ingest: connect: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("ingest: connection is a %T, want the pgx driver's *stdlib.Conn", dc)
		}
		return s.copyTx(ctx, pc.Conn(), rs, fresh)
	})
}

// copyTx resolves the names and writes the first copy of each key of rs,
// in one transaction on c.
func (s *Store) copyTx(ctx context.Context, c *pgx.Conn, rs []Reading, fresh []bool) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("ingest: begin transaction: %w", err)
	}
	// After a commit the rollback does nothing.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	if err := s.pgNameIDs(ctx, tx, rs); err != nil {
		return err
	}
	src := s.stageSource(rs)
	staging := s.staging
	if !staging {
		admitted, err := copyDirect(ctx, tx, src)
		if err != nil {
			return err
		}
		staging = !admitted
	}
	nextStaging := false
	if staging {
		allNew, err := s.copyStaged(ctx, tx, src, fresh)
		if err != nil {
			return err
		}
		nextStaging = !allNew
	} else {
		for _, i := range s.keys {
			fresh[i] = true
		}
	}

	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("ingest: commit: %w", err)
	}
	s.staging = nextStaging
	return nil
}

// stageSource returns the first copy of each key of rs as a COPY source, and
// lists the keys with their index in rs in s.keys.
func (s *Store) stageSource(rs []Reading) *stageSource {
	src := &stageSource{rs: rs, rows: s.stage[:0]}
	clear(s.keys)
	for i := range rs {
		r := &rs[i]
		k := key{s.names[r.Source], int64(r.Epoch), r.Seq, s.names[r.Field]}
		if _, dup := s.keys[k]; dup {
			continue // a second copy in one batch counts once
		}
		s.keys[k] = i
		src.rows = append(src.rows, stageRow{k, s.names[r.Device], i})
	}
	s.stage = src.rows
	return src
}

// copyStaged sends the rows of src with COPY into the staging table and
// moves them into ingest_readings as moveStaged does.
func (s *Store) copyStaged(ctx context.Context, tx pgx.Tx, src *stageSource, fresh []bool) (bool, error) {
	src.next = 0 // a rejected copyDirect may have read some rows
	if _, err := tx.Exec(ctx, createStage); err != nil {
		return false, fmt.Errorf("ingest: create staging table: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"pg_temp", "ingest_stage"}, stageColumns, src); err != nil {
		return false, fmt.Errorf("ingest: copy readings to the staging table: %w", err)
	}
	return s.moveStaged(ctx, tx, len(src.rows), fresh)
}

// copyDirect sends the rows of src with COPY into ingest_readings and
// reports whether the primary key admitted them all. When it rejected one,
// copyDirect rolls the COPY back and returns false with a nil error.
func copyDirect(ctx context.Context, tx pgx.Tx, src *stageSource) (bool, error) {
	if len(src.rows) == 0 {
		return true, nil
	}
	if _, err := tx.Exec(ctx, "SAVEPOINT ingest_copy"); err != nil {
		return false, fmt.Errorf("ingest: savepoint: %w", err)
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"ingest_readings"}, stageColumns, src)
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) || pe.Code != uniqueViolation {
		if err != nil {
			return false, fmt.Errorf("ingest: copy readings: %w", err)
		}
		return true, nil // the savepoint ends with the transaction
	}
	if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT ingest_copy"); err != nil {
		return false, fmt.Errorf("ingest: roll back to savepoint: %w", err)
	}
	return false, nil
}

// uniqueViolation is the SQLSTATE of a rejected duplicate key.
const uniqueViolation = "23505"

// moveStaged moves the staged rows into ingest_readings, marks the new ones
// in fresh and reports whether all were new. When the rows affected show
// that every staged row was new, s.keys lists them. Otherwise it rolls the
// move back to a savepoint and moves the rows again with RETURNING, which
// names the new ones.
func (s *Store) moveStaged(ctx context.Context, tx pgx.Tx, staged int, fresh []bool) (bool, error) {
	if staged == 0 {
		return true, nil
	}
	if _, err := tx.Exec(ctx, "SAVEPOINT ingest_move"); err != nil {
		return false, fmt.Errorf("ingest: savepoint: %w", err)
	}
	tag, err := tx.Exec(ctx, moveStage)
	if err != nil {
		return false, fmt.Errorf("ingest: insert staged readings: %w", err)
	}
	if tag.RowsAffected() == int64(staged) {
		for _, i := range s.keys {
			fresh[i] = true
		}
		return true, nil // the savepoint ends with the transaction
	}
	if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT ingest_move"); err != nil {
		return false, fmt.Errorf("ingest: roll back to savepoint: %w", err)
	}
	rows, err := tx.Query(ctx, moveStage+" RETURNING source_id, epoch, seq, field_id")
	if err != nil {
		return false, fmt.Errorf("ingest: insert staged readings: %w", err)
	}
	defer rows.Close()
	var k key
	for rows.Next() {
		if err := rows.Scan(&k.source, &k.epoch, &k.seq, &k.field); err != nil {
			return false, fmt.Errorf("ingest: read inserted keys: %w", err)
		}
		if i, ok := s.keys[k]; ok {
			fresh[i] = true
		}
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("ingest: insert staged readings: %w", err)
	}
	return false, nil
}

// pgNameIDs adds the names of rs that s.names lacks to ingest_names and to
// s.names, in two statements however many there are. It lists them in
// s.added, so that Insert drops them when the transaction rolls back.
func (s *Store) pgNameIDs(ctx context.Context, tx pgx.Tx, rs []Reading) error {
	var missing []string
	seen := map[string]bool{}
	for i := range rs {
		for _, name := range [3]string{rs[i].Source, rs[i].Field, rs[i].Device} {
			if _, ok := s.names[name]; !ok && !seen[name] {
				seen[name] = true
				missing = append(missing, name)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	const add = "INSERT INTO ingest_names (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING"
	if _, err := tx.Exec(ctx, add, missing); err != nil {
		return fmt.Errorf("ingest: add %d names such as %q: %w", len(missing), missing[0], err)
	}
	rows, err := tx.Query(ctx, "SELECT id, name FROM ingest_names WHERE name = ANY($1::text[])", missing)
	if err != nil {
		return fmt.Errorf("ingest: look up %d names such as %q: %w", len(missing), missing[0], err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("ingest: look up names: %w", err)
		}
		s.names[name] = id
		s.added = append(s.added, name)
		found++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ingest: look up names: %w", err)
	}
	if found != len(missing) {
		return fmt.Errorf("ingest: found %d of the %d names just added to ingest_names", found, len(missing))
	}
	return nil
}

// stageRow is a reading with its names as ids, as the staging table holds it.
type stageRow struct {
	key
	device int64
	i      int // index in the batch
}

// stageSource is the [pgx.CopyFromSource] of the staging table. It reuses
// one row of values, which pgx encodes before it asks for the next.
type stageSource struct {
	rs   []Reading
	rows []stageRow
	next int
	row  [8]any
}

func (s *stageSource) Next() bool {
	s.next++
	return s.next <= len(s.rows)
}

func (s *stageSource) Values() ([]any, error) {
	sr := &s.rows[s.next-1]
	r := &s.rs[sr.i]
	s.row = [8]any{sr.source, sr.epoch, sr.seq, sr.field, sr.device, r.TimeMillis, r.Value, int16(r.Scale)}
	return s.row[:], nil
}

func (s *stageSource) Err() error { return nil }
