package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Device is a gateway, a field device behind a gateway or a station of the
// centre station, with its health as the server last saw it.
type Device struct {
	// ID is the kind-qualified key: "gateway:<group>/<gateway>",
	// "device:<group>/<gateway>/<device>", "sl651:<station>" or
	// "szy206:<station>".
	ID string
	// Kind is "gateway", "device" or "station".
	Kind string
	// Name is the device's own id: the gateway's "<group>/<gateway>", the
	// device id its gateway gives it, or the station address. A meter id of
	// the water register names the device it is.
	Name string
	// Gateway is the "<group>/<gateway>" a device reports through; empty for
	// gateways and stations.
	Gateway string
	// Protocol is how the device reaches the server: "mqtt", "sl651" or
	// "szy206".
	Protocol string
	// Division is the GB/T 2260 code of the division the device serves;
	// empty when unknown, which only county-wide callers see.
	Division string
	// Well is the code of the well the device is attached to in the water
	// register; empty for none.
	Well string
	// State is "online", "degraded", "offline", "quarantined" or "unknown".
	State string
	// Since is when the device entered State.
	Since time.Time
	// LastSeen is when the server last received anything from or about the
	// device.
	LastSeen time.Time
	// Interval is the reporting interval the server expects; zero while it
	// has seen too little to tell.
	Interval time.Duration
	// Detail is the cause of the last change of state, such as a poll error
	// a gateway reported; empty for none.
	Detail string
	// Updated is set by the store on each write.
	Updated time.Time
}

// DeviceFilter selects devices; each zero field matches every device.
type DeviceFilter struct {
	// Division keeps the devices whose Division starts with this code.
	Division string
	// IncludeUnplaced also keeps devices without a division when Division
	// is set, for county-wide callers.
	IncludeUnplaced bool
	// State keeps the devices in this state.
	State string
	// Kind keeps the devices of this kind.
	Kind string
	// After keeps devices with a larger ID, for paging.
	After string
	// Limit is the maximum number of devices; 0 means 100.
	Limit int
}

const deviceColumns = `id, kind, name, gateway, protocol, division, well, state, since_us,
last_seen_us, interval_ms, detail, updated_us`

// PutDevices stores the devices, replacing those with the same ID, in one
// transaction, and sets their Updated.
func (s *Store) PutDevices(ctx context.Context, ds []*Device) error {
	if len(ds) == 0 {
		return nil
	}
	now := s.now()
	q := s.h.Dialect.Bind(`INSERT INTO county_devices (` + deviceColumns + `)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, gateway = excluded.gateway,
protocol = excluded.protocol, division = excluded.division, well = excluded.well, state = excluded.state,
since_us = excluded.since_us, last_seen_us = excluded.last_seen_us, interval_ms = excluded.interval_ms,
detail = excluded.detail, updated_us = excluded.updated_us`)
	return s.h.Write(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			if d.ID == "" || d.Kind == "" || d.State == "" {
				return fmt.Errorf("store: device %q: want an id, a kind and a state", d.ID)
			}
			_, err := tx.ExecContext(ctx, q, d.ID, d.Kind, d.Name, d.Gateway, d.Protocol, d.Division, d.Well,
				d.State, micros(d.Since), micros(d.LastSeen), d.Interval.Milliseconds(), d.Detail, micros(now))
			if err != nil {
				return fmt.Errorf("store: put device %q: %w", d.ID, err)
			}
			d.Updated = now
		}
		return nil
	})
}

// Device returns the device with that ID or ErrNotFound.
func (s *Store) Device(ctx context.Context, id string) (*Device, error) {
	q := s.h.Dialect.Bind(`SELECT ` + deviceColumns + ` FROM county_devices WHERE id = ?`)
	d, err := scanDevice(s.h.DB.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("device %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read device %q: %w", id, err)
	}
	return d, nil
}

// Devices lists devices in ID order.
func (s *Store) Devices(ctx context.Context, f DeviceFilter) ([]*Device, error) {
	q := `SELECT ` + deviceColumns + ` FROM county_devices WHERE id > ?`
	args := []any{f.After}
	if f.Division != "" {
		if f.IncludeUnplaced {
			q += " AND (substr(division, 1, ?) = ? OR division = '')"
		} else {
			q += " AND substr(division, 1, ?) = ?"
		}
		args = append(args, len(f.Division), f.Division)
	}
	if f.State != "" {
		q += " AND state = ?"
		args = append(args, f.State)
	}
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, f.Kind)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limit)
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list devices: %w", err)
	}
	defer rows.Close()
	var out []*Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list devices: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

type rowScanner interface{ Scan(dest ...any) error }

func scanDevice(r rowScanner) (*Device, error) {
	var d Device
	var since, seen, interval, updated int64
	err := r.Scan(&d.ID, &d.Kind, &d.Name, &d.Gateway, &d.Protocol, &d.Division, &d.Well, &d.State,
		&since, &seen, &interval, &d.Detail, &updated)
	if err != nil {
		return nil, err
	}
	d.Since, d.LastSeen, d.Updated = fromMicros(since), fromMicros(seen), fromMicros(updated)
	d.Interval = time.Duration(interval) * time.Millisecond
	return &d, nil
}
