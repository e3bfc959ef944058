package watersql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// alarmCols are the columns of water_alarms that PutAlarm writes from the record, in the
// order of alarmValues.
var alarmCols = []string{
	"rule", "severity", "action", "well", "meter", "event", "raised", "window_from", "window_to",
	"observed", "threshold_name", "threshold_value", "threshold_unit", "message", "status", "note",
}

func alarmValues(d sqlstore.Dialect, a *water.AlarmRecord) ([]any, error) {
	observed, err := encodeQuantities(a.Observed)
	if err != nil {
		return nil, err
	}
	return []any{
		int64(a.Rule), int64(a.Severity), int64(a.Action), string(a.Well), string(a.Meter), int64(a.Event),
		d.TimeArg(a.Raised), d.TimeArg(a.From), d.TimeArg(a.To), observed,
		a.Threshold.Name, sqlstore.DecimalText(a.Threshold.Value), string(a.Threshold.Unit),
		a.Message, int64(a.Status), a.Note,
	}, nil
}

// alarms reads, lists and deletes alarms. PutAlarm writes them itself, because the
// database assigns their IDs.
var alarms = &sqlstore.Kind[water.AlarmRecord]{
	Name:     "alarm",
	Table:    "water_alarms",
	Keys:     []string{"id"},
	Cols:     alarmCols,
	ReadCols: append(append([]string{"id"}, alarmCols...), "status_changed_at"),
	Key:      func(a *water.AlarmRecord) []any { return []any{a.ID} },
	Label:    func(a *water.AlarmRecord) string { return alarmToken(a) },
	Revision: func(a *water.AlarmRecord) (*int64, *time.Time) { return &a.Version, &a.UpdatedAt },
	Scan:     scanAlarm,
}

// alarmToken returns the ID of a as text, its page token and its name in messages.
func alarmToken(a *water.AlarmRecord) string { return strconv.FormatInt(a.ID, 10) }

func scanAlarm(row sqlstore.Scanner) (*water.AlarmRecord, error) {
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
	values, err := alarmValues(s.dialect.shared(), &r)
	if err != nil {
		return err
	}
	next := water.Revision{Version: r.Version + 1, UpdatedAt: s.now()}
	err = s.handle.Write(ctx, func(tx *sql.Tx) error {
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

	return alarms.VersionError(ctx, s.handle, tx, a, a.Version)
}

// Alarm returns the alarm with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Alarm(ctx context.Context, id int64) (*water.AlarmRecord, error) {
	return alarms.Get(ctx, s.handle, strconv.FormatInt(id, 10), id)
}

// DeleteAlarm removes the alarm with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteAlarm(ctx context.Context, id int64) error {
	return alarms.Delete(ctx, s.handle, strconv.FormatInt(id, 10), id)
}

// Alarms lists the alarms that pass f in id order.
func (s *Store) Alarms(ctx context.Context, f water.AlarmFilter) ([]*water.AlarmRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("well", string(f.Well))
	w.Equal("rule", int64(f.Rule))
	w.Equal("status", int64(f.Status))
	if f.After != "" {
		after, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("watersql: invalid alarm page token %q: want a token from a previous listing", f.After)
		}
		w.Add("id > ?", after)
	}
	return alarms.List(ctx, s.handle, w, f.Page, alarmToken)
}
