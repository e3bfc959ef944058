package bulk

import (
	"bytes"
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

func TestExportDaily(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		importTestWells(t, s)
		day := func(well string, d int, volume string) store.Daily {
			return store.Daily{Well: well, Day: land.NewDate(2026, 5, d), Volume: decimal.RequireFromString(volume),
				Energy: decimal.RequireFromString("1.5"), Readings: int64(d)}
		}
		err := s.County.PutDaily(ctx, []store.Daily{
			day("654229-J0001", 1, "10.250"), day("654229-J0001", 2, "11"), day("654229-J0001", 3, "12"),
			day("654229-Q0002", 2, "5.5"), day("654229-X9999", 2, "1"),
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			division land.DivisionCode
			from, to land.Date
			want     string
		}{
			{"all", "", land.Date{}, land.Date{},
				"well,day,volume_m3,energy_kwh,readings\n" +
					"654229-J0001,2026-05-01,10.250,1.5,1\n654229-J0001,2026-05-02,11,1.5,2\n654229-J0001,2026-05-03,12,1.5,3\n" +
					"654229-Q0002,2026-05-02,5.5,1.5,2\n"},
			{"one day", "", land.NewDate(2026, 5, 2), land.NewDate(2026, 5, 2),
				"well,day,volume_m3,energy_kwh,readings\n654229-J0001,2026-05-02,11,1.5,2\n654229-Q0002,2026-05-02,5.5,1.5,2\n"},
			{"township", "654229201", land.Date{}, land.NewDate(2026, 5, 1), "well,day,volume_m3,energy_kwh,readings\n"},
			{"village from", "654229101201", land.NewDate(2026, 5, 3), land.Date{},
				"well,day,volume_m3,energy_kwh,readings\n654229-J0001,2026-05-03,12,1.5,3\n"},
		}
		for _, tt := range tests {
			var b bytes.Buffer
			if _, err := ExportDaily(ctx, s, &b, tt.division, tt.from, tt.to); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("%s:\n%s\nwant:\n%s", tt.name, b.String(), tt.want)
			}
		}
	})
}
