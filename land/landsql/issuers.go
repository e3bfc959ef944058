package landsql

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var issuers = &sqlstore.Kind[land.Issuer]{
	Name:     "issuer",
	Table:    "issuers",
	Keys:     []string{"code"},
	Cols:     []string{"name", "village", "representative"},
	Key:      func(i *land.Issuer) []any { return []any{string(i.Code)} },
	Label:    func(i *land.Issuer) string { return string(i.Code) },
	Revision: func(i *land.Issuer) (*int64, *time.Time) { return &i.Version, &i.UpdatedAt },
	Values: func(_ sqlstore.Dialect, i *land.Issuer) ([]any, error) {
		return []any{i.Name, string(i.Village), i.Representative}, nil
	},
	Scan: scanIssuer,
}

// PutIssuer stores i as [land.Store] describes.
func (s *Store) PutIssuer(ctx context.Context, i *land.Issuer) error {
	return issuers.Put(ctx, s.handle, s.now(), i)
}

// Issuer returns the issuer with the code, or an error wrapping
// [land.ErrNotFound].
func (s *Store) Issuer(ctx context.Context, code land.IssuerCode) (*land.Issuer, error) {
	return issuers.Get(ctx, s.handle, string(code), string(code))
}

// DeleteIssuer removes the issuer with the code, or returns an error wrapping
// [land.ErrNotFound].
func (s *Store) DeleteIssuer(ctx context.Context, code land.IssuerCode) error {
	return issuers.Delete(ctx, s.handle, string(code), string(code))
}

// Issuers lists the issuers that pass f in code order.
func (s *Store) Issuers(ctx context.Context, f land.IssuerFilter) ([]*land.Issuer, string, error) {
	w := &sqlstore.Where{}
	w.Within("village", f.Division)
	codeAfter(w, f.After)
	return issuers.List(ctx, s.handle, w, f.Page, func(i *land.Issuer) string { return string(i.Code) })
}

func scanIssuer(row sqlstore.Scanner) (*land.Issuer, error) {
	var i land.Issuer
	var code, village string
	err := row.Scan(&code, &i.Name, &village, &i.Representative, &i.Version, sqlstore.TimeScanner{T: &i.UpdatedAt})
	if err != nil {
		return nil, err
	}
	i.Code, i.Village = land.IssuerCode(code), land.DivisionCode(village)
	return &i, nil
}
