package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// MeterEvent is a tamper event of a meter, such as a box door opened or a
// counter going backwards, kept once per meter, kind and time.
type MeterEvent struct {
	// Meter is the meter id of the water register.
	Meter string
	// Kind is the water.EventKind name, such as "door-opened".
	Kind string
	// Time is when the meter recorded the event.
	Time time.Time
	// Well is the well the meter is attached to.
	Well string
	// Value is the size of the event where it has one, as water.Event.Value
	// states; zero otherwise.
	Value decimal.Decimal
}

// AddMeterEvents stores the events that are not stored yet, in one
// transaction, and returns those that were new, in the order given.
func (s *Store) AddMeterEvents(ctx context.Context, es []MeterEvent) ([]MeterEvent, error) {
	var added []MeterEvent
	q := s.h.Dialect.Bind(`INSERT INTO county_meter_events (meter, kind, time_us, well, value)
VALUES (?, ?, ?, ?, ?) ON CONFLICT (meter, kind, time_us) DO NOTHING`)
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		added = added[:0]
		for _, e := range es {
			if e.Meter == "" || e.Kind == "" || e.Time.IsZero() {
				return fmt.Errorf("store: meter event %+v: want a meter, a kind and a time", e)
			}
			res, err := tx.ExecContext(ctx, q, e.Meter, e.Kind, micros(e.Time), e.Well, sqlstore.DecimalText(e.Value))
			if err != nil {
				return fmt.Errorf("store: add event %s of meter %s: %w", e.Kind, e.Meter, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				added = append(added, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// MeterEvents returns the events of meter and kind from from to to, both
// included, in time order.
func (s *Store) MeterEvents(ctx context.Context, meter, kind string, from, to time.Time) ([]MeterEvent, error) {
	q := s.h.Dialect.Bind(`SELECT meter, kind, time_us, well, value FROM county_meter_events
WHERE meter = ? AND kind = ? AND time_us >= ? AND time_us <= ? ORDER BY time_us`)
	rows, err := s.h.DB.QueryContext(ctx, q, meter, kind, micros(from), micros(to))
	if err != nil {
		return nil, fmt.Errorf("store: events of meter %s: %w", meter, err)
	}
	defer rows.Close()
	var out []MeterEvent
	for rows.Next() {
		var e MeterEvent
		var at int64
		if err := rows.Scan(&e.Meter, &e.Kind, &at, &e.Well, sqlstore.DecimalScanner{D: &e.Value}); err != nil {
			return nil, fmt.Errorf("store: events of meter %s: %w", meter, err)
		}
		e.Time = fromMicros(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Setting is a named JSON document with a version.
type Setting struct {
	Name  string
	Value []byte
	// Version counts the writes: 0 before the first. An update must carry
	// the Version it read.
	Version int64
	// Updated is set by the store on each write.
	Updated time.Time
}

// Setting returns the setting of that name or ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) (*Setting, error) {
	q := s.h.Dialect.Bind(`SELECT name, value, version, updated_us FROM county_settings WHERE name = ?`)
	var st Setting
	var value string
	var updated int64
	err := s.h.DB.QueryRowContext(ctx, q, name).Scan(&st.Name, &value, &st.Version, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("setting %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read setting %q: %w", name, err)
	}
	st.Value, st.Updated = []byte(value), fromMicros(updated)
	return &st, nil
}

// PutSetting creates st when its Version is 0, or replaces the stored
// setting whose version equals st.Version, and then sets Version and Updated.
// It returns ErrConflict when a create finds the setting or the stored version
// differs, and ErrNotFound when an update finds none.
func (s *Store) PutSetting(ctx context.Context, st *Setting) error {
	now := s.now()
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		if st.Version == 0 {
			q := s.h.Dialect.Bind(`INSERT INTO county_settings (name, value, version, updated_us) VALUES (?, ?, 1, ?)`)
			_, err := tx.ExecContext(ctx, q, st.Name, string(st.Value), micros(now))
			if sqlstore.IsUniqueViolation(err) {
				return fmt.Errorf("setting %q exists; read it and send its version: %w", st.Name, ErrConflict)
			}
			return err
		}
		q := s.h.Dialect.Bind(`UPDATE county_settings SET value = ?, version = version + 1, updated_us = ?
WHERE name = ? AND version = ?`)
		res, err := tx.ExecContext(ctx, q, string(st.Value), micros(now), st.Name, st.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var version int64
		err = tx.QueryRowContext(ctx, s.h.Dialect.Bind("SELECT version FROM county_settings WHERE name = ?"), st.Name).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("setting %q: %w", st.Name, ErrNotFound)
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("setting %q is at version %d, not %d; read it again: %w", st.Name, version, st.Version, ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("store: put setting %q: %w", st.Name, err)
	}
	st.Version++
	st.Updated = now
	return nil
}
