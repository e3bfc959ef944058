package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

func dialects(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			db := sqlstoretest.Open(t, d, "countystore")
			s, err := store.Open(context.Background(), db.DB, db.Dialect, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// A second Open finds the schema current.
			if _, err := store.Open(context.Background(), db.DB, db.Dialect, store.Options{}); err != nil {
				t.Fatalf("second Open: %v", err)
			}
			fn(t, s)
		})
	}
}

func TestAccountsAndTokens(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := &store.Account{Name: "admin", Role: "county_admin", Division: "654202", PasswordHash: "h"}
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAccount(ctx, a); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second CreateAccount: got %v, want ErrConflict", err)
		}
		got, err := s.Account(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != a.Role || got.Division != a.Division || !got.Created.Equal(a.Created) {
			t.Errorf("Account: got %+v, want %+v", got, a)
		}
		if _, err := s.Account(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Account(nobody): got %v, want ErrNotFound", err)
		}
		if n, err := s.CountAccounts(ctx, "county_admin"); err != nil || n != 1 {
			t.Errorf("CountAccounts: got %d, %v, want 1", n, err)
		}

		expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		tok := &store.Token{ID: "abc", Account: "admin", SecretHash: "x", Expires: expires}
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateToken(ctx, &store.Token{ID: "def", Account: "nobody"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CreateToken for a missing account: got %v, want ErrNotFound", err)
		}
		gotTok, err := s.Token(ctx, "abc")
		if err != nil {
			t.Fatal(err)
		}
		if !gotTok.Expires.Equal(expires) || gotTok.Account != "admin" {
			t.Errorf("Token: got %+v", gotTok)
		}
		if err := s.DeleteToken(ctx, "abc"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(ctx, "abc"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Token after delete: got %v, want ErrNotFound", err)
		}
	})
}

func TestAudit(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		entries := []store.AuditEntry{
			{Actor: "a", Role: "village_cadre", Action: "create", Kind: "plot", Record: "p1", Division: "654202101001", After: json.RawMessage(`{"x":1}`)},
			{Actor: "a", Role: "village_cadre", Action: "update", Kind: "plot", Record: "p1", Division: "654202101001", Before: json.RawMessage(`{"x":1}`), After: json.RawMessage(`{"x":2}`)},
			{Actor: "b", Role: "village_cadre", Action: "create", Kind: "plot", Record: "p2", Division: "654202102001", After: json.RawMessage(`{}`)},
		}
		for i := range entries {
			if err := s.AppendAudit(ctx, &entries[i]); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			f    store.AuditFilter
			want int
		}{
			{"all", store.AuditFilter{}, 3},
			{"record", store.AuditFilter{Kind: "plot", Record: "p1"}, 2},
			{"township", store.AuditFilter{Division: "654202101"}, 2},
			{"after", store.AuditFilter{AfterID: entries[0].ID}, 2},
			{"limit", store.AuditFilter{Limit: 1}, 1},
		}
		for _, tt := range tests {
			got, err := s.Audit(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("%s: got %d entries, want %d", tt.name, len(got), tt.want)
			}
		}
		got, _ := s.Audit(ctx, store.AuditFilter{Record: "p1"})
		if string(got[1].Before) != `{"x":1}` || string(got[1].After) != `{"x":2}` || got[0].Before != nil {
			t.Errorf("audit JSON: got before %s after %s", got[1].Before, got[1].After)
		}
	})
}

func TestDailySeries(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := func(d int) land.Date { return land.NewDate(2026, time.May, d) }
		days := []store.Daily{
			{Well: "W1", Day: day(1), Volume: decimal.RequireFromString("12.500"), Readings: 24},
			{Well: "W1", Day: day(2), Volume: decimal.RequireFromString("3"), Energy: decimal.RequireFromString("1.25")},
			{Well: "W2", Day: day(1), Volume: decimal.RequireFromString("7")},
		}
		if err := s.PutDaily(ctx, days); err != nil {
			t.Fatal(err)
		}
		// Replacing a day keeps one row.
		if err := s.PutDaily(ctx, []store.Daily{{Well: "W1", Day: day(2), Volume: decimal.RequireFromString("4.0")}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.DailySeries(ctx, "W1", land.Date{}, land.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d days, want 2", len(got))
		}
		if got[0].Volume.String() != "12.5" || got[0].Readings != 24 || got[1].Volume.String() != "4" {
			t.Errorf("series: got %+v", got)
		}
		if sqlstore.DecimalText(got[0].Volume) != "12.500" {
			t.Errorf("volume places: got %s, want 12.500", sqlstore.DecimalText(got[0].Volume))
		}
		got, _ = s.DailySeries(ctx, "W1", day(2), day(2))
		if len(got) != 1 || got[0].Day != day(2) {
			t.Errorf("range: got %+v", got)
		}
		if err := s.PutDaily(ctx, []store.Daily{{Well: ""}}); err == nil {
			t.Error("PutDaily without a well: got nil error")
		}
	})
}
