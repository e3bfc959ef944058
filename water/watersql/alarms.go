package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// alarmCols are the columns of water_alarms that PutAlarm writes from the record, in the
// order of alarmValues.
var alarmCols = []string{
	"rule", "severity", "action", "well", "meter", "event", "raised", "window_from", "window_to",
	"observed", "threshold_name", "threshold_value", "threshold_unit", "message", "status", "note",
}

func alarmValues(d Dialect, a *water.AlarmRecord) ([]any, error) {
	observed, err := encodeQuantities(a.Observed)
	if err != nil {
		return nil, err
	}
	return []any{
		int64(a.Rule), int64(a.Severity), int64(a.Action), string(a.Well), string(a.Meter), int64(a.Event),
		d.timeArg(a.Raised), d.timeArg(a.From), d.timeArg(a.To), observed,
		a.Threshold.Name, sqlstore.DecimalText(a.Threshold.Value), string(a.Threshold.Unit),
		a.Message, int64(a.Status), a.Note,
	}, nil
}

const alarmSelect = "SELECT id, rule, severity, action, well, meter, event, raised, window_from, window_to, " +
	"observed, threshold_name, threshold_value, threshold_unit, message, status, note, status_changed_at, " +
	"version, updated_at FROM water_alarms"

func scanAlarm(row scanner) (*water.AlarmRecord, error) {
	var a water.AlarmRecord
	var observed string
	err := row.Scan(&a.ID, enumValue[water.Rule]{&a.Rule}, enumValue[water.Severity]{&a.Severity},
		enumValue[water.LimitAction]{&a.Action}, textValue[water.WellCode]{&a.Well},
		textValue[water.MeterID]{&a.Meter}, enumValue[water.EventKind]{&a.Event},
		sqlstore.TimeScanner{T: &a.Raised}, sqlstore.TimeScanner{T: &a.From}, sqlstore.TimeScanner{T: &a.To}, &observed,
		&a.Threshold.Name, sqlstore.DecimalScanner{D: &a.Threshold.Value}, textValue[water.Unit]{&a.Threshold.Unit},
		&a.Message, enumValue[water.AlarmStatus]{&a.Status}, &a.Note, sqlstore.TimeScanner{T: &a.StatusChangedAt},
		&a.Version, sqlstore.TimeScanner{T: &a.UpdatedAt})
	if err != nil {
		return nil, err
	}
	a.Observed, err = decodeQuantities(observed)
	return &a, err
}

// PutAlarm stores a as [water.Store] and [water.AlarmStore] describe.
func (s *Store) PutAlarm(ctx context.Context, a *water.AlarmRecord) error {
	if a == nil {
		return errors.New("watersql: put alarm: record is nil: pass a record to store")
	}
	r := *a
	r.Raised, r.From, r.To = water.StoreTime(a.Raised), water.StoreTime(a.From), water.StoreTime(a.To)
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Version == 0 && r.ID != 0 {
		return fmt.Errorf("watersql: create alarm with id %d: want id 0, which the store replaces", r.ID)
	}
	values, err := alarmValues(s.dialect, &r)
	if err != nil {
		return err
	}
	next := water.Revision{Version: r.Version + 1, UpdatedAt: s.now()}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if r.Version == 0 {
			return s.createAlarm(ctx, tx, &r, values, next)
		}
		return s.updateAlarm(ctx, tx, &r, values, next)
	})
	if err != nil {
		return err
	}
	a.ID, a.StatusChangedAt, a.Revision = r.ID, r.StatusChangedAt, next
	return nil
}

// createAlarm inserts a and sets its ID and StatusChangedAt.
func (s *Store) createAlarm(ctx context.Context, tx *sql.Tx, a *water.AlarmRecord, values []any, next water.Revision) error {
	cols := append(append([]string{}, alarmCols...), "status_changed_at", "version", "updated_at")
	query := "INSERT INTO water_alarms (" + strings.Join(cols, ", ") + ") VALUES (" +
		sqlstore.Placeholders(len(cols)) + ") RETURNING id"
	stamp := s.dialect.timeArg(next.UpdatedAt)
	args := append(values, stamp, next.Version, stamp)
	if err := tx.QueryRowContext(ctx, s.dialect.bind(query), args...).Scan(&a.ID); err != nil {
		return fmt.Errorf("watersql: create alarm: %w", err)
	}
	a.StatusChangedAt = next.UpdatedAt
	return nil
}

