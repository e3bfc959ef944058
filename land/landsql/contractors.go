package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var contractorsTable = table{
	name: "contractors",
	kind: "contractor",
	keys: []string{"code"},
	cols: []string{"kind", "name", "address"},
}

var membersTable = childTable{
	name:   "contractor_members",
	parent: "contractor",
	cols:   []string{"name", "relation", "id_number", "remark"},
}

// PutContractor stores c and its members as [land.Store] describes.
func (s *Store) PutContractor(ctx context.Context, c *land.Contractor) error {
	if err := c.Validate(); err != nil {
		return err
	}
	r := record{
		key:     []any{string(c.Code)},
		values:  []any{int64(c.Code.Kind()), c.Name, c.Address},
		version: c.Version,
		name:    string(c.Code),
	}
	members := make([][]any, len(c.Members))
	for i, m := range c.Members {
		members[i] = []any{m.Name, int64(m.Relation), m.IDNumber, m.Remark}
	}

	at := s.now()
	var version int64
	err := s.write(ctx, func(tx *writeTx) error {
		var err error
		if version, err = s.put(ctx, tx, contractorsTable, r, at); err != nil {
			return err
		}
		if err := membersTable.replace(ctx, s, tx, string(c.Code), members, r.version == 0); err != nil {
			return fmt.Errorf("landsql: store members of contractor %s: %w", c.Code, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Version, c.UpdatedAt = version, at
	return nil
}

// Contractor returns the contractor with the code and its members, or an
// error wrapping [land.ErrNotFound].
func (s *Store) Contractor(ctx context.Context, code land.ContractorCode) (*land.Contractor, error) {
	var c *land.Contractor
	err := s.read(ctx, func(tx *sql.Tx) error {
		query := s.dialect.rebind(contractorsTable.selectSQL() + " WHERE code = ?")
		var err error
		if c, err = scanContractor(tx.QueryRowContext(ctx, query, string(code))); err != nil {
			return err
		}
		return s.loadMembers(ctx, tx, []*land.Contractor{c})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: contractor %s: %w", code, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read contractor %s: %w", code, err)
	}
	return c, nil
}

// DeleteContractor removes the contractor with the code and its members, or
// returns an error wrapping [land.ErrNotFound].
func (s *Store) DeleteContractor(ctx context.Context, code land.ContractorCode) error {
	return s.remove(ctx, contractorsTable, string(code), string(code))
}

// Contractors lists the contractors that pass f in code order.
func (s *Store) Contractors(ctx context.Context, f land.ContractorFilter) ([]*land.Contractor, string, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	w := &where{}
	w.prefix("code", string(f.Issuer))
	if f.Kind != 0 {
		w.add("kind = ?", int64(f.Kind))
	}
	if f.After != "" {
		w.add("code > ?", f.After)
	}

	var contractors []*land.Contractor
	var next string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		contractors, next, err = page(ctx, s, tx, contractorsTable, w, "code", f.Page, scanContractor,
			func(c *land.Contractor) string { return string(c.Code) })
		if err != nil {
			return err
		}
		if err := s.loadMembers(ctx, tx, contractors); err != nil {
			return fmt.Errorf("landsql: list contractors: %w", err)
		}
		return nil
	})
	return contractors, next, err
}

// loadMembers reads the members of contractors.
func (s *Store) loadMembers(ctx context.Context, tx *sql.Tx, contractors []*land.Contractor) error {
	byCode := make(map[string]*land.Contractor, len(contractors))
	codes := make([]string, len(contractors))
	for i, c := range contractors {
		byCode[string(c.Code)] = c
		codes[i] = string(c.Code)
	}
	return membersTable.load(ctx, s, tx, codes, func(row scanner) error {
		var code string
		var m land.Member
		var relation int64
		if err := row.Scan(&code, &m.Name, &relation, &m.IDNumber, &m.Remark); err != nil {
			return err
		}
		m.Relation = land.Relation(relation)
		c := byCode[code]
		c.Members = append(c.Members, m)
		return nil
	})
}

func scanContractor(row scanner) (*land.Contractor, error) {
	var c land.Contractor
	var code string
	var kind int64
	err := row.Scan(&code, &kind, &c.Name, &c.Address, &c.Version, sqlstore.TimeScanner{T: &c.UpdatedAt})
	if err != nil {
		return nil, err
	}
	c.Code = land.ContractorCode(code)
	return &c, nil
}
