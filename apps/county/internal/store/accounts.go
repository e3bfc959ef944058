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
	// Disabled is when the account was disabled; the zero Time means it is
	// enabled. A disabled account can neither log in nor use its tokens.
	Disabled time.Time
	// Deleted is when the account was deleted; the zero Time means it was
	// not. A deleted account keeps its row, without a password hash, so that
	// its name stays unambiguous in the audit log and is never reused.
	Deleted time.Time
}

// Active reports whether the account is neither disabled nor deleted.
func (a *Account) Active() bool { return a.Disabled.IsZero() && a.Deleted.IsZero() }

// AdminRole is the role name of a county administrator, auth.CountyAdmin,
// which [Store.UpdateAccount] keeps at least one of per division.
const AdminRole = "county_admin"

// ErrLastAdmin reports a change that would leave a division without an
// enabled county administrator.
var ErrLastAdmin = errors.New("store: the last enabled county administrator of the division")

// ErrDisabled reports a token for an account that is disabled.
var ErrDisabled = errors.New("store: account is disabled")

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

// accountColumns are the columns that scanAccount reads, in its order.
const accountColumns = "name, role, division, password_hash, created_us, disabled_us, deleted_us"

// scanAccount reads a row of accountColumns.
func scanAccount(row interface{ Scan(...any) error }) (*Account, error) {
	var a Account
	var created, disabled, deleted int64
	if err := row.Scan(&a.Name, &a.Role, &a.Division, &a.PasswordHash, &created, &disabled, &deleted); err != nil {
		return nil, err
	}
	a.Created, a.Disabled, a.Deleted = fromMicros(created), fromMicros(disabled), fromMicros(deleted)
	return &a, nil
}

