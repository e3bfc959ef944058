package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// AccountAction is a change of an account's state that ChangeAccount makes.
type AccountAction int

// The account actions.
const (
	// Disable stops the account from logging in and revokes its tokens.
	Disable AccountAction = iota + 1
	// Enable lets a disabled account log in again; its old tokens stay revoked.
	Enable
	// Delete removes the account's secret and tokens for good. The name
	// stays taken, so that the audit log's actors stay unambiguous.
	Delete
	// ResetSecret gives the account a new random secret and revokes its
	// tokens.
	ResetSecret
)

// String returns the action's name as the audit log records it.
func (a AccountAction) String() string {
	switch a {
	case Disable:
		return "disable"
	case Enable:
		return "enable"
	case Delete:
		return "delete"
	case ResetSecret:
		return "reset_secret"
	}
	return fmt.Sprintf("AccountAction(%d)", int(a))
}

// AccountChange is the outcome of ChangeAccount.
type AccountChange struct {
	// Before and After are the account before and after the change.
	Before, After *store.Account
	// Secret is the new secret of ResetSecret, to be shown once; empty for
	// the other actions.
	Secret string
}

// Changed reports whether the action changed the account, which it does
// not when it disables a disabled account or enables an enabled one.
func (c *AccountChange) Changed() bool {
	b, a := c.Before, c.After
	return !b.Disabled.Equal(a.Disabled) || !b.Deleted.Equal(a.Deleted) || b.PasswordHash != a.PasswordHash
}

// ChangeAccount applies the action to the account of that name. Every
// action but Enable revokes the account's tokens, and their checks cached
// in this Service end at once, which also ends the account's event streams
// through Changed. It returns an error wrapping store.ErrNotFound for a
// missing or deleted account, and store.ErrLastAdmin when the account is
// the last enabled county administrator of its division and the action
// would disable or delete it.
func (s *Service) ChangeAccount(ctx context.Context, name string, action AccountAction) (*AccountChange, error) {
	var secret, hash string
	if action == ResetSecret {
		var err error
		if secret, err = randomText(tokenSecretBytes); err != nil {
			return nil, err
		}
		if hash, err = s.hash.Hash(secret); err != nil {
			return nil, err
		}
	}
	before, after, err := s.store.UpdateAccount(ctx, name, func(a *store.Account, now time.Time) error {
		switch action {
		case Disable:
			if a.Disabled.IsZero() {
				a.Disabled = now
			}
		case Enable:
			a.Disabled = time.Time{}
		case Delete:
			a.Deleted, a.PasswordHash = now, ""
		case ResetSecret:
			a.PasswordHash = hash
		default:
			return fmt.Errorf("auth: account action %v is not known", action)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.forget(name)
	return &AccountChange{Before: before, After: after, Secret: secret}, nil
}

// Tokens lists the tokens of an account, oldest first.
func (s *Service) Tokens(ctx context.Context, account string) ([]store.Token, error) {
	return s.store.AccountTokens(ctx, account)
}

// RevokeTokens deletes the account's token with that id, or all of the
// account's tokens when id is empty, and returns how many it deleted. They
// stop working at once in this Service. It returns an error wrapping
// store.ErrNotFound when id names no token of the account.
func (s *Service) RevokeTokens(ctx context.Context, account, id string) (int, error) {
	n, err := s.store.DeleteAccountTokens(ctx, account, id)
	if err != nil {
		return 0, err
	}
	s.forget(account)
	return n, nil
}

// Changed returns a channel that is closed at the next change of the
// account's credentials through this Service: a disable, delete, secret
// reset or token revocation. A holder of a token of the account, such as an
// event stream, then checks its token again.
func (s *Service) Changed(account string) <-chan struct{} {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	ch, ok := s.watches[account]
	if !ok {
		ch = make(chan struct{})
		s.watches[account] = ch
	}
	return ch
}

// forget drops the cached checks of the account's tokens and device
// secret, moves the generation on, and closes the account's Changed channel.
func (s *Service) forget(account string) {
	s.mu.Lock()
	s.generation++
	for k, c := range s.cache {
		if c.p.Account == account {
			delete(s.cache, k)
		}
	}
	s.mu.Unlock()

	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if ch, ok := s.watches[account]; ok {
		close(ch)
		delete(s.watches, account)
	}
}

// roleRank orders the roles by the accounts they may manage: only a county
// administrator manages accounts, so it outranks every other role.
func roleRank(r Role) int {
	switch r {
	case CountyAdmin:
		return 2
	case Public, "":
		return 0
	}
	return 1
}

// CanManage reports whether p may create or change an account of the role
// in the division: p must have the right to change accounts, the division
// must lie within p's own, and the role must not rank above p's.
func (p Principal) CanManage(role Role, division land.DivisionCode) bool {
	return p.CanWrite(AreaAccounts) && p.InScope(division) && roleRank(role) <= roleRank(p.Role)
}
