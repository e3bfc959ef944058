package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The statuses of a device alarm, the same words as water.AlarmStatus.
const (
	AlarmOpen         = "open"
	AlarmAcknowledged = "acknowledged"
	AlarmClosed       = "closed"
)

// DeviceAlarm is an alarm about a device rather than a well: an alarm event a
// gateway published, a rule the server evaluates on gateway telemetry, a bit of
// a terminal's alarm word, or a device gone silent. One subject (Device,
// Point, Rule) has at most one alarm that is not closed.
type DeviceAlarm struct {
	// ID is assigned by the store on create, in increasing order.
	ID int64
	// Device is the county_devices id of the device, such as
	// "device:654229101/gw-654229101201/WS-654229101201".
	Device string
	// Division is the division of the device, for scoping; empty for none.
	Division string
	// Origin is who evaluated the rule: "gateway", "central", "terminal" or
	// "health".
	Origin string
	// Point is the measured point, such as "soil_moisture"; empty for the
	// device as a whole.
	Point string
	// Rule is the rule's id, such as "soil_dry" or "device_silent".
	Rule string
	// Severity is "info", "warning", "major" or "critical".
	Severity string
	// Status is AlarmOpen, AlarmAcknowledged or AlarmClosed.
	Status string
	// Active reports whether the condition is present.
	Active bool
	// Raised is when the condition began and Cleared when it ended; Cleared
	// is zero while Active.
	Raised, Cleared time.Time
	// Value and Limit are the measured value and the level crossed, in fixed
	// point with Scale decimals and in Unit.
	Value, Limit int64
	Scale        uint8
	Unit         string
	// Message is a one-line summary for people.
	Message string
	// Note is free text from the people handling the alarm.
	Note string
	// Version counts the writes: 0 before the first. An update must carry
	// the Version it read.
	Version int64
	// Updated is set by the store on each write.
	Updated time.Time
}

// DeviceAlarmFilter selects device alarms; each zero field matches every one.
type DeviceAlarmFilter struct {
	// Division keeps the alarms whose Division starts with this code.
	Division string
	// IncludeUnplaced also keeps alarms without a division when Division is
	// set, for county-wide callers.
	IncludeUnplaced bool
	// Device keeps the alarms of this device id.
	Device string
	// Status keeps the alarms in this status; NotClosed keeps the open and
	// acknowledged ones.
	Status    string
	NotClosed bool
	// AfterID keeps alarms with a larger ID, for paging.
	AfterID int64
	// Limit is the maximum number of alarms; 0 means 100.
	Limit int
}

const deviceAlarmColumns = `id, device, division, origin, point, rule, severity, status, active,
raised_us, cleared_us, value, limit_value, scale, unit, message, note, version, updated_us`

// PutDeviceAlarm creates a with ID 0 and Version 0, setting its ID, or
// replaces the stored alarm whose Version equals a's. It sets Version and
// Updated. It returns ErrConflict when the stored version differs and
// ErrNotFound when there is no alarm with a's ID.
func (s *Store) PutDeviceAlarm(ctx context.Context, a *DeviceAlarm) error {
	if err := a.validate(); err != nil {
		return err
	}
	now := s.now()
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		if a.ID == 0 {
			return s.insertDeviceAlarm(ctx, tx, a, now)
		}
		return s.updateDeviceAlarm(ctx, tx, a, now)
	})
	if err == nil {
		a.Version++
		a.Updated = now
	}
	return err
}

func (a *DeviceAlarm) validate() error {
	switch {
	case a.ID < 0:
		return fmt.Errorf("store: device alarm id %d is negative", a.ID)
	case a.ID == 0 && a.Version != 0:
		return fmt.Errorf("store: device alarm without id has version %d, want 0 to create it", a.Version)
	case a.Device == "" || a.Rule == "":
		return fmt.Errorf("store: device alarm %d: want a device and a rule", a.ID)
	case a.Status != AlarmOpen && a.Status != AlarmAcknowledged && a.Status != AlarmClosed:
		return fmt.Errorf("store: device alarm %d: status %q, want open, acknowledged or closed", a.ID, a.Status)
	}
	return nil
}

