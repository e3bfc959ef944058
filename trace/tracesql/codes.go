package tracesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/trace"
)

// PutIssuance stores i as [trace.CodeStore] describes.
func (s *Store) PutIssuance(ctx context.Context, i *trace.Issuance) error {
	return issuances.put(ctx, s, i)
}

// Issuance returns the issuance with the id.
func (s *Store) Issuance(ctx context.Context, id string) (*trace.Issuance, error) {
	return issuances.get(ctx, s, id)
}

// DeleteIssuance removes the issuance with the id.
func (s *Store) DeleteIssuance(ctx context.Context, id string) error {
	return issuances.remove(ctx, s, id)
}

// Issuances lists issuances in id order.
func (s *Store) Issuances(ctx context.Context, f trace.IssuanceFilter) ([]*trace.Issuance, string, error) {
	var w sqlstore.Where
	w.Equal("batch", string(f.Batch))
	w.Equal("scheme", int64(f.Scheme))
	w.Equal("space", f.Space)
	w.Equal("state", int64(f.State))
	return issuances.list(ctx, s, &w, f.Page)
}

// IssuanceFor returns the issuance that holds ref: the one of its space with the
// largest first serial not above ref's serial, when its range reaches the serial.
func (s *Store) IssuanceFor(ctx context.Context, ref trace.CodeRef) (*trace.Issuance, error) {
	notFound := fmt.Errorf("tracesql: no issuance holds serial %d of %s space %s: %w",
		ref.Serial, ref.Scheme, ref.Space, trace.ErrNotFound)
	if ref.Serial > 1<<63-1 {
		return nil, notFound
	}
	query := "SELECT " + bodyCols + " FROM trace_issuances WHERE scheme = ? AND space = ? " +
		"AND first_serial <= ? ORDER BY first_serial DESC LIMIT 1"
	var i *trace.Issuance
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		var err error
		row := tx.QueryRowContext(ctx, s.bind(query), int64(ref.Scheme), ref.Space, int64(ref.Serial))
		i, err = issuances.scan(row)
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, notFound
	case err != nil:
		return nil, fmt.Errorf("tracesql: find issuance of %s: %w", ref.EPC, err)
	case !i.Holds(ref):
		return nil, notFound
	}
	return i, nil
}

// PutCodeState stores c as [trace.Store] describes.
func (s *Store) PutCodeState(ctx context.Context, c *trace.CodeState) error {
	return codeStates.put(ctx, s, c)
}

// CodeState returns the state of the code.
func (s *Store) CodeState(ctx context.Context, epc string) (*trace.CodeState, error) {
	return codeStates.get(ctx, s, epc)
}

// DeleteCodeState removes the state of the code.
func (s *Store) DeleteCodeState(ctx context.Context, epc string) error {
	return codeStates.remove(ctx, s, epc)
}

// CodeStates lists code states in EPC order.
func (s *Store) CodeStates(ctx context.Context, f trace.CodeStateFilter) ([]*trace.CodeState, string, error) {
	var w sqlstore.Where
	w.Equal("issuance", f.Issuance)
	if f.Sold {
		w.Add("sales > 0")
	}
	if f.Resold {
		w.Add("sales > 1")
	}
	if f.Voided {
		w.Add("voided = 1")
	}
	return codeStates.list(ctx, s, &w, f.Page)
}

// RecordSale counts a sale in the code's state as [trace.CodeStore] describes. It
// inserts an empty state when the code has none, then reads the row with a lock on it
// (FOR UPDATE on PostgreSQL; SQLite admits one writer), so concurrent sales of one code
// are all counted.
func (s *Store) RecordSale(ctx context.Context, sale trace.Sale) (*trace.CodeState, error) {
	if err := sale.Validate(); err != nil {
		return nil, err
	}
	var state *trace.CodeState
	err := s.handle.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if state, err = s.lockCodeState(ctx, tx, sale); err != nil {
			return err
		}
		state.CountSale(sale)
		state.Revision = trace.Revision{Version: state.Version + 1, UpdatedAt: s.now()}
		body, err := codeStates.encode(state)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE trace_code_states SET sales = ?, body = ?, version = ?, updated_at = ? "+
			"WHERE id = ?", int64(state.Sales), body, state.Version, s.timeArg(state.UpdatedAt), state.EPC)
		if err != nil {
			return fmt.Errorf("tracesql: record sale of %s: %w", sale.EPC, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return state, nil
}

// lockCodeState returns the state of the sale's code, inserting an empty one with
// version 0 when there is none, and locks its row until the transaction ends.
func (s *Store) lockCodeState(ctx context.Context, tx *sqlstore.Tx, sale trace.Sale) (*trace.CodeState, error) {
	empty := &trace.CodeState{EPC: sale.EPC, Issuance: sale.Issuance, Serial: sale.Serial}
	body, err := codeStates.encode(empty)
	if err != nil {
		return nil, err
	}
	insert := "INSERT INTO trace_code_states (id, issuance, sales, voided, body, version, updated_at) " +
		"VALUES (?, ?, 0, 0, ?, 0, ?) ON CONFLICT (id) DO NOTHING"
	if _, err := tx.Exec(ctx, insert, sale.EPC, sale.Issuance, body, s.timeArg(s.now())); err != nil {
		return nil, fmt.Errorf("tracesql: record sale of %s: %w", sale.EPC, err)
	}
	query := "SELECT " + bodyCols + " FROM trace_code_states WHERE id = ?"
	if s.dialect == PostgreSQL {
		query += " FOR UPDATE"
	}
	state, err := codeStates.scan(tx.QueryRowContext(ctx, s.bind(query), sale.EPC))
	if err != nil {
		return nil, fmt.Errorf("tracesql: read state of %s: %w", sale.EPC, err)
	}
	return state, nil
}
