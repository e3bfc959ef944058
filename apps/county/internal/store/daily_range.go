package store

import (
	"context"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// DailyBetween returns the totals of every well in s's zone from day from to
// day to, both included, ordered by well and day. Both days are required.
func (s *Store) DailyBetween(ctx context.Context, from, to land.Date) ([]Daily, error) {
	if from.IsZero() || to.IsZero() {
		return nil, fmt.Errorf("store: daily totals between %s and %s: want both days", from, to)
	}
	q := s.h.Dialect.Bind(`SELECT well, day, volume, energy, readings, updated_us FROM county_daily
WHERE zone = ? AND day >= ? AND day <= ? ORDER BY well, day`)
	rows, err := s.h.DB.QueryContext(ctx, q, s.zone, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("store: daily totals between %s and %s: %w", from, to, err)
	}
	defer rows.Close()
	var out []Daily
	for rows.Next() {
		var d Daily
		var day string
		var updated int64
		err := rows.Scan(&d.Well, &day, sqlstore.DecimalScanner{D: &d.Volume},
			sqlstore.DecimalScanner{D: &d.Energy}, &d.Readings, &updated)
		if err != nil {
			return nil, fmt.Errorf("store: daily totals between %s and %s: %w", from, to, err)
		}
		if d.Day, err = land.ParseDate(day); err != nil {
			return nil, fmt.Errorf("store: daily totals between %s and %s: %w", from, to, err)
		}
		d.Updated = fromMicros(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}
