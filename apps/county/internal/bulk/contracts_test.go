package bulk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/land"
)

// contractorPlots writes a GeoJSON file of plots of issuer 65422910120101
// with the contractor codes given, one square plot each.
func contractorPlots(t *testing.T, contractors ...string) string {
	t.Helper()
	var features []string
	for i, c := range contractors {
		lon := 83.35 + float64(i)*0.002
		features = append(features, `{"type":"Feature","properties":{"code":"654229101201010000`+string(rune('1'+i))+
			`","CBFBM":"`+c+`"},"geometry":{"type":"Polygon","coordinates":[[[`+
			ftoa(lon)+`,44.8],[`+ftoa(lon+0.001)+`,44.8],[`+ftoa(lon+0.001)+`,44.801],[`+ftoa(lon)+`,44.801],[`+ftoa(lon)+`,44.8]]]}}`)
	}
	path := filepath.Join(t.TempDir(), "contracted.geojson")
	body := `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func ftoa(f float64) string { return formatDegrees(f) }

func TestImportPlotsContractor(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		for _, code := range []land.ContractorCode{"654229101201010001", "654229101201010002"} {
			if err := s.Land.PutContractor(ctx, &land.Contractor{Code: code, Name: "户主" + string(code[17:])}); err != nil {
				t.Fatal(err)
			}
		}
		path := contractorPlots(t, "654229101201010001", "654229101201010001", "654229101201010003", "654229101202010001", "bad")
		opts := PlotOptions{Map: map[string]string{"contractor": "CBFBM"}}

		rep, err := ImportPlots(ctx, s, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`feature 1 (id 6542291012010100001), CBFBM "654229101201010001": contractor 654229101201010001 has no family contract 654229101201010001J; give -contract-term START/END to create it`,
			`feature 2 (id 6542291012010100002), CBFBM "654229101201010001": contractor 654229101201010001 has no family contract 654229101201010001J; give -contract-term START/END to create it`,
			`feature 3 (id 6542291012010100003), CBFBM "654229101201010003": contractor 654229101201010003 is not in the register; add the household first`,
			`feature 4 (id 6542291012010100004), CBFBM "654229101202010001": contractor 654229101202010001 belongs to issuer 65422910120201, but the plot to issuer 65422910120101; a plot is contracted within its own issuer`,
			`feature 5 (id 6542291012010100005), CBFBM "bad": land: invalid contractor code "bad": want 18 digits, got 3`,
		}
		if got := problems(rep.Rejected); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		opts.ContractTerm = land.SecondRoundTerm(land.NewDate(1998, 1, 1))
		rep, err = ImportPlots(ctx, s, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 {
			t.Fatalf("with a contract term: created %d, want 2 (%v)", rep.Created, problems(rep.Rejected))
		}
		k, err := s.Land.Contract(ctx, "654229101201010001J")
		if err != nil {
			t.Fatal(err)
		}
		if len(k.Plots) != 2 || k.Term.End != land.NewDate(2027, 12, 31) {
			t.Errorf("contract: %d plots, term %s; want 2 and 1998-01-01/2027-12-31", len(k.Plots), k.Term)
		}
		if got := auditCount(t, s, "contract"); got != 2 {
			t.Errorf("contract audit entries: got %d, want 2", got)
		}

		rep, err = ImportPlots(ctx, s, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 2 || rep.Created+rep.Updated != 0 {
			t.Errorf("second import: unchanged %d, created %d, updated %d; want 2, 0, 0", rep.Unchanged, rep.Created, rep.Updated)
		}

		// Plot 1 is in the contract of household 0001, so another household
		// cannot take it by import.
		moved := contractorPlots(t, "654229101201010002")
		rep, err = ImportPlots(ctx, s, moved, opts)
		if err != nil {
			t.Fatal(err)
		}
		want = []string{`feature 1 (id 6542291012010100001), CBFBM "654229101201010002": plot 6542291012010100001 is in contract 654229101201010001J of another contractor; change the contracts before importing`}
		if got := problems(rep.Rejected); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("moved plot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
