package tracesql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

const scanCols = "id, text, status, epc, issuance, at, division, lon, lat, client"

// AddScan stores sc and sets its ID, as [trace.ScanStore] describes.
func (s *Store) AddScan(ctx context.Context, sc *trace.Scan) error {
	if sc.ID != 0 {
		return fmt.Errorf("tracesql: add scan: ID %d is set, want 0", sc.ID)
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	at := trace.StoreTime(sc.At)
	var lon, lat sql.NullFloat64
	if sc.Location != nil {
		lon = sql.NullFloat64{Float64: sc.Location.Lon, Valid: true}
		lat = sql.NullFloat64{Float64: sc.Location.Lat, Valid: true}
	}
	query := "INSERT INTO trace_scans (text, status, epc, issuance, at, division, lon, lat, client) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	var id int64
	err := s.handle.Write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.bind(query), sc.Text, int64(sc.Status), sc.EPC, sc.Issuance,
			s.timeArg(at), string(sc.Division), lon, lat, sc.Client).Scan(&id)
	})
	if err != nil {
		return fmt.Errorf("tracesql: add scan of %q: %w", sc.Text, err)
	}
	sc.ID, sc.At = id, at
	return nil
}

func scanScan(row sqlstore.Scanner) (*trace.Scan, error) {
	var sc trace.Scan
	var status int64
	var division string
	var lon, lat sql.NullFloat64
	err := row.Scan(&sc.ID, &sc.Text, &status, &sc.EPC, &sc.Issuance, sqlstore.TimeScanner{T: &sc.At},
		&division, &lon, &lat, &sc.Client)
	if err != nil {
		return nil, err
	}
	sc.Status, sc.Division = trace.ScanStatus(status), land.DivisionCode(division)
	if lon.Valid && lat.Valid {
		sc.Location = &trace.GeoPoint{Lon: lon.Float64, Lat: lat.Float64}
	}
	return &sc, nil
}

// Scans lists scans in ID order.
func (s *Store) Scans(ctx context.Context, f trace.ScanFilter) ([]*trace.Scan, string, error) {
	var w sqlstore.Where
	w.Equal("epc", f.EPC)
	w.Equal("client", f.Client)
	w.Equal("issuance", f.Issuance)
	w.Equal("status", int64(f.Status))
	if !f.Since.IsZero() {
		w.Add("at >= ?", s.timeArg(f.Since))
	}
	if !f.Until.IsZero() {
		w.Add("at < ?", s.timeArg(f.Until))
	}
	return listLog(ctx, s, "trace_scans", scanCols, &w, f.Page, scanScan, func(sc *trace.Scan) int64 { return sc.ID })
}

// ScanStats returns the count, first time and latest scan of the code.
func (s *Store) ScanStats(ctx context.Context, epc string) (trace.ScanStats, error) {
	var st trace.ScanStats
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		var first any
		row := tx.QueryRowContext(ctx, s.bind("SELECT COUNT(*), MIN(at) FROM trace_scans WHERE epc = ?"), epc)
		if err := row.Scan(&st.Count, &first); err != nil {
			return err
		}
		if st.Count == 0 {
			return nil
		}
		if err := (sqlstore.TimeScanner{T: &st.First}).Scan(first); err != nil {
			return err
		}
		last := tx.QueryRowContext(ctx, s.bind("SELECT "+scanCols+" FROM trace_scans WHERE epc = ? "+
			"ORDER BY at DESC, id DESC LIMIT 1"), epc)
		var err error
		st.Last, err = scanScan(last)
		return err
	})
	if err != nil {
		return trace.ScanStats{}, fmt.Errorf("tracesql: scan statistics of %s: %w", epc, err)
	}
	return st, nil
}

// ClientFailures returns the IDs of the client's unissued and malformed scans at or after
// since, in ID order.
func (s *Store) ClientFailures(ctx context.Context, client string, since time.Time) ([]int64, error) {
	query := "SELECT id FROM trace_scans WHERE client = ? AND at >= ? AND status IN (?, ?) ORDER BY id"
	var ids []int64
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.bind(query), client, s.timeArg(since),
			int64(trace.Unissued), int64(trace.Malformed))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("tracesql: failed scans of client %s: %w", client, err)
	}
	return ids, nil
}

const flagCols = "id, rule, severity, at, epc, issuance, client, message, evidence"

