package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// Daily is the water a well drew on one calendar day in the county's time zone.
//
// The totals of each time zone are stored apart: a Store writes and reads
// those of its [Options.Zone] only, because a day of Asia/Urumqi (UTC+6)
// covers other hours than a day of Asia/Shanghai (UTC+8). When the county
// server starts with another zone, it replays its stored readings of the last
// year (metering.DefaultMaxAge) into metering and writes their totals in the
// new zone. Totals that no such reading backs, such as older ones or a history
// written with PutDaily, stay under the zone they were counted in, and the
// server shows them again when it returns to that zone.
type Daily struct {
	// Well is the well code.
	Well string
	// Day is the calendar day.
	Day land.Date
	// Volume is the water drawn in m³.
	Volume decimal.Decimal
	// Energy is the electricity the pump used in kWh; zero means not metered.
	Energy decimal.Decimal
	// Readings is the number of meter readings the totals came from.
	Readings int64
	// Updated is set by the store on each write.
	Updated time.Time
}

// DailyZone returns the IANA name of the time zone whose daily totals s
// writes and reads.
func (s *Store) DailyZone() string { return s.zone }

// PutDaily stores the totals as counted in s's zone, replacing those of the
// same well and day in that zone, in one transaction.
func (s *Store) PutDaily(ctx context.Context, days []Daily) error {
	now := s.now()
	q := s.h.Dialect.Bind(`INSERT INTO county_daily (well, zone, day, volume, energy, readings, updated_us)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (well, zone, day) DO UPDATE SET volume = excluded.volume, energy = excluded.energy,
readings = excluded.readings, updated_us = excluded.updated_us`)
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		for i := range days {
			d := &days[i]
			if d.Well == "" || d.Day.IsZero() {
				return fmt.Errorf("store: daily total %d: want a well code and a day", i)
			}
			_, err := tx.ExecContext(ctx, q, d.Well, s.zone, d.Day.String(), sqlstore.DecimalText(d.Volume),
				sqlstore.DecimalText(d.Energy), d.Readings, micros(now))
			if err != nil {
				return fmt.Errorf("store: put daily total of well %q on %s: %w", d.Well, d.Day, err)
			}
			d.Updated = now
		}
		return nil
	})
	// The count also moves after a failed write, because a caller that sees a
	// change which did not happen only reloads what it cached.
	s.dailyGeneration.Add(1)
	return err
}

// DailyGeneration returns a count that grows after every PutDaily call on s,
// so that a cache of DailySeries results can tell when to reload. Writes by
// other processes or other Store values on the same database do not move it.
func (s *Store) DailyGeneration() uint64 { return s.dailyGeneration.Load() }

// DailySeries returns the totals of a well in s's zone from day from to day
// to, both included, in day order. A zero from or to leaves that end open.
func (s *Store) DailySeries(ctx context.Context, well string, from, to land.Date) ([]Daily, error) {
	q := `SELECT well, day, volume, energy, readings, updated_us FROM county_daily WHERE well = ? AND zone = ?`
	args := []any{well, s.zone}
	if !from.IsZero() {
		q += " AND day >= ?"
		args = append(args, from.String())
	}
	if !to.IsZero() {
		q += " AND day <= ?"
		args = append(args, to.String())
	}
	q += " ORDER BY day"
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: daily series of well %q: %w", well, err)
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
			return nil, fmt.Errorf("store: daily series of well %q: %w", well, err)
		}
		if d.Day, err = land.ParseDate(day); err != nil {
			return nil, fmt.Errorf("store: daily series of well %q: %w", well, err)
		}
		d.Updated = fromMicros(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}
