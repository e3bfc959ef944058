package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Division is the name of an administrative division.
type Division struct {
	// Code is the division code: 6 digits for a county, 9 for a township and
	// 12 for a village.
	Code land.DivisionCode
	// Name is the division's name, such as 青杨镇.
	Name string
	// Updated is set by the store on each write.
	Updated time.Time
}

// maxDivisionName bounds a division name, in bytes.
const maxDivisionName = 200

// PutDivisions stores the names, replacing those of the same codes, in one
// transaction. It returns an error, and stores nothing, when a code is not
// valid or a name is empty or longer than 200 bytes.
func (s *Store) PutDivisions(ctx context.Context, ds []Division) error {
	for i := range ds {
		d := &ds[i]
		if err := d.Code.Validate(); err != nil {
			return fmt.Errorf("store: division %d: %w", i, err)
		}
		if d.Name == "" || len(d.Name) > maxDivisionName {
			return fmt.Errorf("store: division %s: name is %d bytes long, want 1 to %d", d.Code, len(d.Name), maxDivisionName)
		}
	}
	now := s.now()
	q := s.h.Dialect.Bind(`INSERT INTO county_divisions (code, name, updated_us) VALUES (?, ?, ?)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, updated_us = excluded.updated_us`)
	return s.h.Write(ctx, func(tx *sql.Tx) error {
		for i := range ds {
			d := &ds[i]
			if _, err := tx.ExecContext(ctx, q, string(d.Code), d.Name, micros(now)); err != nil {
				return fmt.Errorf("store: put division %s: %w", d.Code, err)
			}
			d.Updated = now
		}
		return nil
	})
}

// Divisions returns the names of the divisions within the division (its own
// included, [land.DivisionCode.Contains]) in code order. An empty within
// returns all.
//
// It reads the whole table and filters in Go, because a county has a few
// hundred divisions and a province code's prefix is shorter than its code.
func (s *Store) Divisions(ctx context.Context, within land.DivisionCode) ([]Division, error) {
	q := `SELECT code, name, updated_us FROM county_divisions ORDER BY code`
	rows, err := s.h.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list divisions: %w", err)
	}
	defer rows.Close()
	var out []Division
	for rows.Next() {
		var d Division
		var code string
		var updated int64
		if err := rows.Scan(&code, &d.Name, &updated); err != nil {
			return nil, fmt.Errorf("store: list divisions: %w", err)
		}
		d.Code, d.Updated = land.DivisionCode(code), fromMicros(updated)
		if within == "" || within.Contains(d.Code) {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}
