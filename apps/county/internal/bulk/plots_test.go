package bulk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
)

func TestImportPlots(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		rep, err := ImportPlots(ctx, s, "testdata/plots.geojson", PlotOptions{Map: map[string]string{"area_mu": "area_mu"}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`feature 3 (DKBM 6542291012010100003), geometry "(83.3545, 44.8005)": ring 0 (shell) vertex 0: edge 0-1 crosses edge 2-3 at (83.3545 44.8005); correct the boundary in the source file`,
			`feature 4 (DKBM 6542291012010100004), geometry "*geom.Point": the geometry is a Point, want a Polygon or MultiPolygon; close the boundary in the source file`,
			`feature 5 (DKBM 6542291012010100), DKBM "6542291012010100": land: invalid plot code "6542291012010100": want 19 digits, got 16`,
			`feature 6 (DKBM 6542291012010100001), DKBM "6542291012010100001": plot 6542291012010100001 is also feature 1 (DKBM 6542291012010100001); keep one feature per plot`,
			`feature 7 (DKBM 6542291012010100007), DKLB "orchard": land: invalid plot category "orchard", want one of unknown, contracted_plot, private_plot, reserve_land, reclaimed_land, other_collective`,
			`feature 8 (DKBM 6542291012010100008), geometry: the feature has no geometry; draw its boundary in the source file or leave the feature out`,
		}
		if got := problems(rep.Rejected); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if rep.Read != 8 || rep.Created != 2 || rep.Repaired != 1 {
			t.Errorf("read %d, created %d, repaired %d; want 8, 2, 1", rep.Read, rep.Created, rep.Repaired)
		}
		if got := rep.RepairedByReason(); got["repeated_point"] != 1 || got["wrong_shell_winding"] != 1 {
			t.Errorf("repairs by reason: got %v, want repeated_point 1 and wrong_shell_winding 1", got)
		}
		p, err := s.Land.Plot(ctx, "6542291012010100001")
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "东大块" || p.Category != land.CategoryContractedPlot || p.Use != "0101" ||
			p.DeclaredArea.String() != "2.5" || p.Village != "654229101201" {
			t.Errorf("plot 1: got %+v", p)
		}
		if got := auditCount(t, s, "plot"); got != 2 {
			t.Errorf("audit entries: got %d, want 2", got)
		}

		rep, err = ImportPlots(ctx, s, "testdata/plots.geojson", PlotOptions{Map: map[string]string{"area_mu": "area_mu"}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 2 || rep.Created+rep.Updated != 0 {
			t.Errorf("second import: unchanged %d, created %d, updated %d; want 2, 0, 0", rep.Unchanged, rep.Created, rep.Updated)
		}
		if got := auditCount(t, s, "plot"); got != 2 {
			t.Errorf("audit entries after the second import: got %d, want 2", got)
		}

		// Mapping DKMC off keeps the stored names; a changed use updates.
		rep, err = ImportPlots(ctx, s, "testdata/plots.geojson", PlotOptions{Map: map[string]string{"name": "", "use": ""}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 2 {
			t.Errorf("import without name and use: unchanged %d, want 2", rep.Unchanged)
		}
	})
}

// TestImportPlotsNULName checks that a name with U+0000, which PostgreSQL
// cannot store, rejects its feature and lets the others import.
func TestImportPlotsNULName(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		file := filepath.Join(t.TempDir(), "nul.geojson")
		square := func(lon float64) string {
			return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]g,44.8],[%[2]g,44.8],[%[2]g,44.801],[%[1]g,44.8]]]}`, lon, lon+0.001)
		}
		doc := `{"type":"FeatureCollection","features":[` +
			`{"type":"Feature","properties":{"code":"6542291012010100001","name":"东\u0000块"},"geometry":` + square(83.3) + `},` +
			`{"type":"Feature","properties":{"code":"6542291012010100002","name":"西块"},"geometry":` + square(83.31) + `}]}`
		if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := ImportPlots(context.Background(), s, file, PlotOptions{})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if rep.Created != 1 || len(rep.Rejected) != 1 {
			t.Fatalf("created %d, rejected %d; want 1 and 1", rep.Created, len(rep.Rejected))
		}
		if got := rep.RejectedByReason(); got["invalid_name"] != 1 {
			t.Errorf("rejected by reason: got %v, want invalid_name 1", got)
		}
		if got := problems(rep.Rejected)[0]; !strings.Contains(got, "U+0000") {
			t.Errorf("rejection %q does not name the character", got)
		}
	})
}

func TestImportPlotsUpdate(t *testing.T) {
	s := openStores(t, sqliteDialect)
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string) string {
		path := filepath.Join(dir, "p.geojson")
		body := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"6542291012010100001","name":"` + name +
			`"},"geometry":{"type":"Polygon","coordinates":[[[83.35,44.8],[83.351,44.8],[83.351,44.801],[83.35,44.801],[83.35,44.8]]]}}]}`
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	if _, err := ImportPlots(ctx, s, write("old"), PlotOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportPlots(ctx, s, write("new"), PlotOptions{Options: Options{Actor: "clerk"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 {
		t.Fatalf("updated: got %d, want 1", rep.Updated)
	}
	p, err := s.Land.Plot(ctx, "6542291012010100001")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "new" || p.Version != 2 {
		t.Errorf("plot: name %q version %d, want new, 2", p.Name, p.Version)
	}
	entries, err := s.County.Audit(ctx, auditFilter("plot"))
	if err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1]
	if last.Action != "update" || last.Actor != "clerk" || last.Role != "import" ||
		!strings.Contains(string(last.Before), `"name":"old"`) || !strings.Contains(string(last.After), `"name":"new"`) {
		t.Errorf("audit entry: %+v", last)
	}
}

func TestImportPlotsAllocate(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		opts := PlotOptions{Allocate: "65422939920101"}
		rep, err := ImportPlots(ctx, s, "testdata/nocodes.geojson", opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 3 || len(rep.Rejected) != 1 {
			t.Fatalf("created %d, rejected %v; want 3 and 1", rep.Created, problems(rep.Rejected))
		}
		plots, _, err := s.Land.Plots(ctx, land.PlotFilter{Issuer: "65422939920101"})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range plots {
			codes = append(codes, string(p.Code))
			if p.Village != "654229399201" {
				t.Errorf("plot %s: village %s, want 654229399201", p.Code, p.Village)
			}
		}
		if want := "6542293992010100001 6542293992010100002 6542293992010100003"; strings.Join(codes, " ") != want {
			t.Errorf("codes: got %s, want %s", strings.Join(codes, " "), want)
		}

		rep, err = ImportPlots(ctx, s, "testdata/nocodes.geojson", opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 3 || rep.Created != 0 {
			t.Errorf("second import: unchanged %d, created %d; want 3, 0", rep.Unchanged, rep.Created)
		}

		// A deleted plot's code is not allocated again.
		if err := s.Land.DeletePlot(ctx, "6542293992010100003"); err != nil {
			t.Fatal(err)
		}
		if _, err := ImportPlots(ctx, s, "testdata/nocodes.geojson", opts); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Land.Plot(ctx, "6542293992010100004"); err != nil {
			t.Errorf("re-created plot: want code 6542293992010100004: %v", err)
		}
	})
}

func TestImportPlotsDryRun(t *testing.T) {
	s := openStores(t, sqliteDialect)
	ctx := context.Background()
	rep, err := ImportPlots(ctx, s, "testdata/nocodes.geojson", PlotOptions{Allocate: "65422939920101", Options: Options{DryRun: true}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 {
		t.Errorf("dry run: created %d, want 3", rep.Created)
	}
	plots, _, err := s.Land.Plots(ctx, land.PlotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != 0 {
		t.Errorf("dry run stored %d plots", len(plots))
	}
	// The dry run allocated no code.
	if _, err := ImportPlots(ctx, s, "testdata/nocodes.geojson", PlotOptions{Allocate: "65422939920101"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Land.Plot(ctx, "6542293992010100001"); err != nil {
		t.Errorf("first allocated code after a dry run: %v", err)
	}
}

func TestImportPlotsFileErrors(t *testing.T) {
	s := openStores(t, sqliteDialect)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "wells.csv")
	os.WriteFile(csvPath, []byte("code,kind\nW-1,well\n"), 0o600)
	tests := []struct {
		name, path string
		opts       PlotOptions
		want       string
	}{
		{"no code attribute", "testdata/nocodes.geojson", PlotOptions{},
			"the file has no plot code attribute (code or DKBM); name it with -map code=ATTRIBUTE, or allocate codes with -allocate ISSUER"},
		{"unknown field", "testdata/plots.geojson", PlotOptions{Map: map[string]string{"colour": "x"}},
			`-map: plot field "colour" is unknown; the fields are code, name, village, class, category, use, area_mu, high_std, salinity, irrigation, contractor`},
		{"missing attribute", "testdata/plots.geojson", PlotOptions{Map: map[string]string{"class": "SYQXZ"}},
			`-map class=SYQXZ: the file has no attribute "SYQXZ"; its attributes are DKBM, DKLB, DKMC, TDLYLX, area_mu`},
		{"bad issuer", "testdata/nocodes.geojson", PlotOptions{Allocate: "6542293992"},
			`-allocate: land: invalid issuer code "6542293992": want 14 digits, got 10`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportPlots(context.Background(), s, tt.path, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v\nwant %s", err, tt.want)
			}
		})
	}
	t.Run("csv file", func(t *testing.T) {
		_, err := ImportPlots(context.Background(), s, csvPath, PlotOptions{})
		if err == nil || !strings.Contains(err.Error(), "format") {
			t.Errorf("got error %v, want one about the file format", err)
		}
	})
}

func TestPlotsRoundTrip(t *testing.T) {
	for _, format := range []landio.Format{landio.FormatGeoJSON, landio.FormatShapefile} {
		t.Run(format.String(), func(t *testing.T) {
			dialects(t, func(t *testing.T, s Stores) {
				ctx := context.Background()
				if _, err := ImportPlots(ctx, s, "testdata/plots.geojson", PlotOptions{}); err != nil {
					t.Fatal(err)
				}
				if _, err := ImportPlots(ctx, s, "testdata/nocodes.geojson", PlotOptions{Allocate: "65422939920101"}); err != nil {
					t.Fatal(err)
				}
				ext := ".geojson"
				if format == landio.FormatShapefile {
					ext = ".zip"
				}
				path := filepath.Join(t.TempDir(), "plots"+ext)
				var buf bytes.Buffer
				n, err := ExportPlots(ctx, s, &buf, format, "")
				if err != nil {
					t.Fatal(err)
				}
				if n != 5 {
					t.Errorf("exported %d plots, want 5", n)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}

				rep, err := ImportPlots(ctx, s, path, PlotOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Unchanged != 5 || len(rep.Rejected) != 0 {
					t.Errorf("import of the export into its source: unchanged %d, rejected %v; want 5, none", rep.Unchanged, problems(rep.Rejected))
				}
				other := openStores(t, sqliteDialect)
				rep, err = ImportPlots(ctx, other, path, PlotOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if rep.Created != 5 {
					t.Errorf("import into an empty database: created %d, want 5", rep.Created)
				}
				for _, code := range []land.PlotCode{"6542291012010100001", "6542293992010100002"} {
					a, _ := s.Land.Plot(ctx, code)
					b, err := other.Land.Plot(ctx, code)
					if err != nil {
						t.Fatal(err)
					}
					if !plotEqual(a, b) {
						t.Errorf("plot %s changed on the round trip:\n%+v\n%+v", code, a, b)
					}
				}
				var village bytes.Buffer
				if n, err := ExportPlots(ctx, s, &village, format, "654229399201"); err != nil || n != 3 {
					t.Errorf("export of village 654229399201: %d plots, err %v; want 3", n, err)
				}
			})
		})
	}
}
