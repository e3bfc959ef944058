package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// Account is a user or device of the county server.
type Account struct {
	// Name is the login name, unique in the server.
	Name string
	// Role is the role name of package auth, such as "village_cadre".
	Role string
	// Division is the administrative division code the account is scoped to.
	Division string
	// PasswordHash is the encoded argon2id hash of the account's password or
	// device secret; the secret itself is never stored.
	PasswordHash string
	// Created is set by the store on create.
	Created time.Time
}

// Token is an API token. Its secret is stored only as a hash.
type Token struct {
	// ID is the public part of the token, by which it is looked up.
	ID string
	// Account is the name of the account the token acts for.
	Account string
	// SecretHash is the encoded argon2id hash of the token's secret part.
	SecretHash string
	// Created is set by the store on create.
	Created time.Time
	// Expires is when the token stops working; the zero Time means never.
	Expires time.Time
}

// CreateAccount stores a new account and sets a.Created. It returns
// ErrConflict when an account of that name exists.
func (s *Store) CreateAccount(ctx context.Context, a *Account) error {
	now := s.now()
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		q := s.h.Dialect.Bind(`INSERT INTO county_accounts (name, role, division, password_hash, created_us)
VALUES (?, ?, ?, ?, ?)`)
		_, err := tx.ExecContext(ctx, q, a.Name, a.Role, a.Division, a.PasswordHash, micros(now))
		if sqlstore.IsUniqueViolation(err) {
			return fmt.Errorf("account %q: %w", a.Name, ErrConflict)
		}
		return err
	})
	if err == nil {
		a.Created = now
	}
	return err
}

// Account returns the account of that name or ErrNotFound.
func (s *Store) Account(ctx context.Context, name string) (*Account, error) {
	q := s.h.Dialect.Bind(`SELECT name, role, division, password_hash, created_us
FROM county_accounts WHERE name = ?`)
	var a Account
	var created int64
	err := s.h.DB.QueryRowContext(ctx, q, name).Scan(&a.Name, &a.Role, &a.Division, &a.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("account %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read account %q: %w", name, err)
	}
	a.Created = fromMicros(created)
	return &a, nil
}

// CountAccounts returns the number of accounts with the role, or of all
// accounts when role is empty.
func (s *Store) CountAccounts(ctx context.Context, role string) (int, error) {
	q := "SELECT COUNT(*) FROM county_accounts"
	var args []any
	if role != "" {
		q += " WHERE role = ?"
		args = append(args, role)
	}
	var n int
	err := s.h.DB.QueryRowContext(ctx, s.h.Dialect.Bind(q), args...).Scan(&n)
	return n, err
}

// CreateToken stores a new token and sets t.Created. It returns ErrNotFound
// when the account does not exist and ErrConflict when the id is taken.
func (s *Store) CreateToken(ctx context.Context, t *Token) error {
	now := s.now()
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.h.Dialect.Bind("SELECT 1 FROM county_accounts WHERE name = ?"), t.Account).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("account %q: %w", t.Account, ErrNotFound)
		}
		if err != nil {
			return err
		}
		q := s.h.Dialect.Bind(`INSERT INTO county_tokens (id, account, secret_hash, created_us, expires_us)
VALUES (?, ?, ?, ?, ?)`)
		_, err = tx.ExecContext(ctx, q, t.ID, t.Account, t.SecretHash, micros(now), micros(t.Expires))
		if sqlstore.IsUniqueViolation(err) {
			return fmt.Errorf("token %q: %w", t.ID, ErrConflict)
		}
		return err
	})
	if err == nil {
		t.Created = now
	}
	return err
}

// Token returns the token with that id or ErrNotFound.
func (s *Store) Token(ctx context.Context, id string) (*Token, error) {
	q := s.h.Dialect.Bind(`SELECT id, account, secret_hash, created_us, expires_us FROM county_tokens WHERE id = ?`)
	var t Token
	var created, expires int64
	err := s.h.DB.QueryRowContext(ctx, q, id).Scan(&t.ID, &t.Account, &t.SecretHash, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("token %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read token %q: %w", id, err)
	}
	t.Created, t.Expires = fromMicros(created), fromMicros(expires)
	return &t, nil
}

// DeleteToken removes the token with that id or returns ErrNotFound.
func (s *Store) DeleteToken(ctx context.Context, id string) error {
	return s.h.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.h.Dialect.Bind("DELETE FROM county_tokens WHERE id = ?"), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("token %q: %w", id, ErrNotFound)
		}
		return nil
	})
}
