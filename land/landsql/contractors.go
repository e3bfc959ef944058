package landsql

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var contractors = &sqlstore.Kind[land.Contractor]{
	Name:     "contractor",
	Table:    "contractors",
	Keys:     []string{"code"},
	Cols:     []string{"kind", "name", "address"},
	Key:      func(c *land.Contractor) []any { return []any{string(c.Code)} },
	Label:    func(c *land.Contractor) string { return string(c.Code) },
	Revision: func(c *land.Contractor) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
	Values: func(_ sqlstore.Dialect, c *land.Contractor) ([]any, error) {
		return []any{int64(c.Code.Kind()), c.Name, c.Address}, nil
	},
	Scan:         scanContractor,
	SaveChildren: saveMembers,
	LoadChildren: loadMembers,
}

var members = &sqlstore.Children{
	Table:  "contractor_members",
	Parent: "contractor",
	Cols:   []string{"name", "relation", "id_number", "remark"},
}

// PutContractor stores c and its members as [land.Store] describes.
func (s *Store) PutContractor(ctx context.Context, c *land.Contractor) error {
	return contractors.Put(ctx, s.handle, s.now(), c)
}

// Contractor returns the contractor with the code and its members, or an
// error wrapping [land.ErrNotFound].
func (s *Store) Contractor(ctx context.Context, code land.ContractorCode) (*land.Contractor, error) {
	return contractors.Get(ctx, s.handle, string(code), string(code))
}

// DeleteContractor removes the contractor with the code and its members, or
// returns an error wrapping [land.ErrNotFound].
func (s *Store) DeleteContractor(ctx context.Context, code land.ContractorCode) error {
	return contractors.Delete(ctx, s.handle, string(code), string(code))
}

// Contractors lists the contractors that pass f in code order.
func (s *Store) Contractors(ctx context.Context, f land.ContractorFilter) ([]*land.Contractor, string, error) {
	w := &sqlstore.Where{}
	w.Prefix("code", string(f.Issuer))
	w.Equal("kind", int64(f.Kind))
	codeAfter(w, f.After)
	return contractors.List(ctx, s.handle, w, f.Page, func(c *land.Contractor) string { return string(c.Code) })
}

func saveMembers(ctx context.Context, tx *sqlstore.Tx, c *land.Contractor, created bool) error {
	rows := make([][]any, len(c.Members))
	for i, m := range c.Members {
		rows[i] = []any{m.Name, int64(m.Relation), m.IDNumber, m.Remark}
	}
	if err := members.Replace(ctx, tx, string(c.Code), rows, created); err != nil {
		return fmt.Errorf("landsql: store members of contractor %s: %w", c.Code, err)
	}
	return nil
}

// loadMembers reads the members of contractors.
func loadMembers(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect,
	contractors []*land.Contractor) error {
	err := sqlstore.LoadChildren(ctx, q, d, members, contractors,
		func(c *land.Contractor) string { return string(c.Code) },
		func(row sqlstore.Scanner) (land.Member, error) {
			var m land.Member
			var relation int64
			err := row.Scan(&m.Name, &relation, &m.IDNumber, &m.Remark)
			m.Relation = land.Relation(relation)
			return m, err
		},
		func(c *land.Contractor, m land.Member) { c.Members = append(c.Members, m) })
	if err != nil {
		return fmt.Errorf("landsql: read contractor members: %w", err)
	}
	return nil
}

func scanContractor(row sqlstore.Scanner) (*land.Contractor, error) {
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
