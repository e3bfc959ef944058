package tracesql

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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
	ids := make([]int64, 0, len(scans))
	err := s.handle.Write(ctx, func(tx *sql.Tx) error {
		ids = ids[:0]
		for start := 0; start < len(scans); start += scansPerInsert {
			chunk := scans[start:min(start+scansPerInsert, len(scans))]
			var err error
			if ids, err = s.insertScans(ctx, tx, chunk, ids); err != nil {
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

// scansPerInsert is the number of scans one INSERT statement writes: 9
// parameters each, well below the parameter limits of SQLite (32766) and
// PostgreSQL (65535).
const scansPerInsert = 200

// insertScans writes scans with one multi-row INSERT and appends their IDs to
// ids in the order of scans.
//
// NOTE: RETURNING does not promise an order. Both databases assign the IDs
// of one statement's rows in the order of its VALUES list, so the IDs are
// sorted and matched to the scans in that order.
func (s *Store) insertScans(ctx context.Context, tx *sql.Tx, scans []*trace.Scan, ids []int64) ([]int64, error) {
	var b strings.Builder
	b.WriteString("INSERT INTO trace_scans (text, status, epc, issuance, at, division, lon, lat, client) VALUES ")
	args := make([]any, 0, 9*len(scans))
	for i, sc := range scans {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
		var lon, lat sql.NullFloat64
		if sc.Location != nil {
			lon = sql.NullFloat64{Float64: sc.Location.Lon, Valid: true}
			lat = sql.NullFloat64{Float64: sc.Location.Lat, Valid: true}
		}
		args = append(args, sc.Text, int64(sc.Status), sc.EPC, sc.Issuance, s.timeArg(sc.At),
			string(sc.Division), lon, lat, sc.Client)
	}
	b.WriteString(" RETURNING id")
	rows, err := tx.QueryContext(ctx, s.bind(b.String()), args...)
	if err != nil {
		return ids, err
	}
	defer rows.Close()
	first := len(ids)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return ids, err
	}
	if got := len(ids) - first; got != len(scans) {
		return ids, fmt.Errorf("insert returned %d IDs for %d scans", got, len(scans))
	}
	slices.Sort(ids[first:])
	return ids, nil
}

// ScanCount is the number of scans of one issuance from one division with one status.
type ScanCount struct {
	// Issuance is empty for scans of unissued and malformed codes.
	Issuance string
	// Division is where the scans came from; empty for scans without one.
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
