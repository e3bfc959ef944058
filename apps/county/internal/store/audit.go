package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry records one change: who made it, what it changed, and the record
// before and after as JSON.
type AuditEntry struct {
	// ID is assigned by the store on append, in increasing order.
	ID int64
	// At is set by the store on append.
	At time.Time
	// Actor is the account name of the caller.
	Actor string
	// Role is the caller's role at the time of the change.
	Role string
	// Action is "create", "update", "delete", "export", or one of the
	// account actions "disable", "enable", "reset_secret" and
	// "revoke_tokens".
	Action string
	// Kind is the record kind, such as "plot" or "household".
	Kind string
	// Record is the record's code.
	Record string
	// Division is the division code of the record, so that the log can be scoped.
	Division string
	// Before and After are the record as JSON; Before is nil on create and
	// After is nil on delete.
	Before, After json.RawMessage
}

// AuditFilter selects audit entries; each zero field matches every entry.
type AuditFilter struct {
	// Kind and Record keep the entries of one record kind and code.
	Kind, Record string
	// Division keeps the entries whose Division starts with this code.
	Division string
	// AfterID keeps entries with a larger ID, for paging.
	AfterID int64
	// Limit is the maximum number of entries; 0 means 100.
	Limit int
}

// AppendAudit stores e and sets its ID and At.
func (s *Store) AppendAudit(ctx context.Context, e *AuditEntry) error {
	e.At = s.now()
	return s.h.Write(ctx, func(tx *sql.Tx) error {
		q := s.h.Dialect.Bind(`INSERT INTO county_audit (at_us, actor, role, action, kind, record, division, before, after)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		return tx.QueryRowContext(ctx, q, micros(e.At), e.Actor, e.Role, e.Action, e.Kind, e.Record,
			e.Division, nullJSON(e.Before), nullJSON(e.After)).Scan(&e.ID)
	})
}

// Audit lists entries in ID order.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at_us, actor, role, action, kind, record, division, before, after
FROM county_audit WHERE id > ?`
	args := []any{f.AfterID}
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.Record != "" {
		q += " AND record = ?"
		args = append(args, f.Record)
	}
	if f.Division != "" {
		q += " AND substr(division, 1, ?) = ?"
		args = append(args, len(f.Division), f.Division)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY id LIMIT ?"
	args = append(args, limit)
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Action, &e.Kind, &e.Record, &e.Division, &before, &after); err != nil {
			return nil, fmt.Errorf("store: list audit: %w", err)
		}
		e.At = fromMicros(at)
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullJSON(m json.RawMessage) any {
	if m == nil {
		return nil
	}
	return string(m)
}