func (s *Store) insertDeviceAlarm(ctx context.Context, tx *sql.Tx, a *DeviceAlarm, now time.Time) error {
	q := s.h.Dialect.Bind(`INSERT INTO county_device_alarms (device, division, origin, point, rule, severity,
status, active, raised_us, cleared_us, value, limit_value, scale, unit, message, note, version, updated_us)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`)
	return tx.QueryRowContext(ctx, q, a.Device, a.Division, a.Origin, a.Point, a.Rule, a.Severity, a.Status,
		a.Active, micros(a.Raised), micros(a.Cleared), a.Value, a.Limit, int64(a.Scale), a.Unit, a.Message,
		a.Note, micros(now)).Scan(&a.ID)
}

func (s *Store) updateDeviceAlarm(ctx context.Context, tx *sql.Tx, a *DeviceAlarm, now time.Time) error {
	q := s.h.Dialect.Bind(`UPDATE county_device_alarms SET device = ?, division = ?, origin = ?, point = ?,
rule = ?, severity = ?, status = ?, active = ?, raised_us = ?, cleared_us = ?, value = ?, limit_value = ?,
scale = ?, unit = ?, message = ?, note = ?, version = version + 1, updated_us = ?
WHERE id = ? AND version = ?`)
	res, err := tx.ExecContext(ctx, q, a.Device, a.Division, a.Origin, a.Point, a.Rule, a.Severity, a.Status,
		a.Active, micros(a.Raised), micros(a.Cleared), a.Value, a.Limit, int64(a.Scale), a.Unit, a.Message,
		a.Note, micros(now), a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("store: update device alarm %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var version int64
	err = tx.QueryRowContext(ctx, s.h.Dialect.Bind("SELECT version FROM county_device_alarms WHERE id = ?"), a.ID).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("device alarm %d: %w", a.ID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: update device alarm %d: %w", a.ID, err)
	}
	return fmt.Errorf("device alarm %d is at version %d, not %d; read it again: %w", a.ID, version, a.Version, ErrConflict)
}

// DeviceAlarm returns the alarm with that ID or ErrNotFound.
func (s *Store) DeviceAlarm(ctx context.Context, id int64) (*DeviceAlarm, error) {
	q := s.h.Dialect.Bind(`SELECT ` + deviceAlarmColumns + ` FROM county_device_alarms WHERE id = ?`)
	a, err := scanDeviceAlarm(s.h.DB.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("device alarm %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read device alarm %d: %w", id, err)
	}
	return a, nil
}

// DeviceAlarms lists alarms in ID order, which is the order of their creation.
func (s *Store) DeviceAlarms(ctx context.Context, f DeviceAlarmFilter) ([]*DeviceAlarm, error) {
	q := `SELECT ` + deviceAlarmColumns + ` FROM county_device_alarms WHERE id > ?`
	args := []any{f.AfterID}
	if f.Division != "" {
		if f.IncludeUnplaced {
			q += " AND (substr(division, 1, ?) = ? OR division = '')"
		} else {
			q += " AND substr(division, 1, ?) = ?"
		}
		args = append(args, len(f.Division), f.Division)
	}
	if f.Device != "" {
		q += " AND device = ?"
		args = append(args, f.Device)
	}
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, f.Status)
	}
	if f.NotClosed {
		q += " AND status <> ?"
		args = append(args, AlarmClosed)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limit)
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list device alarms: %w", err)
	}
	defer rows.Close()
	var out []*DeviceAlarm
	for rows.Next() {
		a, err := scanDeviceAlarm(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list device alarms: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanDeviceAlarm(r rowScanner) (*DeviceAlarm, error) {
	var a DeviceAlarm
	var raised, cleared, updated, scale int64
	err := r.Scan(&a.ID, &a.Device, &a.Division, &a.Origin, &a.Point, &a.Rule, &a.Severity, &a.Status,
		&a.Active, &raised, &cleared, &a.Value, &a.Limit, &scale, &a.Unit, &a.Message, &a.Note, &a.Version, &updated)
	if err != nil {
		return nil, err
	}
	a.Raised, a.Cleared, a.Updated = fromMicros(raised), fromMicros(cleared), fromMicros(updated)
	a.Scale = uint8(scale)
	return &a, nil
}
