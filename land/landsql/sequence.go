package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// NextSequence implements [land.SequenceStore]. One statement raises and
// returns the mark, and the database serialises it per key, so concurrent
// callers, in this process or others, never receive the same number.
func (s *Store) NextSequence(ctx context.Context, key string, first, last int) (int, error) {
	if first < 1 || last < first {
		return 0, fmt.Errorf("landsql: sequence %q: invalid range %d-%d, want 1 <= first <= last",
			key, first, last)
	}
	// The update applies only below last, so an exhausted key returns no row.
	query := "INSERT INTO sequence_marks (key, mark) VALUES (?, ?) " +
		"ON CONFLICT (key) DO UPDATE SET mark = " + s.dialect.greatest() + "(sequence_marks.mark + 1, ?) " +
		"WHERE sequence_marks.mark < ? RETURNING mark"
	var next int
	err := s.handle.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		return tx.QueryRowContext(ctx, s.dialect.rebind(query), key, first, first, last).Scan(&next)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: %q has used every number in %d-%d",
			land.ErrSequenceExhausted, key, first, last)
	}
	if err != nil {
		return 0, fmt.Errorf("landsql: next number of sequence %q: %w", key, err)
	}
	if next > last {
		// A new key starts at first, which is within the range; a stored
		// mark is only raised below last. Reaching here means the table was
		// changed by hand.
		return 0, fmt.Errorf("landsql: sequence %q: stored mark gave %d, above %d", key, next, last)
	}
	return next, nil
}

// MarkSequenceUsed implements [land.SequenceStore].
func (s *Store) MarkSequenceUsed(ctx context.Context, key string, n int) error {
	if n < 1 {
		return fmt.Errorf("landsql: sequence %q: invalid used number %d, want 1 or more", key, n)
	}
	query := "INSERT INTO sequence_marks (key, mark) VALUES (?, ?) " +
		"ON CONFLICT (key) DO UPDATE SET mark = excluded.mark WHERE sequence_marks.mark < excluded.mark"
	err := s.handle.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		_, err := tx.Exec(ctx, query, key, n)
		return err
	})
	if err != nil {
		return fmt.Errorf("landsql: mark sequence %q used up to %d: %w", key, n, err)
	}
	return nil
}

// SequenceMark returns the high-water mark of key: the highest number handed
// out or marked as used, or 0 if there is none.
func (s *Store) SequenceMark(ctx context.Context, key string) (int, error) {
	var mark int
	query := s.dialect.rebind("SELECT mark FROM sequence_marks WHERE key = ?")
	err := s.db.QueryRowContext(ctx, query, key).Scan(&mark)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("landsql: read mark of sequence %q: %w", key, err)
	}
	return mark, nil
}