// updateAlarm replaces the stored alarm of a's id and version, moving StatusChangedAt to
// now only when the status changes, and sets a's StatusChangedAt.
func (s *Store) updateAlarm(ctx context.Context, tx *sql.Tx, a *water.AlarmRecord, values []any, next water.Revision) error {
	sets := make([]string, 0, len(alarmCols)+3)
	// The expressions of SET read the row before the update, so status is the old one.
	sets = append(sets, "status_changed_at = CASE WHEN status = ? THEN status_changed_at ELSE ? END")
	for _, c := range alarmCols {
		sets = append(sets, c+" = ?")
	}
	sets = append(sets, "version = ?", "updated_at = ?")
	query := "UPDATE water_alarms SET " + strings.Join(sets, ", ") +
		" WHERE id = ? AND version = ? RETURNING status_changed_at"
	stamp := s.dialect.timeArg(next.UpdatedAt)
	args := append([]any{int64(a.Status), stamp}, values...)
	args = append(args, next.Version, stamp, a.ID, a.Version)
	err := tx.QueryRowContext(ctx, s.dialect.bind(query), args...).Scan(sqlstore.TimeScanner{T: &a.StatusChangedAt})
	if !errors.Is(err, sql.ErrNoRows) {
		if err != nil {
			return fmt.Errorf("watersql: update alarm %d: %w", a.ID, err)
		}
		return nil
	}

	var stored int64
	err = tx.QueryRowContext(ctx, s.dialect.bind("SELECT version FROM water_alarms WHERE id = ?"), a.ID).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("watersql: alarm %d: %w", a.ID, water.ErrNotFound)
	case err != nil:
		return fmt.Errorf("watersql: read version of alarm %d: %w", a.ID, err)
	}
	return fmt.Errorf("watersql: alarm %d: version %d, stored version %d: %w", a.ID, a.Version, stored, water.ErrConflict)
}

// Alarm returns the alarm with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Alarm(ctx context.Context, id int64) (*water.AlarmRecord, error) {
	a, err := scanAlarm(s.db.QueryRowContext(ctx, s.dialect.bind(alarmSelect+" WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("watersql: alarm %d: %w", id, water.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("watersql: read alarm %d: %w", id, err)
	}
	return a, nil
}

// DeleteAlarm removes the alarm with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteAlarm(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		n, err := exec(ctx, s, tx, "DELETE FROM water_alarms WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("watersql: delete alarm %d: %w", id, err)
		}
		if n == 0 {
			return fmt.Errorf("watersql: alarm %d: %w", id, water.ErrNotFound)
		}
		return nil
	})
}

// Alarms lists the alarms that pass f in id order.
func (s *Store) Alarms(ctx context.Context, f water.AlarmFilter) ([]*water.AlarmRecord, string, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, "", fmt.Errorf("watersql: %w", err)
	}

	w := &where{}
	equal(w, "well", string(f.Well))
	equal(w, "rule", int64(f.Rule))
	equal(w, "status", int64(f.Status))
	if f.After != "" {
		after, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("watersql: invalid alarm page token %q: want a token from a previous listing", f.After)
		}
		w.add("id > ?", after)
	}
	query := alarmSelect + w.String() + " ORDER BY id"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit+1)
	}

	var alarms []*water.AlarmRecord
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		alarms, err = queryAll(ctx, s, tx, query, w.args, scanAlarm)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("watersql: list alarms: %w", err)
	}
	if f.Limit == 0 || len(alarms) <= f.Limit {
		return alarms, "", nil
	}
	alarms = alarms[:f.Limit]
	return alarms, strconv.FormatInt(alarms[len(alarms)-1].ID, 10), nil
}