// Account returns the account of that name, deleted or not, or ErrNotFound.
func (s *Store) Account(ctx context.Context, name string) (*Account, error) {
	q := s.h.Dialect.Bind("SELECT " + accountColumns + " FROM county_accounts WHERE name = ?")
	a, err := scanAccount(s.h.DB.QueryRowContext(ctx, q, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("account %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read account %q: %w", name, err)
	}
	return a, nil
}

// The states of an account that AccountFilter selects.
const (
	AccountEnabled  = "enabled"
	AccountDisabled = "disabled"
	AccountDeleted  = "deleted"
)

// AccountFilter selects accounts.
type AccountFilter struct {
	// Division keeps the accounts whose division starts with this code.
	Division string
	// State keeps the accounts in one state, AccountEnabled,
	// AccountDisabled or AccountDeleted; empty keeps those not deleted.
	State string
	// After keeps the names after this one, for paging.
	After string
	// Limit is the maximum number of accounts; 0 means 100.
	Limit int
}

// Accounts lists accounts in name order.
func (s *Store) Accounts(ctx context.Context, f AccountFilter) ([]Account, error) {
	q := "SELECT " + accountColumns + " FROM county_accounts WHERE name > ?"
	args := []any{f.After}
	switch f.State {
	case "":
		q += " AND deleted_us = 0"
	case AccountEnabled:
		q += " AND deleted_us = 0 AND disabled_us = 0"
	case AccountDisabled:
		q += " AND deleted_us = 0 AND disabled_us <> 0"
	case AccountDeleted:
		q += " AND deleted_us <> 0"
	default:
		return nil, fmt.Errorf("store: account state %q is not known, want %s, %s or %s",
			f.State, AccountEnabled, AccountDisabled, AccountDeleted)
	}
	if f.Division != "" {
		q += " AND substr(division, 1, ?) = ?"
		args = append(args, len(f.Division), f.Division)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += " ORDER BY name LIMIT ?"
	args = append(args, limit)
	rows, err := s.h.DB.QueryContext(ctx, s.h.Dialect.Bind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list accounts: %w", err)
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// accountLock is the key of the PostgreSQL advisory lock that serialises
// account updates, so that two administrators who disable each other at
// once cannot both pass the check for the last administrator.
const accountLock = 0x636f756e7479 // "county" in ASCII

// UpdateAccount changes the account of that name in one transaction: change
// edits a copy of it, with now the store's time, and the store writes the
// role, division, password hash, Disabled and Deleted that it leaves. It
// returns the account before and after the change.
//
// The update deletes the account's tokens when the account is no longer
// active afterwards or its password hash changed. It returns ErrNotFound for
// a missing or deleted account, the error of change unchanged, and
// ErrLastAdmin when it would leave the division of an active county
// administrator (AdminRole) without one.
func (s *Store) UpdateAccount(ctx context.Context, name string, change func(a *Account, now time.Time) error) (before, after *Account, err error) {
	now := s.now()
	err = s.h.Write(ctx, func(tx *sql.Tx) error {
		if s.h.Dialect == sqlstore.PostgreSQL {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", accountLock); err != nil {
				return fmt.Errorf("store: lock accounts: %w", err)
			}
		}
		q := s.h.Dialect.Bind("SELECT " + accountColumns + " FROM county_accounts WHERE name = ?")
		before, err = scanAccount(tx.QueryRowContext(ctx, q, name))
		if errors.Is(err, sql.ErrNoRows) || err == nil && !before.Deleted.IsZero() {
			return fmt.Errorf("account %q: %w", name, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: read account %q: %w", name, err)
		}
		a := *before
		if err := change(&a, now); err != nil {
			return err
		}
		a.Name, a.Created = before.Name, before.Created
		after = &a
		return s.writeAccount(ctx, tx, before, after)
	})
	if err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// writeAccount stores the change of an account from before to after inside
// tx, with the checks and token deletions that UpdateAccount describes.
func (s *Store) writeAccount(ctx context.Context, tx *sql.Tx, before, after *Account) error {
	q := s.h.Dialect.Bind(`UPDATE county_accounts SET role = ?, division = ?, password_hash = ?, disabled_us = ?,
deleted_us = ? WHERE name = ?`)
	if _, err := tx.ExecContext(ctx, q, after.Role, after.Division, after.PasswordHash, micros(after.Disabled),
		micros(after.Deleted), after.Name); err != nil {
		return fmt.Errorf("store: update account %q: %w", after.Name, err)
	}
	wasAdmin := before.Active() && before.Role == AdminRole
	staysAdmin := after.Active() && after.Role == AdminRole && after.Division == before.Division
	if wasAdmin && !staysAdmin {
		var n int
		q := s.h.Dialect.Bind(`SELECT COUNT(*) FROM county_accounts
WHERE role = ? AND division = ? AND disabled_us = 0 AND deleted_us = 0`)
		if err := tx.QueryRowContext(ctx, q, AdminRole, before.Division).Scan(&n); err != nil {
			return fmt.Errorf("store: count administrators: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("account %q of division %s: %w", before.Name, before.Division, ErrLastAdmin)
		}
	}
	if !after.Active() || after.PasswordHash != before.PasswordHash {
		q := s.h.Dialect.Bind("DELETE FROM county_tokens WHERE account = ?")
		if _, err := tx.ExecContext(ctx, q, after.Name); err != nil {
			return fmt.Errorf("store: delete tokens of account %q: %w", after.Name, err)
		}
	}
	return nil
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
// when the account does not exist or is deleted, ErrDisabled when it is
// disabled and ErrConflict when the id is taken.
func (s *Store) CreateToken(ctx context.Context, t *Token) error {
	now := s.now()
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		var disabled, deleted int64
		q := s.h.Dialect.Bind("SELECT disabled_us, deleted_us FROM county_accounts WHERE name = ?")
		err := tx.QueryRowContext(ctx, q, t.Account).Scan(&disabled, &deleted)
		if errors.Is(err, sql.ErrNoRows) || err == nil && deleted != 0 {
			return fmt.Errorf("account %q: %w", t.Account, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if disabled != 0 {
			return fmt.Errorf("account %q: %w", t.Account, ErrDisabled)
		}
		q = s.h.Dialect.Bind(`INSERT INTO county_tokens (id, account, secret_hash, created_us, expires_us)
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

// AccountTokens lists the tokens of an account, oldest first.
func (s *Store) AccountTokens(ctx context.Context, account string) ([]Token, error) {
	q := s.h.Dialect.Bind(`SELECT id, account, secret_hash, created_us, expires_us FROM county_tokens
WHERE account = ? ORDER BY created_us, id`)
	rows, err := s.h.DB.QueryContext(ctx, q, account)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens of account %q: %w", account, err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, expires int64
		if err := rows.Scan(&t.ID, &t.Account, &t.SecretHash, &created, &expires); err != nil {
			return nil, fmt.Errorf("store: list tokens of account %q: %w", account, err)
		}
		t.Created, t.Expires = fromMicros(created), fromMicros(expires)
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteAccountTokens removes the account's token with that id, or every
// token of the account when id is empty, and returns how many it removed.
// It returns ErrNotFound when id names no token of the account.
func (s *Store) DeleteAccountTokens(ctx context.Context, account, id string) (int, error) {
	var n int64
	err := s.h.Write(ctx, func(tx *sql.Tx) error {
		q, args := "DELETE FROM county_tokens WHERE account = ?", []any{account}
		if id != "" {
			q += " AND id = ?"
			args = append(args, id)
		}
		res, err := tx.ExecContext(ctx, s.h.Dialect.Bind(q), args...)
		if err != nil {
			return fmt.Errorf("store: delete tokens of account %q: %w", account, err)
		}
		n, _ = res.RowsAffected()
		if id != "" && n == 0 {
			return fmt.Errorf("token %q of account %q: %w", id, account, ErrNotFound)
		}
		return nil
	})
	return int(n), err
}
