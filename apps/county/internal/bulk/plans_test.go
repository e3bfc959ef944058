package bulk

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// importTestWells imports testdata/wells.csv, whose two good rows are wells
// 654229-J0001 and 654229-Q0002.
func importTestWells(t *testing.T, s Stores) {
	t.Helper()
	f, err := os.Open("testdata/wells.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := ImportWells(context.Background(), s, f, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestImportPlans(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		importTestWells(t, s)
		f, err := os.Open("testdata/plans.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rep, err := ImportPlans(ctx, s, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`line 4, well "654229-J0009": well 654229-J0009 is not in the register; import the wells first`,
			`line 5, m05_m3: m05_m3 is empty; give all twelve months, 0 for a month without water, or none`,
			`line 6, annual_m3 "1000": annual_m3 1000 differs from the sum of the months 500; correct one of them or leave annual_m3 empty`,
			`line 7, annual_m3 "-5": -5 m³ is negative, want 0 or more`,
			`line 8, year "2026": the plan of well 654229-J0001 for 2026 is also on line 2; keep one row per well and year`,
			`line 9, warnings_percent "80": want percentages in increasing order, got 80 after 95`,
			`line 10, at_limit "stop": water: invalid limit action "stop", want one of alarm, remote-stop`,
			`line 11, year "20x0": want a calendar year from 1900 to 9999, such as 2026`,
		}
		if got := problems(rep.Rejected); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if rep.Read != 10 || rep.Created != 2 {
			t.Errorf("read %d, created %d; want 10, 2", rep.Read, rep.Created)
		}
		p, err := s.Water.Plan(ctx, "654229-J0001", 2025)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Monthly[0].String(); got != "100" {
			t.Errorf("even split of 1200: January got %s, want 100", got)
		}
		p, err = s.Water.Plan(ctx, "654229-J0001", 2026)
		if err != nil {
			t.Fatal(err)
		}
		if p.Annual.String() != "70000" || len(p.Shares) != 2 || p.AtLimit.String() != "remote-stop" {
			t.Errorf("plan 2026: annual %s, %d shares, at limit %s", p.Annual, len(p.Shares), p.AtLimit)
		}
		if got := auditCount(t, s, "plan"); got != 2 {
			t.Errorf("audit entries: got %d, want 2", got)
		}

		f.Seek(0, 0)
		rep, err = ImportPlans(ctx, s, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 2 || rep.Created+rep.Updated != 0 {
			t.Errorf("second import: unchanged %d, created %d, updated %d; want 2, 0, 0", rep.Unchanged, rep.Created, rep.Updated)
		}
	})
}

func TestPlansRoundTrip(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		importTestWells(t, s)
		f, err := os.Open("testdata/plans.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := ImportPlans(ctx, s, f, Options{}); err != nil {
			t.Fatal(err)
		}
		var first bytes.Buffer
		if n, err := ExportPlans(ctx, s, &first, "", 0); err != nil || n != 2 {
			t.Fatalf("export: %d plans, err %v; want 2", n, err)
		}
		other := openStores(t, sqliteDialect)
		importTestWells(t, other)
		rep, err := ImportPlans(ctx, other, bytes.NewReader(first.Bytes()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 {
			t.Fatalf("re-import: created %d, rejected %v", rep.Created, problems(rep.Rejected))
		}
		var second bytes.Buffer
		if _, err := ExportPlans(ctx, other, &second, "", 0); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Errorf("round trip changed the file:\n%s\nthen:\n%s", first.String(), second.String())
		}
		var year bytes.Buffer
		if n, err := ExportPlans(ctx, s, &year, "654229101201", 2025); err != nil || n != 1 {
			t.Errorf("export of 2025 in village 654229101201: %d plans, err %v; want 1", n, err)
		}
	})
}
