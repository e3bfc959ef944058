package store_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

func TestDivisions(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := []store.Division{
			{Code: "654229", Name: "青杨县"},
			{Code: "654229101", Name: "青杨镇"},
			{Code: "654229101201", Name: "东风村"},
			{Code: "654229102", Name: "红柳乡"},
		}
		if err := s.PutDivisions(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if ds[0].Updated.IsZero() {
			t.Error("PutDivisions did not set Updated")
		}
		if err := s.PutDivisions(ctx, []store.Division{{Code: "654229102", Name: "红柳镇"}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			within land.DivisionCode
			want   []string
		}{
			{"", []string{"654229 青杨县", "654229101 青杨镇", "654229101201 东风村", "654229102 红柳镇"}},
			{"654229101", []string{"654229101 青杨镇", "654229101201 东风村"}},
			{"650000", []string{"654229 青杨县", "654229101 青杨镇", "654229101201 东风村", "654229102 红柳镇"}},
			{"654229103", nil},
		}
		for _, tt := range tests {
			got, err := s.Divisions(ctx, tt.within)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range got {
				names = append(names, string(d.Code)+" "+d.Name)
			}
			if len(names) != len(tt.want) {
				t.Errorf("Divisions(%q) = %q, want %q", tt.within, names, tt.want)
				continue
			}
			for i := range names {
				if names[i] != tt.want[i] {
					t.Errorf("Divisions(%q)[%d] = %q, want %q", tt.within, i, names[i], tt.want[i])
				}
			}
		}
	})
}

func TestPutDivisionsRejects(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, d := range []store.Division{{Code: "65422", Name: "x"}, {Code: "654229", Name: ""}} {
			if err := s.PutDivisions(ctx, []store.Division{{Code: "654229101", Name: "青杨镇"}, d}); err == nil {
				t.Errorf("PutDivisions(%+v) returned nil, want an error", d)
			}
		}
		got, err := s.Divisions(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("a rejected batch stored %d divisions, want 0", len(got))
		}
	})
}

func TestDailyBetween(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var days []store.Daily
		for _, well := range []string{"W2", "W1"} {
			for d := 1; d <= 5; d++ {
				days = append(days, store.Daily{Well: well, Day: land.NewDate(2026, 5, d), Volume: decimal.NewFromInt(int64(d))})
			}
		}
		if err := s.PutDaily(ctx, days); err != nil {
			t.Fatal(err)
		}
		got, err := s.DailyBetween(ctx, land.NewDate(2026, 5, 2), land.NewDate(2026, 5, 3))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"W1 2026-05-02 2", "W1 2026-05-03 3", "W2 2026-05-02 2", "W2 2026-05-03 3"}
		if len(got) != len(want) {
			t.Fatalf("got %d totals, want %d", len(got), len(want))
		}
		for i, d := range got {
			if s := d.Well + " " + d.Day.String() + " " + d.Volume.String(); s != want[i] {
				t.Errorf("total %d = %q, want %q", i, s, want[i])
			}
		}
		if _, err := s.DailyBetween(ctx, land.Date{}, land.NewDate(2026, 5, 3)); err == nil {
			t.Error("DailyBetween without from returned nil, want an error")
		}
	})
}
