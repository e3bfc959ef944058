package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
)

// createAccounts stores accounts given as name, role and division triples,
// each with a token named after it.
func createAccounts(t *testing.T, s *store.Store, triples ...string) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i+2 < len(triples); i += 3 {
		a := &store.Account{Name: triples[i], Role: triples[i+1], Division: triples[i+2], PasswordHash: "h"}
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateToken(ctx, &store.Token{ID: "t-" + a.Name, Account: a.Name, SecretHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
}

func disable(a *store.Account, now time.Time) error {
	a.Disabled = now
	return nil
}

func TestUpdateAccountStates(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccounts(t, s, "admin", store.AdminRole, "654202", "cadre", "village_cadre", "654202101001")

		before, after, err := s.UpdateAccount(ctx, "cadre", disable)
		if err != nil {
			t.Fatal(err)
		}
		if !before.Active() || after.Active() || after.Disabled.IsZero() {
			t.Errorf("disable: before %+v, after %+v", before, after)
		}
		if _, err := s.Token(ctx, "t-cadre"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token of a disabled account: got %v, want ErrNotFound", err)
		}
		if err := s.CreateToken(ctx, &store.Token{ID: "new", Account: "cadre", SecretHash: "x"}); !errors.Is(err, store.ErrDisabled) {
			t.Errorf("CreateToken for a disabled account: got %v, want ErrDisabled", err)
		}
		got, err := s.Account(ctx, "cadre")
		if err != nil {
			t.Fatal(err)
		}
		if !got.Disabled.Equal(after.Disabled) {
			t.Errorf("stored Disabled: got %v, want %v", got.Disabled, after.Disabled)
		}

		if _, _, err := s.UpdateAccount(ctx, "cadre", func(a *store.Account, now time.Time) error {
			a.Disabled, a.Deleted, a.PasswordHash = time.Time{}, now, ""
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UpdateAccount(ctx, "cadre", disable); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a deleted account: got %v, want ErrNotFound", err)
		}
		if err := s.CreateToken(ctx, &store.Token{ID: "new", Account: "cadre", SecretHash: "x"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CreateToken for a deleted account: got %v, want ErrNotFound", err)
		}
		if err := s.CreateAccount(ctx, &store.Account{Name: "cadre", Role: "village_cadre", Division: "654202101001"}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("CreateAccount with a deleted account's name: got %v, want ErrConflict", err)
		}
		if _, _, err := s.UpdateAccount(ctx, "nobody", disable); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing account: got %v, want ErrNotFound", err)
		}
		wantErr := errors.New("no change")
		if _, _, err := s.UpdateAccount(ctx, "admin", func(*store.Account, time.Time) error { return wantErr }); err != wantErr {
			t.Errorf("change error: got %v, want it unchanged", err)
		}
	})
}

func TestUpdateAccountSecretDropsTokens(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccounts(t, s, "a", "regulator", "654202", "b", "regulator", "654202")
		if _, _, err := s.UpdateAccount(ctx, "a", func(a *store.Account, _ time.Time) error {
			a.PasswordHash = "new"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(ctx, "t-a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("token after a new secret: got %v, want ErrNotFound", err)
		}
		if _, err := s.Token(ctx, "t-b"); err != nil {
			t.Errorf("token of another account: %v", err)
		}
	})
}

func TestUpdateAccountKeepsLastAdmin(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccounts(t, s, "a1", store.AdminRole, "654202", "a2", store.AdminRole, "654202",
			"other", store.AdminRole, "654203")
		if _, _, err := s.UpdateAccount(ctx, "a1", disable); err != nil {
			t.Fatalf("disable one of two: %v", err)
		}
		if _, _, err := s.UpdateAccount(ctx, "a2", disable); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("disable the last: got %v, want ErrLastAdmin", err)
		}
		if _, _, err := s.UpdateAccount(ctx, "a2", func(a *store.Account, now time.Time) error {
			a.Deleted = now
			return nil
		}); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("delete the last: got %v, want ErrLastAdmin", err)
		}
		if got, err := s.Account(ctx, "a2"); err != nil || !got.Active() {
			t.Errorf("the last administrator after the rejected changes: %+v, %v", got, err)
		}
		if _, _, err := s.UpdateAccount(ctx, "a1", func(a *store.Account, _ time.Time) error {
			a.Disabled = time.Time{}
			return nil
		}); err != nil {
			t.Fatalf("enable: %v", err)
		}
		if _, _, err := s.UpdateAccount(ctx, "a2", disable); err != nil {
			t.Errorf("disable with another enabled: %v", err)
		}
	})
}

