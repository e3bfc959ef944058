package tracesql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// AddScans stores scans in one transaction, all or none, and sets their IDs in order, as
// [Store.AddScan] does for one. A server that records every public lookup writes its
// scans this way in batches, because one transaction per scan limits SQLite to the rate
// of its commits.
func (s *Store) AddScans(ctx context.Context, scans []*trace.Scan) error {
	for i, sc := range scans {
		if sc.ID != 0 {
			return fmt.Errorf("tracesql: add scans: scan %d has ID %d set, want 0", i, sc.ID)
		}
		if err := sc.Validate(); err != nil {
			return fmt.Errorf("tracesql: add scans: scan %d: %w", i, err)
		}
	}
	if len(scans) == 0 {
		return nil
	}
	query := "INSERT INTO trace_scans (text, status, epc, issuance, at, division, lon, lat, client) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	ids := make([]int64, len(scans))
	err := s.handle.Write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.bind(query))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, sc := range scans {
			var lon, lat sql.NullFloat64
			if sc.Location != nil {
				lon = sql.NullFloat64{Float64: sc.Location.Lon, Valid: true}
				lat = sql.NullFloat64{Float64: sc.Location.Lat, Valid: true}
			}
			err := stmt.QueryRowContext(ctx, sc.Text, int64(sc.Status), sc.EPC, sc.Issuance,
				s.timeArg(sc.At), string(sc.Division), lon, lat, sc.Client).Scan(&ids[i])
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("tracesql: add %d scans: %w", len(scans), err)
	}
	for i, sc := range scans {
		sc.ID, sc.At = ids[i], trace.StoreTime(sc.At)
	}
	return nil
}

// ScanCount is the number of scans of one issuance from one division with one status.
type ScanCount struct {
	// Issuance is empty for scans of unissued and malformed codes.
	Issuance string
	// Division is where the scans came from; empty when they did not say.
	Division land.DivisionCode
	Status   trace.ScanStatus
	Count    int64
}

// ScanCounts returns the number of scans by issuance, division and status, in that
// order. It reads the whole scan table, so callers that show it often cache the result.
func (s *Store) ScanCounts(ctx context.Context) ([]ScanCount, error) {
	query := "SELECT issuance, division, status, COUNT(*) FROM trace_scans " +
		"GROUP BY issuance, division, status ORDER BY issuance, division, status"
	var counts []ScanCount
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.bind(query))
		if err != nil {
			return err
		}
		defer rows.Close()
		counts = counts[:0]
		for rows.Next() {
			var c ScanCount
			var division string
			var status int64
			if err := rows.Scan(&c.Issuance, &division, &status, &c.Count); err != nil {
				return err
			}
			c.Division, c.Status = land.DivisionCode(division), trace.ScanStatus(status)
			counts = append(counts, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("tracesql: count scans: %w", err)
	}
	return counts, nil
}
