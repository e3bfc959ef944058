package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var issuersTable = table{
	name: "issuers",
	kind: "issuer",
	keys: []string{"code"},
	cols: []string{"name", "village", "representative"},
}

// PutIssuer stores i as [land.Store] describes.
func (s *Store) PutIssuer(ctx context.Context, i *land.Issuer) error {
	if err := i.Validate(); err != nil {
		return err
	}
	r := record{
		key:     []any{string(i.Code)},
		values:  []any{i.Name, string(i.Village), i.Representative},
		version: i.Version,
		name:    string(i.Code),
	}

	at := s.now()
	var version int64
	err := s.write(ctx, func(tx *writeTx) error {
		var err error
		version, err = s.put(ctx, tx, issuersTable, r, at)
		return err
	})
	if err != nil {
		return err
	}
	i.Version, i.UpdatedAt = version, at
	return nil
}

// Issuer returns the issuer with the code, or an error wrapping
// [land.ErrNotFound].
func (s *Store) Issuer(ctx context.Context, code land.IssuerCode) (*land.Issuer, error) {
	query := s.dialect.rebind(issuersTable.selectSQL() + " WHERE code = ?")
	i, err := scanIssuer(s.db.QueryRowContext(ctx, query, string(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: issuer %s: %w", code, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read issuer %s: %w", code, err)
	}
	return i, nil
}

// DeleteIssuer removes the issuer with the code, or returns an error wrapping
// [land.ErrNotFound].
func (s *Store) DeleteIssuer(ctx context.Context, code land.IssuerCode) error {
	return s.remove(ctx, issuersTable, string(code), string(code))
}

// Issuers lists the issuers that pass f in code order.
func (s *Store) Issuers(ctx context.Context, f land.IssuerFilter) ([]*land.Issuer, string, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	w := &where{}
	divisionPrefix(w, "village", f.Division)
	if f.After != "" {
		w.add("code > ?", f.After)
	}

	return page(ctx, s, s.db, issuersTable, w, "code", f.Page, scanIssuer,
		func(i *land.Issuer) string { return string(i.Code) })
}

func scanIssuer(row scanner) (*land.Issuer, error) {
	var i land.Issuer
	var code, village string
	err := row.Scan(&code, &i.Name, &village, &i.Representative, &i.Version, sqlstore.TimeScanner{T: &i.UpdatedAt})
	if err != nil {
		return nil, err
	}
	i.Code, i.Village = land.IssuerCode(code), land.DivisionCode(village)
	return &i, nil
}