// TestUpdateAccountAdminsRace disables two administrators, each the other's
// only peer, at once many times: one of the two changes must fail.
func TestUpdateAccountAdminsRace(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i := range 5 {
			a, b := "a"+string(rune('0'+i)), "b"+string(rune('0'+i))
			div := "65420" + string(rune('0'+i))
			createAccounts(t, s, a, store.AdminRole, div, b, store.AdminRole, div)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for j, name := range []string{a, b} {
				wg.Go(func() { _, _, errs[j] = s.UpdateAccount(ctx, name, disable) })
			}
			wg.Wait()
			failed := 0
			for _, err := range errs {
				if errors.Is(err, store.ErrLastAdmin) {
					failed++
				} else if err != nil {
					t.Fatal(err)
				}
			}
			if failed != 1 {
				t.Errorf("round %d: %d changes failed with ErrLastAdmin, want 1", i, failed)
			}
		}
	})
}

func TestAccountsFilter(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccounts(t, s, "admin", store.AdminRole, "654202", "c1", "village_cadre", "654202101001",
			"c2", "village_cadre", "654202101002", "t1", "township_officer", "654202102", "gone", "regulator", "654202")
		if _, _, err := s.UpdateAccount(ctx, "c2", disable); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UpdateAccount(ctx, "gone", func(a *store.Account, now time.Time) error {
			a.Deleted = now
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			f    store.AccountFilter
			want []string
		}{
			{"all", store.AccountFilter{}, []string{"admin", "c1", "c2", "t1"}},
			{"township", store.AccountFilter{Division: "654202101"}, []string{"c1", "c2"}},
			{"enabled", store.AccountFilter{State: store.AccountEnabled}, []string{"admin", "c1", "t1"}},
			{"disabled", store.AccountFilter{State: store.AccountDisabled}, []string{"c2"}},
			{"deleted", store.AccountFilter{State: store.AccountDeleted}, []string{"gone"}},
			{"page", store.AccountFilter{After: "admin", Limit: 2}, []string{"c1", "c2"}},
		}
		for _, tt := range tests {
			got, err := s.Accounts(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var names []string
			for _, a := range got {
				names = append(names, a.Name)
			}
			if len(names) != len(tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, names, tt.want)
				continue
			}
			for i := range names {
				if names[i] != tt.want[i] {
					t.Errorf("%s: got %v, want %v", tt.name, names, tt.want)
					break
				}
			}
		}
		if _, err := s.Accounts(ctx, store.AccountFilter{State: "asleep"}); err == nil {
			t.Error("unknown state: got nil error")
		}
	})
}

func TestAccountTokens(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccounts(t, s, "a", "regulator", "654202", "b", "regulator", "654202")
		if err := s.CreateToken(ctx, &store.Token{ID: "t-a2", Account: "a", SecretHash: "x"}); err != nil {
			t.Fatal(err)
		}
		toks, err := s.AccountTokens(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(toks) != 2 || toks[0].ID != "t-a" || toks[1].ID != "t-a2" {
			t.Errorf("AccountTokens: got %+v, want t-a and t-a2", toks)
		}
		if _, err := s.DeleteAccountTokens(ctx, "a", "t-b"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete another account's token: got %v, want ErrNotFound", err)
		}
		if n, err := s.DeleteAccountTokens(ctx, "a", "t-a"); err != nil || n != 1 {
			t.Errorf("delete one token: got %d, %v, want 1", n, err)
		}
		if n, err := s.DeleteAccountTokens(ctx, "a", ""); err != nil || n != 1 {
			t.Errorf("delete every token: got %d, %v, want 1", n, err)
		}
		if _, err := s.Token(ctx, "t-b"); err != nil {
			t.Errorf("token of another account: %v", err)
		}
	})
}