// AddFlag stores f and sets its ID, as [trace.ScanStore] describes.
func (s *Store) AddFlag(ctx context.Context, f *trace.Flag) error {
	if f.ID != 0 {
		return fmt.Errorf("tracesql: add flag: ID %d is set, want 0", f.ID)
	}
	if err := f.Validate(); err != nil {
		return err
	}
	evidence, err := json.Marshal(normalEvidence(f.Evidence))
	if err != nil {
		return fmt.Errorf("tracesql: encode evidence of %s flag: %w", f.Rule, err)
	}
	query := "INSERT INTO trace_flags (rule, severity, at, epc, issuance, client, message, evidence) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	var id int64
	err = s.handle.Write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.bind(query), int64(f.Rule), int64(f.Severity), s.timeArg(f.At), f.EPC,
			f.Issuance, f.Client, f.Message, string(evidence)).Scan(&id)
	})
	if err != nil {
		return fmt.Errorf("tracesql: add %s flag: %w", f.Rule, err)
	}
	f.ID = id
	return nil
}

// normalEvidence returns ev with its times as stores keep them.
func normalEvidence(ev trace.Evidence) trace.Evidence {
	ev.ActivatedAt = trace.StoreTime(ev.ActivatedAt)
	if ev.Sales != nil {
		sales := make([]time.Time, len(ev.Sales))
		for i, t := range ev.Sales {
			sales[i] = trace.StoreTime(t)
		}
		ev.Sales = sales
	}
	return ev
}

func scanFlag(row sqlstore.Scanner) (*trace.Flag, error) {
	var f trace.Flag
	var rule, severity int64
	var evidence string
	err := row.Scan(&f.ID, &rule, &severity, sqlstore.TimeScanner{T: &f.At}, &f.EPC, &f.Issuance, &f.Client,
		&f.Message, &evidence)
	if err != nil {
		return nil, err
	}
	f.Rule, f.Severity = trace.RuleKind(rule), trace.Severity(severity)
	if err := json.Unmarshal([]byte(evidence), &f.Evidence); err != nil {
		return nil, fmt.Errorf("decode stored evidence of flag %d: %w", f.ID, err)
	}
	f.Evidence = normalEvidence(f.Evidence)
	return &f, nil
}

// Flag returns the flag with the id.
func (s *Store) Flag(ctx context.Context, id int64) (*trace.Flag, error) {
	var f *trace.Flag
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		var err error
		f, err = scanFlag(tx.QueryRowContext(ctx, s.bind("SELECT "+flagCols+" FROM trace_flags WHERE id = ?"), id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("tracesql: flag %d: %w", id, trace.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tracesql: read flag %d: %w", id, err)
	}
	return f, nil
}

// Flags lists flags in ID order.
func (s *Store) Flags(ctx context.Context, f trace.FlagFilter) ([]*trace.Flag, string, error) {
	var w sqlstore.Where
	w.Equal("epc", f.EPC)
	w.Equal("issuance", f.Issuance)
	w.Equal("rule", int64(f.Rule))
	if f.MinSeverity != 0 {
		w.Add("severity >= ?", int64(f.MinSeverity))
	}
	if !f.Since.IsZero() {
		w.Add("at >= ?", s.timeArg(f.Since))
	}
	return listLog(ctx, s, "trace_flags", flagCols, &w, f.Page, scanFlag, func(fl *trace.Flag) int64 { return fl.ID })
}

// listLog pages through an append-only table in ID order. Tokens are decimal IDs.
func listLog[T any](ctx context.Context, s *Store, table, cols string, w *sqlstore.Where, page land.Page,
	scan func(sqlstore.Scanner) (*T, error), id func(*T) int64) ([]*T, string, error) {
	if err := page.Validate(); err != nil {
		return nil, "", fmt.Errorf("tracesql: %w", err)
	}
	if page.After != "" {
		after, err := strconv.ParseInt(page.After, 10, 64)
		if err != nil || after < 0 {
			return nil, "", fmt.Errorf("tracesql: invalid page token %q, want the next token of a previous call", page.After)
		}
		w.Add("id > ?", after)
	}
	// One statement reads one snapshot, so no transaction is needed.
	token := func(r *T) string { return strconv.FormatInt(id(r), 10) }
	out, next, err := sqlstore.QueryPage(ctx, s.handle.DB, s.dialect.shared(), "SELECT "+cols+" FROM "+table,
		w, "id", page.Limit, scan, token)
	if err != nil {
		return nil, "", fmt.Errorf("tracesql: list %s: %w", table, err)
	}
	return out, next, nil
}
